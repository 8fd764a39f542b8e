import * as z from 'zod'
import { DivisionCode, VillageCode } from './divisions'
import { MobilePhone, PersonName } from './contact'
import { IdNumber } from './id-number'
import { Role } from './auth'
import { ApplicationState, ApplicationStep, type HolderLevel } from './application-workflow'
import { Benefit, DocumentKind, PreCheckAnswers } from './policy/types'
import { ExitDecision } from './policy/exit'

/**
 * 儿童关爱补贴 applications (issue #4): what a guardian submits, what is stored, and what the
 * family, the staff and the public notice each see. Money is integer fen; bank account and
 * ID numbers are masked in every view after entry.
 */

export const GuardianRelation = z.enum(['father', 'mother', 'grandparent', 'sibling', 'other_relative', 'other'], { error: '请选择您和孩子的关系' })
export type GuardianRelation = z.infer<typeof GuardianRelation>
export const guardianRelationLabel: Record<GuardianRelation, string> = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母、外祖父母',
  sibling: '兄姐',
  other_relative: '其他亲属',
  other: '其他监护人',
}

export const ImageContentType = z.enum(['image/jpeg', 'image/png'], { error: '请上传照片（拍照或从手机相册里选）' })
export type ImageContentType = z.infer<typeof ImageContentType>
/** Largest photo accepted, checked when the upload is attached. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

/** Ask for a presigned URL to PUT one photo to. */
export const UploadRequest = z.object({ kind: DocumentKind, contentType: ImageContentType.default('image/jpeg') })
export type UploadRequest = z.infer<typeof UploadRequest>
export const UploadTicket = z.object({
  key: z.string(),
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
})
export type UploadTicket = z.infer<typeof UploadTicket>

/** A photo already PUT to its upload URL, named by the key the ticket gave. */
export const UploadedDocument = z.object({ kind: DocumentKind, key: z.string().min(1).max(300) })
export type UploadedDocument = z.infer<typeof UploadedDocument>

export const BankAccountInput = z.object({
  bankName: z.string().trim().min(2, { error: '请填写开户银行' }).max(40, { error: '开户银行不超过 40 个字' }),
  accountName: PersonName,
  accountNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]+/g, ''))
    .pipe(z.string().regex(/^\d{12,30}$/, { error: '请填写 12 到 30 位数字的银行卡号或账号' })),
})
export type BankAccountInput = z.infer<typeof BankAccountInput>

/** The consent text the guardian agrees to; its version is recorded with the time. */
export const CONSENT_VERSION = '2026-01'
export const consentText =
  '我同意村（社区）、乡镇（街道）和县民政局为办理儿童关爱补贴收集和使用孩子及家庭的信息和照片，仅用于本次申请的核实、审批、公示和发放。公示时孩子的姓名和身份证号会隐去部分。'

/** The family situation: the pre-check answers without the birth date, which comes from the ID number. */
export const FamilySituation = PreCheckAnswers.omit({ birthDate: true })
export type FamilySituation = z.infer<typeof FamilySituation>

export const ApplicationCreate = z.object({
  /** Where the child lives: decides the village, township and county that handle it. */
  villageCode: VillageCode,
  categoryId: z.string().min(1, { error: '请选择申请的类别' }).max(40),
  child: z.object({ name: PersonName, idNumber: IdNumber }),
  situation: FamilySituation,
  familyNote: z.string().trim().max(1000, { error: '家庭情况说明不超过 1000 字' }).default(''),
  guardian: z.object({ name: PersonName, phone: MobilePhone, relation: GuardianRelation }),
  bankAccount: BankAccountInput,
  documents: z.array(UploadedDocument).min(1, { error: '请至少上传一份材料照片' }).max(30, { error: '材料照片不超过 30 张' }),
  consent: z.object({
    accepted: z.literal(true, { error: '请阅读并同意信息使用说明' }),
    version: z.string().min(1),
  }),
})
export type ApplicationCreate = z.infer<typeof ApplicationCreate>

