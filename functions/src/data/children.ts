import { ConditionalCheckFailedException, DeleteItemCommand, QueryCommand, type TransactWriteItem, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { ChildListRow, ChildRecord, ChildTimelineEntry, ChildTransfer, ClosedChildRow, IncomingTransferRow, OverdueLevel, PendingGrade, StaffRole } from '@shouhu/shared'
import { sha256 } from '../ids'
import { dynamo, tableName } from './client'
import { dueAttrs } from './due'
import { batchGet, batchPut, getItem, type IndexName, type Item, putItem, query, queryPage, saveVersioned, transactWrite, tx, unmarshall } from './table'

/**
 * 一人一档 the child's file. One item per child, its timeline beside it in the same partition,
 * and small items that make each lookup one request:
 *
 * | item                 | pk / sk                                   | indexes |
 * |----------------------|-------------------------------------------|---------|
 * | child                | `CHILD#id` / `CHILD`                      | byVillage/byTownship/byCounty `CHILD#<first duty overdue at>#id` (so "due by the end of the week" and "overdue past the grace" are one Query each); byDue `DUE#CHILD_OVERDUE#nn` at the next escalation instant |
 * | timeline entry       | `CHILD#id` / `EVENT#<time>#<n>#<rand>`    | — |
 * | ID-number lookup     | `CHILDID#<hmac(id number)>` / `CHILDID`   | — (the plain number is never stored nor queried) |
 * | import-row lookup    | `CHILDKEY#<hmac(row key)>` / `CHILDKEY`   | — |
 * | report link          | `CHILD#id` / `LINK#REPORT#<reportId>`     | byOwner `REPORTCHILD#<reportId>`: the files a report is linked to (linking twice adds nothing) |
 * | grade to confirm     | `CHILD#id` / `PENDING`                    | byTownship/byCounty `CONFIRM#<proposed at>#id`: the township's queue |
 * | 16th birthday timer  | `CHILD#id` / `AGE16`                      | byDue `DUE#CHILD_AGE16#nn` |
 * | read audit           | `AUDIT#CHILD#id` / `<time>#<user>`        | — (TTL `expiresAt`) |
 *
 * Every list-facing item carries `row`: exactly what a list row shows. List readers build rows
 * from it alone, so the indexes can project only `row` and no list reads the record per row.
 */
export const CHILD_OVERDUE = 'CHILD_OVERDUE'
export const CHILD_AGE16 = 'CHILD_AGE16'

export const childKey = (id: string) => ({ pk: `CHILD#${id}`, sk: 'CHILD' })
const idLookupKey = (hash: string) => ({ pk: `CHILDID#${hash}`, sk: 'CHILDID' })
const rowLookupKey = (hash: string) => ({ pk: `CHILDKEY#${hash}`, sk: 'CHILDKEY' })

/** What the lists sort by: the instant the first duty becomes overdue (none: at the end). */
export const listSortKey = (c: Pick<ChildRecord, 'duties' | 'id'>) => `CHILD#${c.duties[0]?.overdueAt ?? '~'}#${c.id}`

/** When the scheduler must next look at this child's first duty: overdue, then one grace later per level. */
export function nextEscalationAt(c: Pick<ChildRecord, 'duties' | 'overdue'>, graceMs: number): string | undefined {
  const d = c.duties[0]
  if (!d) return undefined
  const current = c.overdue && c.overdue.ruleId === d.ruleId && c.overdue.dueOn === d.dueOn ? c.overdue.level : undefined
  const steps: (OverdueLevel | undefined)[] = [undefined, 'director', 'township']
  const i = steps.indexOf(current)
  if (i < 0) return undefined // reached the county: nothing left to climb
  return new Date(Date.parse(d.overdueAt) + i * graceMs).toISOString()
}

/** The stored item of a file (exported for bulk loads: the bench, a future migration). */
export function childItem(c: ChildRecord, row: ChildListRow, graceMs: number): Item {
  // A file merged into another is a pointer: on no list, nothing due, no duplicate suggestion.
  if (c.mergedInto) return { ...childKey(c.id), ...c, row }
  // 结档: off every due list (they read `CHILD#…` keys), no escalation timer, no duplicate
  // suggestion; still found on its area's 「已结档」 list, newest first, by its own row.
  if (c.closed) {
    const closedSk = `CLOSED#${c.closed.closedAt}#${c.id}`
    const closedRow: ClosedChildRow = { id: c.id, name: c.name, sex: c.sex, birthDate: c.birthDate, villageCode: c.villageCode, reasonLabel: c.closed.reasonLabel, effectiveOn: c.closed.effectiveOn, closedAt: c.closed.closedAt }
    return {
      ...childKey(c.id),
      ...c,
      row: closedRow,
      villagePk: `VILLAGE#${c.villageCode}`,
      villageSk: closedSk,
      townshipPk: `TOWNSHIP#${c.townshipCode}`,
      townshipSk: closedSk,
      countyPk: `COUNTY#${c.countyCode}`,
      countySk: closedSk,
    }
  }
  const sk = listSortKey(c)
  const due = nextEscalationAt(c, graceMs)
  return {
    // 可能重复: files of the same name and birth date in one county share this key (byOwner).
    ownerPk: duplicateKey(c.countyCode, c.name, c.birthDate),
    ownerSk: `CHILD#${c.id}`,
    ...childKey(c.id),
    ...c,
    row,
    villagePk: `VILLAGE#${c.villageCode}`,
    villageSk: sk,
    townshipPk: `TOWNSHIP#${c.townshipCode}`,
    townshipSk: sk,
    countyPk: `COUNTY#${c.countyCode}`,
    countySk: sk,
    ...(due ? dueAttrs(CHILD_OVERDUE, c.id, due) : {}),
  }
}

const indexAttrs = ['pk', 'sk', 'row', 'villagePk', 'villageSk', 'townshipPk', 'townshipSk', 'countyPk', 'countySk', 'duePk', 'dueSk', 'ownerPk', 'ownerSk']

/** Name (spaces dropped) and birth date within a county, hashed: the duplicate suggestion's key. */
export const duplicateKey = (countyCode: string, name: string, birthDate: string) => `DUPE#${countyCode.slice(0, 6)}#${sha256(`${name.replace(/\s/g, '')}|${birthDate}`).slice(0, 32)}`
function fromItem(item: Record<string, unknown>): ChildRecord {
  const c = { ...item }
  for (const k of indexAttrs) delete c[k]
  return c as ChildRecord
}

let seq = 0
export function eventItem(childId: string, e: Omit<ChildTimelineEntry, 'id'>): Item & ChildTimelineEntry {
  const sk = `EVENT#${e.at}#${String(seq++ % 1000).padStart(3, '0')}#${Math.random().toString(36).slice(2, 8)}`
  return { pk: `CHILD#${childId}`, sk, id: sk.slice('EVENT#'.length), ...e }
}

function pendingItem(c: ChildRecord, p: PendingGrade, villageName?: string): Item {
  const sk = `CONFIRM#${p.proposedAt}#${c.id}`
  return {
    pk: `CHILD#${c.id}`,
    sk: 'PENDING',
    townshipPk: `TOWNSHIP#${c.townshipCode}`,
    townshipSk: sk,
    countyPk: `COUNTY#${c.countyCode}`,
    countySk: sk,
    row: {
      id: c.id,
      name: c.name,
      villageCode: c.villageCode,
      villageName,
      currentColour: c.grade.colour,
      proposedColour: p.colour,
      reason: p.reason,
      proposedByName: p.gradedByName,
      proposedAt: p.proposedAt,
    },
  }
}

function age16Item(c: ChildRecord, at: string): Item {
  return { pk: `CHILD#${c.id}`, sk: 'AGE16', childId: c.id, ...dueAttrs(CHILD_AGE16, c.id, at) }
}

const del = (key: { pk: string; sk: string }): TransactWriteItem => ({ Delete: { TableName: tableName(), Key: marshall(key) } })

/** Writes that go with a child's change: timeline entries, the confirmation queue, the age timer, links. */
export interface ChildSideWrites {
  events?: Omit<ChildTimelineEntry, 'id'>[]
  /** Put (pending grade) or remove (`null`) the township's confirmation item. */
  pending?: { grade: PendingGrade; villageName?: string } | null
  /** Put the 16th-birthday timer at this instant, or remove it (`null`). */
  age16At?: string | null
  /** Items that must not exist yet (a report link, an idempotency record): refused → the index in `failedAt`. */
  ifAbsent?: Item[]
  /** Other items written or removed with the change (a transfer waiting on a village). */
  puts?: Item[]
  deletes?: { pk: string; sk: string }[]
}

function sideItems(c: ChildRecord, w: ChildSideWrites): TransactWriteItem[] {
  const out: TransactWriteItem[] = []
  for (const i of w.ifAbsent ?? []) out.push(tx.put(i, { ifAbsent: true }))
  for (const e of w.events ?? []) out.push(tx.put(eventItem(c.id, e)))
  if (w.pending) out.push(tx.put(pendingItem(c, w.pending.grade, w.pending.villageName)))
  else if (w.pending === null) out.push(del({ pk: `CHILD#${c.id}`, sk: 'PENDING' }))
  if (w.age16At) out.push(tx.put(age16Item(c, w.age16At)))
  else if (w.age16At === null) out.push(del({ pk: `CHILD#${c.id}`, sk: 'AGE16' }))
  for (const i of w.puts ?? []) out.push(tx.put(i))
  for (const k of w.deletes ?? []) out.push(del(k))
  return out
}

export type CreateChildOutcome = { kind: 'created' } | { kind: 'exists'; childId: string } | { kind: 'idempotent'; childId?: string; bodyHash?: string }

/**
 * Stores a new child file with its lookups and first entries, all or nothing. When the ID
 * number (or import row) is already on file, nothing is written and the existing id comes back.
 * `idHashFrom`: the ID number's lookup passes from that (closed) file to this one, only while it
 * still points there.
 */
export async function createChild(
  c: ChildRecord,
  row: ChildListRow,
  graceMs: number,
  lookups: { idHash?: string; idHashFrom?: string; rowHash?: string; idempotency?: { keyHash: string; bodyHash: string } },
  side: ChildSideWrites,
): Promise<CreateChildOutcome> {
  const heads: TransactWriteItem[] = []
  const kinds: ('id' | 'row' | 'idem')[] = []
  if (lookups.idHash) {
    const lookup = { ...idLookupKey(lookups.idHash), childId: c.id }
    heads.push(lookups.idHashFrom ? tx.putIfEquals(lookup, 'childId', lookups.idHashFrom) : tx.put(lookup, { ifAbsent: true }))
    kinds.push('id')
  }
  if (lookups.rowHash) {
    heads.push(tx.put({ ...rowLookupKey(lookups.rowHash), childId: c.id }, { ifAbsent: true }))
    kinds.push('row')
  }
  if (lookups.idempotency) {
    heads.push(tx.put(idempotencyItem(lookups.idempotency, c.id), { ifAbsent: true }))
    kinds.push('idem')
  }
  const failed = await transactWrite([...heads, tx.put(childItem(c, row, graceMs), { ifAbsent: true }), ...sideItems(c, side)])
  if (failed === -1) return { kind: 'created' }
  const which = kinds[failed]
  if (which === 'idem') {
    const prev = await getItem<{ childId?: string; bodyHash?: string }>(`IDEM#${lookups.idempotency!.keyHash}`, 'IDEM', true)
    return { kind: 'idempotent', childId: prev?.childId, bodyHash: prev?.bodyHash }
  }
  if (which === 'id' || which === 'row') {
    const existing = which === 'id' ? await childIdForIdHash(lookups.idHash!) : await childIdForRowHash(lookups.rowHash!)
    if (existing) return { kind: 'exists', childId: existing }
  }
  throw new Error(`child ${c.id}: write ${failed} refused`)
}

const IDEMPOTENCY_TTL_SECONDS = 48 * 3600
export function idempotencyItem(idem: { keyHash: string; bodyHash: string }, childId: string, extra: Record<string, unknown> = {}): Item {
  return { pk: `IDEM#${idem.keyHash}`, sk: 'IDEM', childId, bodyHash: idem.bodyHash, ...extra, expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS }
}

export async function idempotencyRecord(keyHash: string): Promise<Record<string, unknown> | undefined> {
  return getItem<Record<string, unknown>>(`IDEM#${keyHash}`, 'IDEM', true)
}

export async function childIdForIdHash(hash: string): Promise<string | undefined> {
  return (await getItem<{ childId: string }>(idLookupKey(hash).pk, idLookupKey(hash).sk, true))?.childId
}
export async function childIdForRowHash(hash: string): Promise<string | undefined> {
  return (await getItem<{ childId: string }>(rowLookupKey(hash).pk, rowLookupKey(hash).sk, true))?.childId
}

/** Adds the ID-number lookup to a file that had none (an ID learnt later); false when another file holds it. */
export async function claimIdHash(hash: string, childId: string): Promise<boolean> {
  return putItem({ ...idLookupKey(hash), childId }, { ifAbsent: true })
}

export async function getChild(id: string): Promise<ChildRecord | undefined> {
  const item = await getItem<Record<string, unknown>>(childKey(id).pk, childKey(id).sk, true)
  return item && fromItem(item)
}

/**
 * Saves a changed file under the optimistic lock, with its side writes in the same
 * transaction. Returns 'saved', 'conflict' (someone changed it meanwhile: re-read and retry),
 * or the index of a refused `ifAbsent` item (e.g. this visit was already recorded).
 */
export async function saveChild(previous: ChildRecord, next: ChildRecord, row: ChildListRow, graceMs: number, side: ChildSideWrites = {}): Promise<'saved' | 'conflict' | number> {
  const item = childItem({ ...next, version: previous.version + 1 }, row, graceMs)
  const failed = await saveVersioned(item, previous.version, sideItems(next, side))
  if (failed === -1) return 'saved'
  if (failed === 0) return 'conflict'
  return failed - 1
}

export async function appendChildEvent(childId: string, e: Omit<ChildTimelineEntry, 'id'>): Promise<ChildTimelineEntry> {
  const item = eventItem(childId, e)
  await transactWrite([tx.put(item)])
  const { pk, sk, ...entry } = item
  return entry as ChildTimelineEntry
}

/** The timeline, newest first, one page at a time. */
export async function childTimeline(childId: string, page: { limit: number; cursor?: string }): Promise<{ items: ChildTimelineEntry[]; cursor?: string }> {
  const out = await queryPage<Item & ChildTimelineEntry>({ pk: `CHILD#${childId}`, skPrefix: 'EVENT#', newestFirst: true, consistent: true, ...page })
  return { items: out.items.map(({ pk, sk, ...e }) => e as ChildTimelineEntry), cursor: out.cursor }
}

/** The timeline entry a retried submission already wrote (found through its idempotency record). */
export async function childEvent(childId: string, entryId: string): Promise<ChildTimelineEntry | undefined> {
  const item = await getItem<Item & ChildTimelineEntry>(`CHILD#${childId}`, `EVENT#${entryId}`, true)
  if (!item) return undefined
  const { pk, sk, ...e } = item
  return e as ChildTimelineEntry
}

// byOwner `REPORTCHILD#<reportId>` finds the files a report is linked to (a red report's
// intervention goes on the child's timeline: report-intervention.ts).
export const reportLinkItem = (childId: string, reportId: string): Item => ({
  pk: `CHILD#${childId}`,
  sk: `LINK#REPORT#${reportId}`,
  reportId,
  ownerPk: `REPORTCHILD#${reportId}`,
  ownerSk: `CHILD#${childId}`,
  row: { childId },
})

/** The files a report was linked to (one Query on the link items' byOwner keys). */
export async function childIdsForReport(reportId: string): Promise<string[]> {
  return (await query<{ row: { childId: string } }>({ index: 'byOwner', pk: `REPORTCHILD#${reportId}` })).map((i) => i.row.childId)
}

/** The files a report was linked to, each with its name and village (one Query, one BatchGet). */
export async function childrenForReport(reportId: string): Promise<{ id: string; name: string; villageCode: string }[]> {
  const ids = await childIdsForReport(reportId)
  if (!ids.length) return []
  const found = await batchGet<ChildRecord>(ids.map(childKey))
  return found.map((c) => ({ id: c.id, name: c.name, villageCode: c.villageCode }))
}

// ---- lists ---------------------------------------------------------------------------------------------

const areaIndex: Record<StaffRole, { index: IndexName; prefix: string }> = {
  village_director: { index: 'byVillage', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', prefix: 'COUNTY#' },
}
const indexAttrNames: Record<IndexName, [string, string]> = {
  byVillage: ['villagePk', 'villageSk'],
  byTownship: ['townshipPk', 'townshipSk'],
  byCounty: ['countyPk', 'countySk'],
  byOwner: ['ownerPk', 'ownerSk'],
  byDue: ['duePk', 'dueSk'],
}

/** Which index serves an area: a village code → byVillage, a township → byTownship, a county → byCounty. */
export function areaOf(role: StaffRole, divisionCode: string, village?: string): { index: IndexName; pk: string } {
  if (village) return { index: 'byVillage', pk: `VILLAGE#${village}` }
  const { index, prefix } = areaIndex[role]
  return { index, pk: `${prefix}${divisionCode}` }
}

/** Thrown for a cursor that does not belong to the query (a client's mistake, answered with 400). */
export class BadCursor extends Error {}

/**
 * One page of list rows of an area, in due order, optionally only one colour and only those
 * becoming overdue by `upTo` (an ISO instant). Rows come from `row` alone.
 */
export async function childRows(
  area: { index: IndexName; pk: string },
  opts: { colour?: string; upTo?: string; limit: number; cursor?: string; withEntrustment?: boolean; redOpen?: boolean },
): Promise<{ rows: ChildListRow[]; cursor?: string }> {
  const [pkName, skName] = indexAttrNames[area.index]
  const values: Record<string, unknown> = { ':pk': area.pk, ':from': 'CHILD#', ':to': opts.upTo ? `CHILD#${opts.upTo}~` : 'CHILD#~~' }
  const names: Record<string, string> = { '#pk': pkName, '#sk': skName }
  const filters: string[] = []
  if (opts.colour) {
    names['#row'] = 'row'
    names['#colour'] = 'colour'
    values[':colour'] = opts.colour
    filters.push('#row.#colour = :colour')
  }
  if (opts.redOpen) {
    names['#row'] = 'row'
    names['#redOpen'] = 'redOpen'
    values[':redOpen'] = true
    filters.push('#row.#redOpen = :redOpen')
  }
  if (opts.withEntrustment) {
    names['#row'] = 'row'
    names['#entrustment'] = 'entrustmentId'
    filters.push('attribute_exists(#row.#entrustment)')
  }
  const filter = filters.length ? filters.join(' AND ') : undefined
  let startKey: Record<string, unknown> | undefined
  try {
    startKey = opts.cursor ? JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8')) : undefined
    if (startKey !== undefined && (typeof startKey !== 'object' || startKey === null || Array.isArray(startKey))) throw new BadCursor()
  } catch {
    throw new BadCursor()
  }
  const rows: ChildListRow[] = []
  // A colour filter can leave a page short; keep reading until the page is full or the list ends,
  // so "more" is only said when there is more.
  let lastKey: Record<string, unknown> | undefined = startKey
  do {
    let out
    try {
      out = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: area.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          FilterExpression: filter,
          ProjectionExpression: undefined,
          Limit: opts.limit - rows.length,
          ExclusiveStartKey: lastKey as any,
        }),
      )
    } catch (e) {
      if (opts.cursor && (e as Error).name === 'ValidationException') throw new BadCursor()
      throw e
    }
    for (const it of out.Items ?? []) rows.push(unmarshall(it).row as ChildListRow)
    lastKey = out.LastEvaluatedKey as Record<string, unknown> | undefined
  } while (lastKey && rows.length < opts.limit)
  return { rows, cursor: lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined }
}

