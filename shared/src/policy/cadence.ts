import { addDays, addMonths, chinaStartOfDay } from '../civil-date'
import type { RiskColour } from '../risk'
import type { Duty, DutyKind } from '../child'

/**
 * How often a child must be seen, per locality, as data (STYLE "Policy is data"). Each rule
 * names the seed clause that says it. The strictest applicable rule wins: of all the duties
 * the rules produce, the one falling due first is what the director sees, and the file shows
 * which rule set each date.
 */
export type CadenceWhen =
  | { colour: RiskColour }
  /** Any child in difficulty (a difficulty category of the policy set). */
  | { inDifficulty: true }
  /** While an epidemic episode is open on the file. */
  | { epidemic: true }

/** What counts as doing the duty. */
export type Discharge = 'home_visit' | 'phone' | 'video' | 'intervention'

export interface CadenceRule {
  id: string
  duty: DutyKind
  when: CadenceWhen
  /** Interval from the last time it was done. `immediate` = within the deadline of the grade (red). */
  every: { months: number } | { days: number } | 'immediate'
  doneBy: Discharge[]
  /** Plain Chinese for the file: 「黄色：至少每月入户走访一次」. */
  plain: string
  clause: string
  /** Set when the seed does not say it in so many words and the product fills a gap. */
  note?: string
}

export interface CadenceSet {
  id: string
  name: string
  /** Division-code prefixes (county or province) this set serves. */
  prefixes: string[]
  version: string
  effectiveFrom: string
  rules: CadenceRule[]
}

const visit: Discharge[] = ['home_visit']
const anyContact: Discharge[] = ['home_visit', 'phone', 'video']

/** 004 §3: the four colours. Shared by every set that adopts Guangdong's grading model. */
const colourRules: CadenceRule[] = [
  {
    id: 'red_intervention',
    duty: 'intervention',
    when: { colour: 'red' },
    every: 'immediate',
    doneBy: ['intervention'],
    plain: '红色：发现或接报后即时介入处置（记录处置措施和报警时间）',
    clause: '004 §3.1',
  },
  {
    id: 'red_follow_up',
    duty: 'home_visit',
    when: { colour: 'red' },
    every: { months: 1 },
    doneBy: visit,
    plain: '红色：处置后至少每月入户跟进，直到重新评级',
    clause: '004 §3.2',
    note: '004 §3.1 只规定即时介入；处置后的跟进频次按黄色（重点跟踪）的最低要求执行，这是本系统的保守取值。',
  },
  { id: 'yellow_home_visit', duty: 'home_visit', when: { colour: 'yellow' }, every: { months: 1 }, doneBy: visit, plain: '黄色：至少每月入户走访一次', clause: '004 §3.2' },
  { id: 'blue_home_visit', duty: 'home_visit', when: { colour: 'blue' }, every: { months: 2 }, doneBy: visit, plain: '蓝色：至少每两个月入户走访一次', clause: '004 §3.3' },
  { id: 'green_contact', duty: 'contact', when: { colour: 'green' }, every: { months: 1 }, doneBy: anyContact, plain: '绿色：至少每个月联系一次', clause: '004 §3.4' },
  { id: 'green_home_visit', duty: 'home_visit', when: { colour: 'green' }, every: { months: 3 }, doneBy: visit, plain: '绿色：每三个月入户走访一次', clause: '004 §3.4' },
]

/**
 * 000 §2(三): while guardians cannot care because of an epidemic, 家访或电话随访，每周不少于2次.
 * Twice a week at the least means never more than 3 days between two follow-ups.
 */
const epidemicRule: CadenceRule = {
  id: 'epidemic_twice_weekly',
  duty: 'epidemic_followup',
  when: { epidemic: true },
  every: { days: 3 },
  doneBy: anyContact,
  plain: '疫情期间监护人不能照护：家访或电话随访每周不少于 2 次（最长隔 3 天）',
  clause: '000 §2(三)',
}

/** 001 #6: 村（居）民委员会…每季度核实困境儿童家庭情况、监护情况、就学情况. */
const quarterlyRule: CadenceRule = {
  id: 'quarterly_check',
  duty: 'quarterly_check',
  when: { inDifficulty: true },
  every: { months: 3 },
  doneBy: visit,
  plain: '困境儿童：村（居）委会每季度核实一次家庭、监护和就学情况',
  clause: '001 #6',
}

/**
 * 泗县 (the demo county): its own notice (001) adds the quarterly check; it has no colour
 * scheme of its own, so it adopts Guangdong's (004 §3), as it adopts Wenling's allowance set.
 */
