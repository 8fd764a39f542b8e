import {
  type Entrustment,
  type EntrustmentEvent,
  type EntrustmentStatus,
  type StaffRole,
  RENEWAL_REMINDER_DAYS,
  addDays,
  chinaStartOfDay,
  entrustmentInForce,
} from '@shouhu/shared'
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { batchGet, getItem, query, queryPage, saveVersioned, transactWrite, tx, type IndexName, type Item } from './table'
import { tableName } from './client'
import { dueAttrs } from './due'
import { AUDIT_EVENT_KINDS, expiresAfter, retention } from './retention'
import { sha256 } from '../ids'

/**
 * 委托照护 entrustments: one item per entrustment, its events beside it in the same partition,
 * plus small items that make each party's lookup one Query:
 *
 * | item                  | pk / sk                             | indexes                                         |
 * |-----------------------|-------------------------------------|-------------------------------------------------|
 * | entrustment           | `ENTRUST#id` / `ENTRUST`            | byVillage/byTownship/byCounty (`ENTRUST#…` queue order), byOwner (the parent), byDue (`DUE#RENEWAL`) |
 * | event                 | `ENTRUST#id` / `EVENT#time#…`       | —                                               |
 * | party link            | `ENTRUST#id` / `LINK#<role>#<user>` | byOwner `USER#<user>`: the caregiver, the officer who started it |
 * | school link           | `ENTRUST#id` / `SCHOOL#<school>`    | byOwner `SCHOOL#<school>`: a school's pupils     |
 * | invitation            | `INVITE#code` / `INVITE`            | —                                               |
 *
 * The parent, the caregiver and the officer are denormalised onto links rather than onto the
 * entrustment because an item has one owner key; a link outlives a replaced caregiver, so
 * readers check the entrustment itself before showing it (`partyOf`).
 */
/** The due kind of the renewal reminder, 14 days before the end date, and then of the lapse notice the day after it. */
export const RENEWAL_DUE = 'RENEWAL'

const entrustmentKey = (id: string) => ({ pk: `ENTRUST#${id}`, sk: 'ENTRUST' })
const invitationKey = (code: string) => ({ pk: `INVITE#${code}`, sk: 'INVITE' })

// Far-future minus time, so an ascending index walk returns the most recently changed first.
const invertedTime = (iso: string) => String(9_999_999_999_999 - Date.parse(iso)).padStart(13, '0')

/**
 * Queue buckets: what the village must do now (a visit to schedule or record) first, then
 * what waits on the family, then arrangements in force, then ended ones.
 */
const bucketOf: Record<EntrustmentStatus, number> = {
  accepted: 0,
  visit_scheduled: 0,
  pending_caregiver: 1,
  caregiver_declined: 1,
  caregiver_unfit: 1,
  verified: 2,
  ended: 3,
}
export type QueueFilter = 'todo' | 'active' | 'ended' | 'all'

export function queueSortKey(e: Pick<Entrustment, 'status' | 'updatedAt' | 'id'>): string {
  return `ENTRUST#${bucketOf[e.status]}#${invertedTime(e.updatedAt)}#${e.id}`
}

/** 09:00 China time on a civil date: when people are told, never at night. */
const morningOf = (day: string) => new Date(Date.parse(chinaStartOfDay(day)) + 9 * 3600_000).toISOString()

/** When the parents are reminded to renew: 14 days before the end date. */
export const renewalReminderAt = (endDate: string) => morningOf(addDays(endDate, -RENEWAL_REMINDER_DAYS))

/** When the village is told an arrangement ran out unrenewed: the day after the end date. */
export const lapseNoticeAt = (endDate: string) => morningOf(addDays(endDate, 1))

/** The next scheduled step of an arrangement in force: the renewal reminder, then the lapse notice. */
export function nextRenewalStep(e: Pick<Entrustment, 'status' | 'endDate' | 'renewalRemindedFor' | 'lapsedFor'>): { step: 'remind' | 'lapse'; at: string } | undefined {
  if (!entrustmentInForce(e.status)) return undefined
  if (e.renewalRemindedFor !== e.endDate) return { step: 'remind', at: renewalReminderAt(e.endDate) }
  if (e.lapsedFor !== e.endDate) return { step: 'lapse', at: lapseNoticeAt(e.endDate) }
  return undefined
}

/** What a queue row shows, projected into the list indexes as `row` (no ID or phone numbers). */
export type EntrustmentRow = Pick<Entrustment, 'id' | 'reference' | 'status' | 'villageCode' | 'townshipCode' | 'countyCode' | 'startDate' | 'endDate' | 'updatedAt'> & {
  children: Pick<Entrustment['children'][number], 'name'>[]
  caregiver: Pick<Entrustment['caregiver'], 'name'>
  visitPlan?: Pick<NonNullable<Entrustment['visitPlan']>, 'date'>
}
const entrustmentRow = (e: Entrustment): EntrustmentRow => ({
  id: e.id,
  reference: e.reference,
  status: e.status,
  villageCode: e.villageCode,
  townshipCode: e.townshipCode,
  countyCode: e.countyCode,
  startDate: e.startDate,
  endDate: e.endDate,
  updatedAt: e.updatedAt,
  children: e.children.map((c) => ({ name: c.name })),
  caregiver: { name: e.caregiver.name },
  ...(e.visitPlan ? { visitPlan: { date: e.visitPlan.date } } : {}),
})

