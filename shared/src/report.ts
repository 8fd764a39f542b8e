import * as z from 'zod'
import { VillageCode, DivisionCode } from './divisions'
import { MobilePhone, PersonName } from './contact'
import { RiskColour } from './risk'
import { SituationId } from './situations'
import { EscalationLevel, ReportStatus } from './report-workflow'
import { Role } from './auth'
import { SeenVersion } from './errors'
import { ReportIntervention } from './intervention'

/** Who the reporter is to the child; mandatory reporters (强制报告主体) have a legal duty (003 §3(一)). */
export const ReporterRelation = z.enum(['neighbour', 'relative', 'teacher', 'doctor', 'village_cadre', 'social_worker', 'other'], {
  error: '请选择反映人身份',
})
export type ReporterRelation = z.infer<typeof ReporterRelation>
export const reporterRelationLabel: Record<ReporterRelation, string> = {
  neighbour: '邻居、村民',
  relative: '亲属',
  teacher: '老师',
  doctor: '医生、护士',
  village_cadre: '村（社区）干部',
  social_worker: '社会工作者',
  other: '其他',
}
export const mandatoryReporterRelations: readonly ReporterRelation[] = ['teacher', 'doctor', 'village_cadre', 'social_worker']

/**
 * What a named reporter allows (the form asks, and the API enforces exactly what it said):
 * the child director handling the case may see and call them, or nobody in the village learns
 * who reported (003 §3(一) 报告人信息保密); township and county staff see masked details either way.
 */
export const ContactPermission = z.enum(['may_contact', 'keep_from_village'], { error: '请选择村里能否联系您' })
export type ContactPermission = z.infer<typeof ContactPermission>
export const contactPermissionLabel: Record<ContactPermission, string> = {
  may_contact: '可以联系我',
  keep_from_village: '不要向村里透露我的身份',
}

export const ReporterInput = z.discriminatedUnion('anonymous', [
  z.object({ anonymous: z.literal(true) }),
  z
    .object({
      anonymous: z.literal(false),
      name: PersonName,
      phone: MobilePhone,
      relation: ReporterRelation.default('neighbour'),
      // The safer choice when a client does not say: the village is not told who reported.
      contactPermission: ContactPermission.default('keep_from_village'),
      /** Mandatory reporters (teacher, doctor, cadre, social worker): the unit they report for (001 #6). */
      unit: z.string().trim().max(60, { error: '工作单位不超过 60 个字' }).default(''),
    })
    .refine((r) => !mandatoryReporterRelations.includes(r.relation) || r.unit.length > 0, {
      error: '请填写您的工作单位，回执上会写明',
      path: ['unit'],
    }),
])
export type ReporterInput = z.infer<typeof ReporterInput>

/** What a resident submits. The time of the report is set by the server: it matters legally. */
export const ReportCreate = z.object({
  villageCode: VillageCode,
  situations: z
    .array(SituationId)
    .min(1, { error: '请至少选择一项看到的情况' })
    .max(20)
    .refine((s) => new Set(s).size === s.length, { error: '情况选项重复' }),
  description: z.string().trim().max(1000, { error: '情况描述不超过 1000 字' }).default(''),
  /** How to find the child: apparent age, where they were seen. No ID numbers are asked. */
  childDescription: z.string().trim().max(200, { error: '孩子的情况不超过 200 字' }).default(''),
  reporter: ReporterInput,
})
export type ReportCreate = z.infer<typeof ReportCreate>

export const reportFieldLabels: Record<string, string> = {
  villageCode: '孩子实际居住的村（社区）',
  situations: '看到的情况',
  description: '情况描述',
  childDescription: '孩子的情况',
  reporter: '反映人信息',
  'reporter.name': '反映人姓名',
  'reporter.phone': '反映人手机号',
  'reporter.relation': '反映人身份',
  'reporter.contactPermission': '村里能否联系您',
  'reporter.unit': '工作单位',
}

// Crockford base32 without I, L, O, U: a code read out over the phone is not misheard.
const codeAlphabet = /^[0-9A-HJKMNP-TV-Z]+$/
/**
 * `k7qm 3xpt 9abc`, `K7QM3XPT9ABC` and `K7QM-3XPT-9ABC` are the same code; O is read as 0 and
 * I or L as 1, as people copying by hand write them. Groups of four, for reading aloud.
 */
