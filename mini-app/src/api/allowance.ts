import type {
  AnnualReview,
  ApplicationCreate,
  ApproveApplication,
  EpidemicSwitchInput,
  EpidemicSwitchView,
  NoteMissing,
  GuardianApplicationSummary,
  GuardianApplicationView,
  Notification,
  PreCheckRequest,
  PreCheckResult,
  PublicNoticeView,
  RecordExit,
  RecordObjection,
  RejectApplication,
  ReviewApplication,
  SendBack,
  StaffApplicationSummary,
  StaffApplicationView,
  StartNotice,
  StartPayment,
  SupplyDocuments,
  UploadRequest,
  UploadTicket,
  VillageCheck,
} from '@shouhu/shared'
import { api, type Items } from './client'

const enc = encodeURIComponent

/** The allowance routes of the API contract (docs/api.md) (儿童关爱补贴, issue #4). */
export const allowanceApi = {
  preCheck: (body: PreCheckRequest) => api.post<PreCheckResult>('/applications/pre-check', body, { auth: 'resident' }),
  uploadTicket: (body: UploadRequest) => api.post<UploadTicket>('/applications/uploads', body, { auth: 'resident' }),
  apply: (body: ApplicationCreate, idempotencyKey: string) => api.post<GuardianApplicationView>('/applications', body, { auth: 'resident', idempotencyKey }),
  mine: () => api.get<Items<GuardianApplicationSummary>>('/applications/mine', { auth: 'resident' }),
  get: (id: string) => api.get<GuardianApplicationView>(`/applications/${enc(id)}`, { auth: 'resident' }),
  supply: (id: string, body: SupplyDocuments) => api.post<GuardianApplicationView>(`/applications/${enc(id)}/supply`, body, { auth: 'resident' }),
  residentNotifications: () => api.get<Items<Notification> & { unread: number }>('/notifications', { auth: 'resident' }),
  markResidentNotificationRead: (id: string) => api.post<Notification>(`/notifications/${enc(id)}/read`, {}, { auth: 'resident' }),
}

export type StaffStage = 'mine' | 'all'

/** Each step carries the version of the application it was decided on (409 STALE_VERSION otherwise). */
type Step<B> = (id: string, body: B, version: number) => Promise<StaffApplicationView>
const step =
  <B>(path: string): Step<B> =>
  (id, body, version) =>
    api.post<StaffApplicationView>(`/staff/applications/${enc(id)}/${path}`, { ...body, version }, { auth: 'staff' })

export const staffAllowanceApi = {
  queue: (stage: StaffStage, cursor?: string) =>
    api.get<Items<StaffApplicationSummary> & { nextCursor?: string }>(`/staff/applications?stage=${stage}${cursor ? `&cursor=${enc(cursor)}` : ''}`, { auth: 'staff' }),
  get: (id: string) => api.get<StaffApplicationView>(`/staff/applications/${enc(id)}`, { auth: 'staff' }),
  notice: (id: string) => api.get<PublicNoticeView>(`/staff/applications/${enc(id)}/notice`, { auth: 'staff' }),
  villageCheck: step<VillageCheck>('village-check'),
  accept: step<Record<string, never>>('accept'),
  review: step<ReviewApplication>('review'),
  startNotice: step<StartNotice>('public-notice'),
  objection: step<RecordObjection>('objections'),
  approve: step<Partial<ApproveApplication>>('approve'),
  reject: step<RejectApplication>('reject'),
  sendBack: step<SendBack>('send-back'),
  payment: step<StartPayment>('payment'),
  annualReview: step<AnnualReview>('annual-review'),
  exit: step<RecordExit>('exit'),
  noteMissing: step<NoteMissing>('note-missing'),
  epidemicSwitch: () => api.get<EpidemicSwitchView>('/staff/applications/switches/epidemic', { auth: 'staff' }),
  setEpidemicSwitch: (body: EpidemicSwitchInput) => api.post<EpidemicSwitchView>('/staff/applications/switches/epidemic', body, { auth: 'staff' }),
}