function toItem(e: Entrustment): Item {
  const sortKey = queueSortKey(e)
  // Sparse: only arrangements in force with a renewal reminder or a lapse notice still to come are due.
  const due = nextRenewalStep(e)
  return {
    ...entrustmentKey(e.id),
    ...e,
    row: entrustmentRow(e),
    villagePk: `VILLAGE#${e.villageCode}`,
    villageSk: sortKey,
    townshipPk: `TOWNSHIP#${e.townshipCode}`,
    townshipSk: sortKey,
    countyPk: `COUNTY#${e.countyCode}`,
    countySk: sortKey,
    ...(e.ownerId ? { ownerPk: `USER#${e.ownerId}`, ownerSk: `ENTRUST#${e.createdAt}#${e.id}` } : {}),
    ...(due ? dueAttrs(RENEWAL_DUE, e.id, due.at) : {}),
  }
}

function fromItem(item: Record<string, unknown>): Entrustment {
  const { pk, sk, row, villagePk, villageSk, townshipPk, townshipSk, countyPk, countySk, ownerPk, ownerSk, duePk, dueSk, ...e } = item
  return e as Entrustment
}

const eventItem = (id: string, e: EntrustmentEvent, seq = 0): Item => ({
  pk: `ENTRUST#${id}`,
  sk: `EVENT#${e.at}#${seq}#${Math.random().toString(36).slice(2, 8)}`,
  ...e,
  // Staff reading phone numbers or the letter is audit, kept as long as the law asks (retention.ts).
  ...(AUDIT_EVENT_KINDS.has(e.kind) ? { expiresAt: expiresAfter(retention.auditDays, e.at) } : {}),
})

export type PartyRole = 'caregiver' | 'starter'

/** Lets a caregiver or an officer find the entrustment from their own account. */
export function partyLinkItem(e: Pick<Entrustment, 'id' | 'createdAt'>, role: PartyRole, userId: string): Item {
  return { pk: `ENTRUST#${e.id}`, sk: `LINK#${role}#${userId}`, role, userId, ownerPk: `USER#${userId}`, ownerSk: `ENTRUST#${e.createdAt}#${e.id}` }
}

export function invitationItem(e: Pick<Entrustment, 'id' | 'invitationCode' | 'caregiver'>): Item {
  return { ...invitationKey(e.invitationCode), entrustmentId: e.id, round: e.caregiver.round }
}

function schoolLinkItems(e: Entrustment): Item[] {
  const ids = [...new Set(e.children.map((c) => c.school?.id).filter((id): id is string => !!id))]
  return ids.map((schoolId) => ({
    pk: `ENTRUST#${e.id}`,
    sk: `SCHOOL#${schoolId}`,
    schoolId,
    ownerPk: `SCHOOL#${schoolId}`,
    ownerSk: `ENTRUST#${e.createdAt}#${e.id}`,
  }))
}

/** Side writes an entrustment change carries in its transaction. */
export type SideWrite =
  | { kind: 'put'; item: Item; ifAbsent?: boolean }

function sideWrite(w: SideWrite): TransactWriteItem {
  return tx.put(w.item, { ifAbsent: w.ifAbsent })
}

export type CreateOutcome = { kind: 'created'; entrustment: Entrustment } | { kind: 'replayed'; entrustment: Entrustment } | { kind: 'mismatch' } | { kind: 'code-taken' }


/**
 * Stores a new entrustment with its invitation, first event, school links and (when police
 * started it) the officer's link, all or nothing; a retried submission finds the first one.
 */
export async function createEntrustment(
  e: Entrustment,
  idempotency: { keyHash: string; bodyHash: string },
  sideWrites: SideWrite[] = [],
): Promise<CreateOutcome> {
  const idemKey = { pk: `IDEM#${idempotency.keyHash}`, sk: 'IDEM' }
  const failed = await transactWrite([
    tx.put({ ...idemKey, entrustmentId: e.id, bodyHash: idempotency.bodyHash, expiresAt: expiresAfter(retention.idempotencyDays) }, { ifAbsent: true }),
    tx.put(toItem(e), { ifAbsent: true }),
    tx.put(invitationItem(e), { ifAbsent: true }),
    tx.put(eventItem(e.id, { at: e.createdAt, kind: 'created', actorId: e.startedBy?.userId ?? e.ownerId })),
    ...schoolLinkItems(e).map((i) => tx.put(i)),
    ...sideWrites.map(sideWrite),
  ])
  if (failed === 0) {
    const previous = await getItem<{ entrustmentId?: string; bodyHash: string }>(idemKey.pk, idemKey.sk, true)
    if (!previous?.entrustmentId || previous.bodyHash !== idempotency.bodyHash) return { kind: 'mismatch' }
    const existing = await getEntrustment(previous.entrustmentId)
    return existing ? { kind: 'replayed', entrustment: existing } : { kind: 'mismatch' }
  }
  if (failed === 2) return { kind: 'code-taken' }
  if (failed !== -1) throw new Error(`entrustment ${e.id} already exists`)
  return { kind: 'created', entrustment: e }
}

