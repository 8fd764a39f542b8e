import * as z from 'zod'
import { DivisionCode, VillageCode, levelOf } from './divisions'
import { MobilePhone, PersonName } from './contact'
import { IdNumber, birthDateOfId } from './id-number'
import { CivilDate, chinaToday, fullYears, isRealDate } from './civil-date'
import { HouseholdRegistration, UnableToGuardReason } from './left-behind'
import { CaregiverRelationship, ParentRelation, PersonSex, sexOfId } from './entrustment'
import { RiskColour } from './risk'
import { SituationId } from './situations'
import { policyForDivision } from './policy'
import { ChildClosure, ChildTransfer } from './child-moves'
import { GuardianshipSummary } from './guardianship'
import { choosePrompt } from './errors'

/**
 * 一人一档 the child's file (002 §4(三), 004 #8): one record per child, owned by the village
 * where the child actually lives, graded by colour (004 §3) and visited on that colour's
 * cadence. Everything here is for staff screens only: families never see the colour, the
 * categories or the words 留守 / 困境 (004 §7(四)).
 */

/** A form's empty optional field arrives as ''; treat it as absent. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const text = (max: number, label = '内容') => z.string().trim().max(max, { error: `${label}不超过 ${max} 字` })

// ---- the child's situation --------------------------------------------------------------------

/** One parent's situation, as the entrustment form asks it, plus the cases a survey meets. */
export const ChildParentSituation = z.enum(['working_away', 'at_home', 'unable', 'deceased', 'unknown'], { error: choosePrompt })
export type ChildParentSituation = z.infer<typeof ChildParentSituation>
export const childParentSituationLabel: Record<ChildParentSituation, string> = {
  working_away: '外出务工',
  at_home: '在家，能照护孩子',
  unable: '在家但不能照护孩子',
  deceased: '已去世',
  unknown: '不清楚',
}

export const ChildParent = z.object({
  relation: ParentRelation,
  name: z.preprocess(blank, PersonName.optional()),
  phone: z.preprocess(blank, MobilePhone.optional()),
  situation: ChildParentSituation,
  /** Working away: where, down to the county (跨县域, 004 §2(一)), and since when. */
  workplaceCode: z.preprocess(blank, DivisionCode.optional()),
  awaySince: z.preprocess(blank, CivilDate.optional()),
  /** Unable to guard: why (无监护能力, 004 §2(一)). */
  unableReason: z.preprocess(blank, UnableToGuardReason.optional()),
})
export type ChildParent = z.infer<typeof ChildParent>

export const ChildCaregiver = z.object({
  name: PersonName,
  relationship: CaregiverRelationship,
  phone: z.preprocess(blank, MobilePhone.optional()),
  livesWithChild: z.boolean({ error: '请选择是否和孩子一起住' }).default(true),
})
export type ChildCaregiver = z.infer<typeof ChildCaregiver>

export const SchoolStage = z.enum(['not_yet', 'kindergarten', 'primary', 'junior', 'senior', 'vocational', 'out_of_school'], { error: '请选择上学情况' })
export type SchoolStage = z.infer<typeof SchoolStage>
export const schoolStageLabel: Record<SchoolStage, string> = {
  not_yet: '未到上学年龄',
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中职、技校',
  out_of_school: '没有上学',
}

export const ChildSchooling = z.object({
  stage: SchoolStage,
  school: z.preprocess(blank, text(50, '学校名称').optional()),
  /** e.g. 三年级 */
  grade: z.preprocess(blank, text(20, '年级').optional()),
})
export type ChildSchooling = z.infer<typeof ChildSchooling>

export const ChildDisabilityLevel = z.enum(['none', 'level_1_2', 'level_3_4'], { error: '请选择残疾情况' })
export type ChildDisabilityLevel = z.infer<typeof ChildDisabilityLevel>
export const ChildHealth = z.object({
  disability: ChildDisabilityLevel.default('none'),
  seriousIllness: z.boolean().default(false),
  note: z.preprocess(blank, text(200, '健康情况说明').optional()),
})
export type ChildHealth = z.infer<typeof ChildHealth>

// ---- grading -------------------------------------------------------------------------------------

