import { ConditionalCheckFailedException, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { Application, ApplicationEvent, ApplicationState, StaffRole } from '@shouhu/shared'
import { getItem, query, saveVersioned, transactWrite, tx, type IndexName, type Item } from './table'
import { tableName } from './client'
import { dueAttrs, dueTime, type DueItem } from './due'
import { expiresAfter, retention } from './retention'

/**
 * 儿童关爱补贴 applications: one item per application (`APP#id` / `APP`), its events beside
 * it (`EVENT#…`), and one item per pending timer (`TIMER#<kind>`), each timer in its own
 * sparse `DUE#APP_<KIND>` partition of byDue — an application that is both being paid and
 * due a yearly review and an age-18 exit needs several timers, and an item has one due key.
 */
const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' })

/**
 * Each stage is its own queue in every division: `APP#<state>#<since>#<id>` under the
 * village, township and county partitions, oldest first, so "what has waited longest in my
 * stage" is one Query per stage at any level.
 */
export const stageSortKey = (a: Pick<Application, 'state' | 'stageSince' | 'id'>) => `APP#${a.state}#${a.stageSince}#${a.id}`

function toItem(a: Application): Item {
  const sortKey = stageSortKey(a)
  return {
    ...appKey(a.id),
    ...a,
    villagePk: `VILLAGE#${a.villageCode}`,
    villageSk: sortKey,
    townshipPk: `TOWNSHIP#${a.townshipCode}`,
    townshipSk: sortKey,
    countyPk: `COUNTY#${a.countyCode}`,
    countySk: sortKey,
    ownerPk: `USER#${a.ownerId}`,
    ownerSk: `APP#${a.createdAt}#${a.id}`,
  }
}

function fromItem(item: Record<string, unknown>): Application {
  const { pk, sk, villagePk, villageSk, townshipPk, townshipSk, countyPk, countySk, ownerPk, ownerSk, ...a } = item
  return a as Application
}

/** Event sort keys are unique and time-ordered; the tail also names the notifications an event causes. */
function eventItem(applicationId: string, e: ApplicationEvent, seq: number): Item {
  const tail = `${e.at.replace(/[^0-9TZ]/g, '')}${seq}${Math.random().toString(36).slice(2, 8)}`
  return { pk: `APP#${applicationId}`, sk: `EVENT#${e.at}#${tail}`, occasion: tail, applicationId, ...e }
}

export const TimerKind = ['overdue', 'notice_end', 'exit', 'review'] as const
export type TimerKind = (typeof TimerKind)[number]
/** When each timer fires (ISO time); absent = no such timer. */
export type Timers = Partial<Record<TimerKind, string>>

export interface TimerItem {
  applicationId: string
  kind: TimerKind
  at: string
  dueSk: string
}

const timerKey = (id: string, kind: TimerKind) => ({ pk: `APP#${id}`, sk: `TIMER#${kind}` })
/** The due kind of each timer: `APP_OVERDUE`, `APP_NOTICE_END`, `APP_EXIT`, `APP_REVIEW`. */
export const timerDueKind = (kind: TimerKind) => `APP_${kind.toUpperCase()}`
const timerDue = (applicationId: string, kind: TimerKind, at: string) => dueAttrs(timerDueKind(kind), applicationId, at)

/** Puts the timers that are set and deletes the others; a new application has none to delete. */
function timerWrites(applicationId: string, timers: Timers, isNew = false): TransactWriteItem[] {
  return TimerKind.filter((kind) => !isNew || timers[kind]).map((kind) => {
    const at = timers[kind]
    if (!at) return { Delete: { TableName: tableName(), Key: marshall(timerKey(applicationId, kind)) } }
    return tx.put({ ...timerKey(applicationId, kind), applicationId, kind, at, ...timerDue(applicationId, kind, at) })
  })
}

export type CreateOutcome = { kind: 'created'; application: Application } | { kind: 'replayed'; application: Application } | { kind: 'mismatch' }

const idemKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' })

/** A submission already stored under this idempotency key, if any (checked before photos are copied). */
export async function previousSubmission(keyHash: string, bodyHash: string): Promise<CreateOutcome | undefined> {
  const previous = await getItem<{ applicationId?: string; bodyHash: string }>(idemKey(keyHash).pk, idemKey(keyHash).sk, true)
  if (!previous) return undefined
  if (previous.bodyHash !== bodyHash || !previous.applicationId) return { kind: 'mismatch' }
  const existing = await getApplication(previous.applicationId)
  return existing ? { kind: 'replayed', application: existing } : { kind: 'mismatch' }
}

/** Stores a new application with its first event, timers and idempotency record, all or nothing. */
export async function createApplication(
  a: Application,
  first: ApplicationEvent,
  timers: Timers,
  idempotency: { keyHash: string; bodyHash: string },
): Promise<CreateOutcome> {
  const failed = await transactWrite([
    tx.put(
      { ...idemKey(idempotency.keyHash), applicationId: a.id, bodyHash: idempotency.bodyHash, expiresAt: expiresAfter(retention.idempotencyDays) },
      { ifAbsent: true },
    ),
    tx.put(toItem(a), { ifAbsent: true }),
    tx.put(eventItem(a.id, first, 0)),
    ...timerWrites(a.id, timers, true),
  ])
  if (failed === 0) return (await previousSubmission(idempotency.keyHash, idempotency.bodyHash)) ?? { kind: 'mismatch' }
  if (failed !== -1) throw new Error(`application ${a.id} already exists`)
  return { kind: 'created', application: a }
}

export async function getApplication(id: string): Promise<Application | undefined> {
  const item = await getItem<Record<string, unknown>>(appKey(id).pk, appKey(id).sk, true)
  return item && fromItem(item)
}

export async function applicationEvents(id: string): Promise<ApplicationEvent[]> {
  const items = await query<ApplicationEvent & Item>({ pk: `APP#${id}`, skPrefix: 'EVENT#', consistent: true })
  return items.map(({ pk, sk, occasion, applicationId, ...e }) => e as ApplicationEvent)
}

/**
 * Saves a changed application, the events that explain it and its timers, only if nobody
 * changed it since `previous` was read. Returns false when someone did: of two concurrent
 * decisions exactly one is stored.
 */
export async function saveApplicationChange(previous: Application, next: Application, events: ApplicationEvent[], timers: Timers): Promise<boolean> {
  const item = toItem({ ...next, version: previous.version + 1 })
  const others = [...events.map((e, i) => tx.put(eventItem(previous.id, e, i))), ...timerWrites(previous.id, timers)]
  return (await saveVersioned(item, previous.version, others)) === -1
}

const queueIndex: Record<StaffRole, { index: IndexName; prefix: string }> = {
  village_director: { index: 'byVillage', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', prefix: 'COUNTY#' },
}

/** One stage's queue in a staff member's division (or every stage with `state` omitted), oldest first. */
export async function applicationsInDivision(role: StaffRole, divisionCode: string, state?: ApplicationState, limit = 200): Promise<Application[]> {
  const { index, prefix } = queueIndex[role]
  const items = await query<Record<string, unknown>>({ index, pk: `${prefix}${divisionCode}`, skPrefix: state ? `APP#${state}#` : 'APP#', limit })
  return items.map(fromItem)
}

export async function applicationsOwnedBy(userId: string): Promise<Application[]> {
  const items = await query<Record<string, unknown>>({ index: 'byOwner', pk: `USER#${userId}`, skPrefix: 'APP#', newestFirst: true })
  return items.map(fromItem)
}

/** The timer behind a due-index entry: everything is in its keys (`APP#id` / `TIMER#kind`, `<at>#id`). */
export function timerOfDueItem(item: DueItem): TimerItem {
  return {
    applicationId: item.pk.slice('APP#'.length),
    kind: item.sk.slice('TIMER#'.length) as TimerKind,
    at: dueTime(item),
    dueSk: item.dueSk,
  }
}

/**
 * Handles a fired timer exactly once: removes it (or moves it to `rescheduleAt`) only if it is
 * still the one that fired, together with the event that records it. False when another run,
 * or a change to the application, got there first.
 */
export async function consumeTimer(t: TimerItem, event: ApplicationEvent | undefined, rescheduleAt?: string): Promise<boolean> {
  const key = timerKey(t.applicationId, t.kind)
  const condition = {
    ConditionExpression: 'dueSk = :fired',
    ExpressionAttributeValues: marshall({ ':fired': t.dueSk }),
  }
  const write: TransactWriteItem = rescheduleAt
    ? {
        Put: {
          TableName: tableName(),
          Item: marshall({ ...key, applicationId: t.applicationId, kind: t.kind, at: rescheduleAt, ...timerDue(t.applicationId, t.kind, rescheduleAt) }),
          ...condition,
        },
      }
    : { Delete: { TableName: tableName(), Key: marshall(key), ...condition } }
  try {
    const failed = await transactWrite([write, ...(event ? [tx.put(eventItem(t.applicationId, event, 0))] : [])])
    return failed === -1
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException || e instanceof TransactionCanceledException) return false
    throw e
  }
}

/** The application's timer items as stored (for tests and diagnostics). */
export async function applicationTimers(id: string): Promise<TimerItem[]> {
  const items = await query<TimerItem & Item>({ pk: `APP#${id}`, skPrefix: 'TIMER#', consistent: true })
  return items.map(({ applicationId, kind, at, dueSk }) => ({ applicationId, kind, at, dueSk }))
}
