import type { AcknowledgeReferral, CloseReferral, CreateReferral, RecordReferralAction } from '@shouhu/shared'
import { api } from '../api/client'

/** 转介 routes (functions/src/routes/staff-referrals.ts), one typed function each. */
const staff = { auth: 'staff' } as const
export type ReferralTab = 'open' | 'closed'

export const referralEndpoints = {
  create: (body: CreateReferral, idempotencyKey: string) => api.post('/staff/referrals', { ...staff, body, idempotencyKey }),
  list: (state: ReferralTab, cursor?: string) => api.get('/staff/referrals', { ...staff, query: { state, cursor } }),
  get: (id: string) => api.get('/staff/referrals/{id}', { ...staff, params: { id } }),
  ofReport: (reportId: string) => api.get('/staff/referrals/report/{reportId}', { ...staff, params: { reportId } }),
  ofChild: (childId: string) => api.get('/staff/referrals/child/{childId}', { ...staff, params: { childId } }),
  departmentList: (state: ReferralTab, cursor?: string) => api.get('/staff/referrals/department', { ...staff, query: { state, cursor } }),
  departmentGet: (id: string) => api.get('/staff/referrals/department/{id}', { ...staff, params: { id } }),
  acknowledge: (id: string, body: AcknowledgeReferral) => api.post('/staff/referrals/department/{id}/acknowledge', { ...staff, params: { id }, body }),
  recordAction: (id: string, body: RecordReferralAction) => api.post('/staff/referrals/department/{id}/actions', { ...staff, params: { id }, body }),
  close: (id: string, body: CloseReferral) => api.post('/staff/referrals/department/{id}/close', { ...staff, params: { id }, body }),
}
