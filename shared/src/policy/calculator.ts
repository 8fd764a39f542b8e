import { fullMonths } from '../civil-date'
import { ceilDiv, formatYuan } from './money'
import type { AmountRule, Benefit, CategoryRule, PolicyCondition, DocumentRequirement, NoDoubleSupportRule, PolicySet, PreCheckAnswers, PreCheckFacts } from './types'

/**
 * The facts conditions are evaluated on: the answers plus the child's age on a given day,
 * counted as the law counts it (`fullMonths`: a child is 1 周岁 from the day after the first
 * birthday), so "under 1" and "18" mean the same here as everywhere else.
 */
export function factsOn(answers: PreCheckAnswers, on: string): PreCheckFacts {
  const months = fullMonths(answers.birthDate, on)
  const { birthDate, ...rest } = answers
  return { ...rest, ageMonths: months, ageYears: Math.floor(months / 12) }
}

/** Evaluates a policy condition (see `PolicyCondition`) on the facts. */
export function matches(c: PolicyCondition, f: PreCheckFacts): boolean {
  if ('all' in c) return c.all.every((x) => matches(x, f))
  if ('any' in c) return c.any.some((x) => matches(x, f))
  if ('not' in c) return !matches(c.not, f)
  if ('parents' in c) {
    const both = [f.father, f.mother]
    if (c.parents !== 'pair') return c.parents === 'each' ? both.every((p) => c.in.includes(p)) : both.some((p) => c.in.includes(p))
    return (c.one.includes(f.father) && c.other.includes(f.mother)) || (c.one.includes(f.mother) && c.other.includes(f.father))
  }
  if ('familyAssistance' in c) return c.familyAssistance.includes(f.familyAssistance)
  if ('disability' in c) return c.disability.includes(f.disability)
  if ('flag' in c) return f[c.flag] === true
  return f.ageMonths < c.ageUnderMonths
}

export function categoryIn(policy: PolicySet, id: string): CategoryRule | undefined {
  return policy.categories.find((c) => c.id === id)
}

function category(policy: PolicySet, id: string): CategoryRule {
  const found = categoryIn(policy, id)
  if (!found) throw new Error(`${policy.locality} ${policy.version} has no category ${id}`)
  return found
}

export interface AmountLine {
  label: string
  fen: number
  clause: string
  plain: string
}

/** An estimated (or decided) monthly amount with the rules that produced it, in plain Chinese. */
export interface AmountEstimate {
  categoryId: string
  /** Total per month in fen; 0 when the category has no monthly allowance. */
  monthlyFen: number
  /** Whether there is a monthly payment at all. */
  monthly: boolean
  lines: AmountLine[]
  /** One sentence a guardian can read, e.g. 「低保家庭儿童：散居孤儿标准的 20%，且每月不低于 200 元。…按温岭市的政策，估算每月 448 元。」 */
  explanation: string
  clauses: string[]
  /** Computed from a placeholder figure (`PolicyParameter.demo`): shown as 演示金额 wherever it appears. */
  demo: boolean
}

/** What every screen adds to an amount computed from a placeholder figure. */
export const demoAmountNote = '演示金额，正式标准以当地民政部门公布为准'

/** Whether a rule's amount rests on a placeholder parameter anywhere along its chain. */
function usesDemo(policy: PolicySet, rule: AmountRule, trail = new Set<string>()): boolean {
  if (rule.kind === 'percent_of_category') {
    if (trail.has(rule.category)) return false
    return usesDemo(policy, category(policy, rule.category).amount, new Set([...trail, rule.category]))
  }
  if (rule.kind === 'percent_of_yearly_parameter' || rule.kind === 'local_standard') return !!policy.parameters[rule.parameter]?.demo
  return false
}

/**
 * The monthly standard of a rule, in fen, rounded up to the policy's unit. A percentage of
 * another category is taken of that category's published (rounded) monthly standard, as the
 * seed's wording refers to the standard (「社会散居孤儿基本生活费补助标准」), then rounded once.
 */
function ruleFen(policy: PolicySet, rule: AmountRule, trail: Set<string>): number {
  const unit = policy.roundUpToFen
  switch (rule.kind) {
    case 'none':
      return 0
    case 'local_standard': {
      const p = policy.parameters[rule.parameter]
      if (!p) throw new Error(`${policy.locality} has no parameter ${rule.parameter}`)
      return p.unit === 'fen_per_month' ? p.valueFen : ceilDiv(p.valueFen, 12 * unit) * unit
    }
    case 'percent_of_yearly_parameter': {
      const p = policy.parameters[rule.parameter]
      if (!p) throw new Error(`${policy.locality} has no parameter ${rule.parameter}`)
      const yearly = p.unit === 'fen_per_year' ? p.valueFen : p.valueFen * 12
      return ceilDiv(yearly * rule.percent, 100 * 12 * unit) * unit
    }
    case 'percent_of_category': {
      if (trail.has(rule.category)) throw new Error(`circular amount rule through ${rule.category}`)
      const base = standardFen(policy, rule.category, new Set([...trail, rule.category]))
      const share = ceilDiv(base * rule.percent, 100 * unit) * unit
      return Math.max(share, rule.floorFen ?? 0)
    }
  }
}

