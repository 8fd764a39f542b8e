import {
  type ChildRecord,
  type CloseReferral,
  type CreateReferral,
  type DepartmentReferralView,
  type RecordReferralAction,
  type Referral,
  type ReferralAction,
  type ReferralEvent,
  type ReferralListItem,
  type ReferralRow,
  type SessionUser,
  type ShareableFact,
  type SharedFact,
  type StaffReferralView,
  acknowledgeDueAt,
  canTake,
  caregiverRelationshipLabel,
  childParentSituationLabel,
  chinaToday,
  departmentLabel,
  fullYears,
  householdRegistrationLabel,
  inJurisdiction,
  maskPhone,
  minimumFactsFor,
  parentRelationLabel,
  personSexLabel,
  referralOutcomeLabel,
  referralReason,
  referralStateLabel,
  referralTimingFor,
  referralTransitions,
  referringRoles,
  roleLabel,
  schoolStageLabel,
  shareableFacts,
  situation,
  staleAt,
} from '@shouhu/shared'
import { getChild } from '../data/children'
import { getReport } from '../data/reports'
import { createReferral as storeReferral, getReferral, saveReferral } from '../data/referrals'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { divisionNamesCached } from './child-views'

/**
 * 转介 (issue #11, 004 §4(二)): a director or township supervisor refers a child to a county
 * department with exactly the facts it needs; the department acknowledges, records what it did
 * and closes with an outcome the village sees. Each step is a versioned write with the child's
 * timeline entry in the same transaction; notifications follow from the stream
 * (`referral-notifications.ts`), timers from the due runner (`referral-timers.ts`).
 */

const bad = (field: string, code: string, message: string) => new HttpError('VALIDATION_FAILED', undefined, [{ field, code, message }])

const disabilityLabel = { none: '无残疾', level_1_2: '一级或二级残疾', level_3_4: '三级或四级残疾' } as const

/** One fact of the file as the department reads it. Phones are masked; the ID number is only ever the masked one. */
export function factValue(c: ChildRecord, fact: ShareableFact, villageName: string, today: string): string {
  switch (fact) {
    case 'name':
      return c.name
    case 'sex':
      return personSexLabel[c.sex]
    case 'age':
      return `${fullYears(c.birthDate, today)} 周岁（${c.birthDate} 出生）`
    case 'village':
      return villageName
    case 'school':
      return [schoolStageLabel[c.schooling.stage], c.schooling.school, c.schooling.grade].filter(Boolean).join('，')
    case 'caregiver':
      return c.caregiver
        ? [`${c.caregiver.name}（${caregiverRelationshipLabel[c.caregiver.relationship] ?? c.caregiver.relationship}）`, c.caregiver.phone ? `电话 ${maskPhone(c.caregiver.phone)}` : '', c.caregiver.livesWithChild ? '和孩子一起住' : '不和孩子一起住'].filter(Boolean).join('，')
        : '档案中没有记录照护人'
    case 'parents':
      return c.parents.length ? c.parents.map((p) => `${parentRelationLabel[p.relation]}：${childParentSituationLabel[p.situation]}`).join('；') : '档案中没有记录'
    case 'health':
      return [disabilityLabel[c.health.disability], c.health.seriousIllness ? '患有重病' : '', c.health.note ?? ''].filter(Boolean).join('，')
    case 'household':
      return [householdRegistrationLabel[c.householdRegistration], c.householdPlace].filter(Boolean).join('，')
    case 'categories':
      return c.categories.length ? c.categories.map((x) => x.label).join('、') : '无'
    case 'situations':
      return c.grade.situations.length ? c.grade.situations.map((s) => situation(s).label).join('；') : '评定等级时没有勾选情况'
    case 'idMasked':
      return c.idMasked ?? '档案中没有身份证号'
  }
}

const unitOf = (user: SessionUser) => `${user.divisionName ?? ''} ${roleLabel[user.role]} ${user.displayName}`.trim()

