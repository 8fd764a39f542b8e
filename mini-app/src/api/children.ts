import type {
  AddChildNote,
  AddHelp,
  AddProblem,
  ChildTimelineEntry,
  LinkReport,
  Problem,
  ChildList,
  ChildMatch,
  ChildStaffView,
  ChildTimelinePage,
  ConfirmGrade,
  EndEpidemicEpisode,
  EnrolChild,
  GradeChild,
  GradeConfirmationItem,
  OverdueList,
  RecordContact,
  RecordIntervention,
  ResolveProblem,
  RiskColour,
  StartEpidemicEpisode,
  TodayList,
} from '@shouhu/shared'
import { api, type Items } from './client'

/** 一人一档 child-file routes of the API contract (docs/api.md), one typed function each. Staff only. */
const enc = encodeURIComponent
const staff = { auth: 'staff' } as const

export interface ChildListFilter {
  village?: string
  colour?: RiskColour
  cursor?: string
}

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

type Entry = { entry: ChildTimelineEntry }
type WithChild<K extends string, T> = { [k in K]: T } & { child: ChildStaffView }

export const childEndpoints = {
  today: (cursor?: string) => api.get<TodayList>(`/staff/children/today${query({ cursor })}`, staff),
  list: (f: ChildListFilter = {}) => api.get<ChildList>(`/staff/children${query({ village: f.village, colour: f.colour, cursor: f.cursor })}`, staff),
  overdue: (f: { village?: string; colour?: string; cursor?: string } = {}) => api.get<OverdueList>(`/staff/children/overdue${query({ village: f.village, colour: f.colour, cursor: f.cursor })}`, staff),
  get: (id: string) => api.get<ChildStaffView>(`/staff/children/${enc(id)}`, staff),
  timeline: (id: string, cursor?: string) => api.get<ChildTimelinePage>(`/staff/children/${enc(id)}/timeline${query({ cursor })}`, staff),
  enrol: (body: EnrolChild, idempotencyKey: string) => api.post<ChildStaffView & { existing?: boolean }>('/staff/children', body, { ...staff, idempotencyKey }),
  enrolFromReport: (reportId: string, body: EnrolChild, idempotencyKey: string) =>
    api.post<ChildStaffView & { existing?: boolean }>(`/staff/children/from-report/${enc(reportId)}`, body, { ...staff, idempotencyKey }),
  recordVisit: (id: string, body: RecordContact, idempotencyKey: string) =>
    api.post<WithChild<'visit', ChildTimelineEntry>>(`/staff/children/${enc(id)}/visits`, body, { ...staff, idempotencyKey }),
  grade: (id: string, body: GradeChild) => api.post<ChildStaffView>(`/staff/children/${enc(id)}/grade`, body, staff),
  note: (id: string, body: AddChildNote) => api.post<Entry>(`/staff/children/${enc(id)}/notes`, body, staff),
  help: (id: string, body: AddHelp) => api.post<Entry>(`/staff/children/${enc(id)}/help`, body, staff),
  problem: (id: string, body: AddProblem) => api.post<WithChild<'problem', Problem>>(`/staff/children/${enc(id)}/problems`, body, staff),
  resolveProblem: (id: string, problemId: string, body: ResolveProblem) =>
    api.post<WithChild<'problem', Problem>>(`/staff/children/${enc(id)}/problems/${enc(problemId)}/resolve`, body, staff),
  startEpidemic: (id: string, body: StartEpidemicEpisode) => api.post<ChildStaffView>(`/staff/children/${enc(id)}/epidemic/start`, body, staff),
  endEpidemic: (id: string, body: EndEpidemicEpisode) => api.post<ChildStaffView>(`/staff/children/${enc(id)}/epidemic/end`, body, staff),
  intervention: (id: string, body: RecordIntervention, idempotencyKey: string) =>
    api.post<WithChild<'entry', ChildTimelineEntry>>(`/staff/children/${enc(id)}/interventions`, body, { ...staff, idempotencyKey }),
  confirmations: (cursor?: string) => api.get<Items<GradeConfirmationItem> & { nextCursor?: string }>(`/staff/children/confirmations${query({ cursor })}`, staff),
  confirmGrade: (id: string, body: ConfirmGrade) => api.post<ChildStaffView>(`/staff/children/${enc(id)}/grade/confirm`, body, staff),
  reportSuggestions: (reportId: string) => api.get<Items<ChildMatch>>(`/staff/children/suggestions${query({ reportId })}`, staff),
  linkReport: (childId: string, body: LinkReport) => api.post<WithChild<'entry', ChildTimelineEntry>>(`/staff/children/${enc(childId)}/reports`, body, staff),
}
