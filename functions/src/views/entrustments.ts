import type { EntrustmentRow } from '../data/entrustments'
import {
  type Entrustment,
  type EntrustmentActor,
  type EntrustmentEvent,
  type FamilyEntrustmentView,
  type SchoolEntrustmentView,
  type SchoolInformed,
  type StaffEntrustmentSummary,
  type StaffEntrustmentView,
  caregiverRelationshipLabel,
  chinaToday,
  contactFrequencyLabel,
  contactMethodLabel,
  determineLeftBehind,
  entrustmentActionsFor,
  entrustmentStatusLabel,
  fullYears,
  leftBehindFacts,
  maskIdNumber,
  maskPhone,
  parentNextStep,
  unableToGuardLabel,
  visitOutcomeLabel,
  livingParents,
} from '@shouhu/shared'

export { divisionNames } from './reports'

/**
 * What each party sees of an entrustment. Phone and ID numbers are masked in every view
 * (only the parent's own form shows them in full); the 004 §2(一) determination appears in
 * the civil-affairs staff view and nowhere else (004 §7(四): no labels on a child in public).
 */
type Names = Map<string, string>
const name = (names: Names, code: string) => names.get(code) ?? code

function contactPlanText(e: Entrustment): string {
  return `父母${contactFrequencyLabel[e.contactPlan.frequency]}和孩子${e.contactPlan.methods.map((m) => contactMethodLabel[m]).join('或')}`
}

function common(e: Entrustment, names: Names, now: Date) {
  return {
    id: e.id,
    reference: e.reference,
    status: e.status,
    statusText: entrustmentStatusLabel[e.status],
    villageName: name(names, e.villageCode),
    townshipName: name(names, e.townshipCode),
    parents: e.parents.map((p) => ({
      relation: p.relation,
      name: p.name,
      phone: p.situation === 'deceased' ? '' : maskPhone(p.phone),
      situation: p.situation,
      situationText:
        p.situation === 'working_away'
          ? `外出务工（${name(names, p.workplaceCode)}）`
          : p.situation === 'deceased'
            ? '已去世'
            : p.canGuard
              ? '在家，能照护孩子'
              : `不能照护孩子（${unableToGuardLabel[p.unableReason ?? 'other_restriction']}）`,
      ...(p.situation === 'working_away'
        ? { workplaceName: name(names, p.workplaceCode), awaySince: p.awaySince, expectedReturn: p.expectedReturn }
        : {}),
    })),
    children: e.children.map((c) => ({
      childId: c.childId,
      name: c.name,
      sex: c.sex,
      birthDate: c.birthDate,
      idNumber: maskIdNumber(c.idNumber),
      householdRegistration: c.householdRegistration,
      schoolName: c.school?.name,
    })),
    caregiver: {
      name: e.caregiver.name,
      relationship: e.caregiver.relationship,
      relationshipText: caregiverRelationshipLabel[e.caregiver.relationship],
      phone: maskPhone(e.caregiver.phone),
      idNumber: maskIdNumber(e.caregiver.idNumber),
      birthDate: e.caregiver.birthDate,
      health: e.caregiver.health,
      livesWithChild: e.caregiver.livesWithChild,
      round: e.caregiver.round,
      accepted: !!e.caregiver.userId,
    },
    contactPlan: e.contactPlan,
    contactPlanText: contactPlanText(e),
    startDate: e.startDate,
    endDate: e.endDate,
    visitPlan: e.visitPlan && { date: e.visitPlan.date, time: e.visitPlan.time },
    acceptedAt: e.acceptedAt,
    endedAt: e.endedAt,
    endReason: e.endReason,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    overdue: e.status !== 'ended' && e.endDate < chinaToday(now),
    version: e.version,
  }
}

/** Every division code a view of this entrustment names. */
export function codesOf(e: Entrustment): string[] {
  return [e.villageCode, e.townshipCode, ...e.parents.flatMap((p) => (p.situation === 'working_away' ? [p.workplaceCode] : []))]
}

/** Family-visible wording of the history; staff notes stay out. */
function timeline(events: EntrustmentEvent[]) {
  const familyKinds = new Set<EntrustmentEvent['kind']>(['created', 'accepted', 'declined', 'caregiver_replaced', 'visit_scheduled', 'visited', 'renewed', 'renewal_reminded', 'lapsed', 'ended'])
  return events
    .filter((ev) => familyKinds.has(ev.kind))
    .map((ev) => ({ at: ev.at, text: ev.kind === 'created' ? '登记了委托照护' : (ev.text ?? '') }))
}

