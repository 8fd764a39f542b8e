import {
  type ChildRecord,
  type ChildTimelineEntry,
  type RecordContact,
  type RecordIntervention,
  VisitCheckItem,
  colourLabel,
  contactKindLabel,
  visitCheckLabel,
  visitCheckRatingLabel,
} from '@shouhu/shared'
import { type ChildSideWrites, childEvent, eventItem, getChild, idempotencyItem, idempotencyRecord, saveChild } from '../data/children'
import { HttpError } from '../errors'
import { sha256 } from '../ids'
import { childClock } from './child-clock'
import { type ChildActor, applyGrade, deriveChild } from './children'

/**
 * Visits, contacts and red interventions: each is its own timeline item, written in one
 * transaction with its idempotency record and the child's new due dates. A retried submission
 * (the same Idempotency-Key: a form written offline and sent again) finds its first record;
 * two directors recording at once both keep theirs — the file's update is a versioned write,
 * redone on the fresh file when the other landed first.
 */
async function recordOnce(
  childId: string,
  actor: ChildActor,
  idempotencyKey: string,
  body: unknown,
  build: (c: ChildRecord, now: Date) => { next: ChildRecord; entry: Omit<ChildTimelineEntry, 'id'>; side?: ChildSideWrites },
): Promise<{ entry: ChildTimelineEntry; child: ChildRecord; created: boolean }> {
  const idem = { keyHash: sha256(`child-record:${actor.id}:${childId}:${idempotencyKey}`), bodyHash: sha256(JSON.stringify(body)) }
  const replay = async () => {
    const prev = await idempotencyRecord(idem.keyHash)
    if (!prev) return undefined
    if (prev.bodyHash !== idem.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
    const [entry, child] = await Promise.all([childEvent(childId, String(prev.entryId)), getChild(childId)])
    return entry && child ? { entry, child, created: false } : undefined
  }
  const first = await replay()
  if (first) return first
  for (let attempt = 0; attempt < 6; attempt++) {
    const c = await getChild(childId)
    if (!c) throw new HttpError('NOT_FOUND')
    const now = new Date()
    const { next, entry, side = {} } = build(c, now)
    const item = eventItem(childId, entry)
    const { pk, sk, ...stored } = item
    const { child, row } = deriveChild({ ...next, updatedAt: now.toISOString() }, now)
    const outcome = await saveChild(c, child, row, childClock().graceMs, {
      ...side,
      ifAbsent: [idempotencyItem(idem, childId, { entryId: stored.id }), item],
    })
    if (outcome === 'saved') return { entry: stored as ChildTimelineEntry, child: { ...child, version: c.version + 1 }, created: true }
    if (outcome === 0) {
      const again = await replay()
      if (again) return again
    }
  }
  throw new HttpError('CONFLICT')
}

/** A home visit, phone call or video call with its checklist (004 §3; 001 #6). */
export async function recordContact(childId: string, input: RecordContact, actor: ChildActor, idempotencyKey: string) {
  return recordOnce(childId, actor, idempotencyKey, input, (c, now) => {
    const next: ChildRecord = { ...c }
    if (input.kind === 'home_visit') {
      if (!c.lastHomeVisitOn || input.visitedOn > c.lastHomeVisitOn) next.lastHomeVisitOn = input.visitedOn
    } else if (!c.lastContactOn || input.visitedOn > c.lastContactOn) next.lastContactOn = input.visitedOn
    const at = now.toISOString()
    const side: ChildSideWrites = { events: [] }
    const concerns = VisitCheckItem.options.filter((k) => input.checks[k].rating === 'concern' || input.checks[k].rating === 'problem')
    const text = [
      `${contactKindLabel[input.kind]}（${input.visitedOn}）`,
      concerns.length ? `需关注：${concerns.map((k) => `${visitCheckLabel[k]}${visitCheckRatingLabel[input.checks[k].rating]}`).join('、')}` : '各项情况良好',
      input.problems.length ? `发现问题 ${input.problems.length} 个` : '',
      input.followUp ? `跟进：${input.followUp}` : '',
    ].filter(Boolean).join('。')
    const entry: Omit<ChildTimelineEntry, 'id'> = { at, kind: 'visit', actorId: actor.id, actorName: actor.displayName, text, detail: { ...input } }
    // Problems found on the visit join the file's problem list, to be resolved and recorded.
    if (input.problems.length) {
      next.problems = [
        ...c.problems,
        ...input.problems.map((p, i) => ({ id: `${at.replace(/\D/g, '')}${i}${Math.random().toString(36).slice(2, 6)}`, text: p, foundAt: at, foundByName: actor.displayName })),
      ]
    }
    const graded = input.regrade ? applyGrade(next, input.regrade, actor, at, side) : next
    return { next: graded, entry, side }
  })
}

/** 即时介入处置 for a red child (004 §3.1): what was done and when the police were told. */
export async function recordIntervention(childId: string, input: RecordIntervention, actor: ChildActor, idempotencyKey: string) {
  return recordOnce(childId, actor, idempotencyKey, input, (c, now) => {
    if (c.grade.colour !== 'red') throw new HttpError('INVALID_TRANSITION', `这个孩子目前是${colourLabel[c.grade.colour]}，不需要记录紧急处置`)
    const next: ChildRecord = { ...c, lastInterventionAt: input.actedAt }
    delete next.redSince
    const police = input.policeToldAt ? `已于 ${input.policeToldAt.slice(0, 16).replace('T', ' ')} 报警` : `未报警：${input.policeNotToldReason}`
    const entry: Omit<ChildTimelineEntry, 'id'> = {
      at: now.toISOString(),
      kind: 'intervention',
      actorId: actor.id,
      actorName: actor.displayName,
      colour: 'red',
      text: `紧急处置：${input.whatWasDone}。${police}。孩子${input.childSafeNow ? '目前安全' : '仍不安全，需继续处置'}`,
      detail: { ...input },
    }
    // Still unsafe: the intervention clock starts again, so the next one is due within the day.
    if (!input.childSafeNow) next.redSince = now.toISOString()
    return { next, entry }
  })
}
