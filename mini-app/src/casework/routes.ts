const q = encodeURIComponent

/** 一人一档 casework pages (the `casework` subpackage): staff only. */
export const caseworkRoutes = {
  today: '/casework/today/index',
  children: (filter: { village?: string; township?: string; colour?: string; overdue?: boolean } = {}) => {
    const parts = [filter.village && `village=${q(filter.village)}`, filter.township && `township=${q(filter.township)}`, filter.colour && `colour=${q(filter.colour)}`, filter.overdue && 'overdue=1'].filter(Boolean)
    return `/casework/children/index${parts.length ? `?${parts.join('&')}` : ''}`
  },
  child: (id: string, act?: ChildAction) => `/casework/child/index?id=${q(id)}${act ? `&act=${act}` : ''}`,
  /** The name travels with the link so an offline form still says whose visit it is. */
  visit: (childId: string, name?: string) => `/casework/visit/index?id=${q(childId)}${name ? `&name=${q(name)}` : ''}`,
  enrol: (fromReport?: string) => `/casework/enrol/index${fromReport ? `?report=${q(fromReport)}` : ''}`,
  /** The enrolment form, filled from the file, to correct its basic information. */
  edit: (childId: string) => `/casework/enrol/index?id=${q(childId)}`,
  confirmations: '/casework/confirm/index',
  linkReport: (reportId: string) => `/casework/link-report/index?report=${q(reportId)}`,
  import: '/casework/import/index',
  /** Two files side by side before a person decides they are one child (合并). */
  merge: (id: string, otherId: string) => `/casework/merge/index?id=${q(id)}&other=${q(otherId)}`,
  closed: '/casework/closed/index',
}

/** Panels of the child file page that another page can open directly. */
export type ChildAction = 'regrade' | 'note' | 'help' | 'problem' | 'epidemic' | 'returned' | 'intervention' | 'transfer' | 'close' | 'responsible' | 'reopen'