/** A category's base monthly standard (its default rule, no situation-specific case, no supplements). */
export function standardFen(policy: PolicySet, categoryId: string, trail = new Set<string>([categoryId])): number {
  return ruleFen(policy, category(policy, categoryId).amount, trail)
}

/** The rule that sets this child's amount within the category: the first matching case, else the default. */
export function amountRuleFor(c: CategoryRule, facts: PreCheckFacts): AmountRule {
  return c.amountCases?.find((x) => matches(x.when, facts))?.amount ?? c.amount
}

/** How the chain of standards behind a rule reads, e.g. 散居孤儿 → 福利机构孤儿 → 人均消费支出. */
function chain(policy: PolicySet, rule: AmountRule): string[] {
  if (rule.kind === 'percent_of_category') {
    const base = category(policy, rule.category)
    return [`${base.officialName}标准为每月 ${formatYuan(standardFen(policy, base.id))}（${base.amount.plain}）`, ...chain(policy, base.amount)]
  }
  if (rule.kind === 'percent_of_yearly_parameter' || rule.kind === 'local_standard') {
    const p = policy.parameters[rule.parameter]!
    const shown = p.unit === 'fen_per_year' ? `每年 ${formatYuan(p.valueFen)}` : `每月 ${formatYuan(p.valueFen)}`
    return [`${p.label}：${shown}${p.demo ? '（演示值）' : ''}`]
  }
  return []
}

/**
 * The monthly amount for a child of this category on the given facts (issue #4: "amount rules
 * with the rule explained in plain Chinese"). Pure; the same function gives the guardian's
 * estimate and the figure staff approve by default.
 */
export function monthlyAmount(policy: PolicySet, categoryId: string, facts: PreCheckFacts): AmountEstimate {
  const c = category(policy, categoryId)
  const rule = amountRuleFor(c, facts)
  const base = ruleFen(policy, rule, new Set([categoryId]))
  const lines: AmountLine[] = []
  if (rule.kind !== 'none') lines.push({ label: c.guardianLabel, fen: base, clause: rule.clause, plain: rule.plain })
  for (const s of c.supplements ?? []) {
    if (matches(s.when, facts)) lines.push({ label: s.label, fen: s.monthlyFen, clause: s.clause, plain: s.plain })
  }
  const monthlyFen = lines.reduce((n, l) => n + l.fen, 0)
  const demo = monthlyFen > 0 && usesDemo(policy, rule)
  const how = chain(policy, rule)
  const explanation =
    monthlyFen > 0
      ? [
          `${rule.plain}。`,
          how.length ? `其中${how.join('；')}。` : '',
          lines.length > 1 ? `${lines.slice(1).map((l) => `${l.plain}`).join('；')}。` : '',
          // 「按泗县的政策」: the family is told whose policy this is, never another place's.
          `按${policy.name}的政策，估算每月 ${formatYuan(monthlyFen)}${demo ? `（${demoAmountNote}）` : ''}。`,
        ].join('')
      : `${rule.plain}。`
  return {
    categoryId,
    monthlyFen,
    monthly: monthlyFen > 0,
    lines,
    explanation,
    clauses: [...new Set([rule.clause, ...lines.map((l) => l.clause)])],
    demo,
  }
}

/** The papers this child's application needs, given the family situation. */
export function requiredDocuments(policy: PolicySet, categoryId: string, facts: PreCheckFacts): DocumentRequirement[] {
  return category(policy, categoryId).documents.filter((d) => !d.when || matches(d.when, facts))
}

export interface DoubleSupport {
  /** Benefits the child already receives that this allowance may not be paid together with. */
  conflicting: Benefit[]
  rule: NoDoubleSupportRule
}

/**
 * No double living support (002 §3(一); 003 §2(一)): a living allowance applied for while the
 * child already receives 低保 / orphan allowance / 特困 in another form is flagged to staff,
 * unless the category is explicitly paid on top of it (Wenling 低保 family children keep 低保).
 */
export function doubleSupport(policy: PolicySet, categoryId: string, currentBenefits: readonly Benefit[]): DoubleSupport | undefined {
  const c = category(policy, categoryId)
  if (!c.livingAllowance) return undefined
  const conflicting = currentBenefits.filter((b) => policy.noDoubleSupport.exclusive.includes(b) && !(c.combinesWith ?? []).includes(b))
  return conflicting.length ? { conflicting: [...new Set(conflicting)], rule: policy.noDoubleSupport } : undefined
}