export function familyView(
  e: Entrustment,
  viewer: 'parent' | 'starter' | 'caregiver' | 'invitee',
  names: Names,
  events: EntrustmentEvent[],
  now = new Date(),
): FamilyEntrustmentView {
  const actor: EntrustmentActor = viewer === 'invitee' ? 'caregiver' : viewer
  const forParents = viewer === 'parent' || viewer === 'starter'
  // An invitee may only answer while the invitation is open; an accepted caregiver may do nothing listed.
  const actions = viewer === 'invitee' ? (e.status === 'pending_caregiver' ? (['accept', 'decline'] as const) : []) : entrustmentActionsFor(e.status, actor).filter((a) => a !== 'accept' && a !== 'decline')
  const unfit = e.status === 'caregiver_unfit' ? e.pastCaregivers.at(-1)?.reason : undefined
  return {
    ...common(e, names, now),
    viewer,
    nextStep: forParents ? parentNextStep[e.status] : caregiverNextStep(e, viewer),
    actions: [...actions],
    invitationCode: forParents && e.status === 'pending_caregiver' ? e.invitationCode : undefined,
    unfitReason: forParents ? unfit : undefined,
    lastVisit:
      forParents && e.lastVisit
        ? {
            visitedOn: e.lastVisit.visitedOn,
            outcome: e.lastVisit.outcome,
            outcomeText: visitOutcomeLabel[e.lastVisit.outcome],
            followUp: e.lastVisit.followUp || undefined,
          }
        : undefined,
    pastCaregivers: forParents ? e.pastCaregivers.map(({ name: n, outcome, reason, at }) => ({ name: n, outcome, reason, at })) : [],
    startedByUnit: e.startedBy?.unit,
    timeline: forParents ? timeline(events) : [],
  }
}

function caregiverNextStep(e: Entrustment, viewer: 'caregiver' | 'invitee'): string {
  if (viewer === 'invitee') {
    return e.status === 'pending_caregiver'
      ? '孩子的家长请您在他们外出期间照护孩子。请看清下面的内容，再选择接受或婉拒。'
      : '这份邀请已经答复过了。'
  }
  if (e.status === 'ended') return '这份委托照护已结束，感谢您的照护。'
  if (e.status === 'visit_scheduled' && e.visitPlan) return `村里的儿童主任将于 ${e.visitPlan.date} 上门了解孩子的情况，请在家等候。`
  return '感谢您照护孩子。遇到困难可以随时联系村里的儿童主任。'
}

export function staffSummary(e: EntrustmentRow, names: Names): StaffEntrustmentSummary {
  return {
    id: e.id,
    reference: e.reference,
    status: e.status,
    statusText: entrustmentStatusLabel[e.status],
    villageName: name(names, e.villageCode),
    townshipName: name(names, e.townshipCode),
    childNames: e.children.map((c) => c.name),
    caregiverName: e.caregiver.name,
    startDate: e.startDate,
    endDate: e.endDate,
    visitDate: e.visitPlan?.date,
    updatedAt: e.updatedAt,
  }
}

export function staffView(
  e: Entrustment,
  names: Names,
  schoolsWithLiaison: Set<string>,
  events: EntrustmentEvent[],
  now = new Date(),
): StaffEntrustmentView {
  const today = chinaToday(now)
  const base = common(e, names, now)
  return {
    ...base,
    villageCode: e.villageCode,
    children: e.children.map((c, i) => {
      const informed: SchoolInformed = c.school?.id && schoolsWithLiaison.has(c.school.id) ? 'liaison_notified' : 'village_to_inform'
      return {
        ...base.children[i]!,
        age: fullYears(c.birthDate, today),
        school: c.school ? { name: c.school.name, informed } : undefined,
        leftBehind: determineLeftBehind(leftBehindFacts(c, e.parents), today),
      }
    }),
    actions: entrustmentActionsFor(e.status, 'staff'),
    startedBy: e.startedBy && { name: e.startedBy.name, unit: e.startedBy.unit },
    consent: { version: e.consent.version, agreedAt: e.consent.agreedAt },
    lastVisit: e.lastVisit,
    pastCaregivers: e.pastCaregivers,
    events,
  }
}

/** A school sees its own pupils and whom to call; nothing about the family's situation. */
export function schoolView(e: Entrustment, schoolId: string, names: Names): SchoolEntrustmentView {
  return {
    id: e.id,
    reference: e.reference,
    status: e.status,
    statusText: entrustmentStatusLabel[e.status],
    villageName: name(names, e.villageCode),
    pupils: e.children.filter((c) => c.school?.id === schoolId).map((c) => ({ name: c.name, sex: c.sex, birthDate: c.birthDate })),
    caregiver: { name: e.caregiver.name, relationshipText: caregiverRelationshipLabel[e.caregiver.relationship], phone: maskPhone(e.caregiver.phone) },
    parents: livingParents(e.parents).map((p) => ({ relation: p.relation, name: p.name, phone: maskPhone(p.phone) })),
    contactPlanText: contactPlanText(e),
    startDate: e.startDate,
    endDate: e.endDate,
  }
}

