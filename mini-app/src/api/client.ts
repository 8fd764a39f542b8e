import Taro from '@tarojs/taro'
import type {
  AddNote,
  CloseReport,
  DevLogin,
  Division,
  LoginResult,
  Notification,
  Regrade,
  ReportAccessRotated,
  ReportCreate,
  ReportCreated,
  ReporterContact,
  ResidentReportView,
  SessionUser,
  StaffLogin,
  StaffReportSummary,
  StaffReportView,
  WechatLogin,
} from '@shouhu/shared'
import { readStored, removeStored } from '../storage'
import { createApiClient, type Transport } from './core'

export { ApiRequestError, errorText, NETWORK_ERROR, staleRecord } from './core'

/** Same-origin `/api` unless the build sets an absolute base (weapp must). */
export const apiBase = process.env.TARO_APP_API_BASE || '/api'

const taroTransport: Transport = async ({ url, method, header, data, timeout }) => {
  const res = await Taro.request({ url, method, header, data, timeout, dataType: 'json' })
  return { statusCode: res.statusCode, data: res.data }
}

export const api = createApiClient({
  base: apiBase,
  transport: taroTransport,
  token: (auth) => readStored(`session.${auth}`)?.token,
  onUnauthenticated: (auth) => removeStored(`session.${auth}`),
})

export interface Items<T> {
  items: T[]
}
export type StaffReportFilter = 'open' | 'closed' | 'all'
export interface DevAccount {
  account: string
  displayName: string
}

const enc = encodeURIComponent

/** One typed function per route of the API contract (docs/api.md). */
export const endpoints = {
  staffLogin: (body: StaffLogin) => api.post<LoginResult>('/auth/staff-login', body),
  wechatLogin: (body: WechatLogin) => api.post<LoginResult>('/auth/wechat-login', body),
  devAccounts: () => api.get<Items<DevAccount>>('/auth/dev-accounts'),
  devLogin: (body: DevLogin) => api.post<LoginResult>('/auth/dev-login', body),
  me: (auth: 'resident' | 'staff') => api.get<SessionUser>('/me', { auth }),

  divisions: (parent?: string) => api.get<Items<Division>>(parent ? `/divisions?parent=${enc(parent)}` : '/divisions'),
  divisionPath: (code: string) => api.get<Items<Division>>(`/divisions/${enc(code)}/path`),

  createReport: (body: ReportCreate, idempotencyKey: string) =>
    api.post<ReportCreated>('/reports', body, { auth: 'resident', idempotencyKey }),
  myReports: () => api.get<Items<ResidentReportView>>('/reports/mine', { auth: 'resident' }),
  trackReport: (trackingCode: string, accessToken?: string) =>
    api.get<ResidentReportView>(`/reports/track/${enc(trackingCode)}`, {
      auth: 'resident',
      headers: accessToken ? { 'X-Report-Token': accessToken } : {},
    }),

  staffReports: (status: StaffReportFilter, cursor?: string) =>
    api.get<Items<StaffReportSummary> & { nextCursor?: string }>(`/staff/reports?status=${status}${cursor ? `&cursor=${enc(cursor)}` : ''}`, { auth: 'staff' }),
  staffReport: (id: string) => api.get<StaffReportView>(`/staff/reports/${enc(id)}`, { auth: 'staff' }),
  /** A new code and device token; the old ones stop working. */
  rotateReportAccess: (trackingCode: string, accessToken?: string) =>
    api.post<ReportAccessRotated>(`/reports/track/${enc(trackingCode)}/rotate`, {}, {
      auth: 'resident',
      headers: accessToken ? { 'X-Report-Token': accessToken } : {},
    }),

  // Staff decisions carry the version of the report they were made on (409 STALE_VERSION otherwise).
  acknowledge: (id: string, version: number) => api.post<StaffReportView>(`/staff/reports/${enc(id)}/acknowledge`, { version }, { auth: 'staff' }),
  regrade: (id: string, body: Regrade) => api.post<StaffReportView>(`/staff/reports/${enc(id)}/regrade`, body, { auth: 'staff' }),
  addNote: (id: string, body: AddNote) => api.post<StaffReportView>(`/staff/reports/${enc(id)}/notes`, body, { auth: 'staff' }),
  close: (id: string, body: CloseReport) => api.post<StaffReportView>(`/staff/reports/${enc(id)}/close`, body, { auth: 'staff' }),
  reporterContact: (id: string) => api.post<ReporterContact>(`/staff/reports/${enc(id)}/reporter-contact`, {}, { auth: 'staff' }),
  notifications: (cursor?: string) =>
    api.get<Items<Notification> & { unread: number; nextCursor?: string }>(`/notifications${cursor ? `?cursor=${enc(cursor)}` : ''}`, { auth: 'staff' }),
  markNotificationRead: (id: string) => api.post<Notification>(`/notifications/${enc(id)}/read`, {}, { auth: 'staff' }),
}
