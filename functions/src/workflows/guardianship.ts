import {
  type ChildRecord,
  type EndGuardianship,
  type Guardianship,
  type GuardianshipSummary,
  type ReviewGuardianship,
  type SessionUser,
  type StartGuardianship,
  chinaToday,
  placementLabel,
} from '@shouhu/shared'
import { getChild, idempotencyItem, idempotencyRecord } from '../data/children'
import type { DueItem } from '../data/due'
import { GUARDIANSHIP_REVIEW, getGuardianship, guardianshipIdOfKey, guardianshipItem, saveGuardianship } from '../data/guardianships'
import { staffServing } from '../data/users'
import type { DueKind } from '../due/registry'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { log } from '../log'
import { changeChild } from './children'
import { notifyPeople } from './notifications'

/** An unreviewed placement reminds the county again this many days after each reminder. */
export const REVIEW_REMINDER_REPEAT_DAYS = 7

const summaryOf = (g: Guardianship): GuardianshipSummary => ({
  id: g.id,
  placement: g.placement,
  carerName: g.carerName,
  startOn: g.startOn,
  reviewOn: g.reviewOn,
  ...(g.plannedEndOn ? { plannedEndOn: g.plannedEndOn } : {}),
})

/**
 * The county officer places a child in temporary guardianship (001 #5: 由县民政部门承担临时监护职责;
 * 004 #6: 委托亲属抚养、家庭寄养、未成年人救助保护机构或儿童福利机构). The placement, the file's badge,
 * the timeline line and the idempotency record are one transaction; a retried submission
 * answers with the first placement.
 */
export async function startGuardianship(child: ChildRecord, input: StartGuardianship, actor: SessionUser, idempotencyKey: string): Promise<{ guardianship: Guardianship; created: boolean }> {
  const idem = { keyHash: sha256(`guardianship:${actor.id}:${child.id}:${idempotencyKey}`), bodyHash: sha256(JSON.stringify(input)) }
  const replay = async () => {
    const prev = await idempotencyRecord(idem.keyHash)
    if (!prev) return undefined
    if (prev.bodyHash !== idem.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
    const g = await getGuardianship(String(prev.guardianshipId))
    return g ? { guardianship: g, created: false } : undefined
  }
  const first = await replay()
  if (first) return first
  const now = new Date()
  const g: Guardianship = {
    id: newId(now.getTime()),
    childId: child.id,
    villageCode: child.villageCode,
    townshipCode: child.townshipCode,
    countyCode: child.countyCode,
    ...input,
    reviews: [],
    remindersSent: 0,
    createdAt: now.toISOString(),
    createdById: actor.id,
    createdByName: actor.displayName,
    updatedAt: now.toISOString(),
    version: 1,
  }
  let refused = false
  await changeChild(
    child.id,
    (c, at) => {
      if (c.temporaryGuardianship) throw new HttpError('INVALID_TRANSITION', '这个孩子已在临时监护中，请先结束原来的安置')
      return {
        next: { ...c, temporaryGuardianship: summaryOf(g) },
        side: {
          ifAbsent: [idempotencyItem(idem, c.id, { guardianshipId: g.id })],
          puts: [guardianshipItem(g, c.name)],
          events: [
            {
              at: at.toISOString(),
              kind: 'guardianship',
              actorId: actor.id,
              actorName: actor.displayName,
              text: `县民政部门临时监护：${placementLabel[g.placement]}（${g.carerName}），${g.startOn} 开始，${g.reviewOn} 复查${g.plannedEndOn ? `，预计 ${g.plannedEndOn} 结束` : ''}。原因：${g.reason}`,
              ref: { type: 'guardianship', id: g.id },
            },
          ],
        },
      }
    },
    {
      onRefused: async (_i, c) => {
        refused = true
        return c
      },
    },
  )
  if (refused) {
    const again = await replay()
    if (again) return again
    throw new HttpError('CONFLICT')
  }
  return { guardianship: g, created: true }
}

type Change = (g: Guardianship) => { next: Guardianship; text: string; open: boolean }

/** A review or the end: the placement and the file's badge change together, on the version the officer saw. */
async function changeGuardianship(id: string, seenVersion: number, actor: SessionUser, change: Change): Promise<Guardianship> {
  let saved: Guardianship | undefined
  const first = await getGuardianship(id)
  if (!first) throw new HttpError('NOT_FOUND')
  await changeChild(first.childId, async (c, at) => {
    // Read again on every attempt: a retry after a conflict acts on the placement as it is now.
    const g = await getGuardianship(id)
    if (!g) throw new HttpError('NOT_FOUND')
    if (g.version !== seenVersion) throw new HttpError('STALE_VERSION', undefined, undefined, g)
    if (g.endOn) throw new HttpError('INVALID_TRANSITION', '这次临时监护已经结束')
    const { next, text, open } = change(g)
    saved = { ...next, updatedAt: at.toISOString(), version: g.version + 1 }
    return {
      next: { ...c, temporaryGuardianship: open ? summaryOf(saved) : undefined },
      side: {
        puts: [guardianshipItem(saved, c.name)],
        events: [{ at: at.toISOString(), kind: 'guardianship', actorId: actor.id, actorName: actor.displayName, text, ref: { type: 'guardianship', id } }],
      },
    }
  })
  return saved!
}

export function reviewGuardianship(id: string, input: ReviewGuardianship, actor: SessionUser): Promise<Guardianship> {
  return changeGuardianship(id, input.version, actor, (g) => {
    if (input.nextReviewOn <= chinaToday()) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'nextReviewOn', code: 'invalid_date', message: '下次复查日期：要晚于今天' }])
    const at = new Date().toISOString()
    return {
      next: { ...g, reviewOn: input.nextReviewOn, remindersSent: 0, reviews: [...g.reviews, { at, byName: actor.displayName, note: input.note, nextReviewOn: input.nextReviewOn }] },
      text: `临时监护复查：${input.note}。下次复查 ${input.nextReviewOn}`,
      open: true,
    }
  })
}