/**
 * 分级分色 grade from the situation catalogue of 004 §3 (the one reports use). The colour is the
 * most urgent situation's; none at all is green (常态化关爱, 004 §3.4). A grade the director
 * finds hard to judge goes to the township for confirmation (004 §3 末段: 情形复杂难判断的，由乡镇
 * 政府组织专门力量评估确认).
 */
export const GradeChild = z.object({
  situations: z
    .array(SituationId)
    .max(20)
    .refine((s) => new Set(s).size === s.length, { error: '情况选项重复' })
    .default([]),
  reason: z.string().trim().min(2, { error: '请写明评定的理由' }).max(500, { error: '理由不超过 500 字' }),
  hardToJudge: z.boolean().default(false),
})
export type GradeChild = z.infer<typeof GradeChild>

/** The township confirms the director's proposed grade, or sets another with its reason. */
export const ConfirmGrade = z
  .object({
    decision: z.enum(['confirm', 'change'], { error: '请选择确认或调整' }),
    situations: z.array(SituationId).max(20).optional(),
    reason: z.string().trim().min(2, { error: '请写明评估意见' }).max(500, { error: '意见不超过 500 字' }),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'change' && !v.situations) ctx.addIssue({ code: 'custom', path: ['situations'], message: '调整等级时请选择孩子的情况' })
  })
export type ConfirmGrade = z.infer<typeof ConfirmGrade>

export const Grade = z.object({
  colour: RiskColour,
  situations: z.array(SituationId),
  reason: z.string(),
  gradedAt: z.string(),
  gradedBy: z.string(),
  gradedByName: z.string(),
  /** Set when the township confirmed or changed a hard-to-judge grade. */
  confirmedBy: z.string().optional(),
  confirmedByName: z.string().optional(),
})
export type Grade = z.infer<typeof Grade>

export const PendingGrade = Grade.extend({ proposedAt: z.string() })
export type PendingGrade = z.infer<typeof PendingGrade>

// ---- categories ------------------------------------------------------------------------------------

/** How a category came to be on the file. */
export const CategoryBasis = z.enum(['computed', 'director', 'allowance'])
export type CategoryBasis = z.infer<typeof CategoryBasis>

/** A category that applies, with the clause and policy version that decided it. */
export const ChildCategory = z.object({
  /** `left_behind`, `single_parent`, or a category id of the locality's policy set (e.g. `dibao_family`). */
  id: z.string(),
  label: z.string(),
  /** Seed clause, e.g. `004 §2(一)`. */
  source: z.string(),
  /** The document's name in plain words, for the screen (never the clause mark). */
  sourceTitle: z.string(),
  policyVersion: z.string(),
  basis: CategoryBasis,
  since: z.string().optional(),
  /** Left-behind: the day the child is 16 full years old and no longer counts. */
  until: z.string().optional(),
  reasons: z.array(z.string()).default([]),
})
export type ChildCategory = z.infer<typeof ChildCategory>

// ---- enrolment (摸排建档) ----------------------------------------------------------------------------

export const childShape = {
  name: PersonName,
  sex: PersonSex,
  birthDate: CivilDate,
  /** When known. Stored only masked and as a keyed hash (never in full, never queried by). */
  idNumber: z.preprocess(blank, IdNumber.optional()),
  householdRegistration: HouseholdRegistration,
  /** 户籍地 as written in the household register, when it differs from where the child lives. */
  householdPlace: z.preprocess(blank, text(100, '户籍地').optional()),
  /** The village where the child actually lives: it owns the file and visits (001 #6, 004 #8). */
  villageCode: VillageCode,
  schooling: ChildSchooling.default({ stage: 'primary' }),
  health: ChildHealth.default({ disability: 'none', seriousIllness: false }),
  parents: z.array(ChildParent).length(2, { error: '请填写父母双方的情况' }),
  /** 单亲家庭 (divorced, one parent absent from the register …): in the director's duty (004 §5 末段). */
  singleParent: z.boolean().default(false),
  caregiver: ChildCaregiver.optional(),
  /** Difficulty categories of the locality's policy set (ids from `policyForDivision(...).categories`). */
  difficultyCategories: z.array(z.string().max(60)).max(10).default([]),
  note: z.preprocess(blank, text(1000, '备注').optional()),
}

type Issue = { path: (string | number)[]; message: string }