/** Refers a child. A retry with the same key answers the referral it created (never a second one). */
export async function referChild(user: SessionUser, input: CreateReferral, key: string, now = new Date()): Promise<{ referral: Referral; childName: string; created: boolean }> {
  if (!(referringRoles as readonly string[]).includes(user.role)) throw new HttpError('FORBIDDEN', '转介由村（社区）儿童主任或乡镇（街道）儿童督导员发起')
  const child = await getChild(input.childId)
  if (!child) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, child.villageCode)) throw new HttpError('FORBIDDEN')
  if (input.reportId) {
    const report = await getReport(input.reportId)
    if (!report) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(user, report.villageCode)) throw new HttpError('FORBIDDEN')
    if (!child.links.reports.includes(input.reportId)) throw bad('reportId', 'not_linked', '报告：这份报告还没有关联到这个孩子的档案，请先关联')
  }
  const today = chinaToday(now)
  const childAge = fullYears(child.birthDate, today)
  // PIPL §31: under 14 only the guardian can consent for the child.
  if (input.consent.basis === 'child' && childAge < 14) throw bad('consent.basis', 'guardian_required', `同意情况：孩子不满 14 周岁（${childAge} 周岁），需要监护人同意，或写明不经同意通报的理由`)
  const minimum = new Set(minimumFactsFor(input.reasons))
  const extraFacts = input.shared.filter((f) => !minimum.has(f))
  if (extraFacts.length && !input.extraJustification) {
    throw bad('extraJustification', 'justification_required', `多提供信息的理由：多告诉部门“${extraFacts.map((f) => shareableFacts[f].label).join('、')}”，请写明部门为什么需要`)
  }
  const idempotency = { keyHash: sha256(`referral:${user.id}:${key}`), bodyHash: sha256(JSON.stringify(input)) }
  const names = await divisionNamesCached([child.villageCode])
  const villageName = names.get(child.villageCode) ?? child.villageCode
  const at = now.toISOString()
  const red = child.grade.colour === 'red'
  const timing = referralTimingFor(child.countyCode)
  const ack = acknowledgeDueAt(input.department, red, at, timing)
  // Catalogue order, so every department reads the facts in the same order.
  const shared = (Object.keys(shareableFacts) as ShareableFact[]).filter((f) => input.shared.includes(f))
  const facts: SharedFact[] = shared.map((f) => ({ fact: f, label: shareableFacts[f].label, value: factValue(child, f, villageName, today) }))
  const reasonText = input.reasons.map((r) => referralReason(r).label).join('、')
  const referral: Referral = {
    id: newId(now.getTime()),
    countyCode: child.countyCode,
    townshipCode: child.townshipCode,
    villageCode: child.villageCode,
    villageName,
    department: input.department,
    reasons: input.reasons,
    ...(input.note ? { note: input.note } : {}),
    urgency: input.urgency,
    red,
    childId: child.id,
    ...(input.reportId ? { reportId: input.reportId } : {}),
    shared,
    ...(extraFacts.length ? { extra: { facts: extraFacts, justification: input.extraJustification! } } : {}),
    facts,
    consent: { ...input.consent, childAge, recordedAt: at, recordedByName: user.displayName },
    state: 'sent',
    acknowledgeDueAt: ack.at,
    acknowledgeRule: ack.rule,
    staleAt: staleAt(at, timing),
    events: [{ at, kind: 'sent', text: `转介到${departmentLabel[input.department]}：${reasonText}`, byName: user.displayName, byUnit: unitOf(user) }],
    createdAt: at,
    createdBy: user.id,
    createdByName: user.displayName,
    fromLabel: unitOf(user),
    updatedAt: at,
    version: 1,
  }
  const out = await storeReferral(referral, child.name, idempotency, {
    at,
    kind: 'referral',
    text: `转介到${departmentLabel[input.department]}（${reasonText}）：${referralStateLabel.sent}`,
    actorId: user.id,
    actorName: user.displayName,
    ref: { type: 'referral', id: referral.id },
    detail: { state: 'sent', department: input.department, referralId: referral.id },
  })
  if (out.created) return { referral, childName: child.name, created: true }
  if (out.bodyHash !== idempotency.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
  const existing = out.referralId ? await getReferral(out.referralId) : undefined
  if (!existing) throw new HttpError('CONFLICT', '这次转介正在提交中，请稍后刷新')
  return { ...existing, created: false }
}

