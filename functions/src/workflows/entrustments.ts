import {
  type DeclineInvitation,
  type EndEntrustment,
  type Entrustment,
  type EntrustmentAction,
  type EntrustmentActor,
  type EntrustmentCreate,
  type EntrustmentEvent,
  type KnownSchool,
  type PoliceEntrustmentCreate,
  type RecordVisit,
  type RenewEntrustment,
  type ReplaceCaregiver,
  type ScheduleVisit,
  type SessionUser,
  ENTRUSTMENT_CONSENT_VERSION,
  addDays,
  ancestorAt,
  canTakeEntrustmentAction,
  chinaToday,
  colourDuty,
  entrustmentEndReasonLabel,
  entrustmentInForce,
  entrustmentTransitions,
  inJurisdiction,
  isStaff,
  visitOutcomeLabel,
  LEFT_BEHIND_SOURCE,
} from '@shouhu/shared'
import { newId, newTrackingCode, sha256 } from '../ids'
import { HttpError } from '../errors'
import { requiredIdempotencyKey } from '../idempotency-key'
import { log } from '../log'
import {
  createEntrustment,
  entrustmentIdOfKey,
  RENEWAL_DUE,
  nextRenewalStep,
  getEntrustment,
  invitationItem,
  partyLinkItem,
  saveEntrustmentChange,
  type SideWrite,
} from '../data/entrustments'
import { getDivision } from '../data/divisions'
import { getSchool } from '../data/schools'
import { type ChildSyncAction, childSyncSideWrite, syncChildFilesNow } from './child-sync'
import type { DueItem } from '../data/due'
import { type DueKind, runDueKind } from '../due/registry'

type Actor = Pick<SessionUser, 'id' | 'role' | 'displayName'>

/**
 * A new entrustment, waiting for the invited caregiver. Registered by a parent, or by police
 * or prison staff for a detained parent (001 #5, 003 §3(六)), with the guardian's consent
 * recorded with its text version and time (PIPL; nothing is stored without it).
 */
export function newEntrustment(
  input: EntrustmentCreate | PoliceEntrustmentCreate,
  actor: Actor,
  now: Date,
  schools: Map<string, KnownSchool>,
): Entrustment {
  const at = now.toISOString()
  const villageCode = input.children[0]!.villageCode
  const byPolice = 'guardian' in input
  const guardian = byPolice ? input.guardian : input.registrant
  const guardianName = input.parents.find((p) => p.relation === guardian)?.name ?? ''
  return {
    id: newId(now.getTime()),
    reference: newTrackingCode(),
    status: 'pending_caregiver',
    villageCode,
    townshipCode: ancestorAt(villageCode, 'township'),
    countyCode: ancestorAt(villageCode, 'county'),
    ...(byPolice
      ? { startedBy: { userId: actor.id, name: actor.displayName, unit: input.unit, guardian: input.guardian } }
      : { ownerId: actor.id, registrant: input.registrant }),
    parents: input.parents,
    children: input.children.map((c, i) => {
      // A school picked from the list is stored by its own name; an unknown id is dropped.
      const known = c.school?.id ? schools.get(c.school.id) : undefined
      const school = c.school && (known ? { id: known.id, name: known.name } : { name: c.school.name })
      return { ...c, school, childId: String(i + 1) }
    }),
    caregiver: { ...input.caregiver, round: 1, invitedAt: at },
    invitationCode: newTrackingCode(),
    pastCaregivers: [],
    contactPlan: input.contactPlan,
    startDate: input.startDate,
    endDate: input.endDate,
    consent: { version: ENTRUSTMENT_CONSENT_VERSION, agreedAt: at, recordedBy: actor.id, guardianName },
    createdAt: at,
    updatedAt: at,
    version: 0,
  }
}

/** Who this person is to the entrustment, for the transition table; undefined for a stranger. */
export function actorKindFor(e: Entrustment, user: Pick<SessionUser, 'id' | 'role' | 'divisionCode'>): EntrustmentActor | undefined {
  if (user.role === 'resident' && e.ownerId === user.id) return 'parent'
  if (user.role === 'police_officer' && e.startedBy?.userId === user.id) return 'starter'
  if (user.role === 'resident' && e.caregiver.userId === user.id && e.status !== 'pending_caregiver') return 'caregiver'
  if (isStaff(user.role) && inJurisdiction(user, e.villageCode)) return 'staff'
  return undefined
}