export const cadenceSixian2024: CadenceSet = {
  id: 'sixian',
  name: '泗县（分级分色采用广东 2024 方案）',
  prefixes: ['341324'],
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  rules: [...colourRules, quarterlyRule, epidemicRule],
}

export const cadenceGuangdong2024: CadenceSet = {
  id: 'guangdong',
  name: '广东省 2024',
  prefixes: ['44'],
  version: '2024.1',
  effectiveFrom: '2024-04-01',
  rules: [...colourRules, epidemicRule],
}

/** Anywhere else: the colour model of 004 §3 and the epidemic rule, until a locality's own is entered. */
export const cadenceDefault: CadenceSet = {
  id: 'default',
  name: '默认（分级分色采用广东 2024 方案）',
  prefixes: [''],
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  rules: [...colourRules, epidemicRule],
}

export const cadenceSets: readonly CadenceSet[] = [cadenceSixian2024, cadenceGuangdong2024, cadenceDefault]

/** The set serving a village, by the longest matching prefix. */
export function cadenceFor(villageCode: string, sets: readonly CadenceSet[] = cadenceSets): CadenceSet {
  return [...sets].filter((s) => s.prefixes.some((p) => villageCode.startsWith(p))).sort((a, b) => Math.max(...b.prefixes.map((p) => p.length)) - Math.max(...a.prefixes.map((p) => p.length)))[0]!
}

/** What the cadence needs to know about a child. */
export interface CadenceFacts {
  villageCode: string
  colour: RiskColour
  inDifficulty: boolean
  /** China date the file was created (the first duty counts from it when nothing was done yet). */
  createdOn: string
  /** Red since (ISO instant), when no intervention has been recorded since. */
  redSince?: string
  epidemicSince?: string
  /** Last China date each kind of record was made. */
  last: { home_visit?: string; phone?: string; video?: string }
}

export interface CadenceClock {
  /** How long a red child may wait for a recorded intervention (within the day, 004 §3.1). */
  redInterventionMs: number
}

function applies(when: CadenceWhen, f: CadenceFacts): boolean {
  if ('colour' in when) return when.colour === f.colour
  if ('inDifficulty' in when) return f.inDifficulty
  return !!f.epidemicSince
}

const latest = (dates: (string | undefined)[]) => dates.filter((d): d is string => !!d).sort().at(-1)

/**
 * Every duty the locality's rules give this child now, the one due first at the head. A duty
 * counts from the last record that discharges it, or from when the rule began to apply (the
 * file was created, the epidemic episode started) when there is none.
 */
export function dutiesFor(f: CadenceFacts, clock: CadenceClock, set = cadenceFor(f.villageCode)): Duty[] {
  const duties: Duty[] = []
  for (const r of set.rules) {
    if (!applies(r.when, f)) continue
    let dueOn: string
    let overdueAt: string
    if (r.every === 'immediate') {
      if (!f.redSince) continue
      overdueAt = new Date(Date.parse(f.redSince) + clock.redInterventionMs).toISOString()
      dueOn = new Date(Date.parse(overdueAt) + 8 * 3600_000 - 1).toISOString().slice(0, 10)
    } else {
      const lastDone = latest(r.doneBy.map((d) => (d === 'intervention' ? undefined : f.last[d])))
      const from = 'epidemic' in r.when ? latest([f.epidemicSince, lastDone])! : (lastDone ?? f.createdOn)
      dueOn = 'months' in r.every ? addMonths(from, r.every.months) : addDays(from, r.every.days)
      overdueAt = chinaStartOfDay(addDays(dueOn, 1))
    }
    duties.push({ kind: r.duty, dueOn, overdueAt, ruleId: r.id, rule: r.plain, clause: r.clause, doneBy: r.doneBy })
  }
  return duties.sort((a, b) => (a.overdueAt < b.overdueAt ? -1 : a.overdueAt > b.overdueAt ? 1 : 0))
}

/** Document names for the screen: staff see which document a rule or category comes from, never a clause mark. */
export const seedTitles: Record<string, string> = {
  '000': '广西《因新冠肺炎疫情影响造成监护缺失儿童救助保护实施方案》',
  '001': '泗县《关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知》',
  '002': '宁夏《关于加强困境儿童保障工作的实施意见》',
  '003': '温岭《关于推进困境儿童精准保障工作的实施意见》',
  '004': '广东省《农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》',
}
export const seedTitleOf = (clause: string) => seedTitles[clause.slice(0, 3)] ?? clause
