import { describe, expect, it } from 'vitest'
import { wechatData, wechatTime } from './sender'

describe('subscription-message fields as WeChat requires them', () => {
  it('times are written 「2026年11月28日 09:30」 in Beijing time', () => {
    expect(wechatTime('2026-11-28T01:30:00.000Z')).toBe('2026年11月28日 09:30')
    // 23:10 UTC is already the next day in China.
    expect(wechatTime('2026-12-31T23:10:00Z')).toBe('2027年1月1日 07:10')
  })

  it('each field is shaped by its kind; a thing keeps at most 20 characters', () => {
    expect(wechatData({ thing1: '一二三四五六七八九十一二三四五六七八九十多余', time3: '2026-11-28T01:30:00.000Z', phrase2: '已经处理完毕了', character_string4: 'K7QM-3XPT' })).toEqual({
      thing1: '一二三四五六七八九十一二三四五六七八九十',
      time3: '2026年11月28日 09:30',
      phrase2: '已经处理完',
      character_string4: 'K7QM-3XPT',
    })
  })
})
