import * as z from 'zod'
import { DivisionCode, VillageCode, levelOf } from './divisions'
import { MobilePhone, PersonName } from './contact'
import { IdNumber, birthDateOfId } from './id-number'
import { CivilDate, addDays, addYears, chinaToday, fullYears, isRealDate } from './civil-date'
import { HouseholdRegistration, type ParentFacts, UnableToGuardReason } from './left-behind'
import { ConsentInput, ConsentRecord, ENTRUSTMENT_CONSENT_VERSION } from './consent'
import { EntrustmentAction, EntrustmentStatus } from './entrustment-workflow'
import { RiskColour } from './risk'
import { Role } from './auth'
import { choosePrompt } from './errors'

/** 委托照护 entrusted care: schemas for the form, the stored record and each party's view (001 #7, 004 #5). */

export const ParentRelation = z.enum(['father', 'mother'], { error: '请选择父亲或母亲' })
export type ParentRelation = z.infer<typeof ParentRelation>
export const parentRelationLabel: Record<ParentRelation, string> = { father: '父亲', mother: '母亲' }

export const PersonSex = z.enum(['male', 'female'], { error: '请选择性别' })
export type PersonSex = z.infer<typeof PersonSex>
export const personSexLabel: Record<PersonSex, string> = { male: '男', female: '女' }

/** The sex an ID number records: the 17th digit is odd for men (GB 11643). */
export function sexOfId(id: string): PersonSex {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female'
}

/** A form's empty optional field arrives as ''; treat it as absent. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const OptionalPhone = z.preprocess(blankToUndefined, MobilePhone.optional())
const OptionalDate = z.preprocess(blankToUndefined, CivilDate.optional())

/** Where a parent works, as a division code down to at least the county (跨县域 is what matters, 004 §2(一)). */
export const WorkplaceCode = DivisionCode.refine((c) => !['province', 'city'].includes(levelOf(c)), {
  error: '请选择到县（区）一级',
})

export const ParentWorkSituation = z.enum(['working_away', 'not_away', 'deceased'], { error: choosePrompt })
export type ParentWorkSituation = z.infer<typeof ParentWorkSituation>
export const parentWorkSituationLabel: Record<ParentWorkSituation, string> = { working_away: '外出务工', not_away: '没有外出务工', deceased: '已去世' }

export const EntrustedParent = z.discriminatedUnion(
  'situation',
  [
    z.object({
      situation: z.literal('working_away'),
      relation: ParentRelation,
      name: PersonName,
      phone: MobilePhone,
      workplaceCode: WorkplaceCode,
      awaySince: CivilDate,
      expectedReturn: OptionalDate,
    }),
    z.object({
      situation: z.literal('not_away'),
      relation: ParentRelation,
      name: PersonName,
      phone: OptionalPhone,
      canGuard: z.boolean({ error: '请选择能否照护孩子' }),
      unableReason: z.preprocess(blankToUndefined, UnableToGuardReason.optional()),
    }),
    // A widowed parent who leaves to work must still entrust the child (001 #7). The parent who
    // died is named for the file and the letter, has no phone, and signs nothing.
    z.object({
      situation: z.literal('deceased'),
      relation: ParentRelation,
      name: PersonName,
    }),
  ],
  { error: choosePrompt },
)
export type EntrustedParent = z.infer<typeof EntrustedParent>
export type LivingParent = Exclude<EntrustedParent, { situation: 'deceased' }>

/** The parents who can be called and who sign the letter: a parent who has died has neither a phone nor a signature. */
export const livingParents = (parents: readonly EntrustedParent[]): LivingParent[] => parents.filter((p): p is LivingParent => p.situation !== 'deceased')

export const SchoolChoice = z.object({
  /** A school known to the system (it may have a liaison account); absent when typed by hand. */
  id: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  name: z.string().trim().min(2, { error: '请填写学校名称' }).max(50, { error: '学校名称不超过 50 字' }),
})
export type SchoolChoice = z.infer<typeof SchoolChoice>

export const EntrustedChild = z.object({
  name: PersonName,
  sex: PersonSex,
  birthDate: CivilDate,
  idNumber: IdNumber,
  householdRegistration: HouseholdRegistration,
  /** The village where the child actually lives: the one that verifies and visits (001 #7). */
  villageCode: VillageCode,
  /** Absent for a child not yet at school or kindergarten. */
  school: SchoolChoice.optional(),
})
export type EntrustedChild = z.infer<typeof EntrustedChild>

