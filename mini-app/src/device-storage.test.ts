import { beforeEach, describe, expect, it } from 'vitest'
import { getDeviceValue, removeDeviceValue, setDeviceValue } from './device-storage.h5'

/** A browser's localStorage, as far as the H5 storage uses it. */
const items = new Map<string, string>()
;(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (k: string) => items.get(k) ?? null,
  setItem: (k: string, v: string) => void items.set(k, String(v)),
  removeItem: (k: string) => void items.delete(k),
}

describe('the H5 device storage', () => {
  beforeEach(() => items.clear())

  it("writes Taro's H5 format, which index.html's early script reads the session token from", () => {
    setDeviceValue('session.staff', { token: 't-1', user: { id: 'u' } })
    const raw = items.get('session.staff')!
    expect(JSON.parse(raw).data.token).toBe('t-1')
    expect(getDeviceValue('session.staff')).toEqual({ token: 't-1', user: { id: 'u' } })
  })

  it('reads what an earlier build stored through Taro.setStorageSync', () => {
    items.set('textScale', JSON.stringify({ data: 'large' }))
    expect(getDeviceValue('textScale')).toBe('large')
  })

  it('reads a missing, emptied, removed or unreadable value as nothing', () => {
    expect(getDeviceValue('nothing')).toBeUndefined()
    items.set('empty', JSON.stringify({ data: '' }))
    expect(getDeviceValue('empty')).toBeUndefined()
    items.set('broken', '{not json')
    expect(getDeviceValue('broken')).toBeUndefined()
    setDeviceValue('gone', 1)
    removeDeviceValue('gone')
    expect(getDeviceValue('gone')).toBeUndefined()
  })
})
