const q = encodeURIComponent

/** Every page path in one place; staff pages live in the `staff` subpackage. */
export const routes = {
  home: '/pages/index/index',
  reportNew: '/pages/report/new/index',
  submitted: (trackingCode: string) => `/pages/report/submitted/index?code=${q(trackingCode)}`,
  status: (trackingCode: string) => `/pages/report/status/index?code=${q(trackingCode)}`,
  /** Follow a report by its tracking code, from any phone. */
  lookup: '/pages/report/lookup/index',
  mine: '/pages/mine/index',
  staffLogin: '/staff/login/index',
  staffInbox: '/staff/inbox/index',
  staffReport: (id: string) => `/staff/report/index?id=${q(id)}`,
  // Entrusted care: the family's pages in the `family` subpackage, the village's in `staff`.
  familyList: '/family/list/index',
  familyNew: '/family/new/index',
  /** Police or prison staff registering for a detained parent (signed in as staff). */
  familyNewByPolice: '/family/new/index?as=police',
  /** `code`: the invitation code, so the page's share card has it before the page loads. */
  familyEntrustment: (id: string, as?: 'staff', code?: string) => `/family/entrustment/index?id=${q(id)}${as ? `&as=${as}` : ''}${code ? `&code=${q(code)}` : ''}`,
  familyInvite: (code = '') => `/family/invite/index${code ? `?code=${q(code)}` : ''}`,
  staffEntrustments: '/staff/entrustments/index',
  staffEntrustment: (id: string) => `/staff/entrustment/index?id=${q(id)}`,
  /** The old 关爱名单 is the child-file list now (issue #7): every child the village looks after. */
  staffCareList: '/casework/children/index',
  /** A village child director's first page: whom to visit today (issue #7). */
  caseworkToday: '/casework/today/index',
  caseworkChildren: '/casework/children/index',
  /** 关联儿童档案 from a report: suggested files and 「新建档案」. */
  caseworkLinkReport: (reportId: string) => `/casework/link-report/index?report=${q(reportId)}`,
}

/** Where a staff account lands after sign-in: directors on today's visits, partners on entrusted care. */
export function staffLanding(role: string): string {
  if (role === 'village_director') return routes.caseworkToday
  if (role === 'township_supervisor' || role === 'county_officer') return routes.staffInbox
  // A department's liaison works only the referrals sent to the department (issue #11).
  if (role === 'department_liaison') return '/referrals/list/index'
  return routes.staffEntrustments
}

/** A page parameter as text (WeChat passes them encoded, H5 sometimes not). */
export function param(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** 儿童关爱补贴 (issue #4): family pages in the `allowance` subpackage, staff pages in `staff`. */
export const allowanceRoutes = {
  precheck: '/allowance/precheck/index',
  apply: '/allowance/apply/index',
  status: (id: string) => `/allowance/status/index?id=${q(id)}`,
  mine: '/allowance/mine/index',
  /** The village notice board (公示) of allowance applications. */
  notices: '/allowance/notices/index',
  staffQueue: '/staff/applications/index',
  staffApplication: (id: string) => `/staff/application/index?id=${q(id)}`,
}