/** Checks across fields (and today's date), one message per mistake. */
export function childIssues(v: { birthDate: string; idNumber?: string; sex: string; parents: ChildParent[] }, today = chinaToday()): Issue[] {
  const issues: Issue[] = []
  if (isRealDate(v.birthDate)) {
    if (v.birthDate > today) issues.push({ path: ['birthDate'], message: '出生日期不能晚于今天' })
    else if (fullYears(v.birthDate, today) >= 18) issues.push({ path: ['birthDate'], message: '已年满十八周岁，不再建立儿童档案' })
    const fromId = v.idNumber ? birthDateOfId(v.idNumber) : undefined
    if (fromId && fromId !== v.birthDate) issues.push({ path: ['birthDate'], message: '出生日期与身份证号码不一致' })
  }
  if (v.idNumber && birthDateOfId(v.idNumber) && (v.sex === 'male' || v.sex === 'female') && sexOfId(v.idNumber) !== v.sex) {
    issues.push({ path: ['sex'], message: '性别与身份证号码不一致' })
  }
  if (v.parents.length === 2 && v.parents[0]!.relation === v.parents[1]!.relation) issues.push({ path: ['parents', 1, 'relation'], message: '请分别填写父亲和母亲' })
  v.parents.forEach((p, i) => {
    if (p.situation === 'working_away') {
      if (!p.workplaceCode) issues.push({ path: ['parents', i, 'workplaceCode'], message: '请选择务工地（到县区）' })
      else if (['province', 'city'].includes(levelOf(p.workplaceCode))) issues.push({ path: ['parents', i, 'workplaceCode'], message: '请选择到县（区）一级' })
      if (!p.awaySince) issues.push({ path: ['parents', i, 'awaySince'], message: '请填写外出务工的时间' })
      else if (p.awaySince > today) issues.push({ path: ['parents', i, 'awaySince'], message: '外出日期不能晚于今天' })
    }
    if (p.situation === 'unable' && !p.unableReason) issues.push({ path: ['parents', i, 'unableReason'], message: '请选择不能照护孩子的原因' })
  })
  return issues
}

/**
 * What a director submits at the door (摸排建档), and what the ledger import builds from a row.
 * An initial grade may come with it; without one the child starts green (004 §3.4).
 */
