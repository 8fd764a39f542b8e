import { ApiRequestError } from '../api/core'
import { newIdempotencyKey } from '../report-form/idempotency'

/**
 * What happens to the key after a failed send. No answer (network, 5xx) may still have filed
 * the record: keep the key so the next press repeats the same submission. A 4xx means the
 * server stored nothing under it: a new key, so the corrected form is a fresh submission.
 */
export function keyAfterFailure(error: unknown, key: string): string {
  if (!(error instanceof ApiRequestError)) return key
  // A mismatch means this key already filed a (different) record: a new key would file a second.
  if (error.code === 'IDEMPOTENCY_MISMATCH') return key
  if (error.status >= 400 && error.status < 500) return newIdempotencyKey()
  return key
}