/** Every row of an area becoming overdue by `upTo` (for counts): bounded by how many are overdue, small rows only. */
export async function allOverdueRows(area: { index: IndexName; pk: string }, upTo: string): Promise<ChildListRow[]> {
  const items = await query<{ row: ChildListRow }>({ index: area.index, pk: area.pk, skBetween: ['CHILD#', `CHILD#${upTo}~`] })
  return items.map((i) => i.row)
}

/** The township's (or county's) queue of hard-to-judge grades, oldest first. */
export async function gradeConfirmations(role: StaffRole, divisionCode: string, page: { limit: number; cursor?: string }) {
  const { index, prefix } = areaIndex[role]
  const out = await queryPage<{ row: Record<string, unknown> }>({ index, pk: `${prefix}${divisionCode}`, skPrefix: 'CONFIRM#', ...page })
  return { rows: out.items.map((i) => i.row), cursor: out.cursor }
}

// ---- audit of reads ----------------------------------------------------------------------------------

/**
 * Kept three years, then deleted by TTL: long enough to answer a family's or an inspector's
 * question about who looked at a child's file (PIPL §35–§37: minors' data is sensitive and its
 * handling must be accountable; 网络安全法 §21 asks at least six months of access logs), and
 * no longer, since the log itself says which children a staff member looked at.
 */