export type ActionInput = {
  accept: Record<string, never>
  decline: DeclineInvitation
  replace_caregiver: ReplaceCaregiver
  schedule_visit: ScheduleVisit
  verify: RecordVisit
  find_unfit: RecordVisit
  renew: RenewEntrustment
  remind_renewal: Record<string, never>
  note_lapsed: Record<string, never>
  end: EndEntrustment
}

export interface ActionContext {
  actor: Actor
  kind: EntrustmentActor
  now: Date
}

/**
 * Applies one action, following the transition table in shared (refused with 409 otherwise).
 * Returns the next state, the events that record who did what and when, and the writes that
 * must happen in the same transaction (new invitation, party links, the care list).
 */
export function applyEntrustmentAction<A extends EntrustmentAction>(
  e: Entrustment,
  action: A,
  input: ActionInput[A],
  ctx: ActionContext,
): { next: Entrustment; events: EntrustmentEvent[]; sideWrites: SideWrite[] } {
  if (!canTakeEntrustmentAction(action, e.status, ctx.kind)) {
    throw new HttpError('INVALID_TRANSITION', refusal(e, action))
  }
  const at = ctx.now.toISOString()
  const by = { actorId: ctx.actor.id, actorRole: ctx.actor.role, actorName: ctx.actor.displayName }
  const to = entrustmentTransitions[action].to
  const next: Entrustment = { ...e, status: to ?? e.status, updatedAt: at }
  const events: EntrustmentEvent[] = []
  const sideWrites: SideWrite[] = []

  switch (action) {
    case 'accept': {
      next.caregiver = { ...e.caregiver, answeredAt: at, userId: ctx.actor.id }
      next.acceptedAt = at
      sideWrites.push({ kind: 'put', item: partyLinkItem(e, 'caregiver', ctx.actor.id) })
      events.push({ at, kind: 'accepted', ...by, text: `照护人${e.caregiver.name}接受了委托` })
      break
    }
    case 'decline': {
      const { reason } = input as DeclineInvitation
      next.caregiver = { ...e.caregiver, answeredAt: at }
      next.pastCaregivers = [...e.pastCaregivers, past(e, 'declined', at, reason || undefined)]
      events.push({ at, kind: 'declined', ...by, text: `照护人${e.caregiver.name}没有接受委托${reason ? `：${reason}` : ''}` })
      break
    }
    case 'replace_caregiver': {
      const { caregiver } = input as ReplaceCaregiver
      // Declined and unfit caregivers were recorded when it happened; one replaced before
      // answering is recorded now.
      if (e.status === 'pending_caregiver') next.pastCaregivers = [...e.pastCaregivers, past(e, 'withdrawn', at)]
      next.caregiver = { ...caregiver, round: e.caregiver.round + 1, invitedAt: at }
      next.invitationCode = newTrackingCode()
      next.visitPlan = undefined
      next.acceptedAt = undefined
      sideWrites.push({ kind: 'put', item: invitationItem(next), ifAbsent: true })
      events.push({ at, kind: 'caregiver_replaced', ...by, text: `改请${caregiver.name}照护孩子，等待对方确认` })
      break
    }
    case 'schedule_visit': {
      const v = input as ScheduleVisit
      if (v.date < chinaToday(ctx.now)) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'date', code: 'custom', message: '走访日期：不能早于今天' }])
      next.visitPlan = { date: v.date, time: v.time, note: v.note, scheduledAt: at, scheduledBy: ctx.actor.id }
      events.push({ at, kind: 'visit_scheduled', ...by, text: `村里安排 ${v.date}${v.time ? ` ${v.time}` : ''} 上门了解照护情况`, staffNote: v.note || undefined })
      break
    }
    case 'verify':
    case 'find_unfit': {
      const v = input as RecordVisit
      if (v.visitedOn < e.createdAt.slice(0, 10)) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'visitedOn', code: 'custom', message: '走访日期：不能早于登记日期' }])
      }
      next.lastVisit = { ...v, caregiverRound: e.caregiver.round, recordedAt: at, recordedBy: ctx.actor.id, recordedByName: ctx.actor.displayName }
      next.visitPlan = undefined
      if (action === 'find_unfit') next.pastCaregivers = [...e.pastCaregivers, past(e, 'unfit', at, v.reasonForParents)]
      const text = action === 'find_unfit' ? `村里上门核实：${visitOutcomeLabel[v.outcome]}。${v.reasonForParents}` : `村里上门核实：${visitOutcomeLabel[v.outcome]}`
      events.push({ at, kind: 'visited', ...by, text, staffNote: v.note || undefined })
      break
    }
    case 'renew': {
      const { endDate } = input as RenewEntrustment
      if (endDate <= e.endDate) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'endDate', code: 'custom', message: `新的结束日期：应晚于现在的结束日期 ${e.endDate}` }])
      if (endDate > addDays(chinaToday(ctx.now), 3 * 366)) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'endDate', code: 'custom', message: '新的结束日期：一次最长续期到 3 年后' }])
      next.endDate = endDate
      next.renewalRemindedFor = undefined
      events.push({ at, kind: 'renewed', ...by, text: `委托续期至 ${endDate}` })
      break
    }
    case 'remind_renewal': {
      next.renewalRemindedFor = e.endDate
      events.push({ at, kind: 'renewal_reminded', text: `委托将于 ${e.endDate} 到期，已提醒家长续期` })
      break
    }
    case 'note_lapsed': {
      next.lapsedFor = e.endDate
      events.push({ at, kind: 'lapsed', text: `委托已于 ${e.endDate} 到期，家长没有续期，已告知村里了解孩子现在由谁照料` })
      break
    }
    case 'end': {
      const { reason, note } = input as EndEntrustment
      next.endedAt = at
      next.endReason = reason
      next.endNote = note || undefined
      next.visitPlan = undefined
      events.push({ at, kind: 'ended', ...by, text: `委托结束：${entrustmentEndReasonLabel[reason]}${note ? `（${note}）` : ''}` })
      // Parents back home: the children are no longer left behind (004 §2(一)); their files
      // are updated after the save (`childFilesAfter`). Ended for another reason, the village
      // keeps following them and decides.
      break
    }
  }
  return { next, events, sideWrites }
}