export const EnrolChild = z
  .object({ ...childShape, grade: GradeChild.optional() })
  .superRefine((v, ctx) => {
    for (const i of childIssues(v)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
  })
export type EnrolChild = z.infer<typeof EnrolChild>

/** Whose stored phone a correction may delete. */
export const PhoneHolder = z.enum(['father', 'mother', 'caregiver'], { error: '请选择要删除谁的号码' })
export type PhoneHolder = z.infer<typeof PhoneHolder>

/**
 * Corrections to the basic information (the same fields, all given again, but for what staff are
 * shown masked: a phone or ID number left out stays as stored, a phone named in `removePhones` is
 * deleted; the village cannot change here),
 * made on the version of the file the person was shown: a correction made on an
 * older version is refused (409 STALE_VERSION with the file as it is now), never laid over
 * someone else's.
 */
export const UpdateChild = z
  .object({
    ...childShape,
    version: z.number({ error: '请刷新档案后再修改' }).int().min(0),
    /**
     * Stored phones to delete: staff see them masked, so one no longer in use cannot be emptied
     * by hand — leaving the field empty keeps it. A phone named here must not be retyped as well.
     */
    removePhones: z.array(PhoneHolder).max(3).default([]),
  })
  .superRefine((v, ctx) => {
    for (const i of childIssues(v)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
    const typed = new Set<PhoneHolder>([...v.parents.filter((p) => p.phone).map((p) => p.relation), ...(v.caregiver?.phone ? ['caregiver' as const] : [])])
    v.removePhones.forEach((h, i) => {
      if (typed.has(h)) ctx.addIssue({ code: 'custom', path: ['removePhones', i], message: '同一个人的号码不能既删除又填写新的，请只选一样' })
    })
  })
export type UpdateChild = z.infer<typeof UpdateChild>

export const childFieldLabels: Record<string, string> = {
  name: '孩子姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号码',
  householdRegistration: '户口类型',
  householdPlace: '户籍地',
  villageCode: '实际居住的村（社区）',
  schooling: '上学情况',
  'schooling.stage': '上学情况',
  'schooling.school': '学校',
  'schooling.grade': '年级',
  health: '健康情况',
  parents: '父母情况',
  singleParent: '单亲家庭',
  caregiver: '照护人',
  'caregiver.name': '照护人姓名',
  'caregiver.relationship': '照护人与孩子的关系',
  'caregiver.phone': '照护人手机号',
  difficultyCategories: '困境儿童类别',
  note: '备注',
  version: '档案版本',
  removePhones: '删除已登记的号码',
  grade: '风险等级',
  'grade.situations': '孩子的情况',
  'grade.reason': '评定理由',
  situations: '孩子的情况',
  reason: '理由',
  decision: '评估结论',
}
for (const i of [0, 1]) {
  Object.assign(childFieldLabels, {
    [`parents.${i}.relation`]: `第${i + 1}位家长：父亲或母亲`,
    [`parents.${i}.name`]: `第${i + 1}位家长：姓名`,
    [`parents.${i}.phone`]: `第${i + 1}位家长：手机号`,
    [`parents.${i}.situation`]: `第${i + 1}位家长的情况`,
    [`parents.${i}.workplaceCode`]: `第${i + 1}位家长：务工地`,
    [`parents.${i}.awaySince`]: `第${i + 1}位家长：外出时间`,
    [`parents.${i}.unableReason`]: `第${i + 1}位家长：不能照护的原因`,
  })
}

// ---- visits and contacts ----------------------------------------------------------------------------

export const ContactKind = z.enum(['home_visit', 'phone', 'video'], { error: '请选择走访方式' })
export type ContactKind = z.infer<typeof ContactKind>
export const contactKindLabel: Record<ContactKind, string> = { home_visit: '入户走访', phone: '电话联系', video: '视频联系' }

/** The short checklist of a visit or contact (004 §3; 001 #6: 家庭情况、监护情况、就学情况). */
export const VisitCheckItem = z.enum(['guardianship', 'safety', 'schooling', 'health', 'living_conditions', 'child_view'])
export type VisitCheckItem = z.infer<typeof VisitCheckItem>
export const visitCheckLabel: Record<VisitCheckItem, string> = {
  guardianship: '监护和照料',
  safety: '安全',
  schooling: '上学',
  health: '身体和心理健康',
  living_conditions: '生活和居住条件',
  child_view: '孩子本人的想法',
}
export const VisitCheckRating = z.enum(['good', 'concern', 'problem', 'not_checked'], { error: '请为每一项选择情况' })
export type VisitCheckRating = z.infer<typeof VisitCheckRating>
export const visitCheckRatingLabel: Record<VisitCheckRating, string> = { good: '良好', concern: '有隐患', problem: '有问题', not_checked: '本次未了解' }

// An item left out entirely reads as one not rated, never as a 「格式不对」. A hazard or a problem
// is written down in a sentence, as the form asks: 「有问题」 alone tells the next visitor nothing.
const CheckEntry = z
  .object({ rating: VisitCheckRating, note: z.preprocess(blank, text(300, '说明').optional()) }, { error: '请选择情况' })
  .refine((c) => !(c.rating === 'concern' || c.rating === 'problem') || Boolean(c.note), { path: ['note'], error: '有隐患或有问题时，请写一句说明' })
export const VisitChecks = z.object(
  Object.fromEntries(VisitCheckItem.options.map((k) => [k, CheckEntry])) as Record<VisitCheckItem, typeof CheckEntry>,
  { error: '请填写走访情况' },
)
export type VisitChecks = z.infer<typeof VisitChecks>

/** Photos were uploaded first (presigned PUT, `POST /staff/children/uploads`); the record carries their keys only. */
export const PhotoKey = z.string().regex(/^incoming\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9-]{1,64}\.(jpg|png)$/, { error: '照片标识无效，请重新上传' })

/** An upload ticket request for a visit photo. */
export const ChildPhotoUpload = z.object({ contentType: z.enum(['image/jpeg', 'image/png'], { error: '只能上传 JPG 或 PNG 照片' }).default('image/jpeg') })
export type ChildPhotoUpload = z.infer<typeof ChildPhotoUpload>

export const RecordContact = z
  .object({
    kind: ContactKind,
    /** The day it happened: a visit written offline is submitted later with its real date. */
    visitedOn: CivilDate.refine((d) => d <= chinaToday(), { error: '走访日期不能晚于今天' }),
    checks: VisitChecks,
    problems: z.array(z.string().trim().min(2, { error: '请写明发现的问题' }).max(300, { error: '每个问题不超过 300 字' })).max(10).default([]),
    followUp: z.preprocess(blank, text(500, '跟进事项').optional()),
    note: z.preprocess(blank, text(1000, '记录').optional()),
    photoKeys: z.array(PhotoKey).max(9, { error: '最多 9 张照片' }).default([]),
    regrade: GradeChild.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'home_visit' && v.photoKeys.length) ctx.addIssue({ code: 'custom', path: ['photoKeys'], message: '电话或视频联系不需要上传照片' })
  })