export const CaregiverRelationship = z.enum(
  ['paternal_grandparent', 'maternal_grandparent', 'adult_sibling', 'uncle_aunt', 'other_relative', 'neighbour_friend', 'other'],
  { error: '请选择照护人与孩子的关系' },
)
export type CaregiverRelationship = z.infer<typeof CaregiverRelationship>
export const caregiverRelationshipLabel: Record<CaregiverRelationship, string> = {
  paternal_grandparent: '祖父母（爷爷奶奶）',
  maternal_grandparent: '外祖父母（外公外婆）',
  adult_sibling: '成年的哥哥姐姐',
  uncle_aunt: '叔伯姑舅姨',
  other_relative: '其他亲属',
  neighbour_friend: '邻居或朋友',
  other: '其他',
}

export const CaregiverHealth = z.enum(['good', 'fair', 'poor'], { error: '请选择照护人的健康状况' })
export type CaregiverHealth = z.infer<typeof CaregiverHealth>
export const caregiverHealthLabel: Record<CaregiverHealth, string> = {
  good: '健康',
  fair: '一般（有慢性病，生活能自理）',
  poor: '较差（重病、行动不便或生活不能完全自理）',
}

export const CaregiverInput = z.object({
  name: PersonName,
  relationship: CaregiverRelationship,
  phone: MobilePhone,
  idNumber: IdNumber,
  birthDate: CivilDate,
  health: CaregiverHealth,
  livesWithChild: z.boolean({ error: '请选择是否和孩子一起住' }),
})
export type CaregiverInput = z.infer<typeof CaregiverInput>

/** How often the parents promise to call or video the children (亲情关爱和日常联络沟通, 004 #5). */
export const ContactFrequency = z.enum(['daily', 'twice_weekly', 'weekly', 'fortnightly', 'monthly'], { error: '请选择联系频率' })
export type ContactFrequency = z.infer<typeof ContactFrequency>
export const contactFrequencyLabel: Record<ContactFrequency, string> = {
  daily: '每天',
  twice_weekly: '每周两次',
  weekly: '每周一次',
  fortnightly: '每两周一次',
  monthly: '每月一次',
}
export const ContactMethod = z.enum(['phone', 'video'], { error: '请选择联系方式' })
export type ContactMethod = z.infer<typeof ContactMethod>
export const contactMethodLabel: Record<ContactMethod, string> = { phone: '打电话', video: '视频通话' }

export const ContactPlan = z.object({
  frequency: ContactFrequency,
  methods: z
    .array(ContactMethod)
    .min(1, { error: '请至少选择一种联系方式' })
    .refine((m) => new Set(m).size === m.length, { error: '联系方式重复' }),
})
export type ContactPlan = z.infer<typeof ContactPlan>

/** Longest entrustment before it must be renewed; a product choice, so the village re-checks at least this often. */
export const MAX_ENTRUSTMENT_YEARS = 3
/** How far back a start date may be entered (an arrangement already running when registered). */
export const MAX_BACKDATE_DAYS = 90
/** Parents are reminded this many days before the end date to renew. */
export const RENEWAL_REMINDER_DAYS = 14

type Issue = { path: (string | number)[]; message: string }

function caregiverIssues(c: CaregiverInput, onDate: string, prefix: (string | number)[]): Issue[] {
  const issues: Issue[] = []
  if (!isRealDate(c.birthDate)) return issues
  const fromId = birthDateOfId(c.idNumber)
  if (fromId && fromId !== c.birthDate) issues.push({ path: [...prefix, 'birthDate'], message: '出生日期与身份证号码不一致' })
  else if (isRealDate(onDate) && fullYears(c.birthDate, onDate) < 18) issues.push({ path: [...prefix, 'birthDate'], message: '照护人须是年满十八周岁的成年人' })
  return issues
}

/**
 * Checks that need more than one field, and today's date; shared by every schema that takes a
 * caregiver. Zod runs them even when a field already failed, so each check looks only at
 * fields that are themselves valid (one message per mistake).
 */
