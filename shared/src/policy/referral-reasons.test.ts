import { describe, expect, it } from 'vitest'
import { acknowledgeDueAt, minimumFactsFor, reasonsFor, referralReasons, referralTiming, referralTimingFor, staleAt } from './referral-reasons'
import { addWorkingDays } from './holidays'
import { Department } from '../departments'

describe('the referral catalogue (004 §4(二))', () => {
  it('sends each finding only to the departments the clause names', () => {
    expect(reasonsFor('education').map((r) => r.id)).toEqual(['suspected_dropout', 'education_aid', 'school_psychological'])
    expect(reasonsFor('medical_insurance').map((r) => r.id)).toEqual(['uninsured'])
    expect(reasonsFor('court').map((r) => r.id)).toEqual(['sexual_assault', 'abuse', 'trafficking', 'violence', 'abandonment'])
    // 团委 and 妇联 receive the half-yearly lists (004 §4(三)), not referrals.
    expect(reasonsFor('youth_league')).toEqual([])
    for (const r of referralReasons) {
      expect(r.clause).toMatch(/^004 §4\(二\)/)
      for (const d of r.departments) expect(Department.options).toContain(d)
    }
  })

  it('education gets name and school for a dropout, never the family finances; more reasons add their needs', () => {
    expect(minimumFactsFor(['suspected_dropout'])).toEqual(['name', 'school'])
    expect(minimumFactsFor(['suspected_dropout', 'education_aid'])).toEqual(['name', 'school', 'categories'])
    expect(minimumFactsFor(['abuse'])).not.toContain('categories')
  })
})

describe('timing', () => {
  it('counts working days in China time, skipping the weekend', () => {
    // Friday 10:00 in China → the next Wednesday 10:00.
    expect(addWorkingDays('2026-11-27T02:00:00.000Z', 3)).toBe('2026-12-02T02:00:00.000Z')
    // Saturday → Wednesday.
    expect(addWorkingDays('2026-11-28T02:00:00.000Z', 3)).toBe('2026-12-02T02:00:00.000Z')
  })

  it('gives the police an hour on a red child, three working days otherwise; stale after 14 days', () => {
    const sent = '2026-11-27T02:00:00.000Z'
    expect(acknowledgeDueAt('police', true, sent).at).toBe('2026-11-27T03:00:00.000Z')
    expect(acknowledgeDueAt('police', false, sent).at).toBe('2026-12-02T02:00:00.000Z')
    expect(acknowledgeDueAt('court', true, sent).at).toBe('2026-12-02T02:00:00.000Z')
    expect(staleAt(sent)).toBe('2026-12-11T02:00:00.000Z')
  })

  it('takes each county\'s own timing when it has one, the default otherwise', () => {
    const faster = { ...referralTiming, acknowledgeWithinWorkingDays: 1, staleAfterDays: 7 }
    const sets = [
      { prefixes: [''], timing: referralTiming, source: 'default' },
      { prefixes: ['341324'], timing: faster, source: 'test' },
    ]
    expect(referralTimingFor('341324', sets)).toBe(faster)
    expect(referralTimingFor('341302', sets)).toBe(referralTiming)
    // Today every county works to the default of the issue: 3 working days, the police hour on red, 14 days.
    expect(referralTimingFor('341324')).toEqual({ ...referralTiming, acknowledgeWithinWorkingDays: 3, staleAfterDays: 14 })
    const sent = '2026-11-27T02:00:00.000Z'
    expect(acknowledgeDueAt('education', false, sent, faster).at).toBe('2026-11-30T02:00:00.000Z')
    expect(staleAt(sent, faster)).toBe('2026-12-04T02:00:00.000Z')
  })
})
