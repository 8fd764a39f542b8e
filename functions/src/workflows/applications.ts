import {
  type Application,
  type ApplicationCreate,
  type ApplicationEvent,
  type ApplicationState,
  type ApplicationStep,
  type ApproveApplication,
  type AnnualReview,
  type MissingDocument,
  type PolicySet,
  type RecordExit,
  type RecordObjection,
  type RejectApplication,
  type ReviewApplication,
  type SendBack,
  type SessionUser,
  type StaffRole,
  type StartNotice,
  type StartPayment,
  type StoredDocument,
  type VillageCheck,
  ancestorAt,
  applicationStates,
  applicationSteps,
  benefitLabel,
  birthDateOfId,
  birthdayAt,
  categoryIn,
  checkStep,
  chinaDate,
  chinaMonth,
  chinaStartOfDay,
  datePlusDays,
  documentKindLabel,
  doubleSupport,
  exitPlan,
  factsOn,
  formatYuan,
  monthlyAmount,
  roleLevel,
  stepTarget,
  type HolderLevel,
} from '@shouhu/shared'
import { getApplication, saveApplicationChange, type Timers } from '../data/applications'
import { HttpError } from '../errors'
import { addAllowanceCategory } from './children'
import { log } from '../log'
import { newId, newTrackingCode } from '../ids'

const DAY_MS = 86_400_000

/**
 * How long a day of public notice lasts, in ms. Always a day in the cloud; the browser test
 * shortens it so a 7-day notice ends within the test (like ESCALATION_MINUTES for reports).
 */
export const noticeDayMs = () => Number(process.env.NOTICE_DAY_MS ?? DAY_MS)

/** The age-18 exit is raised this many days before the birthday, so the county decides in time. */
export const EXIT_NOTICE_DAYS = 30

/** Office names of the application's village, township and county (e.g. 丁湖村委会). */
export type Offices = Record<'village' | 'township' | 'county', string>

export type Actor = Pick<SessionUser, 'id' | 'role' | 'displayName'> | 'system'

/** Enters a state: the holder's clock starts now, and runs out after the state's target days. */
function enter(a: Application, state: ApplicationState, at: Date): Application {
  const target = applicationStates[state].targetDays
  return {
    ...a,
    state,
    stageSince: at.toISOString(),
    stageDueAt: target ? new Date(at.getTime() + target * DAY_MS).toISOString() : undefined,
  }
}

/**
 * The timers an application needs in its state: a reminder when the holder's target runs
 * out, the end of the public notice, and for a paid child the yearly review and the age-18
 * exit (raised `EXIT_NOTICE_DAYS` before the birthday).
 */
export function timersFor(a: Application): Timers {
  const t: Timers = {}
  if (a.stageDueAt) t.overdue = a.stageDueAt
  if (a.state === 'public_notice' && a.notice) t.notice_end = a.notice.endsAt
  if (a.state === 'paying') {
    if (!a.exit?.raisedAt) t.exit = chinaStartOfDay(datePlusDays(birthdayAt(a.child.birthDate, 18), -EXIT_NOTICE_DAYS))
    if (a.nextReviewDue) t.review = chinaStartOfDay(a.nextReviewDue)
  }
  return t
}

/**
 * A new application (issue #4): the place decides the policy and the offices; the category
 * must be one a family may apply for under it; the amount is estimated by the shared
 * calculator and a second living allowance is flagged for staff (002 §3(一); 003 §2(一)).
 */
