const q = encodeURIComponent

/** Pages of the `admin` subpackage: staff administration and the account's own password. */
export const adminRoutes = {
  staff: '/admin/staff/index',
  create: '/admin/account/index',
  roster: '/admin/roster/index',
  account: (id: string) => `/admin/account/index?id=${q(id)}`,
  password: '/admin/password/index',
}
