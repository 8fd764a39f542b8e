import * as z from 'zod'
import { type SessionUser } from './auth'
import { CivilDate } from './civil-date'
import { Department } from './departments'
import { ReferralReasonId, ShareableFact, referralReason } from './policy/referral-reasons'

export * from './policy/referral-reasons'

/**
 * 转介 / 通报: a director or township supervisor tells a county department about a child
 * (004 §4(二)). The department reads a snapshot of only the facts shared with it, never the
 * child's file (004 §4 末段: 部门间…应当依法保护儿童个人信息).
 */

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const ReferralUrgency = z.enum(['routine', 'urgent'], { error: '请选择紧急程度' })
export type ReferralUrgency = z.infer<typeof ReferralUrgency>
export const referralUrgencyLabel: Record<ReferralUrgency, string> = { routine: '一般', urgent: '紧急' }

/**
 * Consent to share a child's information (PIPL §31: a child under 14's information needs the
 * guardian's consent; §13(三)(四) allow processing without consent to fulfil a legal duty or to
 * protect life, health and property in an emergency). As in Primero, a referral is refused
 * unless consent is given or its override is justified and recorded.
 */
export const ReferralConsentBasis = z.enum(['guardian', 'child', 'override'], { error: '请选择是否取得同意' })
export type ReferralConsentBasis = z.infer<typeof ReferralConsentBasis>
export const referralConsentLabel: Record<ReferralConsentBasis, string> = {
  guardian: '监护人已同意',
  child: '孩子本人已同意（年满 14 周岁）',
  override: '未取得同意，依法需要通报',
}

export const ReferralConsent = z
  .object({
    basis: ReferralConsentBasis,
    /** guardian: who agreed (e.g. 王秀英) and how they are related (奶奶). */
    givenBy: z.preprocess(blank, z.string().trim().max(20, { error: '不超过 20 字' }).optional()),
    relation: z.preprocess(blank, z.string().trim().max(10, { error: '不超过 10 字' }).optional()),
    givenOn: z.preprocess(blank, CivilDate.optional()),
    /** override: why sharing without consent is lawful and needed (e.g. 疑似遭受侵害，依法报告). */
    justification: z.preprocess(blank, z.string().trim().max(500, { error: '不超过 500 字' }).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.basis === 'guardian') {
      if (!v.givenBy) ctx.addIssue({ code: 'custom', path: ['givenBy'], message: '请填写同意的监护人姓名' })
      if (!v.relation) ctx.addIssue({ code: 'custom', path: ['relation'], message: '请填写监护人和孩子的关系' })
    }
    if (v.basis !== 'override' && !v.givenOn) ctx.addIssue({ code: 'custom', path: ['givenOn'], message: '请填写同意的日期' })
    if (v.basis === 'override' && (!v.justification || v.justification.length < 6)) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: '请写明不经同意也需要通报的理由（至少 6 个字）' })
    }
  })
export type ReferralConsent = z.infer<typeof ReferralConsent>

export const CreateReferral = z
  .object({
    childId: z.string({ error: '请选择孩子' }).trim().min(1, { error: '请选择孩子' }).max(64, { error: '孩子的档案编号无效' }),
    /** The report this referral arises from (linked to the child's file). */
    reportId: z.preprocess(blank, z.string().trim().max(64, { error: '报告编号无效' }).optional()),
    department: z.enum(Department.options, { error: '请选择转介部门' }),
    reasons: z
      .array(ReferralReasonId, { error: '请选择转介原因' })
      .min(1, { error: '请至少选择一个转介原因' })
      .max(12)
      .refine((r) => new Set(r).size === r.length, { error: '原因重复' }),
    note: z.preprocess(blank, z.string().trim().max(1000, { error: '不超过 1000 字' }).optional()),
    urgency: ReferralUrgency.default('routine'),
    /** Exactly which facts go: the reasons' minimum, plus any the referrer deliberately adds. */
    shared: z
      .array(ShareableFact, { error: '请选择要告诉部门的信息' })
      .min(1, { error: '请至少选择一项要告诉部门的信息' })
      .max(ShareableFact.options.length)
      .refine((r) => new Set(r).size === r.length, { error: '信息项重复' }),
    /** Required when `shared` goes beyond the minimum: why the department needs more. */
    extraJustification: z.preprocess(blank, z.string().trim().max(500, { error: '不超过 500 字' }).optional()),
    consent: ReferralConsent,
  })
  .superRefine((v, ctx) => {
    // Reasons that are not this department's: a dropout is not the police's, abuse not education's.
    for (const [i, r] of v.reasons.entries()) {
      if (!referralReason(r).departments.includes(v.department)) {
        ctx.addIssue({ code: 'custom', path: ['reasons', i], message: `“${referralReason(r).label}”不由这个部门处理，请换一个原因或部门` })
      }
    }
  })
