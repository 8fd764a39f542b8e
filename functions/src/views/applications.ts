import type { ApplicationRow } from '../data/applications'
import {
  type Application,
  type ApplicationEvent,
  type GuardianApplicationSummary,
  type GuardianApplicationView,
  type PolicySet,
  type PublicNoticeView,
  type SessionUser,
  type StaffApplicationSummary,
  type StaffApplicationView,
  type StaffRole,
  type TimelineEntry,
  applicationStates,
  benefitLabel,
  categoryIn,
  childDisabilityLabel,
  documentKindLabel,
  factsOn,
  familyAssistanceLabel,
  guardianRelationLabel,
  maskBankAccount,
  maskIdNumber,
  maskName,
  maskPhone,
  officeName,
  parentCircumstanceLabel,
  policyVersion,
  requiredDocuments,
  stepsAvailable,
  chinaDate,
  describeClause,
  describeClauses,
} from '@shouhu/shared'
import type { Offices } from '../workflows/applications'
import type { EpidemicSwitch } from '../data/policy-switches'

const DAY_MS = 86_400_000

/** The policy an application was made under: it keeps being judged by that version. */
export function policyOf(a: Pick<Application, 'locality' | 'policyVersion'>): PolicySet {
  const p = policyVersion(a.locality, a.policyVersion)
  if (!p) throw new Error(`no policy ${a.locality} ${a.policyVersion}`)
  return p
}

export function officesOf(a: Pick<Application, 'villageCode' | 'townshipCode' | 'countyCode'>, names: Map<string, string>): Offices {
  return {
    village: officeName('village', names.get(a.villageCode) ?? a.villageCode),
    township: officeName('township', names.get(a.townshipCode) ?? a.townshipCode),
    county: officeName('county', names.get(a.countyCode) ?? a.countyCode),
  }
}

function holderOf(a: Pick<Application, 'state'>, offices: Offices) {
  const level = applicationStates[a.state].holder
  if (!level) return null
  return { level, office: level === 'guardian' ? '申请人（您）' : offices[level] }
}

/** Days in the current stage, against its target (issue #4: "how many days it has been there"). */
function clock(a: Pick<Application, 'state' | 'stageSince' | 'stageDueAt' | 'notice'>, now: Date) {
  const daysHere = Math.max(0, Math.floor((now.getTime() - Date.parse(a.stageSince)) / DAY_MS))
  const targetDays = a.state === 'public_notice' ? (a.notice?.days ?? null) : applicationStates[a.state].targetDays
  const overdue = !!a.stageDueAt && now.toISOString() > a.stageDueAt
  return { daysHere, targetDays, overdue }
}

const categoryLabel = (a: Pick<Application, 'locality' | 'policyVersion' | 'categoryId'>) => categoryIn(policyOf(a), a.categoryId)?.guardianLabel ?? a.categoryId

const guardianTitle: Record<ApplicationEvent['step'], string> = {
  created: '提交申请',
  village_check: '村里上门核实',
  accept: '乡镇受理',
  review: '乡镇审核通过',
  start_notice: '开始公示',
  record_objection: '公示意见',
  end_notice: '公示期满',
  approve: '县民政局批准',
  reject: '县民政局不予批准',
  start_payment: '开始发放',
  send_back: '需要补充材料',
  supply_documents: '补交材料',
  annual_review: '年度复核',
  raise_exit: '即将年满 18 周岁',
  record_exit: '停止发放',
  continue_in_school: '在校就学，继续发放至毕业',
  record_enlistment: '应征入伍',
  resume_study: '回校就学，恢复发放',
  note_missing: '以后补交的材料',
  supply_later: '补交材料',
  overdue_reminded: '超时提醒',
  review_reminded: '复核提醒',
}

/** Steps the family is told about; objections and reminders to staff stay internal. */
const familySteps = new Set<ApplicationEvent['step']>(Object.keys(guardianTitle).filter((s) => !['record_objection', 'overdue_reminded', 'review_reminded'].includes(s)) as ApplicationEvent['step'][])

/**
 * The timeline the family sees: each step with its date and office (never a person), and for
 * each stage the days it spent there — to the next stage, or until now for the current one.
 */
export function timeline(events: ApplicationEvent[], now: Date): TimelineEntry[] {
  const shown = events.filter((e) => familySteps.has(e.step))
  const moves = events.filter((e) => e.toState)
  return shown.map((e) => {
    let days: number | undefined
    if (e.toState) {
      const nextMove = moves.find((m) => m.at > e.at)
      const until = nextMove ? Date.parse(nextMove.at) : now.getTime()
      days = Math.max(0, Math.floor((until - Date.parse(e.at)) / DAY_MS))
    }
    return {
      at: e.at,
      title: guardianTitle[e.step],
      office: e.office === '申请人' ? '申请人（您）' : e.office,
      days,
      text: e.publicText,
      missing: e.missing?.map((m) => ({ kind: m.kind, label: documentKindLabel[m.kind], note: m.note })),
    }
  })
}

