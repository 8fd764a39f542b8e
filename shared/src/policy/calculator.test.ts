import { describe, expect, it } from 'vitest'
import { doubleSupport, factsOn, matches, monthlyAmount, requiredDocuments, standardFen } from './calculator'
import { guangdong2024 } from './guangdong'
import { ningxia2017 } from './ningxia'
import { wenling2023 } from './wenling'
import { sixian2020 } from './sixian'
import { PreCheckAnswers, type PolicySet } from './types'

const answers = (over: Partial<PreCheckAnswers> = {}) =>
  PreCheckAnswers.parse({ birthDate: '2016-05-10', father: 'present', mother: 'present', ...over })
const facts = (over: Partial<PreCheckAnswers> = {}, on = '2026-03-01') => factsOn(answers(over), on)

/** Wenling with another value of its one local input, last year's urban consumption per head. */
const wenlingWith = (yuanPerYear: number): PolicySet => ({
  ...wenling2023,
  parameters: { urbanConsumptionPerCapita: { ...wenling2023.parameters.urbanConsumptionPerCapita!, valueFen: yuanPerYear * 100 } },
})

describe('Wenling amounts, every category (003 §2(一)), shipped input 48,000 元/年', () => {
  const p = wenling2023
  it('institution orphan: 70% of last year\'s urban consumption per head, a year → 2,800 元 a month', () => {
    expect(standardFen(p, 'institution_orphan')).toBe(2_800_00)
  })
  it('scattered orphan: 80% of the institution standard → 2,240 元', () => {
    expect(monthlyAmount(p, 'scattered_orphan', facts({ father: 'deceased', mother: 'deceased' })).monthlyFen).toBe(2_240_00)
  })
  it.each(['fact_unsupported', 'own_difficulty', 'hiv_affected'])('%s: the scattered-orphan standard → 2,240 元', (id) => {
    expect(monthlyAmount(p, id, facts()).monthlyFen).toBe(2_240_00)
  })
  it('低保 family child: 20% of the scattered-orphan standard → 448 元 (above the 200 floor)', () => {
    const a = monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao' }))
    expect(a.monthlyFen).toBe(448_00)
    expect(a.lines.map((l) => l.fen)).toEqual([448_00])
  })
  it('低保 family child under one year: plus 30 元 infant nutrition → 478 元', () => {
    const baby = monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao', birthDate: '2025-06-15' }, '2026-03-01'))
    expect(baby.monthlyFen).toBe(478_00)
    expect(baby.lines.map((l) => [l.label, l.fen])).toEqual([
      ['享受低保家庭的孩子', 448_00],
      ['婴幼儿营养补贴', 30_00],
    ])
    expect(baby.explanation).toContain('30 元')
  })
  // The old rule stopped it on the birthday itself; a child is 1 周岁 only from the next day
  // (民法典 §201), as the left-behind and caregiver rules already counted.
  it('the infant supplement is paid through the first birthday and stops the day after (民法典 §201)', () => {
    const day = (on: string) => monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao', birthDate: '2025-03-01' }, on)).monthlyFen
    expect(day('2026-02-28')).toBe(478_00)
    expect(day('2026-03-01')).toBe(478_00)
    expect(day('2026-03-02')).toBe(448_00)
  })
  it('低保边缘 infant: only the 30 元 supplement', () => {
    expect(monthlyAmount(p, 'dibao_edge_infant', facts({ familyAssistance: 'dibao_edge', birthDate: '2025-12-01' })).monthlyFen).toBe(30_00)
  })
  it('wandering child under rescue: 50% of the scattered-orphan standard → 1,120 元', () => {
    expect(monthlyAmount(p, 'wandering', facts()).monthlyFen).toBe(1_120_00)
  })
  it('temporary loss of support: no monthly standard, explained as one-off relief', () => {
    const a = monthlyAmount(p, 'temporary_loss', facts({ suddenHardship: true }))
    expect(a).toMatchObject({ monthlyFen: 0, monthly: false })
    expect(a.explanation).toContain('临时救助')
  })
  it('explains the 低保 rule in plain Chinese with the chain behind it and the clause', () => {
    const a = monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao' }))
    expect(a.explanation).toContain('低保家庭儿童：散居孤儿标准的 20%，且每月不低于 200 元')
    expect(a.explanation).toContain('社会散居孤儿标准为每月 2,240 元')
    expect(a.explanation).toContain('当地上年度城镇常住居民人均生活消费支出：每年 48,000 元')
    expect(a.explanation).toContain('估算每月 448 元')
    expect(a.clauses).toEqual(['003 §2(一)4'])
  })
})

