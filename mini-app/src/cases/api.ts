import type {
  AddDecisions,
  CompleteTask,
  ConferenceTask,
  ConferenceView,
  ConveneConference,
  DepartmentTaskView,
  EndGuardianship,
  Guardianship,
  GuardianshipView,
  MassListExportSummary,
  RecordReportIntervention,
  ReviewGuardianship,
  StartGuardianship,
  StaffReportView,
} from '@shouhu/shared'
import { api, type Items } from '../api/client'

/** Red cases, guardianship, conferences and the half-yearly lists (issue #11), one typed function each. */
const enc = encodeURIComponent
const staff = { auth: 'staff' } as const

export type TaskItem = DepartmentTaskView | (ConferenceTask & { heldOn: string; subject: string; sharedFacts: Record<string, string> })

export const caseEndpoints = {
  reportIntervention: (reportId: string, body: RecordReportIntervention) => api.post<StaffReportView>(`/staff/reports/${enc(reportId)}/intervention`, body, staff),
  startGuardianship: (childId: string, body: StartGuardianship, idempotencyKey: string) =>
    api.post<Guardianship>(`/staff/cases/children/${enc(childId)}/guardianship`, body, { ...staff, idempotencyKey }),
  guardianship: (id: string) => api.get<GuardianshipView>(`/staff/cases/guardianships/${enc(id)}`, staff),
  reviewGuardianship: (id: string, body: ReviewGuardianship) => api.post<Guardianship>(`/staff/cases/guardianships/${enc(id)}/review`, body, staff),
  endGuardianship: (id: string, body: EndGuardianship) => api.post<Guardianship>(`/staff/cases/guardianships/${enc(id)}/end`, body, staff),
  convene: (body: ConveneConference, idempotencyKey: string) => api.post<ConferenceView>('/staff/cases/conferences', body, { ...staff, idempotencyKey }),
  conference: (id: string) => api.get<ConferenceView>(`/staff/cases/conferences/${enc(id)}`, staff),
  addDecisions: (id: string, body: AddDecisions) => api.post<ConferenceView>(`/staff/cases/conferences/${enc(id)}/decisions`, body, staff),
  tasks: (status: 'open' | 'all', cursor?: string) => api.get<Items<TaskItem> & { nextCursor?: string }>(`/staff/conference-tasks?status=${status}${cursor ? `&cursor=${enc(cursor)}` : ''}`, staff),
  completeTask: (id: string, body: CompleteTask) => api.post<TaskItem>(`/staff/conference-tasks/${enc(id)}/done`, body, staff),
  massLists: () => api.get<Items<MassListExportSummary> & { nextDueAt?: string; nextCursor?: string }>('/staff/cases/mass-lists', staff),
}