export type CreateReferral = z.infer<typeof CreateReferral>

export const createReferralLabels: Record<string, string> = {
  childId: '孩子',
  reportId: '报告',
  department: '转介部门',
  reasons: '转介原因',
  note: '补充说明',
  urgency: '紧急程度',
  shared: '告诉部门的信息',
  extraJustification: '多提供信息的理由',
  consent: '同意情况',
  'consent.basis': '同意情况',
  'consent.givenBy': '同意的监护人',
  'consent.relation': '与孩子的关系',
  'consent.givenOn': '同意日期',
  'consent.justification': '不经同意通报的理由',
}

export const ReferralState = z.enum(['sent', 'acknowledged', 'in_progress', 'closed'])
export type ReferralState = z.infer<typeof ReferralState>
export const referralStateLabel: Record<ReferralState, string> = {
  sent: '已转介，待部门签收',
  acknowledged: '部门已签收',
  in_progress: '部门正在处理',
  closed: '已办结',
}

export const ReferralOutcome = z.enum(['resolved', 'handled_elsewhere', 'not_eligible', 'unreachable'], { error: '请选择一项' })
export type ReferralOutcome = z.infer<typeof ReferralOutcome>
export const referralOutcomeLabel: Record<ReferralOutcome, string> = {
  resolved: '已解决',
  handled_elsewhere: '已转其他部门或单位办理',
  not_eligible: '经核实不符合条件',
  unreachable: '联系不上孩子或家庭',
}

/** The department's steps, as data: who may take each, from which states, to which. */
export const referralTransitions = {
  acknowledge: { from: ['sent'], to: 'acknowledged' },
  record_action: { from: ['acknowledged', 'in_progress'], to: 'in_progress' },
  close: { from: ['acknowledged', 'in_progress'], to: 'closed' },
} as const satisfies Record<string, { from: readonly ReferralState[]; to: ReferralState }>
export type ReferralAction = keyof typeof referralTransitions

export function canTake(action: ReferralAction, state: ReferralState): boolean {
  return (referralTransitions[action].from as readonly ReferralState[]).includes(state)
}

const Version = z.number({ error: '缺少记录版本，请刷新后再操作' }).int().min(0)

export const AcknowledgeReferral = z.object({ version: Version, note: z.preprocess(blank, z.string().trim().max(500, { error: '不超过 500 字' }).optional()) })
export type AcknowledgeReferral = z.infer<typeof AcknowledgeReferral>
export const RecordReferralAction = z.object({
  version: Version,
  text: z.string({ error: '请写明做了什么' }).trim().min(2, { error: '请写明做了什么' }).max(1000, { error: '不超过 1000 字' }),
})
export type RecordReferralAction = z.infer<typeof RecordReferralAction>
export const CloseReferral = z.object({
  version: Version,
  outcome: ReferralOutcome,
  text: z.string({ error: '请写明办理结果' }).trim().min(2, { error: '请写明办理结果' }).max(1000, { error: '不超过 1000 字' }),
})
export type CloseReferral = z.infer<typeof CloseReferral>
export const referralActionLabels: Record<string, string> = { version: '版本', note: '说明', text: '内容', outcome: '办理结果' }

/** One shared fact as stored on the referral and shown to the department. */
export const SharedFact = z.object({ fact: ShareableFact, label: z.string(), value: z.string() })
export type SharedFact = z.infer<typeof SharedFact>

export const ReferralEvent = z.object({
  at: z.string(),
  kind: z.enum(['sent', 'acknowledged', 'action', 'closed', 'reminded', 'stale']),
  text: z.string(),
  byName: z.string().optional(),
  byUnit: z.string().optional(),
})
export type ReferralEvent = z.infer<typeof ReferralEvent>