export function newApplication(
  input: ApplicationCreate,
  owner: SessionUser,
  policy: PolicySet,
  documents: StoredDocument[],
  now: Date,
  id = newId(now.getTime()),
): { application: Application; event: ApplicationEvent } {
  const category = categoryIn(policy, input.categoryId)
  if (!category || !category.guardianMayApply) {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'categoryId', code: 'unknown_category', message: '申请类别：当地没有这个可以申请的类别，请重新选择' }])
  }
  // The ID number was validated by the schema, so its birth date is real.
  const birthDate = birthDateOfId(input.child.idNumber)!
  const facts = factsOn({ ...input.situation, birthDate }, chinaDate(now))
  if (facts.ageYears >= policy.exit.atAge) {
    throw new HttpError('VALIDATION_FAILED', undefined, [
      { field: 'child.idNumber', code: 'too_old', message: `孩子身份证号：孩子已年满 ${policy.exit.atAge} 周岁，不能新申请` },
    ])
  }
  const estimate = monthlyAmount(policy, category.id, facts)
  const conflict = doubleSupport(policy, category.id, input.situation.currentBenefits)
  const at = now.toISOString()
  const base: Application = {
    id,
    reference: newTrackingCode(),
    villageCode: input.villageCode,
    townshipCode: ancestorAt(input.villageCode, 'township'),
    countyCode: ancestorAt(input.villageCode, 'county'),
    locality: policy.locality,
    policyVersion: policy.version,
    categoryId: category.id,
    child: { name: input.child.name, idNumber: input.child.idNumber, birthDate },
    situation: input.situation,
    familyNote: input.familyNote,
    guardian: input.guardian,
    bankAccount: input.bankAccount,
    consent: { version: input.consent.version, acceptedAt: at },
    documents,
    estimate: { monthlyFen: estimate.monthlyFen, explanation: estimate.explanation, clauses: estimate.clauses },
    doubleSupport: conflict && { conflicting: conflict.conflicting, clause: conflict.rule.clause, plain: conflict.rule.plain },
    state: 'submitted',
    stageSince: at,
    supplyRounds: 0,
    objections: 0,
    ownerId: owner.id,
    createdAt: at,
    updatedAt: at,
    version: 0,
  }
  const application = enter(base, 'submitted', now)
  return {
    application,
    event: {
      at,
      step: 'created',
      toState: 'submitted',
      actorRole: 'resident',
      actorId: owner.id,
      office: '申请人',
      publicText: '提交申请',
      staffText: conflict ? `已领取${conflict.conflicting.map((b) => benefitLabel[b]).join('、')}：${conflict.rule.plain}（${conflict.rule.clause}）` : undefined,
    },
  }
}

type StepInput = {
  village_check: VillageCheck
  accept: unknown
  review: ReviewApplication
  start_notice: StartNotice
  record_objection: RecordObjection
  end_notice: unknown
  approve: ApproveApplication
  reject: RejectApplication
  start_payment: StartPayment
  send_back: SendBack
  supply_documents: { documents: StoredDocument[]; note: string }
  annual_review: AnnualReview
  raise_exit: unknown
  record_exit: RecordExit
}

const levelOfActor = (role: StaffRole): HolderLevel => roleLevel[role]

function officeOf(actor: Actor, state: ApplicationState, offices: Offices): string {
  if (actor === 'system') {
    const holder = applicationStates[state].holder
    return holder && holder !== 'guardian' ? offices[holder] : offices.county
  }
  if (actor.role === 'resident') return '申请人'
  return offices[levelOfActor(actor.role as StaffRole) as keyof Offices]
}

const missingText = (missing: MissingDocument[]) => missing.map((m) => `${documentKindLabel[m.kind]}${m.note ? `（${m.note}）` : ''}`).join('；')

/**
 * Applies one step to an application, following the shared transition table; everything the
 * table does not allow is refused (403 for the wrong role, 409 for the wrong state). Returns
 * the next state and the event recording who (office and person) did what and when.
 */
