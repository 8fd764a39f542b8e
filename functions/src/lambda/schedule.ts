import '../due/kinds'
import { batchUnits, dueWorkUnits, runDueUnits } from '../due/registry'
import { ESCALATION_DUE } from '../data/reports'
import { DELIVERY_DUE } from '../data/notifications'
import { RENEWAL_DUE } from '../data/entrustments'
import { applicationTimerCounts } from '../workflows/application-timers'
import { invokeAsync } from './invoke'
import { log } from '../log'

/**
 * Workers the due units are spread over in the cloud (one async invocation each). With 32
 * shards per kind, worker i takes shard i of every kind — see infra/lib/schedules.ts for why
 * this clears 100,000 due items within the minute.
 */
export const DUE_WORKERS = 32

/**
 * EventBridge, every minute: all scheduled work (escalations, delivery retries, renewal
 * reminders, application timers, and every kind registered in due/kinds.ts). In the cloud it
 * only hands the (kind, shard) units to the due workers; locally it runs them itself.
 */
export async function handler(): Promise<void> {
  const worker = process.env.DUE_WORKER_FUNCTION
  if (!worker) {
    await runScheduledChecks()
    return
  }
  const now = new Date().toISOString()
  const batches = batchUnits(dueWorkUnits(), DUE_WORKERS)
  const sent = await Promise.allSettled(batches.map((units) => invokeAsync(worker, { now, units })))
  const failed = sent.filter((s) => s.status === 'rejected')
  // A batch that could not be handed out is simply picked up by the next minute's run.
  if (failed.length) log.error('due batches not handed out', { failed: failed.length, of: batches.length, error: String((failed[0] as PromiseRejectedResult).reason) })
}

/**
 * Runs every registered due kind in this process (the local runtime, tests, and the cloud
 * schedule when no worker is configured). The result keeps the names callers know.
 */
export async function runScheduledChecks(now = new Date()) {
  const run = await runDueUnits(dueWorkUnits(), now, { collect: true })
  const escalated = (run.outcomes[ESCALATION_DUE] ?? []) as { reportId: string; level: string }[]
  const deliveries = (run.outcomes[DELIVERY_DUE] ?? []) as string[]
  const renewalsReminded = (run.outcomes[RENEWAL_DUE] ?? []) as string[]
  const applications = applicationTimerCounts(run.fired)
  if (run.seen) log.info('scheduled checks', { seen: run.seen, fired: run.fired, unfinished: run.unfinished.length })
  return { escalated, deliveries, renewalsReminded, applications, fired: run.fired, unfinished: run.unfinished }
}
