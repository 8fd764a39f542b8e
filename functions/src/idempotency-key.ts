import { HttpError } from './errors'

/**
 * The one rule for the `Idempotency-Key` header (documented by contract.ts `idempotencyHeader`):
 * 8–100 letters, digits, `_` or `-`, made by the client once per create and sent unchanged on
 * every retry.
 */
const pattern = /^[A-Za-z0-9_-]{8,100}$/

/** For a create that must carry a key: missing or malformed is one 400, `missing_idempotency_key`. */
export function requiredIdempotencyKey(key: string | undefined): string {
  if (!key || !pattern.test(key)) {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'Idempotency-Key', code: 'missing_idempotency_key', message: '提交标识缺失，请重新打开页面后提交' }])
  }
  return key
}

/**
 * For an action that may carry a key: none is fine (`undefined`), a malformed one is a 400,
 * `invalid_idempotency_key`, with `message` saying what the person should do again.
 */
export function optionalIdempotencyKey(key: string | undefined, message = '提交标识无效，请重新打开页面后提交'): string | undefined {
  if (key === undefined) return undefined
  if (!pattern.test(key)) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'Idempotency-Key', code: 'invalid_idempotency_key', message }])
  return key
}
