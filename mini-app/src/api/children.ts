import type {
  AddChildNote,
  AddHelp,
  AddProblem,
  ConfirmGrade,
  EndEpidemicEpisode,
  EnrolChild,
  GradeChild,
  UpdateChild,
  LinkReport,
  RecordContact,
  ParentsReturned,
  RecordIntervention,
  ResolveProblem,
  RiskColour,
  StartEpidemicEpisode,
} from '@shouhu/shared'
import { api } from './client'

/** 一人一档 child-file routes of the API contract (docs/api.md), one typed function each. Staff only. */
const staff = { auth: 'staff' } as const

export interface ChildListFilter {
  village?: string
  /** One township of the jurisdiction (the overview's township row); never with `village`. */
  township?: string
  colour?: RiskColour
  cursor?: string
}

export const childEndpoints = {
  today: (cursor?: string) => api.get('/staff/children/today', { ...staff, query: { cursor } }),
  list: (f: ChildListFilter = {}) => api.get('/staff/children', { ...staff, query: { village: f.village, township: f.township, colour: f.colour, cursor: f.cursor } }),
  overdue: (f: { village?: string; township?: string; colour?: string; cursor?: string } = {}) => api.get('/staff/children/overdue', { ...staff, query: { village: f.village, township: f.township, colour: f.colour, cursor: f.cursor } }),
  get: (id: string) => api.get('/staff/children/{id}', { ...staff, params: { id } }),
  timeline: (id: string, cursor?: string) => api.get('/staff/children/{id}/timeline', { ...staff, params: { id }, query: { cursor } }),
  enrol: (body: EnrolChild, idempotencyKey: string) => api.post('/staff/children', { ...staff, body, idempotencyKey }),
  enrolFromReport: (reportId: string, body: EnrolChild, idempotencyKey: string) =>
    api.post('/staff/children/from-report/{reportId}', { ...staff, params: { reportId }, body, idempotencyKey }),
  /** Corrections on the version shown (409 STALE_VERSION with the file as it is now otherwise). */
  update: (id: string, body: UpdateChild) => api.post('/staff/children/{id}/update', { ...staff, params: { id }, body }),
  recordVisit: (id: string, body: RecordContact, idempotencyKey: string) => api.post('/staff/children/{id}/visits', { ...staff, params: { id }, body, idempotencyKey }),
  grade: (id: string, body: GradeChild) => api.post('/staff/children/{id}/grade', { ...staff, params: { id }, body }),
  note: (id: string, body: AddChildNote) => api.post('/staff/children/{id}/notes', { ...staff, params: { id }, body }),
  help: (id: string, body: AddHelp) => api.post('/staff/children/{id}/help', { ...staff, params: { id }, body }),
  problem: (id: string, body: AddProblem) => api.post('/staff/children/{id}/problems', { ...staff, params: { id }, body }),
  resolveProblem: (id: string, problemId: string, body: ResolveProblem) =>
    api.post('/staff/children/{id}/problems/{problemId}/resolve', { ...staff, params: { id, problemId }, body }),
  startEpidemic: (id: string, body: StartEpidemicEpisode) => api.post('/staff/children/{id}/epidemic/start', { ...staff, params: { id }, body }),
  endEpidemic: (id: string, body: EndEpidemicEpisode) => api.post('/staff/children/{id}/epidemic/end', { ...staff, params: { id }, body }),
  parentsReturned: (id: string, body: ParentsReturned) => api.post('/staff/children/{id}/parents-returned', { ...staff, params: { id }, body }),
  intervention: (id: string, body: RecordIntervention, idempotencyKey: string) =>
    api.post('/staff/children/{id}/interventions', { ...staff, params: { id }, body, idempotencyKey }),
  confirmations: (cursor?: string) => api.get('/staff/children/confirmations', { ...staff, query: { cursor } }),
  confirmGrade: (id: string, body: ConfirmGrade) => api.post('/staff/children/{id}/grade/confirm', { ...staff, params: { id }, body }),
  reportSuggestions: (reportId: string) => api.get('/staff/children/suggestions', { ...staff, query: { reportId } }),
  linkReport: (childId: string, body: LinkReport) => api.post('/staff/children/{id}/reports', { ...staff, params: { id: childId }, body }),
}