export const applicationFieldLabels: Record<string, string> = {
  villageCode: '孩子居住的村（社区）',
  categoryId: '申请类别',
  child: '孩子信息',
  'child.name': '孩子姓名',
  'child.idNumber': '孩子身份证号',
  situation: '家庭情况',
  'situation.father': '父亲的情况',
  'situation.mother': '母亲的情况',
  'situation.familyAssistance': '家庭享受的救助',
  'situation.disability': '孩子的残疾情况',
  'situation.currentBenefits': '孩子已领取的补助',
  familyNote: '家庭情况说明',
  guardian: '监护人信息',
  'guardian.name': '监护人姓名',
  'guardian.phone': '监护人手机号',
  'guardian.relation': '与孩子的关系',
  bankAccount: '收款银行账户',
  'bankAccount.bankName': '开户银行',
  'bankAccount.accountName': '账户户名',
  'bankAccount.accountNumber': '银行卡号',
  documents: '材料照片',
  consent: '信息使用同意',
  'consent.accepted': '信息使用同意',
  kind: '材料类型',
  contentType: '图片格式',
  homeVisitNote: '入户核查记录',
  visitedOn: '入户日期',
  opinion: '审核意见',
  days: '公示天数',
  text: '异议内容',
  monthlyFen: '每月金额',
  reason: '不予批准的理由',
  missing: '需要补正的材料',
  message: '补正说明',
  startMonth: '开始发放月份',
  note: '说明',
  decision: '孩子的情况',
  graduationMonth: '毕业（预计毕业）年月',
  enlistmentMonth: '入伍年月',
  capable: '是否具备劳动能力和完全民事行为能力',
  on: '疫情防控简化办理',
}

export const StoredDocument = z.object({
  id: z.string(),
  kind: DocumentKind,
  key: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
  /** 0 with the application; n for the n-th supply of missing papers. */
  round: z.number().int(),
})
export type StoredDocument = z.infer<typeof StoredDocument>

export const MissingDocument = z.object({ kind: DocumentKind, note: z.string().trim().max(200).default('') })
export type MissingDocument = z.infer<typeof MissingDocument>

