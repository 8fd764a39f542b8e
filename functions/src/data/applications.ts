import { ConditionalCheckFailedException, DeleteItemCommand, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { type Application, type ApplicationEvent, type ApplicationState, type StaffRole, applicationStates, maskIdNumber } from '@shouhu/shared'
import { getItem, putItem, query, queryPage, saveVersioned, transactWrite, tx, type IndexName, type Item } from './table'
import { dynamo, tableName } from './client'
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
 * The queue order in every division, one sort key for all stages:
 * `APP#<holder>#<0|1>#<time>#<state>#<id>` — grouped by who holds the application now
 * (village, township, county, guardian, none), then the stages with a target time by their due
 * time (`0#<stageDueAt>`: the most overdue first), then the stages without one by when they
 * started (`1#<stageSince>`). "What I must do, most overdue first" is then one Query by
 * prefix `APP#<my level>#` at any level, paged with a cursor, however many stages a level holds.
 */
export function stageSortKey(a: Pick<Application, 'state' | 'stageSince' | 'stageDueAt' | 'id'>): string {
  const holder = applicationStates[a.state].holder ?? 'none'
  const due = a.stageDueAt ? `0#${a.stageDueAt}` : `1#${a.stageSince}`
  return `APP#${holder}#${due}#${a.state}#${a.id}`
}

/**
 * What a list row shows (the staff queues, the family's own list, the village notice board),
 * projected into the list indexes as `row`: the child's ID number only masked, no bank account,
 * no documents, no situation answers.
 */
export type ApplicationRow = Pick<
  Application,
  | 'id' | 'reference' | 'villageCode' | 'townshipCode' | 'countyCode' | 'categoryId' | 'locality' | 'policyVersion' | 'state'
  | 'stageSince' | 'stageDueAt' | 'notice' | 'doubleSupport' | 'createdAt' | 'updatedAt' | 'version' | 'exit'
> & { child: Pick<Application['child'], 'name' | 'idNumber'>; estimate: Pick<Application['estimate'], 'monthlyFen' | 'demo'> }

function applicationRow(a: Application): ApplicationRow {
  const { id, reference, villageCode, townshipCode, countyCode, categoryId, locality, policyVersion, state, stageSince, stageDueAt, notice, doubleSupport, createdAt, updatedAt, version, exit } = a
  // `exit` says whether a paid child continues at school (the family sees 「继续发放至毕业」).
  const row = { id, reference, villageCode, townshipCode, countyCode, categoryId, locality, policyVersion, state, stageSince, stageDueAt, notice, doubleSupport, createdAt, updatedAt, version, exit }
  return {
    ...(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as typeof row),
    child: { name: a.child.name, idNumber: maskIdNumber(a.child.idNumber) },
    estimate: { monthlyFen: a.estimate.monthlyFen, ...(a.estimate.demo ? { demo: true } : {}) },
  }
}

function toItem(a: Application): Item {
  const sortKey = stageSortKey(a)
  return {
    ...appKey(a.id),
    ...a,
    row: applicationRow(a),
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
  const { pk, sk, row, villagePk, villageSk, townshipPk, townshipSk, countyPk, countySk, ownerPk, ownerSk, ...a } = item
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

export type CreateOutcome =
  | { kind: 'created'; application: Application }
  | { kind: 'replayed'; application: Application }
  | { kind: 'mismatch' }
  /** Another request with the same key holds the claim and has not finished yet. */
  | { kind: 'pending' }

const idemKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' })

/** A submission already stored under this idempotency key, if any (checked before photos are copied). */
export async function previousSubmission(keyHash: string, bodyHash: string): Promise<CreateOutcome | undefined> {
  const previous = await getItem<{ applicationId?: string; bodyHash: string }>(idemKey(keyHash).pk, idemKey(keyHash).sk, true)
  if (!previous) return undefined
  if (previous.bodyHash !== bodyHash) return { kind: 'mismatch' }
  if (!previous.applicationId) return { kind: 'pending' }
  const existing = await getApplication(previous.applicationId)
  return existing ? { kind: 'replayed', application: existing } : { kind: 'mismatch' }
}

/**
 * Claims an idempotency key before anything is copied: of thirty concurrent retries exactly one
 * wins and copies the papers; the others find the claim (pending, then the stored application).
 */
export async function claimSubmission(keyHash: string, bodyHash: string, claim: string): Promise<'won' | CreateOutcome> {
  const won = await putItem({ ...idemKey(keyHash), bodyHash, claim, expiresAt: expiresAfter(retention.idempotencyDays) }, { ifAbsent: true })
  if (won) return 'won'
  return (await previousSubmission(keyHash, bodyHash)) ?? { kind: 'pending' }
}

/** Gives up a claim that did not lead to an application (e.g. a failed copy), so a retry can try again. */
export async function releaseClaim(keyHash: string, claim: string): Promise<void> {
  try {
    await dynamo().send(
      new DeleteItemCommand({
        TableName: tableName(),
        Key: marshall(idemKey(keyHash)),
        ConditionExpression: '#claim = :claim AND attribute_not_exists(applicationId)',
        ExpressionAttributeNames: { '#claim': 'claim' },
        ExpressionAttributeValues: marshall({ ':claim': claim }),
      }),
    )
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e
  }
}

/**
 * Stores a new application with its first event and timers, and completes the idempotency
 * claim this request won (`claim`), all or nothing.
 */
export async function createApplication(
  a: Application,
  first: ApplicationEvent,
  timers: Timers,
  idempotency: { keyHash: string; bodyHash: string; claim: string },
): Promise<CreateOutcome> {
  const failed = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: marshall({ ...idemKey(idempotency.keyHash), applicationId: a.id, bodyHash: idempotency.bodyHash, expiresAt: expiresAfter(retention.idempotencyDays) }),
        ConditionExpression: '#claim = :claim',
        ExpressionAttributeNames: { '#claim': 'claim' },
        ExpressionAttributeValues: marshall({ ':claim': idempotency.claim }),
      },
    },
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

/** Which part of a division's queue: what one level holds (most overdue first), one stage, or all. */
export type QueueSelection = { holder: 'village' | 'township' | 'county' } | { state: ApplicationState } | { all: true }

/** One page of a staff member's division queue, in queue order (see `stageSortKey`). */
export async function applicationsInDivision(
  role: StaffRole,
  divisionCode: string,
  which: QueueSelection,
  page: { limit: number; cursor?: string },
): Promise<{ applications: ApplicationRow[]; cursor?: string }> {
  const { index, prefix } = queueIndex[role]
  const range =
    'holder' in which
      ? { skPrefix: `APP#${which.holder}#` }
      : 'state' in which
        ? // One stage is a part of its holder's queue: read that part, keep the stage's rows.
          { skPrefix: `APP#${applicationStates[which.state].holder ?? 'none'}#`, filter: { path: ['row', 'state'], equals: which.state } }
        : { skPrefix: 'APP#' }
  const { items, cursor } = await queryPage<{ row: ApplicationRow }>({ index, pk: `${prefix}${divisionCode}`, ...range, ...page })
  return { applications: items.map((i) => i.row), cursor }
}

/** One page of a guardian's own applications, newest first. */
export async function applicationsOwnedBy(userId: string, page: { limit: number; cursor?: string }): Promise<{ applications: ApplicationRow[]; cursor?: string }> {
  const { items, cursor } = await queryPage<{ row: ApplicationRow }>({ index: 'byOwner', pk: `USER#${userId}`, skPrefix: 'APP#', newestFirst: true, ...page })
  return { applications: items.map((i) => i.row), cursor }
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
