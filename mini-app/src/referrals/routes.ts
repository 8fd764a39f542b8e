const q = encodeURIComponent

/** 转介 pages (the `referrals` subpackage): staff and department liaisons. */
export const referralRoutes = {
  /** The referral form, opened from a child's file (optionally about one of its reports). */
  create: (childId: string, reportId?: string) => `/referrals/new/index?child=${q(childId)}${reportId ? `&report=${q(reportId)}` : ''}`,
  /** A liaison's home; for civil-affairs staff, their area's referrals by department. */
  list: '/referrals/list/index',
  detail: (id: string) => `/referrals/detail/index?id=${q(id)}`,
  department: (id: string) => `/referrals/department/index?id=${q(id)}`,
}