export function applyApplicationStep<S extends ApplicationStep>(
  a: Application,
  step: S,
  input: StepInput[S],
  actor: Actor,
  ctx: { now: Date; offices: Offices; policy: PolicySet },
): { next: Application; events: ApplicationEvent[] } {
  const actorRole = actor === 'system' ? 'system' : actor.role === 'resident' ? 'guardian' : (actor.role as StaffRole)
  const rule = applicationSteps[step]
  const check = checkStep(step, a.state, actorRole)
  if (check === 'wrong_role') {
    const holder = applicationStates[a.state].holder
    const who = holder && holder !== 'guardian' ? ctx.offices[holder] : '负责的工作人员'
    throw new HttpError('FORBIDDEN', rule.from.includes(a.state) ? `「${rule.label}」由${who}办理` : `「${rule.label}」不由您这一级办理`)
  }
  if (check === 'wrong_state') throw new HttpError('INVALID_TRANSITION', `申请目前「${applicationStates[a.state].staffLabel}」，不能${rule.label}`)

  const { now, offices, policy } = ctx
  const at = now.toISOString()
  const to = stepTarget(step, a.state, a.returnTo)
  let next: Application = { ...a, updatedAt: at }
  if (to !== a.state) next = enter(next, to, now)
  const event: ApplicationEvent = {
    at,
    step,
    fromState: a.state,
    toState: to !== a.state ? to : undefined,
    actorRole: actor === 'system' ? 'system' : actor.role,
    actorId: actor === 'system' ? undefined : actor.id,
    actorName: actor === 'system' ? undefined : actor.displayName,
    office: officeOf(actor, a.state, offices),
  }

  switch (step) {
    case 'village_check': {
      const { homeVisitNote, visitedOn } = input as VillageCheck
      next.homeVisitNote = homeVisitNote
      event.staffText = `${visitedOn} 入户：${homeVisitNote}`
      event.publicText = '村里已上门核实'
      break
    }
    case 'accept':
      event.publicText = '乡镇已受理'
      break
    case 'review': {
      next.reviewOpinion = (input as ReviewApplication).opinion
      event.staffText = next.reviewOpinion
      event.publicText = '乡镇审核通过'
      break
    }
    case 'start_notice': {
      const days = (input as StartNotice).days ?? policy.publicNoticeDays
      const endsAt = new Date(now.getTime() + days * noticeDayMs()).toISOString()
      next.notice = { startedAt: at, endsAt, days }
      event.publicText = `在村里公示 ${days} 天`
      break
    }
    case 'record_objection': {
      next.objections = a.objections + 1
      event.staffText = (input as RecordObjection).text
      break
    }
    case 'end_notice':
      event.publicText = a.objections ? `公示期满，收到 ${a.objections} 条意见，已一并报县民政局` : '公示期满，没有收到异议'
      event.staffText = a.objections ? `公示期间登记异议 ${a.objections} 条` : undefined
      break
    case 'approve': {
      const { monthlyFen, note } = input as ApproveApplication
      const amount = monthlyFen ?? a.estimate.monthlyFen
      if (!amount) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'monthlyFen', code: 'required', message: '每月金额：这个类别没有按月标准，请填写批准的每月金额' }])
      }
      next.decision = { at, approved: true, monthlyFen: amount }
      event.publicText = `批准，每月 ${formatYuan(amount)}`
      event.staffText = note || undefined
      break
    }
    case 'reject': {
      const { reason } = input as RejectApplication
      next.decision = { at, approved: false, reason }
      event.publicText = `不予批准：${reason}`
      break
    }
    case 'start_payment': {
      const { startMonth } = input as StartPayment
      const approvedMonth = chinaMonth(new Date(a.decision!.at))
      if (startMonth < approvedMonth) {
        throw new HttpError('VALIDATION_FAILED', undefined, [
          { field: 'startMonth', code: 'before_approval', message: `开始发放月份：不能早于批准的月份（${approvedMonth}）` },
        ])
      }
      const monthlyFen = a.decision!.monthlyFen!
      next.payment = { startMonth, monthlyFen }
      // First yearly review a year after approval (一人一档, audited yearly: 002 §4(三), 004 #8).
      const approvedOn = chinaDate(new Date(a.decision!.at))
      next.nextReviewDue = birthdayAt(approvedOn, Math.max(1, Math.floor(policy.reviewEveryMonths / 12)))
      event.publicText = `自 ${startMonth} 起每月发放 ${formatYuan(monthlyFen)}`
      break
    }
    case 'send_back': {
      const { missing, message } = input as SendBack
      next.returnTo = a.state
      next.missing = missing
      next.missingMessage = message
      event.missing = missing
      event.publicText = `请补充材料：${missingText(missing)}。${message}`
      break
    }
    case 'supply_documents': {
      const { documents, note } = input as StepInput['supply_documents']
      next.documents = [...a.documents, ...documents]
      next.supplyRounds = a.supplyRounds + 1
      next.returnTo = undefined
      next.missing = undefined
      next.missingMessage = undefined
      event.publicText = `补交了 ${documents.length} 份材料${note ? `：${note}` : ''}`
      break
    }
    case 'annual_review': {
      next.nextReviewDue = birthdayAt(a.nextReviewDue ?? chinaDate(now), Math.max(1, Math.floor(policy.reviewEveryMonths / 12)))
      event.staffText = (input as AnnualReview).note
      event.publicText = '已完成年度复核'
      break
    }
    case 'raise_exit': {
      const birthday = birthdayAt(a.child.birthDate, policy.exit.atAge)
      next.exit = { raisedAt: at, birthday }
      event.publicText = `孩子将于 ${birthday} 年满 ${policy.exit.atAge} 周岁，县民政局会按规定办理后续发放`
      break
    }
    case 'record_exit': {
      const { decision, graduationMonth, enlistmentMonth } = input as RecordExit
      const result = exitPlan(policy, a.categoryId, decision, {
        birthDate: a.child.birthDate,
        monthlyFen: a.payment?.monthlyFen ?? a.decision?.monthlyFen ?? 0,
        graduationMonth,
        enlistmentMonth,
      })
      if (!result.ok) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'decision', code: 'not_provided', message: result.message }])
      next.exit = {
        raisedAt: a.exit?.raisedAt,
        birthday: birthdayAt(a.child.birthDate, policy.exit.atAge),
        decision,
        plan: result.plan.plain,
        paidThroughMonth: result.plan.paidThroughMonth,
        oneOffFen: result.plan.oneOffFen,
      }
      next.nextReviewDue = undefined
      event.publicText = result.plan.plain
      event.staffText = `依据 ${result.plan.clauses.join('、')}`
      break
    }
  }
  return { next, events: [event] }
}

