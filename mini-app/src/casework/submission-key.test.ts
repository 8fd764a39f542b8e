import { describe, expect, it } from 'vitest'
import { ApiRequestError, NETWORK_ERROR } from '../api/core'
import { keyAfterFailure } from './submission-key'

describe('the idempotency key of a stored form after a failed send', () => {
  const key = 'k-0000-1111'
  it('is kept when no answer came (the record may have been filed): the next press repeats it', () => {
    expect(keyAfterFailure(new ApiRequestError(NETWORK_ERROR, '', 0), key)).toBe(key)
    expect(keyAfterFailure(new ApiRequestError('INTERNAL', '', 500), key)).toBe(key)
    expect(keyAfterFailure(new Error('boom'), key)).toBe(key)
  })
  it('is replaced when the server refused it (nothing was filed under it)', () => {
    expect(keyAfterFailure(new ApiRequestError('VALIDATION_FAILED', '', 400), key)).not.toBe(key)
  })
  it('is kept on a mismatch: that key already filed a record, a new key would file a second', () => {
    expect(keyAfterFailure(new ApiRequestError('IDEMPOTENCY_MISMATCH', '', 409), key)).toBe(key)
  })
})
