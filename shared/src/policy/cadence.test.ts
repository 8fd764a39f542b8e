import { describe, expect, it } from 'vitest'
import { cadenceFor, cadenceSets, dutiesFor } from './cadence'
import { chinaStartOfDay } from '../civil-date'

const clock = { redInterventionMs: 24 * 3600_000 }
const base = { villageCode: '341324102200', inDifficulty: false, createdOn: '2026-01-31', last: {} }

describe('visit cadence as policy data', () => {
  it('every rule names a clause of a seed, and the demo county has its own set with the quarterly check (001 #6)', () => {
    for (const set of cadenceSets) for (const r of set.rules) expect(r.clause).toMatch(/^00[0-4] /)
    expect(cadenceFor('341324102200').id).toBe('sixian')
    expect(cadenceFor('440103001001').id).toBe('guangdong')
    expect(cadenceFor('110101001001').id).toBe('default')
    expect(cadenceFor('341324102200').rules.map((r) => r.id)).toContain('quarterly_check')
  })

  it('monthly counts as the law counts months: a visit on 01-31 is due by 02-28', () => {
    const [d] = dutiesFor({ ...base, colour: 'yellow', last: { home_visit: '2026-01-31' } }, clock)
    expect(d).toMatchObject({ ruleId: 'yellow_home_visit', dueOn: '2026-02-28', overdueAt: chinaStartOfDay('2026-03-01') })
  })

  it('the strictest rule wins: an epidemic episode puts the twice-weekly follow-up first', () => {
    const duties = dutiesFor({ ...base, colour: 'blue', inDifficulty: true, epidemicSince: '2026-02-10', last: { home_visit: '2026-02-01' } }, clock)
    expect(duties.map((d) => [d.ruleId, d.dueOn])).toEqual([
      ['epidemic_twice_weekly', '2026-02-13'],
      ['blue_home_visit', '2026-04-01'],
      ['quarterly_check', '2026-05-01'],
    ])
  })

  it('red: the intervention deadline is a day after the red grade, then follow-up', () => {
    const duties = dutiesFor({ ...base, colour: 'red', redSince: '2026-02-01T10:00:00.000Z' }, clock)
    expect(duties[0]).toMatchObject({ ruleId: 'red_intervention', overdueAt: '2026-02-02T10:00:00.000Z', dueOn: '2026-02-02' })
    expect(dutiesFor({ ...base, colour: 'red' }, clock).map((d) => d.ruleId)).toEqual(['red_follow_up'])
  })

  it('green: a phone call discharges the monthly contact, not the three-monthly home visit', () => {
    const duties = dutiesFor({ ...base, colour: 'green', last: { phone: '2026-03-10', home_visit: '2026-01-31' } }, clock)
    expect(duties.map((d) => [d.ruleId, d.dueOn])).toEqual([
      ['green_home_visit', '2026-04-30'],
      ['green_contact', '2026-04-10'],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)))
  })
})