export type RecordContact = z.infer<typeof RecordContact>

export const visitFieldLabelsChild: Record<string, string> = {
  kind: '走访方式',
  visitedOn: '走访日期',
  checks: '走访情况',
  problems: '发现的问题',
  followUp: '跟进事项',
  note: '记录',
  photoKeys: '照片',
  regrade: '重新评级',
  'regrade.reason': '评级理由',
  ...Object.fromEntries(VisitCheckItem.options.flatMap((k) => [[`checks.${k}`, visitCheckLabel[k]], [`checks.${k}.note`, visitCheckLabel[k]]])),
}

/** 即时介入处置 for a red child (004 §3.1), and when the police were told (001 #6, 003 §3(一)). */
export const RecordIntervention = z
  .object({
    actedAt: z.iso.datetime({ offset: true, error: '请填写处置的时间' }),
    whatWasDone: z.string().trim().min(4, { error: '请写明采取了哪些措施' }).max(1000, { error: '不超过 1000 字' }),
    policeToldAt: z.preprocess(blank, z.iso.datetime({ offset: true, error: '请填写报警的时间' }).optional()),
    policeNotToldReason: z.preprocess(blank, text(300, '未报警的原因').optional()),
    childSafeNow: z.boolean({ error: '请选择孩子现在是否安全' }),
  })
  .superRefine((v, ctx) => {
    if (!v.policeToldAt && !v.policeNotToldReason) ctx.addIssue({ code: 'custom', path: ['policeToldAt'], message: '请填写报警的时间，或写明为什么不需要报警' })
    const now = Date.now() + 5 * 60_000
    if (Date.parse(v.actedAt) > now) ctx.addIssue({ code: 'custom', path: ['actedAt'], message: '处置时间不能晚于现在' })
    if (v.policeToldAt && Date.parse(v.policeToldAt) > now) ctx.addIssue({ code: 'custom', path: ['policeToldAt'], message: '报警时间不能晚于现在' })
  })
export type RecordIntervention = z.infer<typeof RecordIntervention>

// ---- work log: notes, help, problems --------------------------------------------------------------

export const AddChildNote = z.object({ text: z.string().trim().min(1, { error: '请填写内容' }).max(2000, { error: '不超过 2000 字' }) })
export type AddChildNote = z.infer<typeof AddChildNote>

export const HelpKind = z.enum(['material', 'financial', 'schooling', 'health', 'psychological', 'guardianship', 'referral', 'other'], { error: '请选择帮扶类型' })
export type HelpKind = z.infer<typeof HelpKind>
export const helpKindLabel: Record<HelpKind, string> = {
  material: '物资帮扶',
  financial: '救助资金',
  schooling: '就学帮扶',
  health: '就医康复',
  psychological: '心理疏导',
  guardianship: '监护指导',
  referral: '转介相关部门',
  other: '其他',
}
export const AddHelp = z.object({
  kind: HelpKind,
  givenOn: CivilDate,
  text: z.string().trim().min(2, { error: '请写明给了什么帮助' }).max(1000, { error: '不超过 1000 字' }),
})
export type AddHelp = z.infer<typeof AddHelp>

export const AddProblem = z.object({ text: z.string().trim().min(2, { error: '请写明发现的问题' }).max(500, { error: '不超过 500 字' }) })
export type AddProblem = z.infer<typeof AddProblem>
export const ResolveProblem = z.object({ resolution: z.string().trim().min(2, { error: '请写明问题是怎样解决的' }).max(1000, { error: '不超过 1000 字' }) })
export type ResolveProblem = z.infer<typeof ResolveProblem>

