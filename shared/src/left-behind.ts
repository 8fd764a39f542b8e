import * as z from 'zod'
import { ancestorAt } from './divisions'
import { ageReachedOn, periodCompleteOn } from './civil-date'

/**
 * Who is a rural left-behind child (农村留守儿童), seed 004 §2(一):
 *
 * > 父母双方外出务工或一方外出务工另一方无监护能力，无法与父母正常共同生活的未满十六周岁农村户籍未成年人。
 * > 外出务工时限按连续3个月以上把握（偶尔回家探亲、休假的，不影响连续务工时间认定）；务工地点按照跨县域把握，
 * > 对于设区的市，务工地和户籍地均在核心城区的，则不在统计范围；另一方无监护能力指儿童父或母符合重残、重病、
 * > 失联、被遣送（驱逐）出境、服刑在押、强制隔离戒毒、被执行其他限制人身自由的措施等情形。
 *
 * The result is for staff only: public screens never label a child (004 §7(四)).
 */
export const LEFT_BEHIND_SOURCE = '004 §2(一)'

export const HouseholdRegistration = z.enum(['rural', 'urban'], { error: '请选择户口类型' })
export type HouseholdRegistration = z.infer<typeof HouseholdRegistration>
export const householdRegistrationLabel: Record<HouseholdRegistration, string> = {
  rural: '农村户口（农业户口）',
  urban: '城镇户口（非农业户口）',
}

/** Why a parent who is not working away cannot guard the child (另一方无监护能力, 004 §2(一)). */
export const UnableToGuardReason = z.enum(
  ['severe_disability', 'severe_illness', 'lost_contact', 'deported', 'imprisoned_or_detained', 'compulsory_rehabilitation', 'other_restriction'],
  { error: '请选择不能照护孩子的原因' },
)
export type UnableToGuardReason = z.infer<typeof UnableToGuardReason>
export const unableToGuardLabel: Record<UnableToGuardReason, string> = {
  severe_disability: '重度残疾',
  severe_illness: '重病',
  lost_contact: '失联',
  deported: '被遣送（驱逐）出境',
  imprisoned_or_detained: '服刑在押或被羁押',
  compulsory_rehabilitation: '强制隔离戒毒',
  other_restriction: '被执行其他限制人身自由的措施',
}

/** What the determination needs to know about one parent. */
export type ParentFacts =
  | { situation: 'working_away'; workplaceCode: string; awaySince: string; label?: string }
  | { situation: 'not_away'; canGuard: true; label?: string }
  | { situation: 'not_away'; canGuard: false; reason: UnableToGuardReason; label?: string }

export interface LeftBehindFacts {
  child: { birthDate: string; householdRegistration: HouseholdRegistration; villageCode: string }
  parents: readonly ParentFacts[]
}

export interface LeftBehindOptions {
  /**
   * Core urban districts of cities with districts (核心城区), per locality. Work between two of
   * them in the same city is not "away". None are configured yet, so nothing is excluded.
   */
  isCoreUrbanDistrict?: (countyCode: string) => boolean
}

export interface LeftBehindDetermination {
  /** Whether the child counts on `asOf`. */
  leftBehind: boolean
  /** First day the child counts (now or later), when the facts make them count at all before turning 16. */
  from?: string
  /** First day the child no longer counts by age: the day they are 16 full years old. */
  until: string
  /** Why, in Chinese, for staff. */
  reasons: string[]
  source: typeof LEFT_BEHIND_SOURCE
}

const CONTINUOUS_MONTHS_AWAY = 3
const AGE_LIMIT_YEARS = 16

const parentName = (p: ParentFacts, i: number) => p.label ?? (i === 0 ? '父母一方' : '另一方')

/**
 * Applies 004 §2(一) to the facts on the day `asOf` (`YYYY-MM-DD`). Pure: the same facts and
 * day always give the same answer, so staff screens, the care list and tests agree.
 */
export function determineLeftBehind(facts: LeftBehindFacts, asOf: string, options: LeftBehindOptions = {}): LeftBehindDetermination {
  const { child, parents } = facts
  const until = ageReachedOn(child.birthDate, AGE_LIMIT_YEARS)
  const reasons: string[] = []
  const no = (): LeftBehindDetermination => ({ leftBehind: false, until, reasons, source: LEFT_BEHIND_SOURCE })

  if (child.householdRegistration !== 'rural') {
    reasons.push('孩子是城镇户口，不属于农村留守儿童')
    return no()
  }
  const homeCounty = ancestorAt(child.villageCode, 'county')
  const isCore = options.isCoreUrbanDistrict ?? (() => false)

  // Per parent: the first day they count as "away" (3 full months across a county line), or
  // whether they cannot guard.
  const away: (string | undefined)[] = []
  const unable: boolean[] = []
  parents.forEach((p, i) => {
    const name = parentName(p, i)
    if (p.situation === 'working_away') {
      const workCounty = ancestorAt(p.workplaceCode, 'county')
      const sameCounty = workCounty === homeCounty
      const bothCoreUrban =
        !sameCounty && ancestorAt(workCounty, 'city') === ancestorAt(homeCounty, 'city') && isCore(workCounty) && isCore(homeCounty)
      if (sameCounty) reasons.push(`${name}在本县（区）内务工，不算外出务工（须跨县域）`)
      else if (bothCoreUrban) reasons.push(`${name}的务工地和户籍地均在同一设区市的核心城区，不计入`)
      const from = sameCounty || bothCoreUrban ? undefined : periodCompleteOn(p.awaySince, CONTINUOUS_MONTHS_AWAY)
      away.push(from)
      unable.push(false)
    } else {
      away.push(undefined)
      unable.push(!p.canGuard)
      if (!p.canGuard) reasons.push(`${name}${unableToGuardLabel[p.reason]}，无监护能力`)
    }
  })

  let from: string | undefined
  const awayCount = away.filter(Boolean).length
  if (parents.length === 2 && awayCount === 2) {
    from = away[0]! > away[1]! ? away[0] : away[1]
    reasons.push('父母双方均外出务工')
  } else if (parents.length === 2 && awayCount === 1 && unable[away[0] ? 1 : 0]) {
    from = away[0] ?? away[1]
    reasons.push('父母一方外出务工，另一方无监护能力')
  } else if (awayCount === 0 && unable.every(Boolean) && parents.length === 2) {
    reasons.push('父母双方均无监护能力但都不是外出务工：按困境儿童情形评估，不属于农村留守儿童')
    return no()
  } else if (parents.length === 1) {
    // The caller leaves out a parent who has died (004 §2(一) speaks of two living parents).
    reasons.push('父母一方已去世：不属于农村留守儿童，按农村单亲家庭儿童关爱')
    return no()
  } else {
    reasons.push('父母至少一方在家且能照护孩子（或未跨县外出务工），不属于农村留守儿童')
    return no()
  }

  if (from! >= until) {
    reasons.push('外出满 3 个月时孩子已满十六周岁')
    return no()
  }
  if (asOf >= until) {
    reasons.push(`孩子已满十六周岁（${until} 起）`)
    return { ...no(), from }
  }
  if (asOf < from!) {
    reasons.push(`外出务工尚未连续满 3 个月，自 ${from} 起符合`)
    return { ...no(), from }
  }
  return { leftBehind: true, from, until, reasons, source: LEFT_BEHIND_SOURCE }
}
