import { describe, expect, it } from 'vitest'
import { needsPoliceNow, situationCatalog, suspectedCrime, triage } from './situations'

describe('risk triage (004 §3)', () => {
  it('a child living alone is red: immediate intervention', () => {
    expect(triage(['living_alone'])).toBe('red')
  })
  it('suspected dropout is yellow, an orphan blue, anything else green', () => {
    expect(triage(['dropout'])).toBe('yellow')
    expect(triage(['orphaned'])).toBe('blue')
    expect(triage(['other'])).toBe('green')
  })
  it('takes the most urgent colour among everything seen', () => {
    expect(triage(['other', 'orphaned', 'dropout'])).toBe('yellow')
    expect(triage(['other', 'abuse_violence'])).toBe('red')
  })
  it('tells the reporter to call 110 for every red situation and no other', () => {
    for (const s of situationCatalog) expect(needsPoliceNow([s.id])).toBe(s.colour === 'red')
  })
  it('abuse, trafficking, abandonment and missing children are suspected crimes; a dropout is not', () => {
    expect(suspectedCrime(['abuse_violence'])).toBe(true)
    expect(suspectedCrime(['trafficking'])).toBe(true)
    expect(suspectedCrime(['dropout'])).toBe(false)
  })
  it('accidental injury (意外伤害, 001 #6) is red and the reporter is told to call now', () => {
    expect(triage(['accidental_injury'])).toBe('red')
    expect(needsPoliceNow(['accidental_injury'])).toBe(true)
  })
  it('no label on screen calls a child 留守 or 困境', () => {
    for (const s of situationCatalog) expect(s.label).not.toMatch(/留守|困境/)
  })
})
