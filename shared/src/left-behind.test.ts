import { describe, expect, it } from 'vitest'
import { type LeftBehindFacts, type ParentFacts, determineLeftBehind } from './left-behind'
import { addMonths, fullYears, periodCompleteOn } from './civil-date'

// 丁湖村, 泗县 (341324); 灵璧县 (341323) is the neighbouring county; 上海市黄浦区 is far away.
const DINGHU = '341324102200'
const SIXIAN_TOWN = '341324103000'
const LINGBI = '341323000000'
const SHANGHAI = '310101000000'

const away = (awaySince: string, workplaceCode = SHANGHAI): ParentFacts => ({ situation: 'working_away', workplaceCode, awaySince })
const home: ParentFacts = { situation: 'not_away', canGuard: true }
const unable = (reason: 'imprisoned_or_detained' | 'severe_illness' = 'severe_illness'): ParentFacts => ({ situation: 'not_away', canGuard: false, reason })

function facts(over: { birthDate?: string; registration?: 'rural' | 'urban'; parents?: ParentFacts[] } = {}): LeftBehindFacts {
  return {
    child: { birthDate: over.birthDate ?? '2016-03-10', householdRegistration: over.registration ?? 'rural', villageCode: DINGHU },
    parents: over.parents ?? [away('2025-01-01'), away('2025-01-01')],
  }
}