export function endGuardianship(id: string, input: EndGuardianship, actor: SessionUser): Promise<Guardianship> {
  return changeGuardianship(id, input.version, actor, (g) => {
    if (input.endOn < g.startOn) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'endOn', code: 'invalid_date', message: '结束日期：不能早于开始日期' }])
    return { next: { ...g, endOn: input.endOn, outcome: input.outcome, endReason: input.endReason }, text: `临时监护结束（${input.endOn}）：${input.outcome}。原因：${input.endReason}`, open: false }
  })
}

/**
 * The review date reminds the county officers of the child's county (001 #5: the county holds
 * the guardianship and must see that the placement still fits), and again every week until a
 * review is recorded. Each reminder is a versioned write that moves the due time on, so two
 * overlapping runs remind once.
 */
async function fireReview(item: DueItem, now: Date): Promise<boolean> {
  const g = await getGuardianship(guardianshipIdOfKey(item.pk))
  if (!g || g.endOn) return false
  const nextAt = new Date(now.getTime() + REVIEW_REMINDER_REPEAT_DAYS * 86_400_000).toISOString()
  const next = { ...g, remindersSent: g.remindersSent + 1, updatedAt: now.toISOString() }
  if (!(await saveGuardianship(g, next, nextAt))) {
    log.info('guardianship reminder skipped: placement changed meanwhile', { guardianshipId: g.id })
    return false
  }
  const officers = await staffServing('county_officer', g.countyCode)
  await notifyPeople(
    officers.map((o) => o.id),
    {
      kind: 'guardianship_review_due',
      subject: { type: 'child', id: g.childId },
      // The placement's own page, where the review is recorded (not the form that starts one).
      page: `cases/guardianship/index?id=${g.id}`,
      title: '临时监护到了复查日期',
      body: `${g.childName}：${placementLabel[g.placement]}（${g.carerName}），复查日期 ${g.reviewOn}。请复查安置情况并记录。`,
      occasion: `${g.id}-${g.reviewOn}-${g.remindersSent}`,
    },
    now.toISOString(),
  )
  return true
}

export const guardianshipReviewDue: DueKind = { kind: GUARDIANSHIP_REVIEW, fire: fireReview }

