import * as z from 'zod'
import { ageReachedOn } from '../civil-date'
import { monthPlus } from './dates'
import { formatYuan } from './money'
import type { PolicySet } from './types'

/**
 * What staff record when a supported child leaves the allowance or reaches 18 (003 §2(一);
 * 004 #9). `in_school` and `enlisted` are not an end: the first keeps paying until
 * graduation (the month can be moved later), the second pauses until the young person returns
 * to school (保留学籍回校就学期间恢复).
 */
export const ExitDecision = z.enum(['stop', 'in_school', 'graduated', 'enlisted', 'resumed', 'ended'], { error: '请选择孩子的情况' })
export type ExitDecision = z.infer<typeof ExitDecision>
export const exitDecisionLabel: Record<ExitDecision, string> = {
  stop: '年满 18 周岁，不再在校就学，停止发放',
  in_school: '年满 18 周岁仍在校就学，继续发放至毕业',
  graduated: '已毕业，停止发放',
  enlisted: '就学期间应征入伍',
  resumed: '退役后回校就学，恢复发放',
  ended: '情况变化，不再符合条件，停止发放',
}

export interface ExitPlan {
  decision: ExitDecision
  /** The last month of regular monthly payment (for `in_school`, the expected graduation month). */
  lastRegularMonth: string
  /** A one-off payment of this many months' allowance, paid after the last regular month. */
  oneOffMonths: number
  oneOffFen: number
  /** Months of transition during which payment continues after leaving (004 #9). */
  transitionMonths: number
  /** The last month anything is paid for: regular months, then transition. */
  paidThroughMonth: string
  /** Whether the allowance keeps being paid now (in school) or stops (everything else). */
  continues: boolean
  plain: string
  clauses: string[]
}

export type ExitPlanResult = { ok: true; plan: ExitPlan } | { ok: false; message: string; field?: string }

export interface ExitFacts {
  birthDate: string
  monthlyFen: number
  /** Today's date (`YYYY-MM-DD`, China): the month an `ended` exit stops after. */
  today: string
  graduationMonth?: string
  enlistmentMonth?: string
  /** The answer to the policy's capacity question (Wenling: 具备劳动能力和完全民事行为能力). */
  capable?: boolean
  /** Why support ends before 18 (`ended`). */
  reason?: string
}

/** The month in which a child becomes `years` 周岁: the day after that birthday (民法典 §201). */
export function monthOfAge(birthDate: string, years: number): string {
  return ageReachedOn(birthDate, years).slice(0, 7)
}

/**
 * The transition after leaving basic living support (004 #9): for the categories it covers,
 * after **any** exit — at 18, after graduation, or because the situation changed.
 */
export function exitTransition(policy: PolicySet, categoryId: string) {
  const t = policy.exit.transition
  return t && t.categories.includes(categoryId) ? t : undefined
}

/**
 * What an exit (or continuation) means in money and months. Regular payment runs through the
 * month the child becomes 18 周岁; at school through the graduation month instead; on enlisting
 * it stops with the enlistment month; an `ended` allowance stops with the current month. Then
 * the locality's one-off months and its transition apply.
 */
export function exitPlan(policy: PolicySet, categoryId: string, decision: ExitDecision, opts: ExitFacts): ExitPlanResult {
  const rules = policy.exit
  const category = policy.categories.find((c) => c.id === categoryId)
  const inRules = !category || category.exitAt18
  // Categories outside the exit rules (Wenling: 低保家庭儿童除外) simply stop at 18.
  if (!inRules && !['stop', 'ended'].includes(decision)) return { ok: false, message: `${category!.guardianLabel}年满 ${rules.atAge} 周岁即停止发放（${rules.clause}）` }
  const adultMonth = monthOfAge(opts.birthDate, rules.atAge)
  let lastRegularMonth = adultMonth
  let oneOffMonths = 0
  let continues = false
  switch (decision) {
    case 'stop': {
      const cap = rules.capacityCondition
      if (inRules && cap) {
        if (opts.capable === undefined) return { ok: false, field: 'capable', message: `请回答：${cap.question}（${cap.clause}）` }
        if (!opts.capable) return { ok: false, field: 'capable', message: `${cap.ifNot}（${cap.clause}）` }
      }
      oneOffMonths = inRules ? rules.stopOneOffMonths : 0
      break
    }
    case 'in_school':
    case 'graduated': {
      if (rules.inSchoolThenOneOffMonths === null) return { ok: false, message: `${policy.name}的政策没有规定年满 18 周岁仍在校的继续发放（${rules.clause}）` }
      if (!opts.graduationMonth) return { ok: false, field: 'graduationMonth', message: '请填写毕业（或预计毕业）的年月' }
      lastRegularMonth = opts.graduationMonth > adultMonth ? opts.graduationMonth : adultMonth
      oneOffMonths = rules.inSchoolThenOneOffMonths
      continues = decision === 'in_school'
      break
    }
    case 'enlisted': {
      if (rules.enlistedOneOffMonths === null) return { ok: false, message: `${policy.name}的政策没有规定就学期间入伍的一次性发放（${rules.clause}）` }
      lastRegularMonth = opts.enlistmentMonth && opts.enlistmentMonth > adultMonth ? opts.enlistmentMonth : adultMonth
      oneOffMonths = rules.enlistedOneOffMonths
      break
    }
    case 'resumed': {
      if (rules.enlistedOneOffMonths === null) return { ok: false, message: `${policy.name}的政策没有规定入伍后回校恢复发放（${rules.clause}）` }
      return {
        ok: true,
        plan: {
          decision,
          lastRegularMonth: opts.today.slice(0, 7),
          oneOffMonths: 0,
          oneOffFen: 0,
          transitionMonths: 0,
          paidThroughMonth: opts.today.slice(0, 7),
          continues: true,
          plain: `${exitDecisionLabel.resumed}：自 ${opts.today.slice(0, 7)} 起恢复按月发放。`,
          clauses: [rules.clause],
        },
      }
    }
    case 'ended': {
      if (!opts.reason) return { ok: false, field: 'reason', message: '请填写不再符合条件的原因' }
      lastRegularMonth = opts.today.slice(0, 7)
      break
    }
  }
  const transition = continues ? undefined : exitTransition(policy, categoryId)
  const transitionMonths = transition?.months ?? 0
  const oneOffFen = oneOffMonths * opts.monthlyFen
  const parts = [
    continues ? `继续按月发放至毕业（${lastRegularMonth}）` : `按月发放至 ${lastRegularMonth}`,
    oneOffMonths ? `${continues ? '毕业后' : '之后'}一次性发放 ${oneOffMonths} 个月（${formatYuan(oneOffFen)}）` : '',
    transitionMonths ? `退出后过渡期 ${transitionMonths} 个月继续发放，至 ${monthPlus(lastRegularMonth, transitionMonths)}` : '',
    decision === 'enlisted' ? '退役后回校就学的，恢复按月发放' : '',
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
      continues,
      plain: `${decision === 'ended' ? `停止发放：${opts.reason}` : exitDecisionLabel[decision]}：${parts.join('；')}。`,
      clauses: [...new Set([rules.clause, ...(rules.capacityCondition && decision === 'stop' ? [rules.capacityCondition.clause] : []), ...(transition ? [transition.clause] : [])])],
    },
  }
}