export function entrustmentIssues(input: {
  parents: EntrustedParent[]
  children: EntrustedChild[]
  caregiver: CaregiverInput
  startDate: string
  endDate: string
  consent: ConsentInput
  registrant?: ParentRelation
}, today = chinaToday()): Issue[] {
  const issues: Issue[] = []
  const { parents, children, caregiver, startDate, endDate } = input

  if (parents.length === 2 && parents[0]!.relation === parents[1]!.relation) {
    issues.push({ path: ['parents', 1, 'relation'], message: '请分别填写父亲和母亲' })
  }
  parents.forEach((p, i) => {
    if (p.situation === 'working_away') {
      if (!isRealDate(p.awaySince)) return
      if (p.awaySince > today) issues.push({ path: ['parents', i, 'awaySince'], message: '外出日期不能晚于今天' })
      if (p.expectedReturn && isRealDate(p.expectedReturn) && p.expectedReturn < p.awaySince) issues.push({ path: ['parents', i, 'expectedReturn'], message: '预计返乡日期不能早于外出日期' })
    } else if (p.situation === 'not_away' && p.canGuard && !p.phone) {
      issues.push({ path: ['parents', i, 'phone'], message: '请填写 11 位手机号码' })
    } else if (p.situation === 'not_away' && !p.canGuard && !p.unableReason) {
      issues.push({ path: ['parents', i, 'unableReason'], message: '请选择不能照护孩子的原因' })
    }
  })
  const living = parents.filter((p) => p.situation !== 'deceased')
  if (parents.length === 2 && living.length === 0) {
    // Nobody is left to entrust the child: the village takes this up as the child's guardianship (001 #5), not as a registration.
    issues.push({ path: ['parents'], message: '父母双方都已去世时不用登记委托照护，请直接联系村（居）委会的儿童主任' })
  } else if (parents.length === 2 && living.every((p) => p.situation === 'not_away' && p.canGuard)) {
    issues.push({ path: ['parents'], message: '父母至少一方外出务工或不能照护孩子时，才需要登记委托照护' })
  }
  if (input.registrant) {
    const me = parents.find((p) => p.relation === input.registrant)
    if (!me) issues.push({ path: ['registrant'], message: '请选择您是孩子的父亲还是母亲' })
    else if (me.situation === 'deceased') issues.push({ path: ['registrant'], message: '应是在世的父亲或母亲，请核对' })
    else if (!me.phone) issues.push({ path: ['parents', parents.indexOf(me), 'phone'], message: '请填写您自己的手机号码' })
  }

  const village = children[0]?.villageCode
  const ids = new Set<string>()
  const datesReal = isRealDate(startDate) && isRealDate(endDate)
  children.forEach((c, i) => {
    const fromId = birthDateOfId(c.idNumber)
    if (!isRealDate(c.birthDate)) {
      // its own message is already there
    } else if (fromId && fromId !== c.birthDate) issues.push({ path: ['children', i, 'birthDate'], message: '出生日期与身份证号码不一致' })
    else if (datesReal && fullYears(c.birthDate, startDate) >= 18) issues.push({ path: ['children', i, 'birthDate'], message: '孩子已年满十八周岁，不需要委托照护' })
    if (fromId && (c.sex === 'male' || c.sex === 'female') && sexOfId(c.idNumber) !== c.sex) issues.push({ path: ['children', i, 'sex'], message: '性别与身份证号码不一致' })
    if (ids.has(c.idNumber)) issues.push({ path: ['children', i, 'idNumber'], message: '同一个孩子填写了两次' })
    ids.add(c.idNumber)
    if (village && c.villageCode !== village) {
      issues.push({ path: ['children', i, 'villageCode'], message: '同一份委托里的孩子应住在同一个村（社区）；住在别的村的孩子请另外登记' })
    }
  })
  if (ids.has(caregiver.idNumber)) issues.push({ path: ['caregiver', 'idNumber'], message: '照护人不能是孩子本人' })
  issues.push(...caregiverIssues(caregiver, datesReal && startDate > today ? startDate : today, ['caregiver']))

  if (!datesReal) {
    // their own messages are already there
  } else if (endDate <= startDate) issues.push({ path: ['endDate'], message: '结束日期应晚于开始日期' })
  else if (endDate > addYears(startDate, MAX_ENTRUSTMENT_YEARS)) issues.push({ path: ['endDate'], message: `一次最长委托 ${MAX_ENTRUSTMENT_YEARS} 年，到期前可以续期` })
  else if (endDate <= today) issues.push({ path: ['endDate'], message: '结束日期应晚于今天' })
  if (datesReal && startDate < addDays(today, -MAX_BACKDATE_DAYS)) issues.push({ path: ['startDate'], message: `开始日期最早只能是 ${MAX_BACKDATE_DAYS} 天前` })
  if (datesReal && startDate > addYears(today, 1)) issues.push({ path: ['startDate'], message: '开始日期不能晚于一年以后' })

  if (input.consent?.agreed === true && input.consent.version !== ENTRUSTMENT_CONSENT_VERSION) {
    issues.push({ path: ['consent'], message: '个人信息处理说明已更新，请重新阅读并同意' })
  }
  return issues
}

