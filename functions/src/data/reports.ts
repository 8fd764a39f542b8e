import { type Report, type ReportEvent, type ReportStatus, type StaffRole, colourRank } from '@shouhu/shared'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { tableName } from './client'
import { dueAttrs } from './due'
import { AUDIT_EVENT_KINDS, expiresAfter, retention } from './retention'
import { batchGet, getItem, query, queryPage, saveVersioned, transactWrite, tx, type IndexName, type Item } from './table'

/** 强制报告 records: one item per report, its events beside it in the same partition. */
/** The due kind of a red report's acknowledgement deadline. */
export const ESCALATION_DUE = 'ESCALATION'

const reportKey = (id: string) => ({ pk: `REPORT#${id}`, sk: 'REPORT' })

// Far-future minus time, so an ascending index walk returns the newest first within a colour.
const invertedTime = (iso: string) => String(9_999_999_999_999 - Date.parse(iso)).padStart(13, '0')

/**
 * Queue order, encoded once in the sort key so every level reads the same order with one
 * Query: open before closed, red before yellow before blue before green, newest first.
 */
export function queueSortKey(r: Pick<Report, 'status' | 'colour' | 'createdAt' | 'id'>): string {
  return `REPORT#${r.status === 'closed' ? 1 : 0}#${colourRank[r.colour]}#${invertedTime(r.createdAt)}#${r.id}`
}

/**
 * What a report's list rows show (the staff queue and the reporter's own list), projected into
 * the list indexes as `row`: never the description, the reporter's contact or anything else the
 * detail view alone needs.
 */
export const REPORT_ROW_FIELDS = [
  'id', 'trackingCode', 'villageCode', 'townshipCode', 'situations', 'childDescription', 'triagedColour', 'colour', 'status',
  'createdAt', 'updatedAt', 'acknowledgedAt', 'closedAt', 'outcome', 'escalationLevel', 'escalationDueAt', 'anonymous', 'version',
  // Which reporters may hold a duty receipt (a teacher, a doctor…): the reporter's own list reads
  // just those reports whole, never who they are from the row.
  'reporterRelation',
  // A red report without it is shown as 未记录处置 on every queue.
  'interventionRecordedAt',
] as const satisfies readonly (keyof Report)[]
export type ReportRow = Pick<Report, (typeof REPORT_ROW_FIELDS)[number]>

export const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>

function toItem(r: Report): Item {
  const sortKey = queueSortKey(r)
  return {
    ...reportKey(r.id),
    ...r,
    row: pick(r, REPORT_ROW_FIELDS),
    villagePk: `VILLAGE#${r.villageCode}`,
    villageSk: sortKey,
    townshipPk: `TOWNSHIP#${r.townshipCode}`,
    townshipSk: sortKey,
    countyPk: `COUNTY#${r.countyCode}`,
    countySk: sortKey,
    ...(r.ownerId ? { ownerPk: `USER#${r.ownerId}`, ownerSk: `REPORT#${r.createdAt}` } : {}),
    // Sparse: only reports someone must still answer appear in the scheduler's due list.
    ...(r.escalationDueAt ? dueAttrs(ESCALATION_DUE, r.id, r.escalationDueAt) : {}),
  }
}

function fromItem(item: Record<string, unknown>): Report {
  const { pk, sk, row, villagePk, villageSk, townshipPk, townshipSk, countyPk, countySk, ownerPk, ownerSk, duePk, dueSk, ...report } =
    item
  return report as Report
}

const eventItem = (reportId: string, e: ReportEvent, seq = 0): Item => ({
  pk: `REPORT#${reportId}`,
  sk: `EVENT#${e.at}#${seq}#${Math.random().toString(36).slice(2, 8)}`,
  ...e,
  // A staff member reading the reporter's contact is audit, kept as long as the law asks (retention.ts).
  ...(AUDIT_EVENT_KINDS.has(e.kind) ? { expiresAt: expiresAfter(retention.auditDays, e.at) } : {}),
})

export type CreateOutcome =
  | { kind: 'created'; report: Report }
  | { kind: 'replayed'; report: Report }
  | { kind: 'mismatch' }
  | { kind: 'tracking-code-taken' }


/**
 * Stores a new report, its tracking code, its first event and the idempotency record in one
 * transaction, so a report is never half-written and a retried submission finds the first one.
 */
export async function createReport(report: Report, idempotency: { keyHash: string; bodyHash: string }): Promise<CreateOutcome> {
  const idemKey = { pk: `IDEM#${idempotency.keyHash}`, sk: 'IDEM' }
  const failed = await transactWrite([
    tx.put(
      {
        ...idemKey,
        reportId: report.id,
        bodyHash: idempotency.bodyHash,
        expiresAt: expiresAfter(retention.idempotencyDays),
      },
      { ifAbsent: true },
    ),
    tx.put(toItem(report), { ifAbsent: true }),
    tx.put({ pk: `TRACK#${report.trackingCode}`, sk: 'TRACK', reportId: report.id }, { ifAbsent: true }),
    tx.put(eventItem(report.id, { at: report.createdAt, kind: 'created' })),
  ])
  if (failed === 0) {
    const previous = await getItem<{ reportId: string; bodyHash: string }>(idemKey.pk, idemKey.sk, true)
    if (!previous) return { kind: 'mismatch' }
    if (previous.bodyHash !== idempotency.bodyHash) return { kind: 'mismatch' }
    const existing = await getReport(previous.reportId)
    return existing ? { kind: 'replayed', report: existing } : { kind: 'mismatch' }
  }
  if (failed === 2) return { kind: 'tracking-code-taken' }
  if (failed !== -1) throw new Error(`report ${report.id} already exists`)
  return { kind: 'created', report }
}

