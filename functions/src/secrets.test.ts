import { describe, expect, it } from 'vitest'
import { cachedSecret } from './secrets'

describe('secrets are cached with a time limit', () => {
  it('a changed secret is read again once the cache time has passed, without a redeploy', async () => {
    let value = 'old'
    let reads = 0
    const load = async () => (reads++, value)
    const t0 = 1_000_000
    expect(await cachedSecret('arn:test', load, t0)).toBe('old')
    value = 'new'
    expect(await cachedSecret('arn:test', load, t0 + 1000)).toBe('old')
    expect(await cachedSecret('arn:test', load, t0 + 301_000)).toBe('new')
    expect(reads).toBe(2)
  })

  it('a failed read is not cached', async () => {
    let fail = true
    const load = async () => {
      if (fail) throw new Error('throttled')
      return 'ok'
    }
    await expect(cachedSecret('arn:fail', load, 5)).rejects.toThrow('throttled')
    fail = false
    await new Promise((r) => setTimeout(r, 0))
    expect(await cachedSecret('arn:fail', load, 6)).toBe('ok')
  })
})