const entrustmentShape = {
  parents: z.array(EntrustedParent).length(2, { error: '请填写父母双方的情况' }),
  children: z.array(EntrustedChild).min(1, { error: '请至少填写一个孩子' }).max(10, { error: '一次最多登记 10 个孩子' }),
  caregiver: CaregiverInput,
  contactPlan: ContactPlan,
  startDate: CivilDate,
  endDate: CivilDate,
  /** Nothing is stored without it (PIPL; DOMAIN §8). */
  consent: ConsentInput,
}

/** What a parent submits. */
export const EntrustmentCreate = z
  .object({ ...entrustmentShape, registrant: ParentRelation })
  .superRefine((v, ctx) => {
    for (const i of entrustmentIssues(v)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
  })
export type EntrustmentCreate = z.infer<typeof EntrustmentCreate>

/**
 * What police or prison staff submit for a detained parent (001 #5, 003 §3(六)): the same
 * form, the consent being the detained guardian's, recorded by the officer.
 */
export const PoliceEntrustmentCreate = z
  .object({
    ...entrustmentShape,
    /** Whose consent the officer recorded. */
    guardian: ParentRelation,
    /** The officer's unit, printed on the letter (e.g. 泗县看守所). */
    unit: z.string().trim().min(2, { error: '请填写单位名称' }).max(50, { error: '单位名称不超过 50 字' }),
  })
  .superRefine((v, ctx) => {
    for (const i of entrustmentIssues(v)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
    if (v.parents.some((p) => p.relation === v.guardian && p.situation === 'deceased')) {
      ctx.addIssue({ code: 'custom', path: ['guardian'], message: '应是在世的父亲或母亲，请核对' })
    }
  })
export type PoliceEntrustmentCreate = z.infer<typeof PoliceEntrustmentCreate>

/** A new caregiver after a decline or an unfit finding (the same acceptance and verification follow). */
export const ReplaceCaregiver = z
  .object({ caregiver: CaregiverInput })
  .superRefine((v, ctx) => {
    for (const i of caregiverIssues(v.caregiver, chinaToday(), ['caregiver'])) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
  })
export type ReplaceCaregiver = z.infer<typeof ReplaceCaregiver>

export const DeclineInvitation = z.object({ reason: z.string().trim().max(200, { error: '原因不超过 200 字' }).default('') })
export type DeclineInvitation = z.infer<typeof DeclineInvitation>

export const RenewEntrustment = z.object({ endDate: CivilDate })
export type RenewEntrustment = z.infer<typeof RenewEntrustment>

export const EntrustmentEndReason = z.enum(['returned', 'other'], { error: '请选择结束原因' })
export type EntrustmentEndReason = z.infer<typeof EntrustmentEndReason>
export const entrustmentEndReasonLabel: Record<EntrustmentEndReason, string> = {
  returned: '父母已返乡，能亲自照护孩子',
  other: '其他原因',
}
export const EndEntrustment = z.object({ reason: EntrustmentEndReason, note: z.string().trim().max(200, { error: '说明不超过 200 字' }).default('') })
export type EndEntrustment = z.infer<typeof EndEntrustment>

// ---- village side: verification visit ------------------------------------------------------

/** Caregiver-capacity checklist of the verification home visit (上门走访、重点评估, 001 #7; 004 #5). */
export const ChecklistItem = z.enum(['age_and_health', 'daily_care', 'living_conditions', 'safety', 'schooling', 'child_view'])
export type ChecklistItem = z.infer<typeof ChecklistItem>
export const checklistLabel: Record<ChecklistItem, string> = {
  age_and_health: '照护人的年龄和健康状况',
  daily_care: '能否保障孩子的日常生活照料',
  living_conditions: '居住条件',
  safety: '安全（用火用电、防溺水、交通等）',
  schooling: '孩子的上学情况',
  child_view: '孩子本人的意见',
}
export const ChecklistRating = z.enum(['adequate', 'concern', 'inadequate'], { error: '请为每一项选择评估结果' })
export type ChecklistRating = z.infer<typeof ChecklistRating>
export const checklistRatingLabel: Record<ChecklistRating, string> = { adequate: '符合', concern: '有隐患，需跟进', inadequate: '不符合' }

const ChecklistEntry = z.object({ rating: ChecklistRating, note: z.string().trim().max(300, { error: '说明不超过 300 字' }).default('') })
export const VisitChecklist = z.object(
  Object.fromEntries(ChecklistItem.options.map((k) => [k, ChecklistEntry])) as Record<ChecklistItem, typeof ChecklistEntry>,
)
export type VisitChecklist = z.infer<typeof VisitChecklist>

export const VisitOutcome = z.enum(['verified', 'verified_with_followup', 'caregiver_unfit'], { error: '请选择核实结果' })
export type VisitOutcome = z.infer<typeof VisitOutcome>
export const visitOutcomeLabel: Record<VisitOutcome, string> = {
  verified: '核实通过',
  verified_with_followup: '核实通过，需要跟进',
  caregiver_unfit: '照护人不具备照护能力',
}

/** Visit levels a child on the care list may have: at least green's cadence (004 §3.4). */
export const CareLevel = RiskColour.extract(['green', 'blue', 'yellow'], { error: '请选择走访等级' })
export type CareLevel = z.infer<typeof CareLevel>

export const ScheduleVisit = z.object({
  date: CivilDate,
  time: z.preprocess(blankToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '请填写几点几分，例如 09:30' }).optional()),
  note: z.string().trim().max(200, { error: '说明不超过 200 字' }).default(''),
})
export type ScheduleVisit = z.infer<typeof ScheduleVisit>