const AUDIT_RETENTION_SECONDS = 3 * 365 * 24 * 3600

export async function auditChildRead(childId: string, user: { id: string; role: string; displayName: string }, what: string, now = new Date()): Promise<void> {
  await putItem({
    pk: `AUDIT#CHILD#${childId}`,
    sk: `${now.toISOString()}#${user.id}#${Math.random().toString(36).slice(2, 6)}`,
    childId,
    userId: user.id,
    role: user.role,
    name: user.displayName,
    what,
    at: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + AUDIT_RETENTION_SECONDS,
  })
}

/** One audit line per child read in a list page (each child once), written in batches, not one request per row. */
export async function auditChildReads(reads: { childId: string; what: string }[], user: { id: string; role: string; displayName: string }, now = new Date()): Promise<void> {
  const seen = new Set<string>()
  const items: Item[] = []
  for (const r of reads) {
    if (seen.has(r.childId)) continue
    seen.add(r.childId)
    items.push({
      pk: `AUDIT#CHILD#${r.childId}`,
      sk: `${now.toISOString()}#${user.id}#${Math.random().toString(36).slice(2, 6)}`,
      childId: r.childId,
      userId: user.id,
      role: user.role,
      name: user.displayName,
      what: r.what,
      at: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + AUDIT_RETENTION_SECONDS,
    })
  }
  await batchPut(items)
}

