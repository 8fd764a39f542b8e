import type { ApplicationCreate, EpidemicSwitchInput, PreCheckRequest, SupplyDocuments, UploadRequest } from '@shouhu/shared'
import { api } from './client'
import type { PostOps } from './contract.gen'

const resident = { auth: 'resident' } as const
const staff = { auth: 'staff' } as const

/** The allowance routes of the API contract (docs/api.md) (儿童关爱补贴, issue #4). */
export const allowanceApi = {
  preCheck: (body: PreCheckRequest) => api.post('/applications/pre-check', { ...resident, body }),
  uploadTicket: (body: UploadRequest) => api.post('/applications/uploads', { ...resident, body }),
  apply: (body: ApplicationCreate, idempotencyKey: string) => api.post('/applications', { ...resident, body, idempotencyKey }),
  mine: () => api.get('/applications/mine', resident),
  notices: (villageCode: string, cursor?: string) => api.get('/applications/notices', { ...resident, query: { villageCode, cursor } }),
  get: (id: string) => api.get('/applications/{id}', { ...resident, params: { id } }),
  supply: (id: string, body: SupplyDocuments) => api.post('/applications/{id}/supply', { ...resident, params: { id }, body }),
  residentNotifications: () => api.get('/notifications', resident),
  markResidentNotificationRead: (id: string) => api.post('/notifications/{id}/read', { ...resident, params: { id } }),
}

export type StaffStage = 'mine' | 'all'

/** The staff steps: each a POST to `/staff/applications/{id}/<step>` whose body carries `version`. */
type StepPath = Extract<keyof PostOps, `/staff/applications/{id}/${string}`>
type StepBody<P extends StepPath> = Omit<NonNullable<PostOps[P]['args'] extends { body?: infer B } ? B : never>, 'version'>

/** Each step carries the version of the application it was decided on (409 STALE_VERSION otherwise). */
const step =
  <P extends StepPath>(path: P) =>
  (id: string, body: StepBody<P>, version: number) =>
    api.post(path as StepPath, { ...staff, params: { id }, body: { ...body, version } } as never) as Promise<PostOps[P]['response']>

export const staffAllowanceApi = {
  queue: (stage: StaffStage, cursor?: string) => api.get('/staff/applications', { ...staff, query: { stage, cursor } }),
  get: (id: string) => api.get('/staff/applications/{id}', { ...staff, params: { id } }),
  notice: (id: string) => api.get('/staff/applications/{id}/notice', { ...staff, params: { id } }),
  villageCheck: step('/staff/applications/{id}/village-check'),
  accept: step('/staff/applications/{id}/accept'),
  review: step('/staff/applications/{id}/review'),
  startNotice: step('/staff/applications/{id}/public-notice'),
  objection: step('/staff/applications/{id}/objections'),
  approve: step('/staff/applications/{id}/approve'),
  reject: step('/staff/applications/{id}/reject'),
  sendBack: step('/staff/applications/{id}/send-back'),
  payment: step('/staff/applications/{id}/payment'),
  annualReview: step('/staff/applications/{id}/annual-review'),
  exit: step('/staff/applications/{id}/exit'),
  noteMissing: step('/staff/applications/{id}/note-missing'),
  epidemicSwitch: () => api.get('/staff/applications/switches/epidemic', staff),
  setEpidemicSwitch: (body: EpidemicSwitchInput) => api.post('/staff/applications/switches/epidemic', { ...staff, body }),
}