export const Referral = z.object({
  id: z.string(),
  countyCode: z.string(),
  townshipCode: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  department: Department,
  reasons: z.array(ReferralReasonId),
  note: z.string().optional(),
  urgency: ReferralUrgency,
  /** The child's colour was red when sent (the police hour applies). Staff only. */
  red: z.boolean(),
  childId: z.string(),
  reportId: z.string().optional(),
  shared: z.array(ShareableFact),
  /** Shared beyond the reasons' minimum: which facts and why. */
  extra: z.object({ facts: z.array(ShareableFact), justification: z.string() }).optional(),
  /** The snapshot the department reads: only the shared facts, as they were when sent. */
  facts: z.array(SharedFact),
  consent: ReferralConsent.and(z.object({ childAge: z.number().int(), recordedAt: z.string(), recordedByName: z.string() })),
  state: ReferralState,
  /** No outcome within the stale limit (Primero's default 14 days): the township is told. */
  staleSince: z.string().optional(),
  acknowledgeDueAt: z.string(),
  acknowledgeRule: z.string(),
  staleAt: z.string(),
  ackRemindedAt: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  outcome: z.object({ kind: ReferralOutcome, text: z.string(), at: z.string(), byName: z.string() }).optional(),
  events: z.array(ReferralEvent),
  createdAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  /** The referring office as the department reads it, e.g. 丁湖村 儿童主任 李主任. */
  fromLabel: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type Referral = z.infer<typeof Referral>

/** What a department liaison may read: the referral without the child's id, colour or consent details. */
export const DepartmentReferralView = Referral.pick({
  id: true,
  department: true,
  villageName: true,
  reasons: true,
  note: true,
  urgency: true,
  facts: true,
  state: true,
  staleSince: true,
  acknowledgeDueAt: true,
  outcome: true,
  events: true,
  createdAt: true,
  fromLabel: true,
  version: true,
}).extend({ reasonLabels: z.array(z.string()), departmentLabel: z.string(), stateLabel: z.string() })
export type DepartmentReferralView = z.infer<typeof DepartmentReferralView>

export const StaffReferralView = Referral.extend({ reasonLabels: z.array(z.string()), departmentLabel: z.string(), stateLabel: z.string(), childName: z.string() })
export type StaffReferralView = z.infer<typeof StaffReferralView>

/** A list row: exactly what the lists show (the `row` attribute of the index items). */
export const ReferralRow = z.object({
  id: z.string(),
  department: Department,
  reasons: z.array(ReferralReasonId),
  urgency: ReferralUrgency,
  state: ReferralState,
  stale: z.boolean(),
  villageName: z.string(),
  /** Staff lists only: the child's name (a department's rows carry it only when the name is shared). */
  childName: z.string().optional(),
  createdAt: z.string(),
  acknowledgeDueAt: z.string(),
  outcome: ReferralOutcome.optional(),
})
export type ReferralRow = z.infer<typeof ReferralRow>

export const ReferralListItem = ReferralRow.extend({ ageDays: z.number().int(), reasonLabels: z.array(z.string()), departmentLabel: z.string(), stateLabel: z.string(), overdue: z.boolean() })
export type ReferralListItem = z.infer<typeof ReferralListItem>

export const ReferralList = z.object({
  items: z.array(ReferralListItem),
  nextCursor: z.string().optional(),
  /** County and township lists of open referrals: how many per department and the oldest. */
  byDepartment: z.array(z.object({ department: Department, label: z.string(), count: z.number().int(), oldestDays: z.number().int() })).optional(),
})
export type ReferralList = z.infer<typeof ReferralList>

/**
 * The referrals made about a report, and the child files it is linked to (only those the caller
 * works): the report page's 「转介」 refers that child, or asks to link the file first.
 */
export const ReportReferralList = ReferralList.extend({ linkedChildren: z.array(z.object({ id: z.string(), name: z.string() })) })
export type ReportReferralList = z.infer<typeof ReportReferralList>

/** A department liaison's list: its referrals (a page) and the department's name for the heading. */
export const DepartmentReferralList = z.object({ items: z.array(ReferralListItem), nextCursor: z.string().optional(), departmentLabel: z.string() })
export type DepartmentReferralList = z.infer<typeof DepartmentReferralList>

/** The one access rule for departments: their department, their county, nothing else. */
export function departmentMaySee(user: Pick<SessionUser, 'role' | 'department' | 'divisionCode'>, r: Pick<Referral, 'department' | 'countyCode'>): boolean {
  return user.role === 'department_liaison' && !!user.department && user.department === r.department && user.divisionCode === r.countyCode
}

/** Who may refer: the child director of the village and the township supervisor (issue #11). */
export const referringRoles = ['village_director', 'township_supervisor'] as const
