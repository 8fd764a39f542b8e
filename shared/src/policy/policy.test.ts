import { describe, expect, it } from 'vitest'
import { exitPlan } from './exit'
import { guangdong2024, ningxia2017, policyForDivision, policyFor, preCheck, selectVersion, sixian2020, wenling2023 } from './index'
import { PreCheckAnswers, type PolicySet } from './types'

const answers = (over: Partial<PreCheckAnswers> = {}) =>
  PreCheckAnswers.parse({ birthDate: '2016-05-10', father: 'present', mother: 'present', ...over })

describe('the policy registry: locality and version by effective date', () => {
  const next: PolicySet = { ...wenling2023, version: '2026.1', effectiveFrom: '2026-07-01' }
  const versions = [wenling2023, next, guangdong2024]
  it('picks the latest version in force on the date', () => {
    expect(selectVersion([wenling2023, next], '2026-06-30')?.version).toBe('2023.1')
    expect(selectVersion([wenling2023, next], '2026-07-01')?.version).toBe('2026.1')
    expect(selectVersion([wenling2023, next], '2023-07-23')).toBeUndefined()
    expect(policyFor('wenling', '2026-08-01', versions)?.version).toBe('2026.1')
  })
  it('serves a place by the longest county or province prefix: the demo county 泗县 by its own set (001)', () => {
    expect(policyForDivision('341324102200', '2026-03-01')?.locality).toBe('sixian')
    expect(policyForDivision('331081001001', '2026-03-01')?.locality).toBe('wenling')
    expect(policyForDivision('440105000000', '2026-03-01')?.locality).toBe('guangdong')
    expect(policyForDivision('640104000000', '2026-03-01')?.locality).toBe('ningxia')
    expect(policyForDivision('110105000000', '2026-03-01')).toBeUndefined()
  })
})