export const RecordVisit = z
  .object({
    visitedOn: CivilDate,
    checklist: VisitChecklist,
    outcome: VisitOutcome,
    /** Told to the parents when the caregiver is unfit (应当告知儿童父母, 004 #5). */
    reasonForParents: z.string().trim().max(300, { error: '不超过 300 字' }).default(''),
    /** What the village will follow up on, when verified with follow-up. */
    followUp: z.string().trim().max(300, { error: '不超过 300 字' }).default(''),
    /** Staff only: never shown to the family. */
    note: z.string().trim().max(1000, { error: '不超过 1000 字' }).default(''),
    careLevel: CareLevel.default('green'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'caregiver_unfit' && v.reasonForParents.length < 4) {
      ctx.addIssue({ code: 'custom', path: ['reasonForParents'], message: '请写明要告诉家长的原因' })
    }
    if (v.outcome === 'verified_with_followup' && v.followUp.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['followUp'], message: '请写明需要跟进的事项' })
    }
    const weak = ChecklistItem.options.filter((k) => v.checklist[k].rating !== 'adequate')
    if (v.outcome === 'verified' && weak.length) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `「${checklistLabel[weak[0]!]}」未评为符合，请选择「需要跟进」或「不具备照护能力」` })
    }
    if (v.visitedOn > chinaToday()) ctx.addIssue({ code: 'custom', path: ['visitedOn'], message: '走访日期不能晚于今天' })
  })
export type RecordVisit = z.infer<typeof RecordVisit>

// ---- stored record ---------------------------------------------------------------------------

export const EntrustedChildRecord = EntrustedChild.extend({ childId: z.string() })
export type EntrustedChildRecord = z.infer<typeof EntrustedChildRecord>

export const CaregiverRecord = CaregiverInput.extend({
  /** 1 for the first caregiver asked, 2 for the next… */
  round: z.number().int(),
  invitedAt: z.string(),
  answeredAt: z.string().optional(),
  /** The account that accepted. */
  userId: z.string().optional(),
})
export type CaregiverRecord = z.infer<typeof CaregiverRecord>

export const PastCaregiver = z.object({
  round: z.number().int(),
  name: z.string(),
  relationship: CaregiverRelationship,
  outcome: z.enum(['declined', 'unfit', 'withdrawn']),
  reason: z.string().optional(),
  at: z.string(),
})
export type PastCaregiver = z.infer<typeof PastCaregiver>

export const VisitPlan = z.object({ date: z.string(), time: z.string().optional(), note: z.string(), scheduledAt: z.string(), scheduledBy: z.string() })
export type VisitPlan = z.infer<typeof VisitPlan>

