import type { ChangePassword, StaffCreate, StaffUpdate } from '@shouhu/shared'
import { api } from './client'

/** Staff administration and the account's own actions (functions/src/routes/staff-admin.ts, auth.ts). */
const staff = { auth: 'staff' } as const

export const staffAdminEndpoints = {
  list: (cursor?: string) => api.get('/staff-admin/accounts', { ...staff, query: { cursor } }),
  get: (id: string) => api.get('/staff-admin/accounts/{id}', { ...staff, params: { id } }),
  audit: (id: string, cursor?: string) => api.get('/staff-admin/accounts/{id}/audit', { ...staff, params: { id }, query: { cursor } }),
  /** The same key for every attempt at one create: a retry returns the same account and temporary password. */
  create: (body: StaffCreate, idempotencyKey: string) => api.post('/staff-admin/accounts', { ...staff, body, idempotencyKey }),
  update: (id: string, body: StaffUpdate) => api.post('/staff-admin/accounts/{id}/update', { ...staff, params: { id }, body }),
  deactivate: (id: string, version: number) => api.post('/staff-admin/accounts/{id}/deactivate', { ...staff, params: { id }, body: { version } }),
  reactivate: (id: string, version: number) => api.post('/staff-admin/accounts/{id}/reactivate', { ...staff, params: { id }, body: { version } }),
  resetPassword: (id: string, version: number) => api.post('/staff-admin/accounts/{id}/reset-password', { ...staff, params: { id }, body: { version } }),
  changePassword: (body: ChangePassword) => api.post('/auth/change-password', { ...staff, body }),
  signOutEverywhere: () => api.post('/auth/sign-out-everywhere', staff),
  bindWechat: (code: string) => api.post('/auth/wechat-bind', { ...staff, body: { code } }),
}