describe('the eligibility pre-check', () => {
  it('a 低保 family: one match, 448 元 a month, the rule explained, the papers listed, marked as advice', () => {
    const r = preCheck(wenling2023, answers({ familyAssistance: 'dibao', currentBenefits: ['dibao'] }), '2026-03-01')
    expect(r.matches.map((m) => m.categoryId)).toEqual(['dibao_family'])
    const m = r.matches[0]!
    expect(m.monthlyFen).toBe(448_00)
    expect(m.explanation).toContain('低保家庭儿童：散居孤儿标准的 20%，且每月不低于 200 元')
    expect(m.documents.map((d) => d.kind)).toContain('assistance_certificate')
    expect(m.otherSupportNote).toBeUndefined()
    expect(r.advisory).toContain('不是审批结果')
  })
  it('offers only what a family can apply for (not institution orphans), highest amount first', () => {
    const r = preCheck(wenling2023, answers({ father: 'deceased', mother: 'deceased', familyAssistance: 'dibao', hivAffected: true }), '2026-03-01')
    expect(r.matches.every((m) => m.demo)).toBe(true)
    expect(r.matches.map((m) => m.categoryId)).toEqual(['scattered_orphan', 'hiv_affected', 'dibao_family'])
    expect(r.notes.join('')).toContain('只发放一项')
  })
  it('a child already on 低保 applying as an orphan is told, neutrally, that support is checked', () => {
    const r = preCheck(wenling2023, answers({ father: 'deceased', mother: 'deceased', currentBenefits: ['dibao'] }), '2026-03-01')
    const note = r.matches.find((m) => m.categoryId === 'scattered_orphan')!.otherSupportNote!
    expect(note).toContain('最低生活保障金')
    expect(note).toContain('不重复享受')
  })
  it('nothing applies: says so and points to the village', () => {
    const r = preCheck(wenling2023, answers(), '2026-03-01')
    expect(r.matches).toEqual([])
    expect(r.notes[0]).toContain('儿童主任')
  })
  it('from 18 nothing is offered and the exit rules are explained', () => {
    const r = preCheck(wenling2023, answers({ birthDate: '2007-01-01', father: 'deceased', mother: 'deceased', inSchool: true }), '2026-03-01')
    expect(r.matches).toEqual([])
    expect(r.notes[0]).toContain('继续领取至毕业')
  })
  it('Wenling requires local household registration (003 §1), said in plain words with no clause number', () => {
    const r = preCheck(wenling2023, answers({ familyAssistance: 'dibao', localHukou: false }), '2026-03-01')
    expect(r.matches).toEqual([])
    expect(r.notes[0]).toContain('户籍')
    expect(r.notes.join('')).not.toMatch(/\d{3} [§#]/)
  })
  it('Ningxia and Guangdong answer with their own classes', () => {
    expect(preCheck(ningxia2017, answers({ father: 'missing', mother: 'imprisoned' }), '2026-03-01').matches.map((m) => [m.categoryId, m.monthlyFen])).toEqual([
      ['guardianship_difficulty', 1_000_00],
    ])
    expect(preCheck(guangdong2024, answers({ disability: 'grade_1_2' }), '2026-03-01').matches.map((m) => m.categoryId)).toEqual(['severely_disabled'])
  })
})

describe('the age-18 exit (003 §2(一); 004 #9)', () => {
  const birthDate = '2008-05-20'
  const monthlyFen = 2_240_00
  const today = '2026-05-25'
  it('Wenling, stops: regular payment through the birthday month, then a one-off 6 months', () => {
    const r = exitPlan(wenling2023, 'scattered_orphan', 'stop', { birthDate, monthlyFen, today, capable: true })
    expect(r.ok && r.plan).toMatchObject({ lastRegularMonth: '2026-05', oneOffMonths: 6, oneOffFen: 13_440_00, transitionMonths: 0, paidThroughMonth: '2026-05' })
  })
  it('Wenling, still at school: continues to graduation, then a one-off 6 months', () => {
    const r = exitPlan(wenling2023, 'scattered_orphan', 'in_school', { birthDate, monthlyFen, today, graduationMonth: '2027-06' })
    expect(r.ok && r.plan).toMatchObject({ lastRegularMonth: '2027-06', oneOffMonths: 6, paidThroughMonth: '2027-06' })
    expect(exitPlan(wenling2023, 'scattered_orphan', 'in_school', { birthDate, monthlyFen, today, capable: true })).toMatchObject({ ok: false })
  })
  it('Wenling, enlists while at school: a one-off 12 months', () => {
    const r = exitPlan(wenling2023, 'fact_unsupported', 'enlisted', { birthDate, monthlyFen, today, enlistmentMonth: '2026-09' })
    expect(r.ok && r.plan).toMatchObject({ lastRegularMonth: '2026-09', oneOffMonths: 12, oneOffFen: 26_880_00 })
    expect(r.ok && r.plan.plain).toContain('一次性发放 12 个月')
  })
  it('Guangdong: orphans and de-facto unsupported children keep being paid for a 6-month transition', () => {
    const r = exitPlan(guangdong2024, 'orphan', 'stop', { birthDate, monthlyFen: 1_600_00, today })
    expect(r.ok && r.plan).toMatchObject({ lastRegularMonth: '2026-05', oneOffMonths: 0, transitionMonths: 6, paidThroughMonth: '2026-11' })
    expect(r.ok && r.plan.clauses).toContain('004 #9')
  })
  it('Guangdong has no in-school continuation: refused with the reason', () => {
    const r = exitPlan(guangdong2024, 'orphan', 'in_school', { birthDate, monthlyFen: 1_600_00, today, graduationMonth: '2027-06' })
    expect(r).toMatchObject({ ok: false })
  })
  // Old assertion said 2026-02 (the calendar birthday); the one age rule (民法典 §201–202) makes a
  // child born on 29 February 18 周岁 on 1 March of a common year, after the period's last day (28 Feb).
  it('a child born on 29 February is 18 周岁 from 1 March in a common year', () => {
    const r = exitPlan(wenling2023, 'scattered_orphan', 'stop', { birthDate: '2008-02-29', monthlyFen, today: '2026-03-01', capable: true })
    expect(r.ok && r.plan.lastRegularMonth).toBe('2026-03')
  })
})

describe('the age-18 exit outside the exit rules', () => {
  it('a Wenling 低保 family child simply stops at 18: no one-off months (003 §2(一) 低保家庭儿童除外)', () => {
    const r = exitPlan(wenling2023, 'dibao_family', 'stop', { birthDate: '2008-05-20', monthlyFen: 448_00, today: '2026-05-25' })
    expect(r.ok && r.plan).toMatchObject({ oneOffMonths: 0, oneOffFen: 0, paidThroughMonth: '2026-05' })
    expect(exitPlan(wenling2023, 'dibao_family', 'in_school', { birthDate: '2008-05-20', monthlyFen: 448_00, today: '2026-05-25', graduationMonth: '2027-06' })).toMatchObject({ ok: false })
  })
})