/** Stored application (one item). The bank account and ID number are stored whole: payment needs them. */
export const Application = z.object({
  id: z.string(),
  reference: z.string(),
  villageCode: VillageCode,
  townshipCode: DivisionCode,
  countyCode: DivisionCode,
  locality: z.string(),
  policyVersion: z.string(),
  categoryId: z.string(),
  child: z.object({ name: z.string(), idNumber: z.string(), birthDate: z.string() }),
  situation: FamilySituation,
  familyNote: z.string(),
  guardian: z.object({ name: z.string(), phone: z.string(), relation: GuardianRelation }),
  bankAccount: z.object({ bankName: z.string(), accountName: z.string(), accountNumber: z.string() }),
  consent: z.object({ version: z.string(), acceptedAt: z.string() }),
  documents: z.array(StoredDocument),
  estimate: z.object({ monthlyFen: z.number().int(), explanation: z.string(), clauses: z.array(z.string()), demo: z.boolean().optional() }),
  /** Set when the child already receives living support this may not be paid with (shown to staff only). */
  doubleSupport: z.object({ conflicting: z.array(Benefit), clause: z.string(), plain: z.string() }).optional(),
  state: ApplicationState,
  /** When the application entered its current state: "days held" count from here. */
  stageSince: z.string(),
  /** When the current holder's target time runs out (staff- or family-held states with a target). */
  stageDueAt: z.string().optional(),
  /** While sent back for papers: the state to resume and what is missing. */
  returnTo: ApplicationState.optional(),
  missing: z.array(MissingDocument).optional(),
  missingMessage: z.string().optional(),
  /** Papers owed while the application goes on (epidemic switch, 000 §3(一)): never stops it. */
  papersLater: z.array(MissingDocument).optional(),
  papersLaterMessage: z.string().optional(),
  supplyRounds: z.number().int(),
  homeVisitNote: z.string().optional(),
  reviewOpinion: z.string().optional(),
  notice: z.object({ startedAt: z.string(), endsAt: z.string(), days: z.number().int() }).optional(),
  objections: z.number().int(),
  decision: z
    .object({
      at: z.string(),
      approved: z.boolean(),
      monthlyFen: z.number().int().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  payment: z.object({ startMonth: z.string(), monthlyFen: z.number().int() }).optional(),
  /** Next review of the paid allowance, `YYYY-MM-DD` (policy `reviewEveryMonths`; local practice, see `reviewClause`). */
  nextReviewDue: z.string().optional(),
  /** Leaving the allowance: the age-18 exit raised by the timer, or any exit the county records. */
  exit: z
    .object({
      raisedAt: z.string().optional(),
      /** The day the child is 18 周岁 (the day after the 18th birthday, 民法典 §201). */
      birthday: z.string(),
      decision: ExitDecision.optional(),
      plan: z.string().optional(),
      paidThroughMonth: z.string().optional(),
      oneOffFen: z.number().int().optional(),
      /** In school after 18: paid until this month; staff may move it later. */
      graduationMonth: z.string().optional(),
      /** When the county was reminded that the graduation month has come. */
      graduationRaisedAt: z.string().optional(),
      /** The answer staff gave to the capacity question before stopping (003 §2(一)). */
      capable: z.boolean().optional(),
    })
    .optional(),
  ownerId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type Application = z.infer<typeof Application>

export const ApplicationEvent = z.object({
  at: z.string(),
  step: z.union([ApplicationStep, z.enum(['created', 'overdue_reminded', 'review_reminded'])]),
  fromState: ApplicationState.optional(),
  toState: ApplicationState.optional(),
  actorRole: z.union([Role, z.literal('system')]).optional(),
  /** Staff only ever see this; the family sees the office. */
  actorId: z.string().optional(),
  actorName: z.string().optional(),
  /** The office that took the step, e.g. 丁湖镇人民政府. */
  office: z.string(),
  /** Shown to the family (reason for rejection, what is missing, amount and month …). */
  publicText: z.string().optional(),
  /** Staff only (home visit note, review opinion, objection). */
  staffText: z.string().optional(),
  missing: z.array(MissingDocument).optional(),
})
export type ApplicationEvent = z.infer<typeof ApplicationEvent>

const Holder = z.object({ level: z.enum(['village', 'township', 'county', 'guardian']), office: z.string() })

export const TimelineEntry = z.object({
  at: z.string(),
  title: z.string(),
  office: z.string(),
  /** Days the application spent in the state this step opened (to the next step, or until now). */
  days: z.number().int().optional(),
  text: z.string().optional(),
  missing: z.array(z.object({ kind: DocumentKind, label: z.string(), note: z.string() })).optional(),
})
export type TimelineEntry = z.infer<typeof TimelineEntry>

/** What the family sees. Offices, never staff names; no double-support suspicion (DOMAIN §8). */
export const GuardianApplicationView = z.object({
  id: z.string(),
  reference: z.string(),
  childName: z.string(),
  childIdNumber: z.string(),
  categoryLabel: z.string(),
  villageName: z.string(),
  state: ApplicationState,
  stateText: z.string(),
  holder: Holder.nullable(),
  daysHere: z.number().int(),
  targetDays: z.number().int().nullable(),
  overdue: z.boolean(),
  next: z.string(),
  missing: z.array(z.object({ kind: DocumentKind, label: z.string(), note: z.string() })),
  missingMessage: z.string().optional(),
  /** Papers owed that do not stop the application (epidemic switch): supplied whenever ready. */
  papersLater: z.array(z.object({ kind: DocumentKind, label: z.string(), note: z.string() })),
  papersLaterMessage: z.string().optional(),
  timeline: z.array(TimelineEntry),
  documents: z.array(z.object({ kind: DocumentKind, label: z.string(), count: z.number().int() })),
  bankName: z.string(),
  bankAccount: z.string(),
  estimate: z.object({ monthlyFen: z.number().int(), explanation: z.string(), demo: z.boolean() }),
  decision: z.object({ approved: z.boolean(), monthlyFen: z.number().int().optional(), reason: z.string().optional() }).optional(),
  payment: z.object({ startMonth: z.string(), monthlyFen: z.number().int() }).optional(),
  noticeEndsAt: z.string().optional(),
  exitPlan: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type GuardianApplicationView = z.infer<typeof GuardianApplicationView>

export const GuardianApplicationSummary = GuardianApplicationView.pick({
  id: true,
  reference: true,
  childName: true,
  categoryLabel: true,
  state: true,
  stateText: true,
  holder: true,
  daysHere: true,
  targetDays: true,
  overdue: true,
  createdAt: true,
  updatedAt: true,
})
export type GuardianApplicationSummary = z.infer<typeof GuardianApplicationSummary>

export const StaffApplicationSummary = z.object({
  id: z.string(),
  reference: z.string(),
  childName: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  state: ApplicationState,
  stateLabel: z.string(),
  holder: Holder.nullable(),
  daysHere: z.number().int(),
  targetDays: z.number().int().nullable(),
  overdue: z.boolean(),
  doubleSupportFlag: z.boolean(),
  estimateFen: z.number().int(),
  /** The estimate rests on a placeholder standard (shown 演示金额). List rows must carry it. */
  estimateDemo: z.boolean().optional(),
  createdAt: z.string(),
  stageSince: z.string(),
  version: z.number().int(),
})
export type StaffApplicationSummary = z.infer<typeof StaffApplicationSummary>

export const StaffApplicationView = StaffApplicationSummary.extend({
  childIdNumber: z.string(),
  childBirthDate: z.string(),
  policy: z.object({ name: z.string(), version: z.string() }),
  situation: z.array(z.object({ label: z.string(), value: z.string() })),
  familyNote: z.string(),
  guardian: z.object({ name: z.string(), phone: z.string(), relation: z.string() }),
  bankName: z.string(),
  bankAccount: z.string(),
  accountName: z.string(),
  documents: z.array(
    z.object({ id: z.string(), kind: DocumentKind, label: z.string(), round: z.number().int(), uploadedAt: z.string(), viewUrl: z.string() }),
  ),
  /** `source`: the clause in words a cadre can look up (`describeClause`), never a seed number. */
  requiredDocuments: z.array(z.object({ kind: DocumentKind, label: z.string(), clause: z.string(), source: z.string(), provided: z.boolean() })),
  estimate: z.object({ monthlyFen: z.number().int(), explanation: z.string(), clauses: z.array(z.string()), sources: z.array(z.string()), demo: z.boolean() }),
  doubleSupport: z
    .object({ conflicting: z.array(z.object({ id: Benefit, label: z.string() })), clause: z.string(), source: z.string(), plain: z.string() })
    .optional(),
  missing: z.array(z.object({ kind: DocumentKind, label: z.string(), note: z.string() })),
  missingMessage: z.string().optional(),
  papersLater: z.array(z.object({ kind: DocumentKind, label: z.string(), note: z.string() })),
  papersLaterMessage: z.string().optional(),
  /** The county's epidemic switch (000 §3(一)) and whether it covers this application's category. */
  epidemic: z.object({ on: z.boolean(), covers: z.boolean(), since: z.string().optional(), plain: z.string(), source: z.string() }),
  returnTo: ApplicationState.optional(),
  homeVisitNote: z.string().optional(),
  reviewOpinion: z.string().optional(),
  notice: z.object({ startedAt: z.string(), endsAt: z.string(), days: z.number().int() }).optional(),
  objections: z.number().int(),
  decision: Application.shape.decision,
  payment: Application.shape.payment,
  nextReviewDue: z.string().optional(),
  exit: Application.shape.exit,
  /** Steps this staff member may take now, from the shared transition table. */
  steps: z.array(ApplicationStep),
  events: z.array(ApplicationEvent),
})
export type StaffApplicationView = z.infer<typeof StaffApplicationView>

/** The public notice (公示): the child's name and ID masked, no category label (004 §7(四)). */
export const PublicNoticeView = z.object({
  id: z.string(),
  reference: z.string(),
  childName: z.string(),
  childIdNumber: z.string(),
  villageName: z.string(),
  benefit: z.string(),
  monthlyFen: z.number().int(),
  /** The amount rests on a placeholder figure (演示金额). */
  demo: z.boolean(),
  startedAt: z.string(),
  endsAt: z.string(),
  objectionsTo: z.string(),
})
export type PublicNoticeView = z.infer<typeof PublicNoticeView>

// Staff step inputs.
const note = (min: number, max: number, label: string) =>
  z.string().trim().min(min, { error: `请填写${label}` }).max(max, { error: `${label}不超过 ${max} 字` })
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '请选择年月' })

export const VillageCheck = z.object({
  homeVisitNote: note(5, 2000, '入户核查记录'),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '请填写入户日期' }),
})
export type VillageCheck = z.infer<typeof VillageCheck>
export const AcceptApplication = z.object({})
export const ReviewApplication = z.object({ opinion: note(2, 2000, '审核意见') })
export type ReviewApplication = z.infer<typeof ReviewApplication>
export const StartNotice = z.object({
  days: z.number().int().min(5, { error: '公示不少于 5 天' }).max(30, { error: '公示不超过 30 天' }).optional(),
})
export type StartNotice = z.infer<typeof StartNotice>
export const RecordObjection = z.object({ text: note(2, 2000, '异议内容') })
export type RecordObjection = z.infer<typeof RecordObjection>
export const ApproveApplication = z.object({
  /** Defaults to the calculated amount; staff may set another (e.g. a case rule the pre-check could not see). */
  monthlyFen: z.number().int().positive({ error: '每月金额应大于 0' }).max(10_000_00).optional(),
  note: z.string().trim().max(500).default(''),
})
export type ApproveApplication = z.infer<typeof ApproveApplication>
export const RejectApplication = z.object({ reason: note(5, 500, '不予批准的理由') })
export type RejectApplication = z.infer<typeof RejectApplication>
export const SendBack = z.object({
  missing: z.array(MissingDocument).min(1, { error: '请至少选择一项需要补正的材料' }).max(15),
  message: note(2, 500, '补正说明'),
})
export type SendBack = z.infer<typeof SendBack>
export const StartPayment = z.object({ startMonth: Month })
export type StartPayment = z.infer<typeof StartPayment>
export const AnnualReview = z.object({ note: note(5, 2000, '复核记录') })
export type AnnualReview = z.infer<typeof AnnualReview>
export const RecordExit = z.object({
  decision: ExitDecision,
  graduationMonth: Month.optional(),
  enlistmentMonth: Month.optional(),
  /** Asked, never assumed, before stopping at 18 where the policy makes it a condition (003 §2(一)). */
  capable: z.boolean({ error: '请选择是或否' }).optional(),
  reason: z.string().trim().max(500, { error: '原因不超过 500 字' }).optional(),
})
export type RecordExit = z.infer<typeof RecordExit>
/** Papers owed while the application goes on (epidemic switch on). Same shape as a send-back. */
export const NoteMissing = z.object({
  missing: z.array(MissingDocument).min(1, { error: '请至少选择一项待补交的材料' }).max(15),
  message: note(2, 500, '说明'),
})
export type NoteMissing = z.infer<typeof NoteMissing>
/** The county turns the epidemic procedure (000 §3(一)) on or off for its county. */
export const EpidemicSwitchInput = z.object({ on: z.boolean({ error: '请选择开启或关闭' }) })
export type EpidemicSwitchInput = z.infer<typeof EpidemicSwitchInput>
export const EpidemicSwitchView = z.object({
  countyCode: z.string(),
  on: z.boolean(),
  since: z.string().optional(),
  byName: z.string().optional(),
  plain: z.string(),
  source: z.string(),
})
export type EpidemicSwitchView = z.infer<typeof EpidemicSwitchView>
export const SupplyDocuments = z.object({
  documents: z.array(UploadedDocument).min(1, { error: '请至少上传一份补正材料' }).max(15),
  note: z.string().trim().max(500).default(''),
})
export type SupplyDocuments = z.infer<typeof SupplyDocuments>

/** The pre-check request: the place decides which policy answers it. */
export const PreCheckRequest = z.object({ villageCode: VillageCode, answers: PreCheckAnswers })
export type PreCheckRequest = z.infer<typeof PreCheckRequest>

/** The office a step or holder is named by (never a person): 丁湖村委会, 丁湖镇人民政府, 泗县民政局. */
export function officeName(level: HolderLevel | 'village' | 'township' | 'county', divisionName: string): string {
  if (level === 'guardian') return '申请人（您）'
  if (level === 'village') return divisionName.endsWith('村') ? `${divisionName}委会` : `${divisionName}居委会`
  if (level === 'township') return divisionName.endsWith('街道') ? `${divisionName}办事处` : `${divisionName}人民政府`
  return `${divisionName}民政局`
}
