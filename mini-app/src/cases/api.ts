import type { AddDecisions, CompleteTask, ConferenceTaskItem, ConveneConference, EndGuardianship, RecordReportIntervention, ReviewGuardianship, StartGuardianship } from '@shouhu/shared'
import { api } from '../api/client'

/** Red cases, guardianship, conferences and the half-yearly lists (issue #11), one typed function each. */
const staff = { auth: 'staff' } as const

export type TaskItem = ConferenceTaskItem

export const caseEndpoints = {
  reportIntervention: (reportId: string, body: RecordReportIntervention) => api.post('/staff/reports/{id}/intervention', { ...staff, params: { id: reportId }, body }),
  startGuardianship: (childId: string, body: StartGuardianship, idempotencyKey: string) =>
    api.post('/staff/cases/children/{childId}/guardianship', { ...staff, params: { childId }, body, idempotencyKey }),
  guardianships: (status: 'open' | 'all', cursor?: string) => api.get('/staff/cases/guardianships', { ...staff, query: { status, cursor } }),
  guardianship: (id: string) => api.get('/staff/cases/guardianships/{id}', { ...staff, params: { id } }),
  reviewGuardianship: (id: string, body: ReviewGuardianship) => api.post('/staff/cases/guardianships/{id}/review', { ...staff, params: { id }, body }),
  endGuardianship: (id: string, body: EndGuardianship) => api.post('/staff/cases/guardianships/{id}/end', { ...staff, params: { id }, body }),
  convene: (body: ConveneConference, idempotencyKey: string) => api.post('/staff/cases/conferences', { ...staff, body, idempotencyKey }),
  conferences: (cursor?: string) => api.get('/staff/cases/conferences', { ...staff, query: { cursor } }),
  conference: (id: string) => api.get('/staff/cases/conferences/{id}', { ...staff, params: { id } }),
  addDecisions: (id: string, body: AddDecisions) => api.post('/staff/cases/conferences/{id}/decisions', { ...staff, params: { id }, body }),
  tasks: (status: 'open' | 'all', cursor?: string) => api.get('/staff/conference-tasks', { ...staff, query: { status, cursor } }),
  task: (id: string) => api.get('/staff/conference-tasks/{id}', { ...staff, params: { id } }),
  completeTask: (id: string, body: CompleteTask) => api.post('/staff/conference-tasks/{id}/done', { ...staff, params: { id }, body }),
  massLists: () => api.get('/staff/cases/mass-lists', staff),
}