/**
 * Takes a step under the optimistic lock. If someone changed the application in between, the
 * step is tried once more on the fresh state, where the transition table decides again: of two
 * concurrent decisions one wins and the other is refused.
 */
export async function takeApplicationStep<S extends ApplicationStep>(
  a: Application,
  step: S,
  input: StepInput[S],
  actor: Actor,
  offices: Offices,
  policy: PolicySet,
  now = new Date(),
): Promise<Application> {
  let current = a
  for (let attempt = 0; attempt < 2; attempt++) {
    const { next, events } = applyApplicationStep(current, step, input, actor, { now, offices, policy })
    if (await saveApplicationChange(current, next, events, timersFor(next))) {
      if (step === 'approve' && next.decision?.approved) await allowanceOnFile(next, policy)
      return { ...next, version: current.version + 1 }
    }
    const fresh = await getApplication(a.id)
    if (!fresh) throw new HttpError('NOT_FOUND')
    current = fresh
  }
  throw new HttpError('CONFLICT')
}

/**
 * An approved allowance adds its category to the child's file (issue #7), when the child has
 * one. The approval stands even if this fails: the file is brought up to date on the next try.
 */
async function allowanceOnFile(a: Application, policy: PolicySet): Promise<void> {
  const rule = policy.categories.find((k) => k.id === a.categoryId)
  try {
    await addAllowanceCategory(a.child.idNumber, { id: a.categoryId, label: rule?.officialName ?? a.categoryId, clause: rule?.clause ?? '', policyVersion: `${policy.locality} ${policy.version}` }, a.id)
  } catch (e) {
    log.error('allowance category not added to the child file', { applicationId: a.id, error: (e as Error).message })
  }
}