export function normaliseTrackingCode(raw: string): string {
  const s = raw.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return s.match(/.{1,4}/g)?.join('-') ?? ''
}
/** A tracking code as typed: 12 characters (older reports: 8). */
export const TrackingCode = z
  .string()
  .max(40, { error: '查询码是 12 位字母和数字' })
  .transform(normaliseTrackingCode)
  .refine((c) => (c.length === 14 || c.length === 9) && codeAlphabet.test(c.replace(/-/g, '')), { error: '查询码是 12 位字母和数字，请核对' })

/** Outcomes staff choose when closing; the resident sees the text, never staff notes. */
export const ReportOutcome = z.enum([
  'visited_child_cared_for',
  'family_contacted',
  'referred_to_police',
  'referred_to_department',
  'included_in_regular_visits',
  'no_concern_found',
], { error: '请选择办结结果' })
export type ReportOutcome = z.infer<typeof ReportOutcome>
export const reportOutcomeText: Record<ReportOutcome, string> = {
  visited_child_cared_for: '工作人员已上门了解，孩子目前有人照护。感谢您的关心。',
  family_contacted: '工作人员已联系孩子的家人，落实了照护。感谢您的关心。',
  referred_to_police: '相关情况已移交公安机关依法处理。感谢您的关心。',
  referred_to_department: '已转请相关部门跟进帮助。感谢您的关心。',
  included_in_regular_visits: '孩子已纳入村里的日常关爱走访。感谢您的关心。',
  no_concern_found: '经工作人员核实，孩子目前没有需要帮助的情况。感谢您的关心。',
}

/** Stored report (one item). Reporter contact is absent for anonymous reports: not stored at all. */
export const Report = z.object({
  id: z.string(),
  trackingCode: z.string(),
  villageCode: VillageCode,
  townshipCode: DivisionCode,
  countyCode: DivisionCode,
  situations: z.array(SituationId),
  description: z.string(),
  childDescription: z.string(),
  /** Colour from triage of the situations. */
  triagedColour: RiskColour,
  /** Current colour: the triaged one unless staff regraded it. */
  colour: RiskColour,
  status: ReportStatus,
  anonymous: z.boolean(),
  reporterName: z.string().optional(),
  reporterPhone: z.string().optional(),
  reporterRelation: z.string().optional(),
  /** Named reporters only (absent on older reports: treated as keep_from_village). */
  contactPermission: ContactPermission.optional(),
  /** Mandatory reporters only: the unit they reported for. */
  reporterUnit: z.string().optional(),
  /** Bumped when the reporter asks for a new code: every earlier code and device token stops working. */
  accessGeneration: z.number().int().optional(),
  /** Named reporters only: the account that may follow the report. */
  ownerId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().optional(),
  closedAt: z.string().optional(),
  outcome: ReportOutcome.optional(),
  /** Red reports only, until acknowledged: who must answer now and by when. */
  escalationLevel: EscalationLevel.optional(),
  escalationDueAt: z.string().optional(),
  /** Red reports: the director's intervention (004 §3 即时介入). Until it is recorded the report keeps escalating. */
  intervention: ReportIntervention.optional(),
  interventionRecordedAt: z.string().optional(),
  version: z.number().int(),
})
export type Report = z.infer<typeof Report>

/**
 * 强制报告回执: proof, kept by the reporter, that a mandatory reporter (teacher, doctor, village
 * cadre, social worker) reported, when, to whom, and for which unit (001 #6: 强制报告主体未履行报告义务的
 * 要严肃追责; 003 §3(一)). Shown only to the reporter's own account: it names them.
 */
export const DutyReceipt = z.object({
  receiptNo: z.string(),
  issuedAt: z.string(),
  reporterName: z.string(),
  role: z.string(),
  unit: z.string(),
  villageName: z.string(),
  situations: z.array(z.string()),
  text: z.string(),
})
export type DutyReceipt = z.infer<typeof DutyReceipt>

export const ReportCreated = z.object({
  id: z.string(),
  trackingCode: z.string(),
  /** Lets the device that filed an anonymous report follow it without storing who filed it. */
  accessToken: z.string(),
  status: ReportStatus,
  colour: RiskColour,
  callPoliceNow: z.boolean(),
  createdAt: z.string(),
  dutyReceipt: DutyReceipt.optional(),
})
export type ReportCreated = z.infer<typeof ReportCreated>

