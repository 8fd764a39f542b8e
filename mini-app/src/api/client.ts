import type { AddNote, CloseReport, DevAccountList, DevLogin, Regrade, ReportCreate, StaffLogin, WechatLogin } from '@shouhu/shared'
import { readStored, removeStored } from '../storage'
import { createApiClient } from './core'
import { send } from './send'
import { typedApi } from './typed'

export { ApiRequestError, errorText, NETWORK_ERROR, staleRecord } from './core'

/** Same-origin `/api` unless the build sets an absolute base (weapp must). */
export const apiBase = process.env.TARO_APP_API_BASE || '/api'

const core = createApiClient({
  base: apiBase,
  transport: send,
  token: (auth) => readStored(`session.${auth}`)?.token,
  onUnauthenticated: (auth) => removeStored(`session.${auth}`),
})

/**
 * The typed API (./typed.ts): `api.get('/staff/children/{id}', { auth: 'staff', params: { id } })`.
 * Paths, arguments and answers are checked against the contract (./contract.gen.ts).
 */
export const api = typedApi(core, apiBase)

export type StaffReportFilter = 'open' | 'closed' | 'all'
export type DevAccount = DevAccountList['items'][number]

/** The report, sign-in and notification routes the screens call by name. */
export const endpoints = {
  staffLogin: (body: StaffLogin) => api.post('/auth/staff-login', { body }),
  wechatLogin: (body: WechatLogin) => api.post('/auth/wechat-login', { body }),
  devAccounts: () => api.get('/auth/dev-accounts'),
  devLogin: (body: DevLogin) => api.post('/auth/dev-login', { body }),
  me: (auth: 'resident' | 'staff') => api.get('/me', { auth }),

  divisions: (parent?: string) => api.get('/divisions', { query: { parent } }),
  divisionPath: (code: string) => api.get('/divisions/{code}/path', { params: { code } }),

  createReport: (body: ReportCreate, idempotencyKey: string) => api.post('/reports', { auth: 'resident', body, idempotencyKey }),
  myReports: () => api.get('/reports/mine', { auth: 'resident' }),
  trackReport: (trackingCode: string, accessToken?: string) =>
    api.get('/reports/track/{code}', { auth: 'resident', params: { code: trackingCode }, headers: { 'X-Report-Token': accessToken } }),

  staffReports: (status: StaffReportFilter, cursor?: string) => api.get('/staff/reports', { auth: 'staff', query: { status, cursor } }),
  staffReport: (id: string) => api.get('/staff/reports/{id}', { auth: 'staff', params: { id } }),
  /** A new code and device token; the old ones stop working. */
  rotateReportAccess: (trackingCode: string, accessToken?: string) =>
    api.post('/reports/track/{code}/rotate', { auth: 'resident', params: { code: trackingCode }, headers: { 'X-Report-Token': accessToken } }),

  // Staff decisions carry the version of the report they were made on (409 STALE_VERSION otherwise).
  acknowledge: (id: string, version: number) => api.post('/staff/reports/{id}/acknowledge', { auth: 'staff', params: { id }, body: { version } }),
  regrade: (id: string, body: Regrade) => api.post('/staff/reports/{id}/regrade', { auth: 'staff', params: { id }, body }),
  addNote: (id: string, body: AddNote) => api.post('/staff/reports/{id}/notes', { auth: 'staff', params: { id }, body }),
  close: (id: string, body: CloseReport) => api.post('/staff/reports/{id}/close', { auth: 'staff', params: { id }, body }),
  reporterContact: (id: string) => api.post('/staff/reports/{id}/reporter-contact', { auth: 'staff', params: { id } }),
  notifications: (cursor?: string) => api.get('/notifications', { auth: 'staff', query: { cursor } }),
  markNotificationRead: (id: string) => api.post('/notifications/{id}/read', { auth: 'staff', params: { id } }),
}
