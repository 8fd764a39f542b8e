import * as z from 'zod'
import type { Department } from '../departments'
import { addWorkingDays } from './holidays'

/**
 * Why a child is referred (转介 / 通报) and to whom: the list of 004 §4(二) 强化排查监测, which
 * names, for each kind of finding, the department the township must inform:
 *
 * 「将排查发现疑似辍学儿童、疑似应享教育资助政策儿童、学校在读疑似有心理障碍儿童信息通报同级教育部门；
 * 将疑似应纳未纳医保儿童信息通报同级医保部门；将疑似残疾未办证或未接受康复救助儿童信息通报同级残联部门；
 * 将疑似患有严重心理疾病需诊疗儿童信息通报同级卫生健康部门；将遭受或疑似遭受性侵害、虐待、拐卖、暴力伤害、
 * 遗弃等不法侵害的困境儿童及时通报同级公安、检察、法院等相关部门」
 *
 * and its closing line: 「部门间在数据比对、排查监测、关爱帮扶过程中，应当依法保护儿童个人信息」 — so each
 * reason also says the least the department needs to act (`minimumFacts`); anything more is a
 * recorded choice with a reason (PIPL §6 最小必要). 004 is Guangdong's plan; 泗县's notice (001)
 * names the same duties per department (001 "明确部门职责": 教育 控辍保学、教育资助、心理健康; 公安 应急处置)
 * without a list of its own, so this catalogue serves every locality.
 */

/** The facts of a child's file a referral can carry, each shown as one labelled line. */
export const ShareableFact = z.enum([
  'name',
  'sex',
  'age',
  'village',
  'school',
  'caregiver',
  'parents',
  'health',
  'household',
  'categories',
  'situations',
  'idMasked',
])
export type ShareableFact = z.infer<typeof ShareableFact>

/** Each fact as staff and departments read it, and what it contains (the form's explanation). */
export const shareableFacts: Record<ShareableFact, { label: string; explains: string }> = {
  name: { label: '姓名', explains: '孩子的姓名' },
  sex: { label: '性别', explains: '男或女' },
  age: { label: '年龄', explains: '周岁年龄和出生日期' },
  village: { label: '居住的村（社区）', explains: '孩子实际居住的村（社区）' },
  school: { label: '学校和年级', explains: '上学情况、学校名称和年级' },
  caregiver: { label: '照护人', explains: '照护人的姓名、关系，电话只显示部分号码' },
  parents: { label: '父母情况', explains: '父母是否外出、在家或不能照护（不含电话）' },
  health: { label: '健康和残疾', explains: '残疾等级、是否重病和健康情况说明' },
  household: { label: '户籍', explains: '农村或城镇户籍和户籍地' },
  categories: { label: '家庭困难类别', explains: '孤儿、事实无人抚养、低保等类别（家庭经济情况）' },
  situations: { label: '发现的情况', explains: '评定等级时勾选的情况，如疑似遭受侵害' },
  idMasked: { label: '身份证号（部分）', explains: '只显示前三位和后四位' },
}

export const ReferralReasonId = z.enum(
  [
    'suspected_dropout',
    'education_aid',
    'school_psychological',
    'uninsured',
    'disability_no_certificate',
    'disability_no_rehabilitation',
    'serious_mental_illness',
    'sexual_assault',
    'abuse',
    'trafficking',
    'violence',
    'abandonment',
  ],
  { error: '请选择转介原因' },
)
export type ReferralReasonId = z.infer<typeof ReferralReasonId>

export interface ReferralReason {
  id: ReferralReasonId
  label: string
  /** The departments 004 §4(二) names for this finding (one referral goes to one of them). */
  departments: readonly Department[]
  /** The least the department needs to act; the referral form ticks exactly these. */
  minimumFacts: readonly ShareableFact[]
  /** Why these facts, in plain words, for the form. */
  why: string
  clause: string
}

const unlawfulHarm: Pick<ReferralReason, 'departments' | 'minimumFacts' | 'why' | 'clause'> = {
  departments: ['police', 'procuratorate', 'court'],
  // To act at once the police must find the child and who is with them, and know what was found.
  minimumFacts: ['name', 'sex', 'age', 'village', 'caregiver', 'parents', 'situations'],
  why: '公安、检察、法院需要找到孩子、知道孩子和谁在一起、发现了什么，才能立即处置',
  clause: '004 §4(二)：遭受或疑似遭受性侵害、虐待、拐卖、暴力伤害、遗弃等不法侵害的困境儿童及时通报同级公安、检察、法院',
}

