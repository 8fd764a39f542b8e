import '../due/kinds'
import type { Context } from 'aws-lambda'
import { type DueUnit, runDueUnits } from '../due/registry'
import { invokeAsync } from './invoke'
import { log } from '../log'

export interface DueBatch {
  /** The scheduled minute (ISO): every worker of one tick uses the same "now". */
  now: string
  units: DueUnit[]
  /** How many times this batch was continued by the worker itself. */
  hop?: number
}

/** Stop taking new pages this long before the function's timeout, to hand back cursors cleanly. */
const SAFETY_MS = 10_000
/**
 * A batch continues itself at most this often. Past that (a backlog no minute can clear) it
 * leaves the rest to the next minute's run, which starts the shards from their oldest item
 * again, so nothing is lost and no invocation chain runs away.
 */
const MAX_HOPS = 2

/** One batch of (kind, shard) units from the scheduler: run them within the time budget. */
export async function handler(event: DueBatch, context?: Pick<Context, 'getRemainingTimeInMillis' | 'functionName'>): Promise<{ seen: number; unfinished: number }> {
  const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000
  const run = await runDueUnits(event.units, new Date(event.now), { parallel: event.units.length, deadline: Date.now() + remaining - SAFETY_MS })
  const hop = event.hop ?? 0
  if (run.unfinished.length) {
    if (hop < MAX_HOPS && context?.functionName) {
      await invokeAsync(context.functionName, { now: event.now, units: run.unfinished, hop: hop + 1 } satisfies DueBatch)
    } else {
      log.warn('due work left for the next minute', { units: run.unfinished.length, hop })
    }
  }
  if (run.seen) log.info('due batch', { seen: run.seen, fired: run.fired, unfinished: run.unfinished.length, hop })
  return { seen: run.seen, unfinished: run.unfinished.length }
}