function past(e: Entrustment, outcome: 'declined' | 'unfit' | 'withdrawn', at: string, reason?: string) {
  return { round: e.caregiver.round, name: e.caregiver.name, relationship: e.caregiver.relationship, outcome, reason, at }
}

function refusal(e: Entrustment, action: EntrustmentAction): string {
  if (e.status === 'ended') return '这份委托照护已结束，不能再操作'
  if ((action === 'accept' || action === 'decline') && e.status !== 'pending_caregiver') return '这份邀请已经答复过了'
  return `当前状态下不能「${entrustmentTransitions[action].label}」`
}


/**
 * Registers an entrustment from a validated request. The same Idempotency-Key with the same
 * body returns the first entrustment (a retried submission on a bad network never makes two).
 */
export async function registerEntrustment(
  input: EntrustmentCreate | PoliceEntrustmentCreate,
  actor: Actor,
  idempotencyKey: string | undefined,
): Promise<{ entrustment: Entrustment; created: boolean }> {
  requiredIdempotencyKey(idempotencyKey)
  const villageCode = input.children[0]!.villageCode
  const unknownPlaces = []
  if (!(await getDivision(villageCode))) {
    unknownPlaces.push({ field: 'children.0.villageCode', code: 'unknown_village', message: '第1个孩子的实际居住的村（社区）：没有找到这个村，请重新选择' })
  }
  const schoolIds = [...new Set(input.children.map((c) => c.school?.id).filter((id): id is string => !!id))]
  const schools = new Map((await Promise.all(schoolIds.map(getSchool))).filter((s) => !!s).map((s) => [s!.id, s!]))
  if (unknownPlaces.length) throw new HttpError('VALIDATION_FAILED', undefined, unknownPlaces)

  // Scoped to the account: two parents' keys never collide, and a key cannot be replayed by someone else.
  const idempotency = { keyHash: sha256(`entrustment:${actor.id}:${idempotencyKey}`), bodyHash: sha256(JSON.stringify(input)) }
  const starter = 'guardian' in input
  for (let attempt = 0; attempt < 3; attempt++) {
    const e = newEntrustment(input, actor, new Date(), schools)
    const outcome = await createEntrustment(e, idempotency, starter ? [{ kind: 'put', item: partyLinkItem(e, 'starter', actor.id) }] : [])
    if (outcome.kind === 'created') return { entrustment: outcome.entrustment, created: true }
    if (outcome.kind === 'replayed') return { entrustment: outcome.entrustment, created: false }
    if (outcome.kind === 'mismatch') throw new HttpError('IDEMPOTENCY_MISMATCH')
    // code-taken: an invitation code collided; draw another.
  }
  throw new HttpError('INTERNAL')
}