export const VisitRecord = z.object({
  visitedOn: z.string(),
  checklist: VisitChecklist,
  outcome: VisitOutcome,
  reasonForParents: z.string(),
  followUp: z.string(),
  note: z.string(),
  careLevel: CareLevel,
  caregiverRound: z.number().int(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  recordedByName: z.string(),
})
export type VisitRecord = z.infer<typeof VisitRecord>

export const Entrustment = z.object({
  id: z.string(),
  /** Printed on the letter and read out on the phone, e.g. `K7QM-3XPT`. */
  reference: z.string(),
  status: EntrustmentStatus,
  villageCode: VillageCode,
  townshipCode: DivisionCode,
  countyCode: DivisionCode,
  /** The parent's account. Absent when police or prison staff started it. */
  ownerId: z.string().optional(),
  registrant: ParentRelation.optional(),
  startedBy: z.object({ userId: z.string(), name: z.string(), unit: z.string(), guardian: ParentRelation }).optional(),
  parents: z.array(EntrustedParent),
  children: z.array(EntrustedChildRecord),
  caregiver: CaregiverRecord,
  /** Current invitation; replaced with each new caregiver. */
  invitationCode: z.string(),
  pastCaregivers: z.array(PastCaregiver),
  contactPlan: ContactPlan,
  startDate: z.string(),
  endDate: z.string(),
  consent: ConsentRecord,
  acceptedAt: z.string().optional(),
  visitPlan: VisitPlan.optional(),
  lastVisit: VisitRecord.optional(),
  renewalRemindedFor: z.string().optional(),
  /** The end date the village was told had passed without a renewal. */
  lapsedFor: z.string().optional(),
  endedAt: z.string().optional(),
  endReason: EntrustmentEndReason.optional(),
  endNote: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type Entrustment = z.infer<typeof Entrustment>

export const EntrustmentEventKind = z.enum([
  'created',
  'accepted',
  'declined',
  'caregiver_replaced',
  'visit_scheduled',
  'visited',
  'renewed',
  'renewal_reminded',
  'lapsed',
  'ended',
  'contact_viewed',
  'letter_downloaded',
])
export type EntrustmentEventKind = z.infer<typeof EntrustmentEventKind>
export const EntrustmentEvent = z.object({
  at: z.string(),
  kind: EntrustmentEventKind,
  actorId: z.string().optional(),
  actorRole: Role.optional(),
  actorName: z.string().optional(),
  /** Words the family may see. */
  text: z.string().optional(),
  /** Staff only (a visit's working note, a declined caregiver's reason). */
  staffNote: z.string().optional(),
})
export type EntrustmentEvent = z.infer<typeof EntrustmentEvent>

/** Facts for the 004 §2(一) determination, from a stored or submitted entrustment. */
export function leftBehindFacts(child: EntrustedChild, parents: readonly EntrustedParent[]) {
  return {
    child: { birthDate: child.birthDate, householdRegistration: child.householdRegistration, villageCode: child.villageCode },
    // A parent who has died is not "the other parent" of 004 §2(一), as on the child's file.
    parents: parents.flatMap((p): ParentFacts[] =>
      p.situation === 'working_away'
        ? [{ situation: 'working_away', workplaceCode: p.workplaceCode, awaySince: p.awaySince, label: parentRelationLabel[p.relation] }]
        : p.situation === 'deceased'
          ? []
          : p.canGuard
            ? [{ situation: 'not_away', canGuard: true, label: parentRelationLabel[p.relation] }]
            : [{ situation: 'not_away', canGuard: false, reason: p.unableReason ?? 'other_restriction', label: parentRelationLabel[p.relation] }],
    ),
  }
}

// ---- views -----------------------------------------------------------------------------------

/** A person as any screen shows them: phone and ID number always masked. */
const MaskedParent = z.object({
  relation: ParentRelation,
  name: z.string(),
  phone: z.string(),
  situation: ParentWorkSituation,
  situationText: z.string(),
  workplaceName: z.string().optional(),
  awaySince: z.string().optional(),
  expectedReturn: z.string().optional(),
})
const MaskedChild = z.object({
  childId: z.string(),
  name: z.string(),
  sex: PersonSex,
  birthDate: z.string(),
  idNumber: z.string(),
  householdRegistration: HouseholdRegistration,
  schoolName: z.string().optional(),
})
const MaskedCaregiver = z.object({
  name: z.string(),
  relationship: CaregiverRelationship,
  relationshipText: z.string(),
  phone: z.string(),
  idNumber: z.string(),
  birthDate: z.string(),
  health: CaregiverHealth,
  livesWithChild: z.boolean(),
  round: z.number().int(),
  accepted: z.boolean(),
})

const commonView = {
  id: z.string(),
  reference: z.string(),
  status: EntrustmentStatus,
  statusText: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  parents: z.array(MaskedParent),
  children: z.array(MaskedChild),
  caregiver: MaskedCaregiver,
  contactPlan: ContactPlan,
  contactPlanText: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  visitPlan: z.object({ date: z.string(), time: z.string().optional() }).optional(),
  acceptedAt: z.string().optional(),
  endedAt: z.string().optional(),
  endReason: EntrustmentEndReason.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** True once the end date has passed without renewal. */
  overdue: z.boolean(),
  version: z.number().int(),
}

/**
 * What the family sees (the registering parent, an officer who started it, or the caregiver):
 * status, the next step, what they may do now. No staff notes, no checklist, no labels.
 */
export const FamilyEntrustmentView = z.object({
  ...commonView,
  viewer: z.enum(['parent', 'starter', 'caregiver', 'invitee']),
  nextStep: z.string(),
  actions: z.array(EntrustmentAction),
  /** Parent and starter only, while waiting for the caregiver: the code to share. */
  invitationCode: z.string().optional(),
  /** Why the village found the caregiver unfit, in the words meant for the parents. */
  unfitReason: z.string().optional(),
  lastVisit: z.object({ visitedOn: z.string(), outcome: VisitOutcome, outcomeText: z.string(), followUp: z.string().optional() }).optional(),
  pastCaregivers: z.array(z.object({ name: z.string(), outcome: PastCaregiver.shape.outcome, reason: z.string().optional(), at: z.string() })),
  startedByUnit: z.string().optional(),
  /** What happened so far, oldest first, in words for the family (no staff notes). */
  timeline: z.array(z.object({ at: z.string(), text: z.string() })),
})
export type FamilyEntrustmentView = z.infer<typeof FamilyEntrustmentView>

export const SchoolInformed = z.enum(['liaison_notified', 'village_to_inform', 'no_school'])
export type SchoolInformed = z.infer<typeof SchoolInformed>

/** Civil-affairs staff: everything needed to verify and supervise, plus the 004 §2(一) result per child. */
export const StaffEntrustmentView = z.object({
  ...commonView,
  villageCode: z.string(),
  children: z.array(
    MaskedChild.extend({
      age: z.number().int(),
      school: z.object({ name: z.string(), informed: SchoolInformed }).optional(),
      leftBehind: z.object({
        leftBehind: z.boolean(),
        from: z.string().optional(),
        until: z.string(),
        reasons: z.array(z.string()),
        source: z.string(),
      }),
    }),
  ),
  actions: z.array(EntrustmentAction),
  startedBy: z.object({ name: z.string(), unit: z.string() }).optional(),
  consent: z.object({ version: z.string(), agreedAt: z.string() }),
  lastVisit: VisitRecord.optional(),
  pastCaregivers: z.array(PastCaregiver),
  events: z.array(EntrustmentEvent).optional(),
})
export type StaffEntrustmentView = z.infer<typeof StaffEntrustmentView>

export const StaffEntrustmentSummary = z.object({
  id: z.string(),
  reference: z.string(),
  status: EntrustmentStatus,
  statusText: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  childNames: z.array(z.string()),
  caregiverName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  visitDate: z.string().optional(),
  updatedAt: z.string(),
})
export type StaffEntrustmentSummary = z.infer<typeof StaffEntrustmentSummary>

/** A school liaison: only the school's own pupils and who cares for them (004 §4: share what the task needs). */
export const SchoolEntrustmentView = z.object({
  id: z.string(),
  reference: z.string(),
  status: EntrustmentStatus,
  statusText: z.string(),
  villageName: z.string(),
  pupils: z.array(z.object({ name: z.string(), sex: PersonSex, birthDate: z.string() })),
  caregiver: z.object({ name: z.string(), relationshipText: z.string(), phone: z.string() }),
  parents: z.array(z.object({ relation: ParentRelation, name: z.string(), phone: z.string() })),
  contactPlanText: z.string(),
  startDate: z.string(),
  endDate: z.string(),
})
export type SchoolEntrustmentView = z.infer<typeof SchoolEntrustmentView>

/** The full phone numbers, for staff who must call; every reveal is recorded. */
export const EntrustmentContacts = z.object({
  parents: z.array(z.object({ relation: ParentRelation, name: z.string(), phone: z.string().optional() })),
  caregiver: z.object({ name: z.string(), phone: z.string() }),
})
export type EntrustmentContacts = z.infer<typeof EntrustmentContacts>

export const KnownSchool = z.object({ id: z.string(), name: z.string(), divisionCode: z.string(), countyCode: z.string() })
export type KnownSchool = z.infer<typeof KnownSchool>

/** A child on the village's care list (关爱名单) with the visit cadence of their level (004 §3). */
export const CareListEntry = z.object({
  childKey: z.string(),
  entrustmentId: z.string(),
  villageCode: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  childName: z.string(),
  sex: PersonSex,
  birthDate: z.string(),
  level: CareLevel,
  homeVisitEveryDays: z.number().int(),
  contactEveryDays: z.number().int().optional(),
  /** First day the child counts under 004 §2(一); may be after today when parents left recently. */
  since: z.string(),
  until: z.string(),
  nextVisitDue: z.string(),
  addedAt: z.string(),
  source: z.string(),
})
export type CareListEntry = z.infer<typeof CareListEntry>

// ---- field labels ----------------------------------------------------------------------------

const parentFieldLabels = {
  relation: '身份',
  name: '姓名',
  phone: '手机号码',
  situation: '情况',
  workplaceCode: '务工地',
  awaySince: '外出日期',
  expectedReturn: '预计返乡日期',
  canGuard: '能否照护孩子',
  unableReason: '不能照护的原因',
}
const childFieldLabels = {
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号码',
  householdRegistration: '户口类型',
  villageCode: '实际居住的村（社区）',
  school: '学校',
  'school.name': '学校名称',
}
const caregiverFieldLabels = {
  name: '姓名',
  relationship: '与孩子的关系',
  phone: '手机号码',
  idNumber: '身份证号码',
  birthDate: '出生日期',
  health: '健康状况',
  livesWithChild: '是否和孩子同住',
}

// 第1位家长的手机号码, but 第1位家长是否外出务工 and 照护人与孩子的关系.
const of = (who: string, what: string) => (/^(是否|能否|与)/.test(what) ? `${who}${what}` : `${who}的${what}`)

function buildLabels(): Record<string, string> {
  const labels: Record<string, string> = {
    parents: '父母情况',
    children: '孩子',
    caregiver: '照护人',
    registrant: '您的身份',
    contactPlan: '联系约定',
    'contactPlan.frequency': '联系频率',
    'contactPlan.methods': '联系方式',
    startDate: '开始日期',
    endDate: '结束日期',
    consent: '个人信息处理同意',
    'consent.agreed': '个人信息处理同意',
    'consent.version': '个人信息处理同意',
    guardian: '同意的监护人',
    unit: '单位',
  }
  for (let i = 0; i < 2; i++) {
    labels[`parents.${i}`] = `第${i + 1}位家长`
    for (const [k, v] of Object.entries(parentFieldLabels)) labels[`parents.${i}.${k}`] = of(`第${i + 1}位家长`, v)
  }
  for (let i = 0; i < 10; i++) {
    labels[`children.${i}`] = `第${i + 1}个孩子`
    for (const [k, v] of Object.entries(childFieldLabels)) labels[`children.${i}.${k}`] = of(`第${i + 1}个孩子`, v)
  }
  for (const [k, v] of Object.entries(caregiverFieldLabels)) labels[`caregiver.${k}`] = of('照护人', v)
  return labels
}

/** Chinese names for every field of the entrustment forms, for `fieldErrors`. */
export const entrustmentFieldLabels: Record<string, string> = buildLabels()

export const visitFieldLabels: Record<string, string> = {
  visitedOn: '走访日期',
  checklist: '评估清单',
  ...Object.fromEntries(ChecklistItem.options.map((k) => [`checklist.${k}.rating`, checklistLabel[k]])),
  outcome: '核实结果',
  reasonForParents: '告知家长的原因',
  followUp: '跟进事项',
  note: '工作记录',
  careLevel: '走访等级',
  date: '走访日期',
  time: '走访时间',
}