describe('rural left-behind child (004 §2(一))', () => {
  it('a rural child of 10 whose parents both work in another province for a year counts', () => {
    const d = determineLeftBehind(facts(), '2026-03-01')
    expect(d.leftBehind).toBe(true)
    expect(d.from).toBe('2025-04-02')
    expect(d.until).toBe('2032-03-11')
    expect(d.source).toBe('004 §2(一)')
  })

  describe('age: under 16 (未满十六周岁); full years count from the day after the birthday (民法典 §201)', () => {
    const birth = '2010-05-20'
    it('at 15 years and 11 months the child counts', () => {
      expect(determineLeftBehind(facts({ birthDate: birth }), '2026-04-20').leftBehind).toBe(true)
    })
    it('on the 16th birthday the child is not yet 16 full years old and still counts', () => {
      expect(fullYears(birth, '2026-05-20')).toBe(15)
      expect(determineLeftBehind(facts({ birthDate: birth }), '2026-05-20').leftBehind).toBe(true)
    })
    it('the day after the 16th birthday the child no longer counts', () => {
      expect(fullYears(birth, '2026-05-21')).toBe(16)
      const d = determineLeftBehind(facts({ birthDate: birth }), '2026-05-21')
      expect(d.leftBehind).toBe(false)
      expect(d.until).toBe('2026-05-21')
      expect(d.reasons.join()).toContain('已满十六周岁')
    })
  })

  describe('time away: 3 or more consecutive months', () => {
    const left = '2026-01-15'
    it('after 2 months away the child does not count yet, and the day they will is given', () => {
      const d = determineLeftBehind(facts({ parents: [away(left), away(left)] }), '2026-03-15')
      expect(d.leftBehind).toBe(false)
      expect(d.from).toBe('2026-04-16')
      expect(d.reasons.join()).toContain('尚未连续满 3 个月')
    })
    it('on the same date three months later the third month is still running (not yet)', () => {
      expect(determineLeftBehind(facts({ parents: [away(left), away(left)] }), '2026-04-15').leftBehind).toBe(false)
    })
    it('the day after, three full months are complete and the child counts', () => {
      expect(determineLeftBehind(facts({ parents: [away(left), away(left)] }), '2026-04-16').leftBehind).toBe(true)
    })
    it('with both parents away, the later departure decides', () => {
      const d = determineLeftBehind(facts({ parents: [away('2025-06-01'), away('2026-02-01')] }), '2026-04-30')
      expect(d.leftBehind).toBe(false)
      expect(d.from).toBe('2026-05-02')
    })
    it('a month without the corresponding day ends on its last day (left 11-30 → complete from 03-01)', () => {
      expect(addMonths('2025-11-30', 3)).toBe('2026-02-28')
      expect(periodCompleteOn('2025-11-30', 3)).toBe('2026-03-01')
      expect(determineLeftBehind(facts({ parents: [away('2025-11-30'), away('2025-11-30')] }), '2026-02-28').leftBehind).toBe(false)
      expect(determineLeftBehind(facts({ parents: [away('2025-11-30'), away('2025-11-30')] }), '2026-03-01').leftBehind).toBe(true)
    })
  })

  describe('place of work: across a county line', () => {
    it('both parents working in another town of the same county (泗县): not away, does not count', () => {
      const d = determineLeftBehind(facts({ parents: [away('2025-01-01', SIXIAN_TOWN), away('2025-01-01', SIXIAN_TOWN)] }), '2026-03-01')
      expect(d.leftBehind).toBe(false)
      expect(d.from).toBeUndefined()
      expect(d.reasons.join()).toContain('本县（区）内务工')
    })
    it('both parents in the neighbouring county (灵璧县): away, counts', () => {
      expect(determineLeftBehind(facts({ parents: [away('2025-01-01', LINGBI), away('2025-01-01', LINGBI)] }), '2026-03-01').leftBehind).toBe(true)
    })
    it('one parent in the same county and the other far away: does not count', () => {
      expect(determineLeftBehind(facts({ parents: [away('2025-01-01', SIXIAN_TOWN), away('2025-01-01')] }), '2026-03-01').leftBehind).toBe(false)
    })
    it('home and workplace both in core urban districts of the same city: not counted (configured per locality)', () => {
      const coreHome = '440103001001' // 广州市荔湾区
      const coreWork = '440104000000' // 广州市越秀区
      const f: LeftBehindFacts = { ...facts(), child: { ...facts().child, villageCode: coreHome } }
      f.parents = [away('2025-01-01', coreWork), away('2025-01-01', coreWork)]
      expect(determineLeftBehind(f, '2026-03-01').leftBehind).toBe(true)
      const isCore = (c: string) => ['440103000000', '440104000000'].includes(c)
      expect(determineLeftBehind(f, '2026-03-01', { isCoreUrbanDistrict: isCore }).leftBehind).toBe(false)
    })
  })

  describe('one parent away, the other at home', () => {
    it('the other parent at home and able to guard: does not count', () => {
      const d = determineLeftBehind(facts({ parents: [away('2025-01-01'), home] }), '2026-03-01')
      expect(d.leftBehind).toBe(false)
      expect(d.reasons.join()).toContain('能照护孩子')
    })
    it('the other parent seriously ill (cannot guard): counts', () => {
      const d = determineLeftBehind(facts({ parents: [unable('severe_illness'), away('2025-01-01')] }), '2026-03-01')
      expect(d.leftBehind).toBe(true)
      expect(d.reasons.join()).toContain('重病')
    })
    it('the other parent in prison or detention (cannot guard): counts', () => {
      expect(determineLeftBehind(facts({ parents: [away('2025-01-01'), unable('imprisoned_or_detained')] }), '2026-03-01').leftBehind).toBe(true)
    })
    it('both parents unable to guard but neither working away: not a left-behind child (a child in difficulty instead)', () => {
      const d = determineLeftBehind(facts({ parents: [unable('imprisoned_or_detained'), unable('severe_illness')] }), '2026-03-01')
      expect(d.leftBehind).toBe(false)
      expect(d.reasons.join()).toContain('困境儿童')
    })
  })

  it('an urban-registered child never counts', () => {
    const d = determineLeftBehind(facts({ registration: 'urban' }), '2026-03-01')
    expect(d.leftBehind).toBe(false)
    expect(d.reasons.join()).toContain('城镇户口')
  })

  it('parents who leave when the child is almost 16 never make the child count', () => {
    const d = determineLeftBehind(facts({ birthDate: '2010-05-20', parents: [away('2026-03-01'), away('2026-03-01')] }), '2026-04-01')
    expect(d.leftBehind).toBe(false)
    expect(d.from).toBeUndefined()
  })
})

describe('the one age function (fullMonths / fullYears / ageReachedOn)', () => {
  it('counts months and years as periods (民法典 §201–202)', async () => {
    const { fullMonths, ageReachedOn } = await import('./civil-date')
    expect(fullMonths('2025-03-01', '2026-03-01')).toBe(11)
    expect(fullMonths('2025-03-01', '2026-03-02')).toBe(12)
    expect(fullMonths('2025-01-31', '2025-03-01')).toBe(1)
    expect(fullMonths('2026-03-02', '2026-03-01')).toBe(-1)
    expect(ageReachedOn('2008-05-20', 18)).toBe('2026-05-21')
    expect(ageReachedOn('2008-02-29', 18)).toBe('2026-03-01')
    expect(fullYears('2008-02-29', '2026-02-28')).toBe(17)
    expect(fullYears('2008-02-29', '2026-03-01')).toBe(18)
  })
})