export async function getReport(id: string): Promise<Report | undefined> {
  const item = await getItem<Record<string, unknown>>(reportKey(id).pk, reportKey(id).sk, true)
  return item && fromItem(item)
}

export async function reportIdForTrackingCode(code: string): Promise<string | undefined> {
  return (await getItem<{ reportId: string }>(`TRACK#${code}`, 'TRACK'))?.reportId
}

/**
 * Gives the report a new tracking code and moves its access generation on, so every earlier
 * code and device token stops working; the old code's item is deleted in the same write.
 * False when the report changed meanwhile, or (astronomically rare) the new code is taken.
 */
export async function rotateReportAccess(previous: Report, trackingCode: string, at: string): Promise<Report | undefined> {
  const next: Report = { ...previous, trackingCode, accessGeneration: (previous.accessGeneration ?? 0) + 1, version: previous.version + 1 }
  const saved = await saveVersioned(toItem(next), previous.version, [
    { Delete: { TableName: tableName(), Key: marshall({ pk: `TRACK#${previous.trackingCode}`, sk: 'TRACK' }) } },
    tx.put({ pk: `TRACK#${trackingCode}`, sk: 'TRACK', reportId: previous.id }, { ifAbsent: true }),
    tx.put(eventItem(previous.id, { at, kind: 'access_rotated' })),
  ])
  return saved === -1 ? next : undefined
}

export async function reportEvents(id: string): Promise<ReportEvent[]> {
  const items = await query<ReportEvent & Item>({ pk: `REPORT#${id}`, skPrefix: 'EVENT#', consistent: true })
  return items.map(({ pk, sk, expiresAt, ...e }) => e as ReportEvent)
}

const queueIndex: Record<StaffRole, { index: IndexName; prefix: string; code: (r: Report) => string }> = {
  village_director: { index: 'byVillage', prefix: 'VILLAGE#', code: (r) => r.villageCode },
  township_supervisor: { index: 'byTownship', prefix: 'TOWNSHIP#', code: (r) => r.townshipCode },
  county_officer: { index: 'byCounty', prefix: 'COUNTY#', code: (r) => r.countyCode },
}

/** A staff member's queue: one page of the reports of their division, in queue order (see `queueSortKey`). */
export async function reportsInDivision(
  role: StaffRole,
  divisionCode: string,
  status: 'open' | 'closed' | 'all' | 'received' | 'acknowledged',
  page: { limit: number; cursor?: string },
): Promise<{ reports: ReportRow[]; cursor?: string }> {
  const { index, prefix } = queueIndex[role]
  const skPrefix = status === 'closed' ? 'REPORT#1#' : status === 'all' ? 'REPORT#' : 'REPORT#0#'
  // 待确认 / 处理中 are both open: read the open part of the queue, keep that status (the overview's drill-down).
  const filter = status === 'received' || status === 'acknowledged' ? { path: ['row', 'status'], equals: status } : undefined
  const { items, cursor } = await queryPage<{ row: ReportRow }>({ index, pk: `${prefix}${divisionCode}`, skPrefix, ...(filter ? { filter } : {}), ...page })
  return { reports: items.map((i) => i.row), cursor }
}

/** One page of the reports a named reporter filed, newest first. */
export async function reportsOwnedBy(userId: string, page: { limit: number; cursor?: string }): Promise<{ reports: ReportRow[]; cursor?: string }> {
  const { items, cursor } = await queryPage<{ row: ReportRow }>({ index: 'byOwner', pk: `USER#${userId}`, skPrefix: 'REPORT#', newestFirst: true, ...page })
  return { reports: items.map((i) => i.row), cursor }
}

/** Whole reports, one batched read (a resident's own list, for the few that carry a receipt). */
export async function getReports(ids: string[]): Promise<Report[]> {
  if (!ids.length) return []
  return (await batchGet<Record<string, unknown>>(ids.map(reportKey))).map(fromItem)
}

/** The report behind a due-index entry (`REPORT#id` / `REPORT`). */
export const reportIdOfKey = (pk: string) => pk.slice('REPORT#'.length)

/**
 * Saves a changed report and the events that explain it, only if nobody changed the report
 * since `previous` was read (optimistic lock on `version`). Returns false when someone did.
 */
export async function saveReportChange(previous: Report, next: Report, events: ReportEvent[], alongside: TransactWriteItem[] = []): Promise<boolean> {
  const item = toItem({ ...next, version: previous.version + 1 })
  return (await saveVersioned(item, previous.version, [...events.map((e, i) => tx.put(eventItem(previous.id, e, i))), ...alongside])) === -1
}

/** Records an event that does not change the report itself (e.g. an audited view of the reporter). */
export async function appendReportEvent(reportId: string, e: ReportEvent): Promise<void> {
  await transactWrite([tx.put(eventItem(reportId, e))])
}
