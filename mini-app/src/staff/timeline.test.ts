import { describe, expect, it } from 'vitest'
import { collapseContactViews } from './timeline'

const at = (min: number) => new Date(Date.UTC(2026, 10, 28, 8, min)).toISOString()

describe('staff timeline', () => {
  it('shows one plain line for one look at a contact, however many views the visit recorded', () => {
    const events = [
      { at: at(0), kind: 'created' },
      { at: at(1), kind: 'contact_viewed', actorId: 'u1', text: '查看了反映人的脱敏联系方式' },
      { at: at(2), kind: 'acknowledged', actorId: 'u1' },
      { at: at(2), kind: 'contact_viewed', actorId: 'u1', text: '查看了反映人的脱敏联系方式' },
      { at: at(3), kind: 'contact_viewed', actorId: 'u1', text: '查看了反映人的完整联系方式' },
    ]
    const shown = collapseContactViews(events)
    expect(shown.map((e) => e.kind)).toEqual(['created', 'contact_viewed', 'acknowledged'])
    expect(shown[1]!.text).toBe('查看了联系方式，已记录')
    expect(JSON.stringify(shown)).not.toContain('脱敏')
  })

  it('keeps separate lines for another person, or the same person on another day', () => {
    const events = [
      { at: at(0), kind: 'contact_viewed', actorId: 'u1' },
      { at: at(1), kind: 'contact_viewed', actorId: 'u2' },
      { at: at(45), kind: 'contact_viewed', actorId: 'u1' },
    ]
    expect(collapseContactViews(events)).toHaveLength(3)
  })
})