export async function getEntrustment(id: string): Promise<Entrustment | undefined> {
  const item = await getItem<Record<string, unknown>>(entrustmentKey(id).pk, entrustmentKey(id).sk, true)
  return item && fromItem(item)
}

export async function invitation(code: string): Promise<{ entrustmentId: string; round: number } | undefined> {
  return getItem<{ entrustmentId: string; round: number }>(invitationKey(code).pk, invitationKey(code).sk, true)
}

export async function entrustmentEvents(id: string): Promise<EntrustmentEvent[]> {
  const items = await query<EntrustmentEvent & Item>({ pk: `ENTRUST#${id}`, skPrefix: 'EVENT#', consistent: true })
  return items.map(({ pk, sk, expiresAt, ...e }) => e as EntrustmentEvent)
}

/**
 * Saves a changed entrustment, the events that explain it and its side writes (invitation,
 * links, care list), only if nobody changed it since `previous` was read (optimistic lock on
 * `version`). Returns false when someone did: two people acting at once never both win.
 */
export async function saveEntrustmentChange(previous: Entrustment, next: Entrustment, events: EntrustmentEvent[], sideWrites: SideWrite[] = []): Promise<boolean> {
  const item = toItem({ ...next, version: previous.version + 1 })
  const failed = await saveVersioned(item, previous.version, [...events.map((e, i) => tx.put(eventItem(previous.id, e, i))), ...sideWrites.map(sideWrite)])
  if (failed > 0) throw new Error(`entrustment ${previous.id}: side write ${failed} refused`)
  return failed === -1
}

export async function appendEntrustmentEvent(id: string, e: EntrustmentEvent): Promise<void> {
  await transactWrite([tx.put(eventItem(id, e))])
}

const queueIndex: Record<StaffRole, { index: IndexName; prefix: string }> = {
  village_director: { index: 'byVillage', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', prefix: 'COUNTY#' },
}

/** One page of a staff member's entrustment queue, in queue order (see `queueSortKey`). */
export async function entrustmentsInDivision(
  role: StaffRole,
  divisionCode: string,
  filter: QueueFilter,
  page: { limit: number; cursor?: string },
): Promise<{ entrustments: EntrustmentRow[]; cursor?: string }> {
  const { index, prefix } = queueIndex[role]
  const range =
    filter === 'todo'
      ? { skPrefix: 'ENTRUST#0#' }
      : filter === 'ended'
        ? { skPrefix: 'ENTRUST#3#' }
        : filter === 'active'
          ? { skBetween: ['ENTRUST#0#', 'ENTRUST#2#~'] as [string, string] }
          : { skPrefix: 'ENTRUST#' }
  const { items, cursor } = await queryPage<{ row: EntrustmentRow }>({ index, pk: `${prefix}${divisionCode}`, ...range, ...page })
  return { entrustments: items.map((i) => i.row), cursor }
}

/** Entrustments a person registered, cares under, or started as an officer; newest first. */
export async function entrustmentsOfUser(userId: string): Promise<Entrustment[]> {
  const items = await query<Record<string, unknown>>({ index: 'byOwner', pk: `USER#${userId}`, skPrefix: 'ENTRUST#', newestFirst: true, limit: 200 })
  return resolveLinks(items)
}

/** Entrustments with a pupil of this school. */
export async function entrustmentsOfSchool(schoolId: string): Promise<Entrustment[]> {
  const items = await query<Record<string, unknown>>({ index: 'byOwner', pk: `SCHOOL#${schoolId}`, skPrefix: 'ENTRUST#', newestFirst: true, limit: 200 })
  return resolveLinks(items)
}

async function resolveLinks(items: Record<string, unknown>[]): Promise<Entrustment[]> {
  const ids = [...new Set(items.map((i) => String(i.pk).slice('ENTRUST#'.length)))]
  const found = await batchGet<Record<string, unknown>>(ids.map((id) => entrustmentKey(id)))
  const byId = new Map(found.map((i) => [String(i.id), fromItem(i)]))
  return ids.map((id) => byId.get(id)).filter((e): e is Entrustment => !!e)
}

/** The entrustment behind a due-index entry (`ENTRUST#id` / `ENTRUST`). */
export const entrustmentIdOfKey = (pk: string) => pk.slice('ENTRUST#'.length)
