import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import type { ChildTimelineEntry, Referral, ReferralRow, StaffRole } from '@shouhu/shared'
import { dueAttrs } from './due'
import { eventItem } from './children'
import { getItem, type IndexName, type Item, putItem, query, queryPage, saveVersioned, transactWrite, tx } from './table'
import { departmentPk } from './users'

/**
 * 转介 referrals to county departments (issue #11). One item per referral; small link items
 * put it on the child's file and the report it came from:
 *
 * | item            | pk / sk                              | indexes |
 * |-----------------|--------------------------------------|---------|
 * | referral        | `REFERRAL#id` / `REFERRAL`           | byVillage/byTownship/byCounty `REFERRAL#<OPEN\|CLOSED>#<sent at>#id` (each area's open referrals, oldest first); byDue `DUE#REFERRAL#nn` at the next timer |
 * | department row  | `REFERRAL#id` / `DEPT`               | byOwner `DEPT#<county>#<department>`, same sort key: the department's own list, its row naming the child only when the name is shared |
 * | child link      | `CHILD#childId` / `REFERRAL#id`      | — (the file lists its referrals with their current state) |
 * | report link     | `REPORT#reportId` / `REFERRAL#id`    | — |
 * | idempotency     | `IDEM#<hash>` / `IDEM`               | — (TTL) |
 * | read audit      | `AUDIT#REFERRAL#id` / `<time>#<user>`| — (TTL) |
 *
 * Every list-facing item carries `row`, built from the referral alone: lists never read records.
 */
export const REFERRAL_DUE = 'REFERRAL'

export const referralKey = (id: string) => ({ pk: `REFERRAL#${id}`, sk: 'REFERRAL' })

export function referralRow(r: Referral, childName: string | undefined): ReferralRow {
  return {
    id: r.id,
    department: r.department,
    reasons: r.reasons,
    urgency: r.urgency,
    state: r.state,
    stale: !!r.staleSince,
    villageName: r.villageName,
    ...(childName ? { childName } : {}),
    createdAt: r.createdAt,
    acknowledgeDueAt: r.acknowledgeDueAt,
    ...(r.outcome ? { outcome: r.outcome.kind } : {}),
  }
}

/** The next instant a timer must look at the referral: the acknowledgement target, then the stale limit. */
export function nextReferralDueAt(r: Referral): string | undefined {
  if (r.state === 'closed') return undefined
  if (r.state === 'sent' && !r.ackRemindedAt) return r.acknowledgeDueAt
  if (!r.staleSince) return r.staleAt
  return undefined
}

const openness = (r: Referral) => (r.state === 'closed' ? 'CLOSED' : 'OPEN')
const listSk = (r: Referral) => `REFERRAL#${openness(r)}#${r.createdAt}#${r.id}`

/**
 * The stored item. The department's rows carry the child's name only when the name is shared
 * with it; staff rows always do.
 */
function referralItem(r: Referral, childName: string): Item {
  const sk = listSk(r)
  const due = nextReferralDueAt(r)
  const row = referralRow(r, childName)
  return {
    ...referralKey(r.id),
    ...r,
    childName,
    row,
    villagePk: `VILLAGE#${r.villageCode}`,
    villageSk: sk,
    townshipPk: `TOWNSHIP#${r.townshipCode}`,
    townshipSk: sk,
    countyPk: `COUNTY#${r.countyCode}`,
    countySk: sk,
    ...(due ? dueAttrs(REFERRAL_DUE, r.id, due) : {}),
  }
}

const links = (r: Referral, childName: string): Item[] => [
  // The department's list item: its own row names the child only when the name was shared.
  { pk: `REFERRAL#${r.id}`, sk: 'DEPT', ownerPk: departmentPk(r.countyCode, r.department), ownerSk: listSk(r), row: referralRow(r, r.shared.includes('name') ? childName : undefined) },
  { pk: `CHILD#${r.childId}`, sk: `REFERRAL#${r.id}`, row: referralRow(r, childName) },
  ...(r.reportId ? [{ pk: `REPORT#${r.reportId}`, sk: `REFERRAL#${r.id}`, row: referralRow(r, childName) }] : []),
]

const strip = ['pk', 'sk', 'row', 'childName', 'villagePk', 'villageSk', 'townshipPk', 'townshipSk', 'countyPk', 'countySk', 'ownerPk', 'ownerSk', 'duePk', 'dueSk']
function fromItem(item: Record<string, unknown>): { referral: Referral; childName: string } {
  const r = { ...item }
  for (const k of strip) delete r[k]
  return { referral: r as Referral, childName: String(item.childName ?? '') }
}

export async function getReferral(id: string): Promise<{ referral: Referral; childName: string } | undefined> {
  const item = await getItem<Record<string, unknown>>(referralKey(id).pk, referralKey(id).sk, true)
  return item && fromItem(item)
}

const IDEMPOTENCY_TTL_SECONDS = 48 * 3600

