import * as z from 'zod'
import { monthPlus, birthdayAt } from './dates'
import { formatYuan } from './money'
import type { PolicySet } from './types'

/** What staff record when an approved child reaches 18 (003 §2(一)). */
export const ExitDecision = z.enum(['stop', 'in_school', 'enlisted'], { error: '请选择年满 18 周岁后的情况' })
export type ExitDecision = z.infer<typeof ExitDecision>
export const exitDecisionLabel: Record<ExitDecision, string> = {
  stop: '不再在校就学，停止发放',
  in_school: '仍在校就学，继续发放至毕业',
  enlisted: '就学期间应征入伍',
}

export interface ExitPlan {
  decision: ExitDecision
  /** The last month of regular monthly payment. */
  lastRegularMonth: string
  /** A one-off payment of this many months' allowance, paid after the last regular month. */
  oneOffMonths: number
  oneOffFen: number
  /** Months of transition during which payment continues (004 #9). */
  transitionMonths: number
  /** The last month anything is paid for: regular months, then transition. */
  paidThroughMonth: string
  plain: string
  clauses: string[]
}

export type ExitPlanResult = { ok: true; plan: ExitPlan } | { ok: false; message: string }

/**
 * What the age-18 exit means in money and months. Regular payment runs through the month of
 * the 18th birthday; at school it runs through the graduation month instead; on enlisting it
 * stops with the enlistment month. Then the locality's one-off months and transition apply.
 */
export function exitPlan(
  policy: PolicySet,
  categoryId: string,
  decision: ExitDecision,
  opts: { birthDate: string; monthlyFen: number; graduationMonth?: string; enlistmentMonth?: string },
): ExitPlanResult {
  const rules = policy.exit
  const category = policy.categories.find((c) => c.id === categoryId)
  // Categories outside the exit rules (Wenling: 低保家庭儿童除外) simply stop at 18.
  if (category && !category.exitAt18 && decision !== 'stop') return { ok: false, message: `${category.guardianLabel}年满 ${rules.atAge} 周岁即停止发放（${rules.clause}）` }
  const birthdayMonth = birthdayAt(opts.birthDate, rules.atAge).slice(0, 7)
  let lastRegularMonth = birthdayMonth
  let oneOffMonths: number
  if (decision === 'stop') {
    oneOffMonths = category && !category.exitAt18 ? 0 : rules.stopOneOffMonths
  } else if (decision === 'in_school') {
    if (rules.inSchoolThenOneOffMonths === null) return { ok: false, message: `${policy.name}的政策没有规定年满 18 周岁仍在校的继续发放（${rules.clause}）` }
    if (!opts.graduationMonth) return { ok: false, message: '请填写预计毕业的年月' }
    lastRegularMonth = opts.graduationMonth > birthdayMonth ? opts.graduationMonth : birthdayMonth
    oneOffMonths = rules.inSchoolThenOneOffMonths
  } else {
    if (rules.enlistedOneOffMonths === null) return { ok: false, message: `${policy.name}的政策没有规定就学期间入伍的一次性发放（${rules.clause}）` }
    lastRegularMonth = opts.enlistmentMonth && opts.enlistmentMonth > birthdayMonth ? opts.enlistmentMonth : birthdayMonth
    oneOffMonths = rules.enlistedOneOffMonths
  }
  const transition = rules.transition && rules.transition.categories.includes(categoryId) ? rules.transition : undefined
  const transitionMonths = transition?.months ?? 0
  const oneOffFen = oneOffMonths * opts.monthlyFen
  const parts = [
    `按月发放至 ${lastRegularMonth}`,
    oneOffMonths ? `之后一次性发放 ${oneOffMonths} 个月（${formatYuan(oneOffFen)}）` : '',
    transitionMonths ? `退出后过渡期 ${transitionMonths} 个月继续发放，至 ${monthPlus(lastRegularMonth, transitionMonths)}` : '',
  ].filter(Boolean)
  return {
    ok: true,
    plan: {
      decision,
      lastRegularMonth,
      oneOffMonths,
      oneOffFen,
      transitionMonths,
      paidThroughMonth: monthPlus(lastRegularMonth, transitionMonths),
      plain: `${exitDecisionLabel[decision]}：${parts.join('；')}。`,
      clauses: [rules.clause, ...(transition ? [transition.clause] : [])],
    },
  }
}