/**
 * Runs one action under the optimistic lock. If someone changed the entrustment in between,
 * the action is tried once more on the fresh state, where the transition table decides again
 * (a caregiver accepting while the parent replaces them: one wins, the other is told why).
 * `asKind` is given when the route has already established who the actor is (an invitee
 * holding the current invitation code, re-checked by `guard` on the fresh state: a caregiver
 * replaced in between must not end up accepting for their successor); otherwise it is
 * derived from the entrustment.
 */
export async function runEntrustmentAction<A extends EntrustmentAction>(
  id: string,
  action: A,
  input: ActionInput[A],
  actor: Actor & Pick<SessionUser, 'divisionCode'>,
  asKind?: EntrustmentActor,
  /** Checked on every fresh read, e.g. that an invitation code is still the current one. */
  guard?: (e: Entrustment) => void,
): Promise<Entrustment> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const e = await getEntrustment(id)
    if (!e) throw new HttpError('NOT_FOUND')
    guard?.(e)
    const kind = asKind ?? actorKindFor(e, actor)
    if (!kind) throw new HttpError('NOT_FOUND')
    const now = new Date()
    const { next, events, sideWrites } = applyEntrustmentAction(e, action, input, { actor, kind, now })
    // The children's files follow this change; the duty is saved with it and retried until done.
    const sync = childSyncFor(action, input)
    if (await saveEntrustmentChange(e, next, events, sync ? [...sideWrites, childSyncSideWrite(e, e.version + 1, sync, actor, now)] : sideWrites)) {
      const saved = { ...next, version: e.version + 1 }
      if (sync) await syncChildFilesNow(saved, sync, actor)
      return saved
    }
  }
  throw new HttpError('CONFLICT')
}

/** Which entrustment changes the children's files follow (issue #7): verified, and parents back home. */
function childSyncFor(action: EntrustmentAction, input: unknown): ChildSyncAction | undefined {
  if (action === 'verify') return 'verify'
  if (action === 'end' && (input as EndEntrustment).reason === 'returned') return 'returned'
  return undefined
}

/**
 * Scheduler: parents are reminded 14 days before the end date to renew; the day after an end
 * date passed unrenewed, the village (and the parents) are told, so somebody finds out who cares
 * for the children now. Each is a versioned write; the stream handler sees it and notifies, so
 * running twice tells once.
 */
async function remindRenewal(item: DueItem, now: Date): Promise<string | false> {
  const e = await getEntrustment(entrustmentIdOfKey(item.pk))
  // The index lags the record: act only on the step the record itself says is next, once due.
  const step = e && nextRenewalStep(e)
  if (!e || !step || step.at > now.toISOString()) return false
  const system: Actor = { id: 'system', role: 'resident', displayName: '系统' }
  try {
    const { next, events } = applyEntrustmentAction(e, step.step === 'remind' ? 'remind_renewal' : 'note_lapsed', {}, { actor: system, kind: 'system', now })
    if (await saveEntrustmentChange(e, next, events)) return e.id
    log.info('renewal reminder skipped: entrustment changed meanwhile', { entrustmentId: e.id })
  } catch (err) {
    log.warn('renewal reminder not applicable', { entrustmentId: e.id, error: err instanceof Error ? err.message : String(err) })
  }
  return false
}

export const renewalDue: DueKind = { kind: RENEWAL_DUE, fire: remindRenewal }

/** Reminds every arrangement due, all shards; the ids reminded. */
export async function remindRenewals(now = new Date()): Promise<string[]> {
  return ((await runDueKind(renewalDue, now)).outcomes[RENEWAL_DUE] ?? []) as string[]
}
