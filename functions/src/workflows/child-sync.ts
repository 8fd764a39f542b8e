import { type Entrustment, type Role, chinaToday, determineLeftBehind, leftBehindFacts } from '@shouhu/shared'
import { type ChildSyncOwed, childSyncItem, clearChildSync, getChildSync, rescheduleChildSync } from '../data/children'
import type { DueItem } from '../data/due'
import { getEntrustment } from '../data/entrustments'
import { log } from '../log'
import { type ChildActor, childFromEntrustment, childrenParentsReturned } from './children'

/**
 * The child's file follows its entrustment (issue #7): a verified entrustment creates or updates
 * each qualifying child's file; parents back home end the left-behind status there. The duty is
 * written with the entrustment's own change (`childSyncSideWrite`, one transaction), tried at
 * once after the save, and — if that attempt fails (a throttled table, a timed-out function) —
 * retried by the scheduler until the files are updated. Each attempt is idempotent (the file
 * records which entrustments it has taken in), so a retry never adds a second timeline entry.
 */

export type ChildSyncAction = ChildSyncOwed['action']

/** The side write that makes the sync owed, for the entrustment change saved at `nextVersion`. */
export function childSyncSideWrite(e: Pick<Entrustment, 'id'>, nextVersion: number, action: ChildSyncAction, actor: ChildActor, now: Date) {
  const owed: ChildSyncOwed = {
    entrustmentId: e.id,
    entrustmentVersion: nextVersion,
    action,
    actor: { id: actor.id, role: actor.role, displayName: actor.displayName },
    createdAt: now.toISOString(),
    attempts: 0,
  }
  return { kind: 'put' as const, item: childSyncItem(owed, now) }
}

/** Carries out the sync for the entrustment as it is now. */
async function syncChildFiles(e: Entrustment, action: ChildSyncAction, actor: ChildActor): Promise<void> {
  if (action === 'verify') {
    const today = chinaToday()
    // A child whose other parent has died is not left behind (004 §2(一)) but is a single-parent
    // child, whom the director keeps on the ledger and visits all the same (004 §5 末段).
    const singleParent = e.parents.some((p) => p.situation === 'deceased')
    const qualifying = e.children.filter((c) => {
      if (singleParent) return true
      const d = determineLeftBehind(leftBehindFacts(c, e.parents), today)
      return !!d.from && today < d.until
    })
    if (qualifying.length) await childFromEntrustment({ ...e, children: qualifying }, actor)
  } else {
    await childrenParentsReturned(e, actor)
  }
}

/**
 * The attempt right after the save. A failure is logged, not turned into an error for a step
 * that succeeded: the owed item stays and the scheduler retries it.
 */
export async function syncChildFilesNow(e: Entrustment, action: ChildSyncAction, actor: ChildActor): Promise<boolean> {
  try {
    await syncChildFiles(e, action, actor)
    await clearChildSync(e.id, e.version)
    return true
  } catch (err) {
    log.error('child file not updated after entrustment change; the scheduler will retry', { entrustmentId: e.id, action, error: (err as Error).name, detail: (err as Error).message })
    return false
  }
}

/** Scheduler (CHILD_SYNC): an owed sync whose first attempt failed. */
export async function fireChildSync(item: DueItem, now: Date): Promise<boolean> {
  const owed = await getChildSync(item.pk, item.sk)
  // Already done (the index lags the delete), or moved on by another run.
  if (!owed || owed.dueSk !== item.dueSk) return false
  const e = await getEntrustment(owed.entrustmentId)
  if (!e) {
    await clearChildSync(owed.entrustmentId, owed.entrustmentVersion)
    return false
  }
  try {
    await syncChildFiles(e, owed.action, { ...owed.actor, role: owed.actor.role as Role })
  } catch (err) {
    const error = err instanceof Error ? err.name : String(err)
    log.error('child file sync retry failed', { entrustmentId: owed.entrustmentId, attempts: owed.attempts + 1, error })
    await rescheduleChildSync(owed, item.dueSk, error, now)
    return false
  }
  await clearChildSync(owed.entrustmentId, owed.entrustmentVersion)
  log.info('child file sync retried and done', { entrustmentId: owed.entrustmentId, attempts: owed.attempts + 1 })
  return true
}