export async function childReadAudit(childId: string, limit = 100) {
  return query<{ userId: string; role: string; name: string; what: string; at: string; expiresAt: number }>({ pk: `AUDIT#CHILD#${childId}`, newestFirst: true, limit })
}

/**
 * 待同步 a child-file sync owed by an entrustment change (issue #7): written in the same
 * transaction as the verified (or parents-returned) entrustment, so the duty to update the
 * children's files cannot be lost between the two writes; removed once the files are updated.
 * While it exists it sits on the CHILD_SYNC due list, and the scheduler retries it.
 *
 * | item | pk / sk | indexes |
 * |------|---------|---------|
 * | sync owed | `ENTRUST#<id>` / `CHILDSYNC#<version>` | byDue `DUE#CHILD_SYNC#<shard>` while owed |
 */
export const CHILD_SYNC = 'CHILD_SYNC'
/** The first retry waits this long, so the attempt made right after the save is not raced. */
export const CHILD_SYNC_FIRST_RETRY_MS = 2 * 60_000

export interface ChildSyncOwed {
  entrustmentId: string
  /** The entrustment version whose change this sync carries out. */
  entrustmentVersion: number
  action: 'verify' | 'returned'
  actor: { id: string; role: string; displayName: string }
  createdAt: string
  attempts: number
  lastError?: string
}