describe('Wenling with a low local input: the 200-yuan floor and rounding up', () => {
  const p = wenlingWith(10_000)
  it('each standard is rounded up to the yuan, never down (the rules are floors)', () => {
    // 10,000 × 70% ÷ 12 = 583.33 → 584; 584 × 80% = 467.2 → 468.
    expect(standardFen(p, 'institution_orphan')).toBe(584_00)
    expect(standardFen(p, 'scattered_orphan')).toBe(468_00)
  })
  it('20% of 468 is 93.60, so the 低保 child gets the floor: 200 元', () => {
    expect(monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao' })).monthlyFen).toBe(200_00)
  })
  it('the floor plus the infant supplement: 230 元', () => {
    expect(monthlyAmount(p, 'dibao_family', facts({ familyAssistance: 'dibao', birthDate: '2026-01-01' })).monthlyFen).toBe(230_00)
  })
  it('exactly at the floor and just above it: scattered 1,000 元 → 200, 1,001 元 → 201', () => {
    const q = wenlingWith(21_428)
    expect(standardFen(q, 'scattered_orphan')).toBe(1_000_00)
    expect(monthlyAmount(q, 'dibao_family', facts({ familyAssistance: 'dibao' })).monthlyFen).toBe(200_00)
    const r = wenlingWith(21_429)
    expect(standardFen(r, 'scattered_orphan')).toBe(1_001_00)
    expect(monthlyAmount(r, 'dibao_family', facts({ familyAssistance: 'dibao' })).monthlyFen).toBe(201_00)
  })
})

describe('Wenling categories: who they apply to', () => {
  const applies = (id: string, f: Parameters<typeof facts>[0]) => matches(wenling2023.categories.find((c) => c.id === id)!.appliesWhen, facts(f))
  it('both parents dead → orphan, not de-facto unsupported', () => {
    expect(applies('scattered_orphan', { father: 'deceased', mother: 'deceased' })).toBe(true)
    expect(applies('fact_unsupported', { father: 'deceased', mother: 'deceased' })).toBe(false)
  })
  it('one parent dead, the other in prison → de-facto unsupported', () => {
    expect(applies('fact_unsupported', { father: 'deceased', mother: 'imprisoned' })).toBe(true)
    expect(applies('fact_unsupported', { father: 'present', mother: 'imprisoned' })).toBe(false)
  })
  it('the papers depend on the situation: a death certificate only when a parent died', () => {
    const kinds = (f: Parameters<typeof facts>[0]) => requiredDocuments(wenling2023, 'fact_unsupported', facts(f)).map((d) => d.kind)
    expect(kinds({ father: 'deceased', mother: 'missing' })).toEqual(['household_register', 'child_birth_or_id', 'guardian_id', 'death_certificate', 'missing_proof'])
    expect(kinds({ father: 'imprisoned', mother: 'seriously_ill' })).toEqual([
      'household_register',
      'child_birth_or_id',
      'guardian_id',
      'imprisonment_proof',
      'diagnosis',
    ])
    expect(kinds({ father: 'imprisoned', mother: 'severely_disabled' })).toContain('disability_certificate')
  })
})

describe('Guangdong: six categories (004 §2(二)) and its standard', () => {
  const p = guangdong2024
  const applying = (f: Parameters<typeof facts>[0]) => p.categories.filter((c) => matches(c.appliesWhen, facts(f))).map((c) => c.id)
  it('has exactly the six categories of 004 §2(二), each citing its point', () => {
    expect(p.categories.map((c) => [c.id, c.clause])).toEqual([
      ['orphan', '004 §2(二)1'],
      ['fact_unsupported', '004 §2(二)2'],
      ['difficult_family', '004 §2(二)3'],
      ['severely_disabled', '004 §2(二)4'],
      ['fallback_guardianship', '004 §2(二)5'],
      ['other', '004 §2(二)6'],
    ])
  })
  it('an HIV-infected child counts as an orphan (004 §2(二)1); a child merely affected through a parent does not', () => {
    expect(applying({ hivInfected: true })).toEqual(['orphan'])
    expect(applying({ hivAffected: true })).toEqual([])
  })
  it('低保边缘, 支出型困难 and 特困 families all make a difficult-family child', () => {
    for (const a of ['dibao', 'dibao_edge', 'expense_hardship', 'tekun'] as const) expect(applying({ familyAssistance: a })).toEqual(['difficult_family'])
  })
  it('severe disability means grades 1–2, or grades 3–4 for mental and intellectual disability', () => {
    expect(applying({ disability: 'grade_1_2' })).toEqual(['severely_disabled'])
    expect(applying({ disability: 'mental_grade_3_4' })).toEqual(['severely_disabled'])
    expect(applying({ disability: 'other_grade' })).toEqual([])
  })
  it('orphans and de-facto unsupported children get the published standard; the others no separate monthly allowance', () => {
    expect(monthlyAmount(p, 'orphan', facts({ father: 'deceased', mother: 'deceased' })).monthlyFen).toBe(1_600_00)
    expect(monthlyAmount(p, 'fact_unsupported', facts({ father: 'missing', mother: 'imprisoned' })).monthlyFen).toBe(1_600_00)
    expect(monthlyAmount(p, 'difficult_family', facts({ familyAssistance: 'dibao' })).monthly).toBe(false)
  })
})

describe('Ningxia: four classes (002 §2) and which are paid the de-facto-unsupported standard (002 §3(一))', () => {
  const p = ningxia2017
  const classes = (f: Parameters<typeof facts>[0]) => p.categories.filter((c) => matches(c.appliesWhen, facts(f))).map((c) => c.id)
  it('has the four classes', () => {
    expect(p.categories.map((c) => c.clause)).toEqual(['002 §2(一)', '002 §2(二)', '002 §2(三)', '002 §2(四)'])
  })
  it('one parent dead and the other severely ill or disabled: family difficulty (002 §2(一))', () => {
    expect(classes({ father: 'deceased', mother: 'seriously_ill' })).toEqual(['family_difficulty'])
    expect(classes({ father: 'deceased', mother: 'severely_disabled' })).toEqual(['family_difficulty'])
  })
  it('one parent dead and the other remarried away: guardianship difficulty', () => {
    expect(classes({ father: 'deceased', mother: 'remarried_away' })).toEqual(['guardianship_difficulty'])
  })
  it('a disabled child: own difficulty; a sudden accident: temporary difficulty', () => {
    expect(classes({ disability: 'other_grade' })).toEqual(['own_difficulty'])
    expect(classes({ suddenHardship: true })).toEqual(['temporary_difficulty'])
  })
  it('both parents severely disabled: family difficulty, paid the de-facto-unsupported standard', () => {
    const f = facts({ father: 'severely_disabled', mother: 'severely_disabled' })
    expect(monthlyAmount(p, 'family_difficulty', f).monthlyFen).toBe(1_000_00)
    // Family difficulty through poverty alone goes to 低保, not this standard.
    expect(monthlyAmount(p, 'family_difficulty', facts({ familyAssistance: 'dibao' })).monthlyFen).toBe(0)
  })
  it('one parent missing and the other in prison: guardianship difficulty, paid the same standard', () => {
    const f = facts({ father: 'missing', mother: 'imprisoned' })
    expect(classes({ father: 'missing', mother: 'imprisoned' })).toEqual(['guardianship_difficulty'])
    expect(monthlyAmount(p, 'guardianship_difficulty', f)).toMatchObject({ monthlyFen: 1_000_00, clauses: ['002 §3(一)'] })
  })
})

describe('Ningxia 002 §3(一): 重病 is not 重残 — only the listed 重残 combinations get the standard', () => {
  const p = ningxia2017
  const paid = (id: string, f: Parameters<typeof facts>[0]) => monthlyAmount(p, id, facts(f)).monthlyFen
  it('both parents seriously ill (or one ill, one disabled): family difficulty, but no de-facto-unsupported standard', () => {
    expect(paid('family_difficulty', { father: 'seriously_ill', mother: 'seriously_ill' })).toBe(0)
    expect(paid('family_difficulty', { father: 'seriously_ill', mother: 'severely_disabled' })).toBe(0)
    expect(paid('family_difficulty', { father: 'severely_disabled', mother: 'severely_disabled' })).toBe(1_000_00)
  })
  it('one parent missing and the other seriously ill is not a listed combination; missing and 重残 is', () => {
    const classes = (f: Parameters<typeof facts>[0]) => p.categories.filter((c) => matches(c.appliesWhen, facts(f))).map((c) => c.id)
    expect(classes({ father: 'missing', mother: 'seriously_ill' })).not.toContain('guardianship_difficulty')
    expect(paid('guardianship_difficulty', { father: 'missing', mother: 'severely_disabled' })).toBe(1_000_00)
    expect(paid('guardianship_difficulty', { father: 'severely_disabled', mother: 'imprisoned' })).toBe(1_000_00)
    expect(paid('guardianship_difficulty', { father: 'seriously_ill', mother: 'imprisoned' })).toBe(0)
  })
})

describe('no double living support (002 §3(一); 003 §2(一))', () => {
  it('an orphan allowance applied for by a child already on 低保 is flagged with the rule', () => {
    const d = doubleSupport(wenling2023, 'scattered_orphan', ['dibao'])
    expect(d?.conflicting).toEqual(['dibao'])
    expect(d?.rule.plain).toContain('不重复享受')
    expect(d?.rule.clause).toContain('003 §2(一)')
  })
  it('a Wenling 低保 family child keeps 低保: paid on top of it (003 §2(一)4), but not with 特困', () => {
    expect(doubleSupport(wenling2023, 'dibao_family', ['dibao'])).toBeUndefined()
    expect(doubleSupport(wenling2023, 'dibao_family', ['dibao', 'tekun'])?.conflicting).toEqual(['tekun'])
  })
  it('nursing and rehabilitation subsidies may be combined', () => {
    expect(doubleSupport(wenling2023, 'own_difficulty', ['nursing_subsidy', 'rehab_training_subsidy', 'rehab_living_subsidy'])).toBeUndefined()
  })
  it('Ningxia: 低保, orphan allowance and 特困 are never paid together', () => {
    const d = doubleSupport(ningxia2017, 'guardianship_difficulty', ['orphan_allowance', 'tekun'])
    expect(d?.conflicting).toEqual(['orphan_allowance', 'tekun'])
    expect(d?.rule.clause).toBe('002 §3(一)')
  })
  it('a category that is not a living allowance is never flagged', () => {
    expect(doubleSupport(wenling2023, 'temporary_loss', ['dibao'])).toBeUndefined()
  })
})

describe('every rule names its seed clause and reads without labels', () => {
  for (const p of [sixian2020, wenling2023, guangdong2024, ningxia2017]) {
    it(`${p.name}: categories, amounts, supplements and papers cite a clause of seed ${p.source.seed}`, () => {
      for (const c of p.categories) {
        for (const clause of [c.clause, c.amount.clause, ...(c.supplements ?? []).map((s) => s.clause), ...c.documents.map((d) => d.clause)]) {
          expect(clause, `${c.id}`).toMatch(/^00\d (§|#)/)
        }
      }
      expect(p.exit.clause).toMatch(/^00\d /)
      expect(p.noDoubleSupport.clause).toMatch(/^00\d /)
    })
    it(`${p.name}: what a family reads never says 困境 or 留守 (004 §7(四))`, () => {
      for (const c of p.categories) {
        expect(c.guardianLabel).not.toMatch(/困境|留守/)
        expect(c.plain).not.toMatch(/困境|留守/)
        expect(c.amount.plain).not.toMatch(/困境|留守/)
      }
    })
  }
})