/**
 * Stores a new referral with its links, the child's timeline entry and the idempotency record,
 * all or nothing. A key already used answers the referral it created (or its body's hash, so a
 * different body under the same key is refused).
 */
export async function createReferral(
  r: Referral,
  childName: string,
  idempotency: { keyHash: string; bodyHash: string },
  timeline: Omit<ChildTimelineEntry, 'id'>,
): Promise<{ created: true } | { created: false; referralId?: string; bodyHash?: string }> {
  const failed = await transactWrite([
    tx.put({ pk: `IDEM#${idempotency.keyHash}`, sk: 'IDEM', referralId: r.id, bodyHash: idempotency.bodyHash, expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS }, { ifAbsent: true }),
    tx.put(referralItem(r, childName), { ifAbsent: true }),
    ...links(r, childName).map((l) => tx.put(l)),
    tx.put(eventItem(r.childId, timeline)),
  ])
  if (failed === -1) return { created: true }
  if (failed === 0) {
    const prev = await getItem<{ referralId?: string; bodyHash?: string }>(`IDEM#${idempotency.keyHash}`, 'IDEM', true)
    return { created: false, referralId: prev?.referralId, bodyHash: prev?.bodyHash }
  }
  throw new Error(`referral ${r.id}: write ${failed} refused`)
}

/**
 * Saves a changed referral under its optimistic lock with its links and the child's timeline
 * entry. False when someone changed it meanwhile (the caller answers STALE_VERSION).
 */
export async function saveReferral(previous: Referral, next: Referral, childName: string, timeline?: Omit<ChildTimelineEntry, 'id'>): Promise<boolean> {
  const others: TransactWriteItem[] = [...links(next, childName).map((l) => tx.put(l)), ...(timeline ? [tx.put(eventItem(next.childId, timeline))] : [])]
  const failed = await saveVersioned(referralItem({ ...next, version: previous.version + 1 }, childName), previous.version, others)
  return failed === -1
}

const areaIndex: Record<StaffRole, { index: IndexName; prefix: string }> = {
  village_director: { index: 'byVillage', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', prefix: 'COUNTY#' },
}

export type ReferralListScope = { kind: 'area'; role: StaffRole; divisionCode: string } | { kind: 'department'; countyCode: string; department: string }

function scopeQuery(scope: ReferralListScope): { index: IndexName; pk: string } {
  if (scope.kind === 'department') return { index: 'byOwner', pk: departmentPk(scope.countyCode, scope.department) }
  const { index, prefix } = areaIndex[scope.role]
  return { index, pk: `${prefix}${scope.divisionCode}` }
}

/**
 * One page of an area's or a department's referrals: open ones oldest first (the longest
 * waiting on top), closed ones newest first.
 */
export async function referralRows(scope: ReferralListScope, open: boolean, page: { limit: number; cursor?: string }, department?: string): Promise<{ rows: ReferralRow[]; cursor?: string }> {
  const out = await queryPage<{ row: ReferralRow }>({
    ...scopeQuery(scope),
    skPrefix: `REFERRAL#${open ? 'OPEN' : 'CLOSED'}#`,
    newestFirst: !open,
    // One department's referrals (the overview's 「转介：教育局」 drill-down): a page may come back short, with a cursor.
    ...(department ? { filter: { path: ['row', 'department'], equals: department } } : {}),
    ...page,
  })
  return { rows: out.items.map((i) => i.row), cursor: out.cursor }
}

/** The referrals of one child (or report), each with its current state. */
export async function referralLinks(owner: { childId: string } | { reportId: string }): Promise<ReferralRow[]> {
  const pk = 'childId' in owner ? `CHILD#${owner.childId}` : `REPORT#${owner.reportId}`
  return (await query<{ row: ReferralRow }>({ pk, skPrefix: 'REFERRAL#', consistent: true, limit: 200 })).map((i) => i.row)
}

/** Same retention and reason as the child file's read audit (data/children.ts): PIPL §35–§37. */
const AUDIT_RETENTION_SECONDS = 3 * 365 * 24 * 3600

export async function auditReferralRead(referralId: string, user: { id: string; role: string; displayName: string; department?: string }, what: string, now = new Date()): Promise<void> {
  await putItem({
    pk: `AUDIT#REFERRAL#${referralId}`,
    sk: `${now.toISOString()}#${user.id}#${Math.random().toString(36).slice(2, 6)}`,
    referralId,
    userId: user.id,
    role: user.role,
    ...(user.department ? { department: user.department } : {}),
    name: user.displayName,
    what,
    at: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + AUDIT_RETENTION_SECONDS,
  })
}

export async function referralReadAudit(referralId: string, limit = 100) {
  return query<{ userId: string; role: string; department?: string; name: string; what: string; at: string }>({ pk: `AUDIT#REFERRAL#${referralId}`, newestFirst: true, limit })
}
