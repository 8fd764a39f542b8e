import '../due/kinds'
import type { Context } from 'aws-lambda'
import { type DueUnit, runDueUnits } from '../due/registry'
import { log } from '../log'

export interface DueBatch {
  /** The scheduled minute (ISO): every worker of one tick uses the same "now". */
  now: string
  units: DueUnit[]
}

/** Stop taking new pages this long before the function's timeout. */
const SAFETY_MS = 10_000

/**
 * One batch of (kind, shard) units from the scheduler, run within the time budget. What a
 * worker cannot finish is left to the next minute's run, which starts each shard at its oldest
 * due item again (handled items have left the index): bounded work per invocation, no
 * invocation chains, nothing lost. See infra/lib/schedules.ts for the sizing.
 */
export async function handler(event: DueBatch, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ seen: number; unfinished: number }> {
  const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000
  const run = await runDueUnits(event.units, new Date(event.now), { parallel: event.units.length, deadline: Date.now() + remaining - SAFETY_MS })
  if (run.unfinished.length) log.warn('due work left for the next minute', { units: run.unfinished.length })
  if (run.seen) log.info('due batch', { seen: run.seen, fired: run.fired, unfinished: run.unfinished.length })
  return { seen: run.seen, unfinished: run.unfinished.length }
}
