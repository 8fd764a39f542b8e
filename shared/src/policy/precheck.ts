import * as z from 'zod'
import { doubleSupport, factsOn, matches, monthlyAmount, requiredDocuments } from './calculator'
import { formatYuan } from './money'
import { benefitLabel, documentKindLabel, DocumentKind, type PolicySet, type PreCheckAnswers } from './types'

export const PreCheckMatch = z.object({
  categoryId: z.string(),
  /** Plain label, never 困境 / 留守 (004 §7(四)). */
  label: z.string(),
  who: z.string(),
  monthlyFen: z.number().int(),
  monthly: z.boolean(),
  explanation: z.string(),
  clauses: z.array(z.string()),
  documents: z.array(z.object({ kind: DocumentKind, label: z.string() })),
  /** A neutral note when the child already receives support this would not be paid with. */
  otherSupportNote: z.string().optional(),
  /** The amount rests on a placeholder figure: shown as 演示金额. */
  demo: z.boolean(),
})
export type PreCheckMatch = z.infer<typeof PreCheckMatch>

/** A situation the locality supports through another scheme (低保, 临时救助): where to go, no amount. */
export const PreCheckDirection = z.object({
  categoryId: z.string(),
  label: z.string(),
  who: z.string(),
  scheme: z.string(),
  text: z.string(),
})
export type PreCheckDirection = z.infer<typeof PreCheckDirection>

export const PreCheckResult = z.object({
  locality: z.string(),
  policyName: z.string(),
  policyVersion: z.string(),
  ageYears: z.number().int(),
  matches: z.array(PreCheckMatch),
  directions: z.array(PreCheckDirection),
  notes: z.array(z.string()),
  /** Always shown: this is advice, the decision is the county's. */
  advisory: z.string(),
})
export type PreCheckResult = z.infer<typeof PreCheckResult>

export const preCheckAdvisory = '以上是根据您的回答作出的初步估算，仅供参考，不是审批结果。是否符合条件、每月金额多少，以村、乡镇核实和县民政局审批为准。'

/**
 * The eligibility pre-check: which categories may apply and roughly how much, with the rule
 * in plain Chinese. Only categories a family can apply for are offered; the state places
 * institution orphans and rescued wandering children itself.
 */
export function preCheck(policy: PolicySet, answers: PreCheckAnswers, today: string): PreCheckResult {
  const facts = factsOn(answers, today)
  const notes: string[] = []
  let candidates = policy.categories.filter((c) => c.guardianMayApply && matches(c.appliesWhen, facts))
  let directed = policy.categories.filter((c) => c.directedTo && matches(c.appliesWhen, facts))

  // Family screens explain in plain words, with no clause numbers: those are for staff.
  if (facts.ageMonths < 0) {
    candidates = []
    directed = []
    notes.push('出生日期晚于今天，请检查。')
  } else if (facts.ageYears >= policy.exit.atAge) {
    candidates = []
    directed = []
    notes.push(
      facts.inSchool && policy.exit.inSchoolThenOneOffMonths !== null
        ? `孩子已年满 ${policy.exit.atAge} 周岁。按${policy.name}的政策，已在领取补贴、仍在校就学的，可继续领取至毕业，请联系村儿童主任办理，无需重新申请。`
        : `补贴面向未满 ${policy.exit.atAge} 周岁的孩子。按${policy.name}的政策：${policy.exit.plain}。`,
    )
  }
  if (!facts.localHukou && policy.locality === 'wenling' && candidates.length) {
    candidates = []
    notes.push(`按${policy.name}的政策，补贴要求孩子具有本市户籍。户籍在外地的，请向户籍所在地申请；孩子在本地遇到危险时，民政部门会直接救助。`)
  }

  const matchesOut = candidates.map((c): PreCheckMatch => {
    const estimate = monthlyAmount(policy, c.id, facts)
    const conflict = doubleSupport(policy, c.id, facts.currentBenefits)
    return {
      categoryId: c.id,
      label: c.guardianLabel,
      who: c.plain,
      monthlyFen: estimate.monthlyFen,
      monthly: estimate.monthly,
      explanation: estimate.explanation,
      clauses: estimate.clauses,
      documents: requiredDocuments(policy, c.id, facts).map((d) => ({ kind: d.kind, label: documentKindLabel[d.kind] })),
      otherSupportNote: conflict
        ? `孩子已经领取${conflict.conflicting.map((b) => benefitLabel[b]).join('、')}。${conflict.rule.plain}，工作人员会帮您核对选择最合适的一项。`
        : undefined,
      demo: estimate.demo,
    }
  })
  // Highest monthly amount first: the option most worth applying for.
  matchesOut.sort((a, b) => b.monthlyFen - a.monthlyFen)
  const directions = directed.map((c) => ({ categoryId: c.id, label: c.guardianLabel, who: c.plain, scheme: c.directedTo!.scheme, text: c.directedTo!.plain }))
  if (!matchesOut.length && !directions.length && !notes.length) {
    notes.push('根据您的回答，暂时没有找到对应的补贴类别。家里情况有变化，或者拿不准的，可以直接问村里的儿童主任。')
  }
  if (matchesOut.length > 1) notes.push(`同一个孩子的基本生活补贴只发放一项；上面按每月金额从高到低排列，最高为 ${formatYuan(matchesOut[0]!.monthlyFen)}。`)
  return {
    locality: policy.locality,
    policyName: policy.name,
    policyVersion: policy.version,
    ageYears: Math.max(0, facts.ageYears),
    matches: matchesOut,
    directions,
    notes,
    advisory: preCheckAdvisory,
  }
}