/** What the resident sees: status and outcome, no colour labels, no staff notes. */
export const ResidentReportView = z.object({
  id: z.string(),
  trackingCode: z.string(),
  status: ReportStatus,
  statusText: z.string(),
  villageName: z.string(),
  situations: z.array(z.object({ id: SituationId, label: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  outcomeText: z.string().optional(),
  callPoliceNow: z.boolean(),
  /** Only to the reporter's own account, never to a code holder. */
  dutyReceipt: DutyReceipt.optional(),
})
export type ResidentReportView = z.infer<typeof ResidentReportView>

export const ReportEventKind = z.enum(['created', 'acknowledged', 'regraded', 'noted', 'closed', 'escalated', 'contact_viewed', 'access_rotated', 'intervened'])
export type ReportEventKind = z.infer<typeof ReportEventKind>
export const ReportEvent = z.object({
  at: z.string(),
  kind: ReportEventKind,
  actorId: z.string().optional(),
  actorRole: Role.optional(),
  actorName: z.string().optional(),
  text: z.string().optional(),
  fromColour: RiskColour.optional(),
  toColour: RiskColour.optional(),
  level: EscalationLevel.optional(),
})
export type ReportEvent = z.infer<typeof ReportEvent>

/**
 * What staff see. `reporter` is `hidden` for village staff (003 §3(一) reporter confidentiality:
 * only those who must act see it) and masked for township and county staff.
 */
export const StaffReportView = z.object({
  id: z.string(),
  trackingCode: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  situations: z.array(z.object({ id: SituationId, label: z.string(), colour: RiskColour })),
  description: z.string(),
  childDescription: z.string(),
  triagedColour: RiskColour,
  colour: RiskColour,
  status: ReportStatus,
  createdAt: z.string(),
  acknowledgedAt: z.string().optional(),
  closedAt: z.string().optional(),
  outcome: ReportOutcome.optional(),
  escalationLevel: EscalationLevel.optional(),
  escalationDueAt: z.string().optional(),
  callPoliceNow: z.boolean(),
  /** Red, open, and no intervention recorded: shown as 未记录处置. */
  interventionPending: z.boolean(),
  intervention: ReportIntervention.optional(),
  reporter: z.discriminatedUnion('visibility', [
    z.object({ visibility: z.literal('anonymous') }),
    z.object({ visibility: z.literal('hidden') }),
    /** The reporter allowed the village to contact them: the handling director sees it (audited). */
    z.object({ visibility: z.literal('shown'), name: z.string(), phone: z.string(), relation: z.string(), unit: z.string().optional() }),
    z.object({ visibility: z.literal('masked'), name: z.string(), phone: z.string(), relation: z.string() }),
  ]),
  events: z.array(ReportEvent).optional(),
  /** Every look at the reporter's details, in one plain line (each is still recorded). */
  reporterViews: z.string().optional(),
  version: z.number().int(),
})
export type StaffReportView = z.infer<typeof StaffReportView>

export const StaffReportSummary = StaffReportView.omit({ events: true, description: true, reporter: true, reporterViews: true, intervention: true }).extend({
  anonymous: z.boolean(),
})
export type StaffReportSummary = z.infer<typeof StaffReportSummary>

export const Acknowledge = z.object({ version: SeenVersion })
export type Acknowledge = z.infer<typeof Acknowledge>
export const Regrade = z.object({
  version: SeenVersion,
  colour: RiskColour,
  reason: z.string().trim().min(2, { error: '请填写调整原因' }).max(500, { error: '调整原因不超过 500 字' }),
})
export type Regrade = z.infer<typeof Regrade>
export const AddNote = z.object({ version: SeenVersion, text: z.string().trim().min(1, { error: '请填写记录内容' }).max(2000, { error: '记录不超过 2000 字' }) })
export type AddNote = z.infer<typeof AddNote>
export const CloseReport = z.object({
  version: SeenVersion,
  outcome: ReportOutcome,
  note: z.string().trim().max(2000, { error: '记录不超过 2000 字' }).default(''),
})
export type CloseReport = z.infer<typeof CloseReport>

export const actionFieldLabels: Record<string, string> = {
  colour: '风险等级',
  reason: '调整原因',
  text: '记录内容',
  outcome: '办结结果',
  note: '办结说明',
  version: '记录版本',
}

/** Revealing a named reporter's full phone number to township/county staff: audited every time. */
export const ReporterContact = z.object({ name: z.string(), phone: z.string(), relation: z.string(), unit: z.string().optional() })
export type ReporterContact = z.infer<typeof ReporterContact>

/** A new code and device token for a report; every earlier one stops working. */
export const ReportAccessRotated = z.object({ trackingCode: z.string(), accessToken: z.string() })
export type ReportAccessRotated = z.infer<typeof ReportAccessRotated>