export const referralReasons: readonly ReferralReason[] = [
  {
    id: 'suspected_dropout',
    label: '疑似辍学',
    departments: ['education'],
    minimumFacts: ['name', 'school'],
    why: '教育部门凭姓名、学校和年级就能找到孩子，劝返复学',
    clause: '004 §4(二)：疑似辍学儿童信息通报同级教育部门',
  },
  {
    id: 'education_aid',
    label: '疑似应享受教育资助',
    departments: ['education'],
    minimumFacts: ['name', 'school', 'categories'],
    why: '教育资助看家庭困难类别，所以要告诉教育部门孩子属于哪一类',
    clause: '004 §4(二)：疑似应享教育资助政策儿童信息通报同级教育部门',
  },
  {
    id: 'school_psychological',
    label: '在校疑似有心理障碍',
    departments: ['education'],
    minimumFacts: ['name', 'school', 'health'],
    why: '学校安排心理辅导需要知道孩子在哪所学校、哪个年级和健康情况',
    clause: '004 §4(二)：学校在读疑似有心理障碍儿童信息通报同级教育部门',
  },
  {
    id: 'uninsured',
    label: '疑似应参保未参保',
    departments: ['medical_insurance'],
    minimumFacts: ['name', 'sex', 'age', 'village', 'household', 'caregiver'],
    why: '医保部门办理参保需要户籍、年龄和能联系的照护人',
    clause: '004 §4(二)：疑似应纳未纳医保儿童信息通报同级医保部门',
  },
  {
    id: 'disability_no_certificate',
    label: '疑似残疾未办残疾证',
    departments: ['disabled_federation'],
    minimumFacts: ['name', 'sex', 'age', 'village', 'health', 'caregiver'],
    why: '残联需要知道残疾情况和能联系的照护人，才能上门评定办证',
    clause: '004 §4(二)：疑似残疾未办证儿童信息通报同级残联部门',
  },
  {
    id: 'disability_no_rehabilitation',
    label: '残疾未接受康复救助',
    departments: ['disabled_federation'],
    minimumFacts: ['name', 'sex', 'age', 'village', 'health', 'caregiver'],
    why: '残联安排康复救助需要知道残疾情况和能联系的照护人',
    clause: '004 §4(二)：未接受康复救助儿童信息通报同级残联部门',
  },
  {
    id: 'serious_mental_illness',
    label: '疑似患有严重心理疾病需诊疗',
    departments: ['health'],
    minimumFacts: ['name', 'sex', 'age', 'village', 'health', 'caregiver'],
    why: '卫生健康部门安排诊疗需要知道健康情况和能联系的照护人',
    clause: '004 §4(二)：疑似患有严重心理疾病需诊疗儿童信息通报同级卫生健康部门',
  },
  { id: 'sexual_assault', label: '遭受或疑似遭受性侵害', ...unlawfulHarm },
  { id: 'abuse', label: '遭受或疑似遭受虐待', ...unlawfulHarm },
  { id: 'trafficking', label: '遭受或疑似遭受拐卖', ...unlawfulHarm },
  { id: 'violence', label: '遭受或疑似遭受暴力伤害', ...unlawfulHarm },
  { id: 'abandonment', label: '被遗弃或疑似被遗弃', ...unlawfulHarm },
]

export const referralReason = (id: ReferralReasonId): ReferralReason => referralReasons.find((r) => r.id === id)!

/** The reasons a department may be sent. */
export const reasonsFor = (department: Department) => referralReasons.filter((r) => r.departments.includes(department))

/** The default share: the union of the chosen reasons' minimum facts, in catalogue order. */
export function minimumFactsFor(reasons: readonly ReferralReasonId[]): ShareableFact[] {
  const wanted = new Set(reasons.flatMap((r) => referralReason(r).minimumFacts))
  return ShareableFact.options.filter((f) => wanted.has(f))
}

/**
 * When a department must answer and when a referral is stale: data, so a county can change it.
 * The 3 working days and the 14 days are product defaults (no seed sets a deadline for a
 * department's answer; 14 days is Primero's default for a referral without a response). The
 * police hour on a red case follows 001 (「公安机关接到…报警和求助，应当立即出警处置」) and 004 §3.1
 * (红色 立即干预). Working days skip public holidays and count make-up workdays (`holidays.ts`).
 */
export const referralTiming = {
  acknowledgeWithinWorkingDays: 3,
  /** Stricter targets, the first that matches wins. */
  acknowledgeOverrides: [{ departments: ['police'] as readonly Department[], whenRed: true, minutes: 60, clause: '001：公安机关接到涉及农村留守儿童监护侵害行为的报警和求助，应当立即出警处置' }],
  /** No outcome this many days after it was sent: stale, and the township supervisor is told. */
  staleAfterDays: 14,
}
export type ReferralTiming = typeof referralTiming

/**
 * The timing each county works to, by division-code prefix (the longest match wins; `''` is every
 * county). Today every county uses the default; a county that agrees other targets with its
 * departments gets its own line here, with the document that sets them.
 */
export interface ReferralTimingSet {
  prefixes: string[]
  timing: ReferralTiming
  /** Where the targets come from. */
  source: string
}
export const referralTimingSets: readonly ReferralTimingSet[] = [{ prefixes: [''], timing: referralTiming, source: '产品默认值（见 referralTiming 的说明）' }]

/** The timing for a referral of a child in `countyCode`. */
export function referralTimingFor(countyCode: string, sets: readonly ReferralTimingSet[] = referralTimingSets): ReferralTiming {
  let best: { timing: ReferralTiming; length: number } | undefined
  for (const s of sets) {
    for (const p of s.prefixes) if (countyCode.startsWith(p) && (!best || p.length > best.length)) best = { timing: s.timing, length: p.length }
  }
  return best?.timing ?? referralTiming
}

const DAY_MS = 24 * 3600_000

/** When a referral sent at `sentAt` must be acknowledged, and by which rule. */
export function acknowledgeDueAt(department: Department, red: boolean, sentAt: string, timing: ReferralTiming = referralTiming): { at: string; rule: string } {
  const o = timing.acknowledgeOverrides.find((x) => x.departments.includes(department) && (!x.whenRed || red))
  if (o) return { at: new Date(Date.parse(sentAt) + o.minutes * 60_000).toISOString(), rule: `${o.minutes} 分钟内签收（${o.clause}）` }
  return { at: addWorkingDays(sentAt, timing.acknowledgeWithinWorkingDays), rule: `${timing.acknowledgeWithinWorkingDays} 个工作日内签收` }
}

export const staleAt = (sentAt: string, timing: ReferralTiming = referralTiming) => new Date(Date.parse(sentAt) + timing.staleAfterDays * DAY_MS).toISOString()
