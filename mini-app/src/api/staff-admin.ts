import type { ChangePassword, LoginResult, StaffCreate, StaffPage, StaffRow, StaffUpdate, TemporaryPasswordResult } from '@shouhu/shared'
import { api } from './client'

/** Staff administration and the account's own actions (functions/src/routes/staff-admin.ts, auth.ts). */
const enc = encodeURIComponent

export const staffAdminEndpoints = {
  list: (cursor?: string) => api.get<StaffPage>(`/staff-admin/accounts${cursor ? `?cursor=${enc(cursor)}` : ''}`, { auth: 'staff' }),
  get: (id: string) => api.get<StaffRow>(`/staff-admin/accounts/${enc(id)}`, { auth: 'staff' }),
  /** The same key for every attempt at one create: a retry returns the same account and temporary password. */
  create: (body: StaffCreate, idempotencyKey: string) => api.post<TemporaryPasswordResult>('/staff-admin/accounts', body, { auth: 'staff', idempotencyKey }),
  update: (id: string, body: StaffUpdate) => api.post<StaffRow>(`/staff-admin/accounts/${enc(id)}/update`, body, { auth: 'staff' }),
  deactivate: (id: string, version: number) => api.post<StaffRow>(`/staff-admin/accounts/${enc(id)}/deactivate`, { version }, { auth: 'staff' }),
  reactivate: (id: string, version: number) => api.post<StaffRow>(`/staff-admin/accounts/${enc(id)}/reactivate`, { version }, { auth: 'staff' }),
  resetPassword: (id: string, version: number) =>
    api.post<TemporaryPasswordResult>(`/staff-admin/accounts/${enc(id)}/reset-password`, { version }, { auth: 'staff' }),
  changePassword: (body: ChangePassword) => api.post<LoginResult>('/auth/change-password', body, { auth: 'staff' }),
  signOutEverywhere: () => api.post<{ ok: true }>('/auth/sign-out-everywhere', {}, { auth: 'staff' }),
  bindWechat: (code: string) => api.post<{ ok: true }>('/auth/wechat-bind', { code }, { auth: 'staff' }),
}