export const childSyncKey = (entrustmentId: string, version: number) => ({ pk: `ENTRUST#${entrustmentId}`, sk: `CHILDSYNC#${String(version).padStart(6, '0')}` })

export function childSyncItem(s: ChildSyncOwed, now: Date): Item {
  const key = childSyncKey(s.entrustmentId, s.entrustmentVersion)
  return { ...key, ...s, ...dueAttrs(CHILD_SYNC, `${s.entrustmentId}:${s.entrustmentVersion}`, new Date(now.getTime() + CHILD_SYNC_FIRST_RETRY_MS).toISOString()) }
}

export async function getChildSync(pk: string, sk: string): Promise<(ChildSyncOwed & { dueSk?: string }) | undefined> {
  return getItem<ChildSyncOwed & { dueSk?: string }>(pk, sk, true)
}

/** The files are updated: the sync is no longer owed. */
export async function clearChildSync(entrustmentId: string, version: number): Promise<void> {
  const { pk, sk } = childSyncKey(entrustmentId, version)
  await dynamo().send(new DeleteItemCommand({ TableName: tableName(), Key: marshall({ pk, sk }) }))
}

/** A retry failed: try again later (doubling, at most a day apart), only if nobody else moved it. */
export async function rescheduleChildSync(s: ChildSyncOwed & { dueSk?: string }, seenDueSk: string, error: string, now: Date): Promise<boolean> {
  const attempts = s.attempts + 1
  const wait = Math.min(CHILD_SYNC_FIRST_RETRY_MS * 2 ** attempts, 24 * 3600_000)
  const due = dueAttrs(CHILD_SYNC, `${s.entrustmentId}:${s.entrustmentVersion}`, new Date(now.getTime() + wait).toISOString())
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: marshall(childSyncKey(s.entrustmentId, s.entrustmentVersion)),
        UpdateExpression: 'SET attempts = :a, lastError = :e, duePk = :pk, dueSk = :sk',
        ConditionExpression: 'dueSk = :seen',
        ExpressionAttributeValues: marshall({ ':a': attempts, ':e': error.slice(0, 200), ':pk': due.duePk, ':sk': due.dueSk, ':seen': seenDueSk }),
      }),
    )
    return true
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false
    throw e
  }
}