export const Problem = z.object({
  id: z.string(),
  text: z.string(),
  foundAt: z.string(),
  foundByName: z.string(),
  resolvedAt: z.string().optional(),
  resolvedByName: z.string().optional(),
  resolution: z.string().optional(),
})
export type Problem = z.infer<typeof Problem>

// ---- epidemic episodes (000 §2(三)) ----------------------------------------------------------------

export const EpidemicGuardianSituation = z.enum(['quarantined', 'hospitalised', 'other_unable'], { error: '请选择监护人的情况' })
export type EpidemicGuardianSituation = z.infer<typeof EpidemicGuardianSituation>
export const epidemicGuardianLabel: Record<EpidemicGuardianSituation, string> = {
  quarantined: '隔离观察',
  hospitalised: '住院治疗',
  other_unable: '因疫情不能照护',
}
export const StartEpidemicEpisode = z.object({
  guardian: EpidemicGuardianSituation,
  startedOn: CivilDate,
  note: z.preprocess(blank, text(500, '说明').optional()),
})
export type StartEpidemicEpisode = z.infer<typeof StartEpidemicEpisode>
export const EndEpidemicEpisode = z.object({ note: z.preprocess(blank, text(500, '说明').optional()) })
export type EndEpidemicEpisode = z.infer<typeof EndEpidemicEpisode>

export const EpidemicEpisode = StartEpidemicEpisode.extend({ startedAt: z.string(), startedByName: z.string() })
export type EpidemicEpisode = z.infer<typeof EpidemicEpisode>

// ---- life events ----------------------------------------------------------------------------------

/** Parents back home (父母返乡): the child no longer counts as left behind (004 §2(一)). */
export const ParentsReturned = z.object({
  returnedOn: CivilDate,
  relations: z.array(ParentRelation).min(1, { error: '请选择返乡的家长' }),
  note: z.preprocess(blank, text(300, '说明').optional()),
})
export type ParentsReturned = z.infer<typeof ParentsReturned>

// ---- report linking -------------------------------------------------------------------------------

export const LinkReport = z.object({ reportId: z.string().trim().min(1, { error: '请选择报告' }).max(64, { error: '报告编号无效' }) })
export type LinkReport = z.infer<typeof LinkReport>

// ---- duties and cadence -------------------------------------------------------------------------

/** What a due date asks for. */
export const DutyKind = z.enum(['intervention', 'home_visit', 'contact', 'quarterly_check', 'epidemic_followup'])
export type DutyKind = z.infer<typeof DutyKind>
export const dutyKindLabel: Record<DutyKind, string> = {
  intervention: '即时介入处置',
  home_visit: '入户走访',
  contact: '联系孩子和家庭',
  quarterly_check: '季度核实',
  epidemic_followup: '疫情期间家访或电话随访',
}

/** One upcoming duty: when, what, and which rule set it. */
export const Duty = z.object({
  kind: DutyKind,
  /** The last China calendar day on which doing it is on time. */
  dueOn: z.string(),
  /** The instant it becomes overdue (for red: the intervention deadline). */
  overdueAt: z.string(),
  ruleId: z.string(),
  /** e.g. 黄色：至少每月入户走访一次 */
  rule: z.string(),
  clause: z.string(),
  /** Which kinds of record discharge it. */
  doneBy: z.array(z.enum(['home_visit', 'phone', 'video', 'intervention'])),
})
export type Duty = z.infer<typeof Duty>

/** How far an overdue duty has climbed (village reminded → township → county). */
export const OverdueLevel = z.enum(['director', 'township', 'county'])
export type OverdueLevel = z.infer<typeof OverdueLevel>

// ---- the stored record --------------------------------------------------------------------------

