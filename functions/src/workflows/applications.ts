import {
  type Application,
  type ApplicationCreate,
  type ApplicationEvent,
  type ApplicationState,
  type ApplicationStep,
  type ApproveApplication,
  type AnnualReview,
  type MissingDocument,
  type NoteMissing,
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
  ageReachedOn,
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
  describeClauses,
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
import { epidemicSwitch } from '../data/policy-switches'
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
    // Raised before the day the child is 18 周岁 (the day after the birthday, 民法典 §201); for a
    // child continuing at school, again when the graduation month comes (003 §2(一)).
    if (a.exit?.decision === 'in_school' && a.exit.graduationMonth) {
      if (!a.exit.graduationRaisedAt) t.exit = chinaStartOfDay(`${a.exit.graduationMonth}-01`)
    } else if (!a.exit?.raisedAt) t.exit = chinaStartOfDay(datePlusDays(ageReachedOn(a.child.birthDate, 18), -EXIT_NOTICE_DAYS))
    if (a.nextReviewDue) t.review = chinaStartOfDay(a.nextReviewDue)
  }
  return t
}

/** Whether the county's epidemic switch (000 §3(一)) is on and covers this application's category. */
export async function epidemicCovers(a: Pick<Application, 'countyCode' | 'categoryId'>, policy: PolicySet): Promise<boolean> {
  if (!policy.epidemic.categories.includes(a.categoryId)) return false
  return (await epidemicSwitch(a.countyCode)).on
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
    estimate: { monthlyFen: estimate.monthlyFen, explanation: estimate.explanation, clauses: estimate.clauses, demo: estimate.demo },
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
      staffText: conflict ? `已领取${conflict.conflicting.map((b) => benefitLabel[b]).join('、')}：${conflict.rule.plain}（依据 ${describeClauses([conflict.rule.clause]).join('；')}）` : undefined,
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
  continue_in_school: RecordExit
  record_enlistment: RecordExit
  resume_study: RecordExit
  note_missing: NoteMissing
  supply_later: { documents: StoredDocument[]; note: string }
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

/** An amount approved at a placeholder standard is still a demo figure, and says so wherever it is shown. */
const demoMark = (a: Application, fen: number) => (a.estimate.demo && fen === a.estimate.monthlyFen ? '（演示金额）' : '')

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
  ctx: { now: Date; offices: Offices; policy: PolicySet; epidemic?: boolean },
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
  // 000 §3(一): with the county's epidemic switch on, missing papers never stop the application.
  if (step === 'send_back' && ctx.epidemic) {
    throw new HttpError('INVALID_TRANSITION', `疫情防控期间不因材料不全中止办理，请用「${applicationSteps.note_missing.label}」，材料可以事后补交`)
  }
  if (step === 'note_missing' && !ctx.epidemic) throw new HttpError('INVALID_TRANSITION', `县里没有开启疫情防控简化办理，请用「${applicationSteps.send_back.label}」`)
  if (step === 'supply_later' && !a.papersLater?.length) throw new HttpError('INVALID_TRANSITION', '这份申请目前不需要补充材料')

  const { now, offices, policy } = ctx
  const at = now.toISOString()
  const today = chinaDate(now)
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
      event.publicText = `批准，每月 ${formatYuan(amount)}${demoMark(a, amount)}`
      event.staffText = note || undefined
      if (ctx.epidemic) {
        // 当月审批、当月发放 (000 §3(一)): payment starts in the month of approval, in the same write.
        const month = chinaMonth(now)
        const paid = applyApplicationStep(next, 'start_payment', { startMonth: month }, 'system', ctx)
        return { next: paid.next, events: [event, ...paid.events.map((e) => ({ ...e, staffText: '疫情防控期间当月审批、当月发放' }))] }
      }
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
      // First review a year after approval: the yearly interval is local practice on top of the
      // policy's dynamic management (`reviewClause`), not 004 #8's spot check of the files.
      const approvedOn = chinaDate(new Date(a.decision!.at))
      next.nextReviewDue = birthdayAt(approvedOn, Math.max(1, Math.floor(policy.reviewEveryMonths / 12)))
      event.publicText = `自 ${startMonth} 起每月发放 ${formatYuan(monthlyFen)}${demoMark(a, monthlyFen)}`
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
    case 'note_missing': {
      const { missing, message } = input as NoteMissing
      next.papersLater = missing
      next.papersLaterMessage = message
      event.missing = missing
      event.publicText = `以后补交：${missingText(missing)}。${message}（不影响办理）`
      event.staffText = '疫情防控期间不因材料不全中止办理，材料事后补交'
      break
    }
    case 'supply_later': {
      const { documents, note } = input as StepInput['supply_later']
      next.documents = [...a.documents, ...documents]
      next.supplyRounds = a.supplyRounds + 1
      next.papersLater = undefined
      next.papersLaterMessage = undefined
      event.publicText = `补交了 ${documents.length} 份材料${note ? `：${note}` : ''}`
      break
    }
    case 'continue_in_school':
    case 'record_enlistment':
    case 'resume_study': {
      const body = input as RecordExit
      const decision = step === 'continue_in_school' ? 'in_school' : step === 'record_enlistment' ? 'enlisted' : 'resumed'
      const result = exitPlan(policy, a.categoryId, decision, {
        birthDate: a.child.birthDate,
        monthlyFen: a.payment?.monthlyFen ?? a.decision?.monthlyFen ?? 0,
        today,
        graduationMonth: body.graduationMonth,
        enlistmentMonth: body.enlistmentMonth,
      })
      if (!result.ok) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: result.field ?? 'decision', code: 'not_provided', message: result.message }])
      next.exit = {
        raisedAt: a.exit?.raisedAt,
        birthday: ageReachedOn(a.child.birthDate, policy.exit.atAge),
        decision,
        plan: result.plan.plain,
        // A later graduation month is simply recorded again: the reminder then waits for it.
        graduationMonth: decision === 'in_school' ? result.plan.lastRegularMonth : undefined,
        paidThroughMonth: decision === 'enlisted' ? result.plan.paidThroughMonth : undefined,
        oneOffFen: decision === 'enlisted' ? result.plan.oneOffFen : undefined,
      }
      event.publicText = result.plan.plain
      event.staffText = `依据 ${describeClauses(result.plan.clauses).join('；')}`
      break
    }
    case 'raise_exit': {
      if (a.exit?.decision === 'in_school') {
        next.exit = { ...a.exit, graduationRaisedAt: at }
        event.publicText = `孩子预计 ${a.exit.graduationMonth} 毕业，县民政局会按规定办理毕业后的发放`
        break
      }
      // The day the child is 18 周岁: the day after the birthday (民法典 §201).
      const birthday = ageReachedOn(a.child.birthDate, policy.exit.atAge)
      next.exit = { raisedAt: at, birthday }
      event.publicText = `孩子将于 ${birthday} 年满 ${policy.exit.atAge} 周岁，县民政局会按规定办理后续发放`
      break
    }
    case 'record_exit': {
      const { decision, graduationMonth, enlistmentMonth, capable, reason } = input as RecordExit
      if (!['stop', 'graduated', 'ended'].includes(decision)) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'decision', code: 'invalid_value', message: '孩子的情况：请重新选择' }])
      const result = exitPlan(policy, a.categoryId, decision, {
        birthDate: a.child.birthDate,
        monthlyFen: a.payment?.monthlyFen ?? a.decision?.monthlyFen ?? 0,
        today,
        graduationMonth: graduationMonth ?? (decision === 'graduated' ? a.exit?.graduationMonth : undefined),
        enlistmentMonth,
        capable,
        reason,
      })
      if (!result.ok) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: result.field ?? 'decision', code: 'not_provided', message: result.message }])
      next.exit = {
        raisedAt: a.exit?.raisedAt,
        birthday: ageReachedOn(a.child.birthDate, policy.exit.atAge),
        decision,
        plan: result.plan.plain,
        paidThroughMonth: result.plan.paidThroughMonth,
        oneOffFen: result.plan.oneOffFen,
        graduationMonth: a.exit?.graduationMonth,
        capable,
      }
      next.nextReviewDue = undefined
      event.publicText = result.plan.plain
      event.staffText = `依据 ${describeClauses(result.plan.clauses).join('；')}`
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
  const epidemic = await epidemicCovers(a, policy)
  for (let attempt = 0; attempt < 2; attempt++) {
    const { next, events } = applyApplicationStep(current, step, input, actor, { now, offices, policy, epidemic })
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