function documentCounts(a: Application) {
  const counts = new Map<string, number>()
  for (const d of a.documents) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1)
  return [...counts].map(([kind, count]) => ({ kind: kind as Application['documents'][number]['kind'], label: documentKindLabel[kind as keyof typeof documentKindLabel], count }))
}

const missingList = (a: Application) => (a.missing ?? []).map((m) => ({ kind: m.kind, label: documentKindLabel[m.kind], note: m.note }))
const laterList = (a: Application) => (a.papersLater ?? []).map((m) => ({ kind: m.kind, label: documentKindLabel[m.kind], note: m.note }))

/**
 * A child over 18 still at school is being paid, not stopped: the family reads 「继续发放至毕业」
 * (003 §2(一)), never 「已停止发放」.
 */
const continuingAtSchool = (a: Pick<Application, 'state' | 'exit'>) => a.state === 'paying' && a.exit?.decision === 'in_school'

export function guardianSummary(a: ApplicationRow, names: Map<string, string>, now = new Date()): GuardianApplicationSummary {
  return {
    id: a.id,
    reference: a.reference,
    childName: a.child.name,
    categoryLabel: categoryLabel(a),
    state: a.state,
    stateText: continuingAtSchool(a) ? '继续发放至毕业' : applicationStates[a.state].guardianText,
    holder: holderOf(a, officesOf(a, names)),
    ...clock(a, now),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  }
}

/** What the family sees: where it is, who holds it, for how long against what target, what is missing, what comes next. */
export function guardianView(a: Application, events: ApplicationEvent[], names: Map<string, string>, now = new Date()): GuardianApplicationView {
  const info = applicationStates[a.state]
  return {
    ...guardianSummary(a, names, now),
    childIdNumber: maskIdNumber(a.child.idNumber),
    villageName: names.get(a.villageCode) ?? a.villageCode,
    next: (a.state === 'exited' || continuingAtSchool(a)) && a.exit?.plan ? a.exit.plan : info.next,
    missing: missingList(a),
    missingMessage: a.missingMessage,
    papersLater: laterList(a),
    papersLaterMessage: a.papersLaterMessage,
    timeline: timeline(events, now),
    documents: documentCounts(a),
    bankName: a.bankAccount.bankName,
    bankAccount: maskBankAccount(a.bankAccount.accountNumber),
    estimate: { monthlyFen: a.estimate.monthlyFen, explanation: a.estimate.explanation, demo: !!a.estimate.demo },
    decision: a.decision && { approved: a.decision.approved, monthlyFen: a.decision.monthlyFen, reason: a.decision.reason },
    payment: a.payment,
    noticeEndsAt: a.state === 'public_notice' ? a.notice?.endsAt : undefined,
    exitPlan: a.exit?.plan,
  }
}

export function staffSummary(a: ApplicationRow, names: Map<string, string>, now = new Date()): StaffApplicationSummary {
  const policy = policyOf(a)
  const category = categoryIn(policy, a.categoryId)
  return {
    id: a.id,
    reference: a.reference,
    childName: a.child.name,
    villageCode: a.villageCode,
    villageName: names.get(a.villageCode) ?? a.villageCode,
    townshipName: names.get(a.townshipCode) ?? a.townshipCode,
    categoryId: a.categoryId,
    categoryName: category?.officialName ?? a.categoryId,
    state: a.state,
    stateLabel: applicationStates[a.state].staffLabel,
    holder: holderOf(a, officesOf(a, names)),
    ...clock(a, now),
    doubleSupportFlag: !!a.doubleSupport,
    estimateFen: a.estimate.monthlyFen,
    estimateDemo: !!a.estimate.demo,
    createdAt: a.createdAt,
    stageSince: a.stageSince,
    version: a.version,
  }
}

const yesNo = (b: boolean) => (b ? '是' : '否')

/**
 * What staff see. The child's ID number, the guardian's phone and the bank account stay
 * masked here too: the screens never need them whole (issue #4: "masked everywhere after entry").
 */