// ---- moves: transfer to another village, merge of two files (issue #7) ----------------------------------

/**
 * | item | pk / sk | indexes |
 * |------|---------|---------|
 * | transfer waiting | `CHILD#id` / `TRANSFER` | byVillage `VILLAGE#<receiving>` / `TRANSFER#<at>#<id>` (the 「待接收」 list) |
 */
export const transferKey = (childId: string) => ({ pk: `CHILD#${childId}`, sk: 'TRANSFER' })

export function transferItem(c: ChildRecord, t: ChildTransfer, version: number): Item {
  const row: IncomingTransferRow = {
    childId: c.id,
    name: c.name,
    sex: c.sex,
    birthDate: c.birthDate,
    fromVillageName: t.fromVillageName,
    reason: t.reason,
    ...(t.movedOn ? { movedOn: t.movedOn } : {}),
    requestedBy: t.requestedBy.name,
    requestedAt: t.requestedAt,
    version,
  }
  return { ...transferKey(c.id), villagePk: `VILLAGE#${t.toVillageCode}`, villageSk: `TRANSFER#${t.requestedAt}#${c.id}`, row }
}

export async function incomingTransfers(villageCode: string, page: { limit: number; cursor?: string }) {
  const out = await queryPage<{ row: IncomingTransferRow }>({ index: 'byVillage', pk: `VILLAGE#${villageCode}`, skPrefix: 'TRANSFER#', limit: page.limit, cursor: page.cursor })
  return { items: out.items.map((i) => i.row), cursor: out.cursor }
}