/** A department's step on a referral sent to it, under the optimistic lock. */
export async function departmentStep(
  user: SessionUser,
  loaded: { referral: Referral; childName: string },
  action: ReferralAction,
  input: { version: number; note?: string } | RecordReferralAction | CloseReferral,
  now = new Date(),
): Promise<Referral> {
  const { referral: r, childName } = loaded
  if (input.version !== r.version) throw new HttpError('STALE_VERSION', undefined, undefined, departmentView(r))
  if (!canTake(action, r.state)) throw new HttpError('INVALID_TRANSITION', action === 'acknowledge' ? '这条转介已经签收过了' : '请先签收这条转介')
  const at = now.toISOString()
  const by = { byName: user.displayName, byUnit: `${departmentLabel[r.department]} ${user.displayName}` }
  let event: ReferralEvent
  const next: Referral = { ...r, state: referralTransitions[action].to, updatedAt: at }
  if (action === 'acknowledge') {
    next.acknowledgedAt = at
    event = { at, kind: 'acknowledged', text: 'note' in input && input.note ? `已签收：${input.note}` : '已签收', ...by }
  } else if (action === 'record_action') {
    event = { at, kind: 'action', text: (input as RecordReferralAction).text, ...by }
  } else {
    const close = input as CloseReferral
    next.outcome = { kind: close.outcome, text: close.text, at, byName: user.displayName }
    event = { at, kind: 'closed', text: close.text, ...by }
  }
  next.events = [...r.events, event]
  const stateText = action === 'close' ? `已办结（${outcomeText(next)}）` : action === 'record_action' ? `部门记录了处理：${event.text}` : referralStateLabel.acknowledged
  const saved = await saveReferral(r, next, childName, {
    at,
    kind: 'referral',
    text: `${departmentLabel[r.department]}：${stateText}`,
    actorId: user.id,
    actorName: `${departmentLabel[r.department]} ${user.displayName}`,
    ref: { type: 'referral', id: r.id },
    detail: { state: next.state, department: r.department, referralId: r.id, ...(next.outcome ? { outcome: next.outcome.kind, outcomeText: next.outcome.text } : {}) },
  })
  if (!saved) {
    const fresh = await getReferral(r.id)
    throw new HttpError('STALE_VERSION', undefined, undefined, fresh && departmentView(fresh.referral))
  }
  return { ...next, version: r.version + 1 }
}

const outcomeText = (r: Referral) => (r.outcome ? `${referralOutcomeLabel[r.outcome.kind]}：${r.outcome.text}` : '')

const labels = (r: Pick<Referral, 'reasons' | 'department' | 'state'>) => ({
  reasonLabels: r.reasons.map((x) => referralReason(x).label),
  departmentLabel: departmentLabel[r.department],
  stateLabel: referralStateLabel[r.state],
})

/** What the department reads: the shared facts and the referral, nothing of the file behind it. */
export function departmentView(r: Referral): DepartmentReferralView {
  return {
    id: r.id,
    department: r.department,
    villageName: r.villageName,
    reasons: r.reasons,
    ...(r.note ? { note: r.note } : {}),
    urgency: r.urgency,
    facts: r.facts,
    state: r.state,
    ...(r.staleSince ? { staleSince: r.staleSince } : {}),
    acknowledgeDueAt: r.acknowledgeDueAt,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    events: r.events,
    createdAt: r.createdAt,
    fromLabel: r.fromLabel,
    version: r.version,
    ...labels(r),
  }
}

export function staffReferralView(r: Referral, childName: string): StaffReferralView {
  return { ...r, childName, ...labels(r) }
}

const DAY_MS = 24 * 3600_000
export function listItems(rows: ReferralRow[], now: Date): ReferralListItem[] {
  return rows.map((row) => ({
    ...row,
    ageDays: Math.max(0, Math.floor((now.getTime() - Date.parse(row.createdAt)) / DAY_MS)),
    overdue: row.state === 'sent' && row.acknowledgeDueAt < now.toISOString(),
    ...labels(row),
  }))
}
