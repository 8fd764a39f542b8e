import { hmac } from '../ids'
import { sessionSecret } from '../secrets'

const DAY_MS = 24 * 3600_000

/**
 * The child file's clocks, read at call time so tests and the browser test can shorten them
 * (`VISIT_GRACE_MS=60000 npm start` makes the grace a minute).
 */
export function childClock() {
  return {
    /** A due contact not done climbs one level (director → township → county) after each grace (issue #7: default 7 days). */
    graceMs: Number(process.env.VISIT_GRACE_MS ?? 7 * DAY_MS),
    /** 即时介入 (004 §3.1): a red child's intervention must be recorded within the day. */
    redInterventionMs: Number(process.env.RED_INTERVENTION_MS ?? DAY_MS),
  }
}

let keyPromise: Promise<string> | undefined

/**
 * The key of the ID-number hash. A dedicated `CHILD_ID_KEY` (a Secrets Manager value in the
 * cloud) when configured; otherwise derived from the session secret. The hash must stay stable
 * for the life of the data: rotating the key means re-hashing every lookup item.
 */
function idKey(): Promise<string> {
  if (process.env.CHILD_ID_KEY) return Promise.resolve(process.env.CHILD_ID_KEY)
  keyPromise ??= sessionSecret().then((s) => hmac(s, 'child-id-number-lookup'))
  return keyPromise
}

/** Keyed hash of an ID number: lets us find a child by it without keeping the number. */
export async function idNumberHash(idNumber: string): Promise<string> {
  return hmac(await idKey(), `id:${idNumber.toUpperCase()}`)
}

/** Keyed hash of an import row key (a ledger row without an ID number). */
export async function rowKeyHash(key: string): Promise<string> {
  return hmac(await idKey(), `row:${key}`)
}