/** Files sharing a duplicate key (list rows only), at most `limit`. */
export async function filesWithKey(key: string, limit: number) {
  return queryPage<{ row: ChildListRow }>({ index: 'byOwner', pk: key, skPrefix: 'CHILD#', limit })
}

export async function childrenByIds(ids: string[]): Promise<ChildRecord[]> {
  if (!ids.length) return []
  const items = await batchGet<Record<string, unknown>>(ids.map((id) => childKey(id)))
  return items.map(fromItem)
}

/**
 * Saves the kept file and the pointer the other becomes, in one transaction, each under its
 * own version. 'saved', or which of the two someone changed meanwhile.
 */
export async function saveMerge(
  keep: { previous: ChildRecord; next: ChildRecord; row: ChildListRow; side: ChildSideWrites },
  other: { previous: ChildRecord; next: ChildRecord; row: ChildListRow; side: ChildSideWrites },
  graceMs: number,
): Promise<'saved' | 'keep_changed' | 'other_changed'> {
  const keepItem = childItem({ ...keep.next, version: keep.previous.version + 1 }, keep.row, graceMs)
  const otherItem = childItem({ ...other.next, version: other.previous.version + 1 }, other.row, graceMs)
  // Not tx.putIfVersion: a new file is stored at version 0, which that helper reads as "no version yet".
  const otherPut: TransactWriteItem = {
    Put: {
      TableName: tableName(),
      Item: marshall(otherItem, { removeUndefinedValues: true, convertClassInstanceToMap: true }),
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: marshall({ ':version': other.previous.version }),
    },
  }
  const failed = await saveVersioned(keepItem, keep.previous.version, [otherPut, ...sideItems(keep.next, keep.side), ...sideItems(other.next, other.side)])
  return failed === -1 ? 'saved' : failed === 1 ? 'other_changed' : 'keep_changed'
}

