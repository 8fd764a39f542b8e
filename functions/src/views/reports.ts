import {
  interventionPending,
  type DutyReceipt,
  type Report,
  mandatoryReporterRelations,
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

const relationText = (r: Report) => reporterRelationLabel[(r.reporterRelation ?? 'other') as ReporterRelation] ?? '其他'

/** Beijing time, as a receipt is read: 2026年11月28日 14:30. */
function chinaDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
}

/**
 * 强制报告回执 for a mandatory reporter who named themselves (001 #6, 003 §3(一)): what they
 * reported, when (the server's time), to which village, for which unit. Undefined for anyone else.
 */
export function dutyReceipt(r: Report, names: Map<string, string>): DutyReceipt | undefined {
  if (r.anonymous || !r.reporterName || !r.reporterUnit) return undefined
  if (!mandatoryReporterRelations.includes(r.reporterRelation as ReporterRelation)) return undefined
  const villageName = names.get(r.villageCode) ?? r.villageCode
  const role = relationText(r)
  const when = chinaDateTime(r.createdAt)
  return {
    receiptNo: r.id,
    issuedAt: r.createdAt,
    reporterName: r.reporterName,
    role,
    unit: r.reporterUnit,
    villageName,
    situations: r.situations.map((id) => situation(id).label),
    text: `${r.reporterUnit}${role}${r.reporterName}于${when}通过“守护”向${villageName}报告了发现的儿童情况。本回执证明您已履行强制报告义务；报告人信息依规保密。如孩子正处于危险中，仍应立即拨打 110 报警。`,
  }
}

/**
 * The resident sees status and the outcome staff chose: no colour, no staff notes. The duty
 * receipt names the reporter, so only their own account gets it (`asOwner`), never a code holder.
 */
export function residentView(r: ReportRow | Report, names: Map<string, string>, asOwner = false): ResidentReportView {
  const receipt = asOwner && 'reporterName' in r ? dutyReceipt(r, names) : undefined
  return {
    ...(receipt ? { dutyReceipt: receipt } : {}),
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
    interventionPending: interventionPending(r),
    version: r.version,
  }
}

export function staffSummary(r: ReportRow, names: Map<string, string>): StaffReportSummary {
  return { ...summaryFields(r, names), anonymous: r.anonymous }
}

/**
 * Reporter confidentiality (003 §3(一)), exactly as the reporter chose on the form: with
 * 「可以联系我」 the village director handling the case sees who to call; with 「不要向村里透露我的身份」
 * (and on older reports, which did not ask) the village never learns who reported. Township and
 * county staff, who may need to call back, see masked details either way.
 */
export function reporterFor(viewer: SessionUser, r: Report): StaffReportView['reporter'] {
  if (r.anonymous) return { visibility: 'anonymous' }
  if (viewer.role === 'village_director') {
    if (r.contactPermission !== 'may_contact') return { visibility: 'hidden' }
    return { visibility: 'shown', name: r.reporterName ?? '', phone: r.reporterPhone ?? '', relation: relationText(r), ...(r.reporterUnit ? { unit: r.reporterUnit } : {}) }
  }
  return {
    visibility: 'masked',
    name: maskName(r.reporterName),
    phone: maskPhone(r.reporterPhone),
    relation: relationText(r),
  }
}

/**
 * Every look at the reporter stays recorded as its own event; staff read them as one plain
 * line, not a wall of identical entries.
 */
export function reporterViewsLine(events: ReportEvent[]): string | undefined {
  const views = events.filter((e) => e.kind === 'contact_viewed')
  if (!views.length) return undefined
  const last = views[views.length - 1]!
  const who = [...new Set(views.map((e) => e.actorName).filter(Boolean))].join('、')
  return `反映人信息已被查看 ${views.length} 次（${who}），最近一次：${last.actorName ?? ''} ${chinaDateTime(last.at)}`
}

export function staffView(viewer: SessionUser, r: Report, names: Map<string, string>, events: ReportEvent[]): StaffReportView {
  const line = reporterViewsLine(events)
  return {
    ...summaryFields(r, names),
    description: r.description,
    reporter: reporterFor(viewer, r),
    ...(r.intervention ? { intervention: r.intervention } : {}),
    events: events.filter((e) => e.kind !== 'contact_viewed' && e.kind !== 'access_rotated'),
    ...(line ? { reporterViews: line } : {}),
  }
}
