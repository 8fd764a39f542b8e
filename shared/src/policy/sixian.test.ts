import { describe, expect, it } from 'vitest'
import { exitPlan, exitTransition } from './exit'
import { guangdong2024, ningxia2017, policyForDivision, preCheck, sixian2020, wenling2023 } from './index'
import { monthlyAmount, factsOn } from './calculator'
import { PreCheckAnswers } from './types'

const answers = (over: Partial<PreCheckAnswers> = {}) => PreCheckAnswers.parse({ birthDate: '2016-05-10', father: 'present', mother: 'present', ...over })
const on = '2026-03-01'

describe('泗县 pays by its own notice (001 §2(一)2)', () => {
  it('the demo county is served by 泗县\'s set, never Wenling\'s', () => {
    expect(policyForDivision('341324102200', on)).toBe(sixian2020)
    expect(sixian2020.source.seed).toBe('001')
  })
  it('de-facto unsupported and HIV-infected children get the county scattered-orphan standard, a named demo parameter', () => {
    const p = preCheck(sixian2020, answers({ father: 'imprisoned', mother: 'severely_disabled' }), on)
    expect(p.matches.map((m) => [m.categoryId, m.monthlyFen, m.demo])).toEqual([['fact_unsupported', 1_000_00, true]])
    expect(p.matches[0]!.explanation).toContain('按泗县的政策')
    expect(p.matches[0]!.explanation).toContain('演示')
    expect(sixian2020.parameters.scatteredOrphanStandard).toMatchObject({ demo: true, label: '全县社会散居孤儿保障标准' })
    const hiv = preCheck(sixian2020, answers({ hivInfected: true }), on)
    expect(hiv.matches.map((m) => m.categoryId)).toEqual(['hiv_infected'])
    expect(monthlyAmount(sixian2020, 'hiv_infected', factsOn(answers({ hivInfected: true }), on)).clauses).toEqual(['001 §2(一)2'])
  })
  it('a 低保 family child is directed to 低保 in plain words and promised no amount (the old Wenling set promised 448 元)', () => {
    const p = preCheck(sixian2020, answers({ familyAssistance: 'dibao', currentBenefits: ['dibao'] }), on)
    expect(p.matches).toEqual([])
    expect(p.directions.map((d) => d.categoryId)).toEqual(['dibao_referral'])
    expect(p.directions[0]!.text).toContain('按泗县的政策')
    expect(p.directions[0]!.text).toContain('低保')
    expect(JSON.stringify(p)).not.toMatch(/448|2,240/)
  })
  it('重残 and 重病 children are directed to 低保, a sudden hardship to 临时救助 — none is an application here', () => {
    for (const a of [answers({ disability: 'grade_1_2' }), answers({ seriousIllness: true })]) {
      const p = preCheck(sixian2020, a, on)
      expect(p.matches).toEqual([])
      expect(p.directions.map((d) => d.scheme)).toEqual(['最低生活保障（低保）'])
    }
    const sudden = preCheck(sixian2020, answers({ suddenHardship: true }), on)
    expect(sudden.directions.map((d) => d.scheme)).toEqual(['临时救助'])
    expect(sixian2020.categories.filter((c) => c.directedTo).every((c) => !c.guardianMayApply)).toBe(true)
  })
  it('a child merely affected through a parent (not infected) is not the HIV category of 001', () => {
    expect(preCheck(sixian2020, answers({ hivAffected: true }), on).matches).toEqual([])
  })
  it('every amount a family may see names 泗县, never another place', () => {
    const p = preCheck(sixian2020, answers({ father: 'deceased', mother: 'deceased' }), on)
    expect(JSON.stringify(p)).not.toMatch(/温岭|广东|宁夏/)
  })
})

describe('the one age rule (民法典 §201): N 周岁 from the day after the Nth birthday', () => {
  it('a pre-check on the 18th birthday still offers the allowance; the day after it does not', () => {
    const a = answers({ birthDate: '2008-03-01', father: 'deceased', mother: 'deceased' })
    expect(preCheck(sixian2020, a, '2026-03-01').matches).toHaveLength(1)
    expect(preCheck(sixian2020, a, '2026-03-02').matches).toHaveLength(0)
  })
})

