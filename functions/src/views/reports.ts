import {
  type Report,
  type ReportEvent,
  type ResidentReportView,
  type SessionUser,
  type StaffReportSummary,
  type StaffReportView,
  maskName,
  maskPhone,
  needsPoliceNow,
  reportOutcomeText,
  reporterRelationLabel,
  reportStatusLabel,
  situation,
  type ReporterRelation,
} from '@shouhu/shared'
import { divisionNamesOf } from '../data/divisions'
import type { ReportRow } from '../data/reports'

/** Division names for display: from the process's cache, the misses in one batched read; unknown codes show as the code. */
export async function divisionNames(codes: string[]): Promise<Map<string, string>> {
  const found = await divisionNamesOf(codes)
  return new Map([...new Set(codes)].map((c) => [c, found.get(c) ?? c]))
}

/** The resident sees status and the outcome staff chose: no colour, no staff notes. */
export function residentView(r: ReportRow, names: Map<string, string>): ResidentReportView {
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    status: r.status,
    statusText: reportStatusLabel[r.status],
    villageName: names.get(r.villageCode) ?? r.villageCode,
    situations: r.situations.map((id) => ({ id, label: situation(id).label })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    outcomeText: r.outcome ? reportOutcomeText[r.outcome] : undefined,
    callPoliceNow: needsPoliceNow(r.situations),
  }
}

function summaryFields(r: ReportRow, names: Map<string, string>) {
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    villageCode: r.villageCode,
    villageName: names.get(r.villageCode) ?? r.villageCode,
    townshipName: names.get(r.townshipCode) ?? r.townshipCode,
    situations: r.situations.map((id) => ({ id, label: situation(id).label, colour: situation(id).colour })),
    childDescription: r.childDescription,
    triagedColour: r.triagedColour,
    colour: r.colour,
    status: r.status,
    createdAt: r.createdAt,
    acknowledgedAt: r.acknowledgedAt,
    closedAt: r.closedAt,
    outcome: r.outcome,
    escalationLevel: r.escalationLevel,
    escalationDueAt: r.escalationDueAt,
    callPoliceNow: needsPoliceNow(r.situations),
    version: r.version,
  }
}

export function staffSummary(r: ReportRow, names: Map<string, string>): StaffReportSummary {
  return { ...summaryFields(r, names), anonymous: r.anonymous }
}

/**
 * Reporter confidentiality (003 §3(一)): the village, who visits the family, never learns
 * who reported; township and county staff, who may need to call back, see masked details.
 */
export function reporterFor(viewer: SessionUser, r: Report): StaffReportView['reporter'] {
  if (r.anonymous) return { visibility: 'anonymous' }
  if (viewer.role === 'village_director') return { visibility: 'hidden' }
  return {
    visibility: 'masked',
    name: maskName(r.reporterName),
    phone: maskPhone(r.reporterPhone),
    relation: reporterRelationLabel[(r.reporterRelation ?? 'other') as ReporterRelation] ?? '其他',
  }
}

export function staffView(viewer: SessionUser, r: Report, names: Map<string, string>, events: ReportEvent[]): StaffReportView {
  return { ...summaryFields(r, names), description: r.description, reporter: reporterFor(viewer, r), events }
}