export const ChildRecord = z.object({
  id: z.string(),
  villageCode: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  name: z.string(),
  sex: PersonSex,
  birthDate: z.string(),
  /** Masked (341***********1712); the full number is never stored. */
  idMasked: z.string().optional(),
  householdRegistration: HouseholdRegistration,
  householdPlace: z.string().optional(),
  schooling: ChildSchooling,
  health: ChildHealth,
  parents: z.array(ChildParent),
  singleParent: z.boolean(),
  caregiver: ChildCaregiver.optional(),
  difficultyCategories: z.array(z.string()),
  note: z.string().optional(),
  categories: z.array(ChildCategory),
  grade: Grade,
  /** A hard-to-judge grade waiting for the township (the current `grade` stays until then). */
  pendingGrade: PendingGrade.optional(),
  epidemic: EpidemicEpisode.optional(),
  /** 临时监护 (001 #5): the open placement, while the county holds temporary guardianship. */
  temporaryGuardianship: GuardianshipSummary.optional(),
  /** Red since this instant and no intervention recorded yet. */
  redSince: z.string().optional(),
  lastInterventionAt: z.string().optional(),
  lastHomeVisitOn: z.string().optional(),
  lastContactOn: z.string().optional(),
  /** Upcoming duties, the strictest first (`duties[0]` is what the lists show). */
  duties: z.array(Duty),
  /** Set while `duties[0]` is overdue and has been escalated this far. */
  overdue: z.object({ level: OverdueLevel, ruleId: z.string(), dueOn: z.string(), kind: DutyKind, since: z.string() }).optional(),
  openProblems: z.number().int(),
  problems: z.array(Problem),
  /** Entrustments, reports, applications this file holds (ids). */
  links: z.object({ entrustments: z.array(z.string()), reports: z.array(z.string()), applications: z.array(z.string()) }),
  /** How the file came to be. */
  origin: z.enum(['survey', 'import', 'entrustment', 'report']),
  /** 转出 waiting on the receiving village (issue #7: a child who moves). */
  transfer: ChildTransfer.optional(),
  /** This file was merged into that one (a person judged them the same child): a pointer now. */
  mergedInto: z.string().optional(),
  /** 结档: closed (moved out of the county, 18, died): on no due list, not counted, still readable. */
  closed: ChildClosure.optional(),
  /** 负责的儿童主任 when the village has several; otherwise the village's directors share the file. */
  responsibleDirectorId: z.string().optional(),
  responsibleDirectorName: z.string().optional(),
  importKey: z.string().optional(),
  policyVersion: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type ChildRecord = z.infer<typeof ChildRecord>

// ---- timeline ---------------------------------------------------------------------------------------

export const ChildTimelineKind = z.enum([
  'created',
  'updated',
  'graded',
  'grade_proposed',
  'grade_confirmed',
  'visit',
  'intervention',
  'note',
  'help',
  'problem_found',
  'problem_resolved',
  'epidemic_started',
  'epidemic_ended',
  'report_linked',
  'entrustment',
  'application',
  'category_added',
  'category_ended',
  'parents_returned',
  'overdue',
  /** A referral to a county department and each change of its state (issue #11). */
  'referral',
  'transfer_requested',
  'transfer_declined',
  'transferred',
  'merged',
  'closed',
  /** 恢复建档: a closed file back on the village's lists (closed by mistake, or the child came back). */
  'reopened',
  'responsible_set',
  'guardianship',
  'conference',
])
export type ChildTimelineKind = z.infer<typeof ChildTimelineKind>

export const ChildTimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: ChildTimelineKind,
  /** One line for the timeline, in Chinese. */
  text: z.string(),
  actorId: z.string().optional(),
  actorName: z.string().optional(),
  /** Colour after a grade change. */
  colour: RiskColour.optional(),
  /** Structured record behind the line: the visit, the intervention, the help … */
  detail: z.record(z.string(), z.unknown()).optional(),
  /** The report, entrustment or application this entry is about. */
  ref: z.object({ type: z.enum(['report', 'entrustment', 'application', 'problem', 'referral', 'guardianship', 'conference']), id: z.string() }).optional(),
})
export type ChildTimelineEntry = z.infer<typeof ChildTimelineEntry>

export const ChildTimelinePage = z.object({ items: z.array(ChildTimelineEntry), nextCursor: z.string().optional() })
export type ChildTimelinePage = z.infer<typeof ChildTimelinePage>

// ---- staff views -------------------------------------------------------------------------------------

/**
 * One row of a list, built only from the `row` attribute the index projects: no read per row.
 */