describe('at 18 (003 §2(一)): continuing at school, enlisting, the capacity question', () => {
  const base = { birthDate: '2008-05-20', monthlyFen: 2_240_00, today: '2026-05-25' }
  it('「具备劳动能力和完全民事行为能力」 is asked, not assumed: stopping without an answer, or with no, is refused', () => {
    expect(exitPlan(wenling2023, 'scattered_orphan', 'stop', base)).toMatchObject({ ok: false, field: 'capable' })
    const no = exitPlan(wenling2023, 'scattered_orphan', 'stop', { ...base, capable: false })
    expect(no).toMatchObject({ ok: false, field: 'capable' })
    expect(!no.ok && no.message).toContain('特困')
    expect(exitPlan(wenling2023, 'scattered_orphan', 'stop', { ...base, capable: true })).toMatchObject({ ok: true })
  })
  it('in school: the allowance continues to graduation (not an exit); graduated: then the one-off 6 months', () => {
    const r = exitPlan(wenling2023, 'scattered_orphan', 'in_school', { ...base, graduationMonth: '2027-06' })
    expect(r.ok && r.plan).toMatchObject({ continues: true, lastRegularMonth: '2027-06', oneOffMonths: 6 })
    expect(r.ok && r.plan.plain).toContain('继续按月发放至毕业')
    const g = exitPlan(wenling2023, 'scattered_orphan', 'graduated', { ...base, today: '2027-06-30', graduationMonth: '2027-06' })
    expect(g.ok && g.plan).toMatchObject({ continues: false, oneOffFen: 6 * 2_240_00 })
  })
  it('enlisted: one-off 12 months, and resumes on returning to school (保留学籍回校就学期间恢复)', () => {
    const e = exitPlan(wenling2023, 'scattered_orphan', 'enlisted', { ...base, enlistmentMonth: '2026-09' })
    expect(e.ok && e.plan.plain).toContain('恢复按月发放')
    expect(exitPlan(wenling2023, 'scattered_orphan', 'resumed', { ...base, today: '2028-09-01' })).toMatchObject({ ok: true, plan: { continues: true } })
    expect(exitPlan(guangdong2024, 'orphan', 'resumed', base)).toMatchObject({ ok: false })
  })
  it('泗县\'s notice sets no continuation at school: refused with the reason, and stopping asks nothing it does not say', () => {
    expect(exitPlan(sixian2020, 'fact_unsupported', 'in_school', { ...base, graduationMonth: '2027-06' })).toMatchObject({ ok: false })
    expect(exitPlan(sixian2020, 'fact_unsupported', 'stop', base)).toMatchObject({ ok: true, plan: { oneOffMonths: 0 } })
  })
  it('a stop at 18 pays through the month the child is 18 周岁; ending earlier needs a reason', () => {
    const r = exitPlan(wenling2023, 'scattered_orphan', 'stop', { ...base, birthDate: '2008-05-31', today: '2026-05-01', capable: true })
    expect(r.ok && r.plan.lastRegularMonth).toBe('2026-06')
    expect(exitPlan(wenling2023, 'scattered_orphan', 'ended', { ...base, today: '2026-01-10' })).toMatchObject({ ok: false, field: 'reason' })
  })
})

describe('Guangdong 004 #9: the 6-month transition after ANY exit from basic living support', () => {
  const base = { birthDate: '2012-05-20', monthlyFen: 1_600_00, today: '2026-03-10' }
  it('an orphan leaving at 12 because the situation changed keeps being paid 6 months', () => {
    const r = exitPlan(guangdong2024, 'fact_unsupported', 'ended', { ...base, reason: '父亲刑满释放，回家抚养' })
    expect(r.ok && r.plan).toMatchObject({ lastRegularMonth: '2026-03', transitionMonths: 6, paidThroughMonth: '2026-09' })
    expect(r.ok && r.plan.clauses).toContain('004 #9')
  })
  it('only where that policy set is in force, and only for orphans and de-facto unsupported children', () => {
    expect(exitTransition(guangdong2024, 'orphan')?.months).toBe(6)
    expect(exitTransition(guangdong2024, 'difficult_family')).toBeUndefined()
    for (const p of [sixian2020, wenling2023, ningxia2017]) expect(exitTransition(p, 'fact_unsupported')).toBeUndefined()
    const w = exitPlan(wenling2023, 'fact_unsupported', 'ended', { ...base, reason: '母亲康复' })
    expect(w.ok && w.plan.transitionMonths).toBe(0)
  })
})