/**
 * The merged file's timeline entries copied onto the kept file, under their own sort keys, so
 * running the copy again (a retried merge) writes the same items, never a second copy.
 */
export async function copyTimeline(fromId: string, toId: string): Promise<number> {
  let cursor: string | undefined
  let copied = 0
  do {
    const page = await queryPage<Item & ChildTimelineEntry>({ pk: `CHILD#${fromId}`, skPrefix: 'EVENT#', limit: 100, cursor, consistent: true })
    const items = page.items
      .filter((e) => e.kind !== 'merged')
      .map((e) => ({ ...e, pk: `CHILD#${toId}`, sk: `${e.sk}#${fromId}`, id: `${e.id}#${fromId}`, mergedFrom: fromId }))
    if (items.length) await batchPut(items)
    copied += items.length
    cursor = page.cursor
  } while (cursor)
  return copied
}

/** An area's 「已结档」 list, newest first (rows only: no read per row). */
export async function closedFiles(area: { index: IndexName; pk: string }, page: { limit: number; cursor?: string }) {
  const out = await queryPage<{ row: ClosedChildRow }>({ index: area.index, pk: area.pk, skPrefix: 'CLOSED#', limit: page.limit, cursor: page.cursor, newestFirst: true })
  return { items: out.items.map((i) => i.row), cursor: out.cursor }
}