export const ChildListRow = z.object({
  id: z.string(),
  name: z.string(),
  sex: PersonSex,
  birthDate: z.string(),
  villageCode: z.string(),
  colour: RiskColour,
  /** Awaiting the township's confirmation of a hard-to-judge grade. */
  gradePending: z.boolean(),
  categories: z.array(z.string()),
  next: z
    .object({ kind: DutyKind, dueOn: z.string(), overdueAt: z.string(), what: z.string(), why: z.string(), clause: z.string() })
    .optional(),
  overdueLevel: OverdueLevel.optional(),
  epidemic: z.boolean(),
  openProblems: z.number().int(),
  /** The entrustment (委托照护) the child is cared for under, when there is one. */
  entrustmentId: z.string().optional(),
  /** Shown as 临时监护中 while the county holds temporary guardianship (001 #5). */
  temporaryGuardianship: z.boolean().optional(),
  /** Red and its intervention (即时介入, 004 §3.1) not recorded yet: the overview's 「红色未记录处置」 list filters on it. */
  redOpen: z.boolean().optional(),
})
export type ChildListRow = z.infer<typeof ChildListRow>

/** A list row as the API returns it: with names, and whether it is overdue now. */
export const DueState = z.enum(['overdue', 'today', 'week', 'later'])
export type DueState = z.infer<typeof DueState>
export const ChildListItem = ChildListRow.extend({
  villageName: z.string(),
  age: z.number().int(),
  overdue: z.boolean(),
  /** Where the next duty stands today. */
  dueState: DueState.optional(),
})
export type ChildListItem = z.infer<typeof ChildListItem>

export const ChildList = z.object({ items: z.array(ChildListItem), nextCursor: z.string().optional() })
export type ChildList = z.infer<typeof ChildList>

/** The director's morning page: overdue first, then due today, then due this week. */
export const TodayList = z.object({
  today: z.string(),
  overdue: z.array(ChildListItem),
  dueToday: z.array(ChildListItem),
  thisWeek: z.array(ChildListItem),
  /** Set when more children are due this week than one page holds. */
  nextCursor: z.string().optional(),
})
export type TodayList = z.infer<typeof TodayList>

export const OverdueCount = z.object({ code: z.string(), name: z.string(), count: z.number().int() })
export const OverdueList = z.object({
  level: OverdueLevel,
  total: z.number().int(),
  byVillage: z.array(OverdueCount),
  /** Per child director (the directors of each village share its count). */
  byDirector: z.array(z.object({ id: z.string(), name: z.string(), villageCode: z.string(), count: z.number().int() })),
  items: z.array(ChildListItem),
  nextCursor: z.string().optional(),
})
export type OverdueList = z.infer<typeof OverdueList>

/** The township's queue of hard-to-judge grades. */
export const GradeConfirmationItem = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  currentColour: RiskColour,
  proposedColour: RiskColour,
  reason: z.string(),
  proposedByName: z.string(),
  proposedAt: z.string(),
})
export type GradeConfirmationItem = z.infer<typeof GradeConfirmationItem>

/** The child's file as staff see it. No full ID number; phones masked. */
export const ChildStaffView = ChildRecord.omit({ importKey: true }).extend({
  villageName: z.string(),
  townshipName: z.string(),
  age: z.number().int(),
  colourLabel: z.string(),
  /** What each duty means, plainly: 「黄色：至少每月入户走访一次（004 §3.2）」. */
  dutyText: z.array(z.string()),
})
export type ChildStaffView = z.infer<typeof ChildStaffView>

/** A likely file for a report or a new enrolment: never merged without a person deciding. */
export const ChildMatch = z.object({
  id: z.string(),
  name: z.string(),
  sex: PersonSex,
  age: z.number().int(),
  villageCode: z.string(),
  villageName: z.string(),
  colour: RiskColour,
  score: z.number(),
  why: z.array(z.string()),
})
export type ChildMatch = z.infer<typeof ChildMatch>

/**
 * The categories a director (or a ledger row) may record for a child of this village: the
 * difficulty categories of the locality's policy set in force on `date`. Left-behind and
 * single-parent are computed from the parents, never typed in.
 */
export function childCategoryOptions(villageCode: string, date: string): { id: string; label: string; clause: string; policyVersion: string }[] {
  const policy = policyForDivision(villageCode, date)
  if (!policy) return []
  return policy.categories.map((k) => ({ id: k.id, label: k.officialName, clause: k.clause, policyVersion: `${policy.locality} ${policy.version}` }))
}
