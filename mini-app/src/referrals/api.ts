import type { AcknowledgeReferral, CloseReferral, CreateReferral, DepartmentReferralView, RecordReferralAction, ReferralList, ReferralListItem, ReportReferralList, StaffReferralView } from '@shouhu/shared'
import { api } from '../api/client'

/** 转介 routes (functions/src/routes/staff-referrals.ts), one typed function each. */
const enc = encodeURIComponent
const staff = { auth: 'staff' } as const
export type ReferralTab = 'open' | 'closed'

const page = (state: ReferralTab, cursor?: string) => `?state=${state}${cursor ? `&cursor=${enc(cursor)}` : ''}`

export const referralEndpoints = {
  create: (body: CreateReferral, idempotencyKey: string) => api.post<StaffReferralView>('/staff/referrals', body, { ...staff, idempotencyKey }),
  list: (state: ReferralTab, cursor?: string) => api.get<ReferralList>(`/staff/referrals${page(state, cursor)}`, staff),
  get: (id: string) => api.get<StaffReferralView>(`/staff/referrals/${enc(id)}`, staff),
  ofReport: (reportId: string) => api.get<ReportReferralList>(`/staff/referrals/report/${enc(reportId)}`, staff),
  ofChild: (childId: string) => api.get<{ items: ReferralListItem[] }>(`/staff/referrals/child/${enc(childId)}`, staff),
  departmentList: (state: ReferralTab, cursor?: string) => api.get<ReferralList & { departmentLabel: string }>(`/staff/referrals/department${page(state, cursor)}`, staff),
  departmentGet: (id: string) => api.get<DepartmentReferralView>(`/staff/referrals/department/${enc(id)}`, staff),
  acknowledge: (id: string, body: AcknowledgeReferral) => api.post<DepartmentReferralView>(`/staff/referrals/department/${enc(id)}/acknowledge`, body, staff),
  recordAction: (id: string, body: RecordReferralAction) => api.post<DepartmentReferralView>(`/staff/referrals/department/${enc(id)}/actions`, body, staff),
  close: (id: string, body: CloseReferral) => api.post<DepartmentReferralView>(`/staff/referrals/department/${enc(id)}/close`, body, staff),
}