export function staffView(
  viewer: SessionUser,
  a: Application,
  events: ApplicationEvent[],
  names: Map<string, string>,
  documentUrls: Map<string, string>,
  now = new Date(),
  epidemicState: Pick<EpidemicSwitch, 'on' | 'since'> = { on: false },
): StaffApplicationView {
  const policy = policyOf(a)
  const covers = policy.epidemic.categories.includes(a.categoryId)
  const fastTrack = epidemicState.on && covers
  const facts = factsOn({ ...a.situation, birthDate: a.child.birthDate }, chinaDate(now))
  const required = categoryIn(policy, a.categoryId) ? requiredDocuments(policy, a.categoryId, facts) : []
  const s = a.situation
  return {
    ...staffSummary(a, names, now),
    childIdNumber: maskIdNumber(a.child.idNumber),
    childBirthDate: a.child.birthDate,
    policy: { name: policy.name, version: policy.version },
    situation: [
      // Applications stored before 重残 and 重病 were two answers show the old value as it was.
      { label: '父亲', value: parentCircumstanceLabel[s.father] ?? '重度残疾或重病' },
      { label: '母亲', value: parentCircumstanceLabel[s.mother] ?? '重度残疾或重病' },
      { label: '家庭救助', value: familyAssistanceLabel[s.familyAssistance] },
      { label: '孩子残疾', value: childDisabilityLabel[s.disability] },
      { label: '重大疾病', value: yesNo(s.seriousIllness) },
      { label: '受艾滋病影响', value: yesNo(s.hivAffected) },
      { label: '本人感染艾滋病病毒', value: yesNo(!!s.hivInfected) },
      { label: '突发困难', value: yesNo(s.suddenHardship) },
      { label: '本地户籍', value: yesNo(s.localHukou) },
      { label: '已领取', value: s.currentBenefits.map((b) => benefitLabel[b]).join('、') || '无' },
    ],
    familyNote: a.familyNote,
    guardian: { name: a.guardian.name, phone: maskPhone(a.guardian.phone), relation: guardianRelationLabel[a.guardian.relation] },
    bankName: a.bankAccount.bankName,
    bankAccount: maskBankAccount(a.bankAccount.accountNumber),
    accountName: a.bankAccount.accountName,
    documents: a.documents.map((d) => ({ id: d.id, kind: d.kind, label: documentKindLabel[d.kind], round: d.round, uploadedAt: d.uploadedAt, viewUrl: documentUrls.get(d.id) ?? '' })),
    requiredDocuments: required.map((r) => ({
      kind: r.kind,
      label: documentKindLabel[r.kind],
      clause: r.clause,
      source: describeClause(r.clause),
      provided: a.documents.some((d) => d.kind === r.kind),
    })),
    // Staff read the document and its part in words (「依据 003 §1」 meant nothing to a cadre).
    estimate: { ...a.estimate, sources: describeClauses(a.estimate.clauses), demo: !!a.estimate.demo },
    doubleSupport: a.doubleSupport && {
      conflicting: a.doubleSupport.conflicting.map((b) => ({ id: b, label: benefitLabel[b] })),
      clause: a.doubleSupport.clause,
      source: describeClauses([a.doubleSupport.clause]).join('；'),
      plain: a.doubleSupport.plain,
    },
    missing: missingList(a),
    missingMessage: a.missingMessage,
    papersLater: laterList(a),
    papersLaterMessage: a.papersLaterMessage,
    epidemic: { on: epidemicState.on, covers, since: epidemicState.since, plain: policy.epidemic.plain, source: describeClause(policy.epidemic.clause) },
    returnTo: a.returnTo,
    homeVisitNote: a.homeVisitNote,
    reviewOpinion: a.reviewOpinion,
    notice: a.notice,
    objections: a.objections,
    decision: a.decision,
    payment: a.payment,
    nextReviewDue: a.nextReviewDue,
    exit: a.exit,
    // With the epidemic switch on the holder notes owed papers instead of sending back (000 §3(一)).
    steps: stepsAvailable(a.state, viewer.role as StaffRole).filter((s) =>
      s === 'send_back' ? !fastTrack : s === 'note_missing' ? fastTrack : true,
    ),
    events,
  }
}

/**
 * The public notice (公示): the child's name and ID masked, and no category — a notice on the
 * village board must not label a child (004 §7(四)).
 */
export function publicNotice(a: ApplicationRow, names: Map<string, string>): PublicNoticeView {
  const offices = officesOf(a, names)
  return {
    id: a.id,
    reference: a.reference,
    childName: maskName(a.child.name),
    childIdNumber: maskIdNumber(a.child.idNumber),
    villageName: names.get(a.villageCode) ?? a.villageCode,
    benefit: '儿童基本生活补贴',
    monthlyFen: a.estimate.monthlyFen,
    demo: !!a.estimate.demo,
    startedAt: a.notice?.startedAt ?? '',
    endsAt: a.notice?.endsAt ?? '',
    objectionsTo: `如有异议，请在公示期内向${offices.township}或${offices.village}反映。`,
  }
}
