import { type Entrustment, type NotificationKind, caregiverRelationshipLabel, visitOutcomeLabel } from '@shouhu/shared'
import { getDivision } from '../data/divisions'
import { getSchool } from '../data/schools'
import { liaisonsOfSchool, staffServing, type UserRow } from '../data/users'
import { log } from '../log'
import { notifyPeople } from './notifications'

/**
 * Who hears what about an entrustment. Parents must tell the village committee and the school
 * where the child lives (001 #7): once the caregiver accepts, the system does it for them —
 * the village's child director and each school's liaison. A school with no liaison account is
 * named in the director's task instead. When the village finds the caregiver unfit, the
 * parents are told why and asked to choose another (004 #5).
 */
const familyPage = (e: Entrustment) => `family/entrustment/index?id=${e.id}`
const staffPage = (e: Entrustment) => `staff/entrustment/index?id=${e.id}`

/** The village's child directors; a village without one falls to the township, then the county. */
async function villageStaff(e: Entrustment): Promise<UserRow[]> {
  const directors = await staffServing('village_director', e.villageCode)
  if (directors.length) return directors
  const supervisors = await staffServing('township_supervisor', e.townshipCode)
  if (supervisors.length) return supervisors
  return staffServing('county_officer', e.countyCode)
}

/** The schools of the children: each with its liaisons, or none when it has no account here. */
async function schoolsOf(e: Entrustment) {
  const bySchool = new Map<string, { name: string; id?: string; pupils: string[] }>()
  for (const c of e.children) {
    if (!c.school) continue
    const key = c.school.id ?? `name:${c.school.name}`
    const entry = bySchool.get(key) ?? { name: c.school.name, id: c.school.id, pupils: [] }
    entry.pupils.push(c.name)
    bySchool.set(key, entry)
  }
  return Promise.all(
    [...bySchool.values()].map(async (s) => {
      const known = s.id ? await getSchool(s.id) : undefined
      return { ...s, liaisons: known ? await liaisonsOfSchool(known.id) : [] }
    }),
  )
}

const familyOf = (e: Entrustment) => [e.ownerId, e.startedBy?.userId].filter((id): id is string => !!id)
const childNames = (e: Entrustment) => e.children.map((c) => c.name).join('、')

async function placeName(e: Entrustment): Promise<string> {
  const [village, township] = await Promise.all([getDivision(e.villageCode), getDivision(e.townshipCode)])
  return [township?.name, village?.name].filter(Boolean).join(' ') || e.villageCode
}

function send(e: Entrustment, kind: NotificationKind, recipients: string[], title: string, body: string, page: string) {
  // One notification per change: the version makes a retried stream batch land on the same ids.
  return notifyPeople(recipients, { kind, subject: { type: 'entrustment', id: e.id }, page, title, body, occasion: `v${e.version}` })
}

async function onAccepted(e: Entrustment) {
  const [staff, schools, place] = await Promise.all([villageStaff(e), schoolsOf(e), placeName(e)])
  const uninformed = schools.filter((s) => s.liaisons.length === 0).map((s) => s.name)
  if (staff.length === 0) log.warn('entrustment has nobody at the village to notify', { entrustmentId: e.id, villageCode: e.villageCode })
  const cg = `${e.caregiver.name}（${caregiverRelationshipLabel[e.caregiver.relationship]}）`
  await send(
    e,
    'entrustment_new',
    staff.map((u) => u.id),
    '新的委托照护，请上门核实',
    `${place}：${childNames(e)}的家长委托${cg}照护，照护人已确认。请安排上门核实照护情况。${uninformed.length ? `学校暂无联络人账号，请告知：${uninformed.join('、')}。` : ''}`,
    staffPage(e),
  )
  for (const s of schools.filter((s) => s.liaisons.length)) {
    await send(
      e,
      'entrustment_school',
      s.liaisons.map((u) => u.id),
      '学生委托照护告知',
      `贵校学生${s.pupils.join('、')}的家长外出期间委托${cg}照护，期限 ${e.startDate} 至 ${e.endDate}。`,
      staffPage(e),
    )
  }
  await send(e, 'entrustment_accepted', familyOf(e), '照护人已接受委托', `${e.caregiver.name}已确认照护${childNames(e)}。村里的儿童主任会上门了解情况。`, familyPage(e))
}

async function onVisitRecorded(e: Entrustment) {
  const visit = e.lastVisit!
  if (visit.outcome === 'caregiver_unfit') {
    await send(
      e,
      'entrustment_unfit',
      familyOf(e),
      '请另选一位照护人',
      `村里上门了解后认为${e.pastCaregivers.at(-1)?.name ?? '照护人'}暂时难以照护好孩子：${visit.reasonForParents} 请打开小程序另选一位有照护能力的成年人。`,
      familyPage(e),
    )
    return
  }
  await send(e, 'entrustment_verified', familyOf(e), '村里已核实照护情况', `${visitOutcomeLabel[visit.outcome]}${visit.followUp ? `：${visit.followUp}` : '。'}`, familyPage(e))
}

/** Reacts to one entrustment item change (see workflows/stream.ts). */
export async function notifyEntrustmentChange(e: Entrustment, old: Entrustment | undefined): Promise<void> {
  if (!old) return
  const moved = e.status !== old.status
  if (moved && e.status === 'accepted') await onAccepted(e)
  if (moved && e.status === 'caregiver_declined') {
    const reason = e.pastCaregivers.at(-1)?.reason
    await send(e, 'entrustment_declined', familyOf(e), '照护人没有接受委托', `${old.caregiver.name}没有接受委托${reason ? `：${reason}` : ''}。请另选一位照护人。`, familyPage(e))
  }
  if (e.visitPlan && e.visitPlan.scheduledAt !== old.visitPlan?.scheduledAt) {
    const recipients = [...familyOf(e), ...(e.caregiver.userId ? [e.caregiver.userId] : [])]
    await send(e, 'entrustment_visit_scheduled', recipients, '村里将上门了解照护情况', `儿童主任将于 ${e.visitPlan.date}${e.visitPlan.time ? ` ${e.visitPlan.time}` : ''} 上门，请照护人在家。`, familyPage(e))
  }
  if (e.lastVisit && e.lastVisit.recordedAt !== old.lastVisit?.recordedAt) await onVisitRecorded(e)
  if (e.renewalRemindedFor && e.renewalRemindedFor !== old.renewalRemindedFor) {
    await send(e, 'entrustment_renewal_due', familyOf(e), '委托照护即将到期', `委托照护将于 ${e.endDate} 到期。父母仍在外务工的，请在小程序里续期。`, familyPage(e))
  }
  if (e.lapsedFor && e.lapsedFor !== old.lapsedFor) {
    const [staff, place] = await Promise.all([villageStaff(e), placeName(e)])
    await send(
      e,
      'entrustment_lapsed',
      staff.map((u) => u.id),
      '委托照护已到期，家长没有续期',
      `${place}：${childNames(e)}的委托照护已于 ${e.endDate} 到期，家长还没有续期。请了解孩子现在由谁照料，需要时上门看看。`,
      staffPage(e),
    )
    await send(e, 'entrustment_lapsed', familyOf(e), '委托照护已到期', `委托照护已于 ${e.endDate} 到期。父母仍在外务工的，请在小程序里续期；已经回家的，请结束委托。`, familyPage(e))
  }
  if (moved && e.status === 'ended' && (old.acceptedAt || old.lastVisit)) {
    const [staff, schools] = await Promise.all([villageStaff(e), schoolsOf(e)])
    const text = e.endReason === 'returned' ? `${childNames(e)}的父母已返乡，委托照护已结束。` : `${childNames(e)}的委托照护已结束。`
    await send(e, 'entrustment_ended', [...staff, ...schools.flatMap((s) => s.liaisons)].map((u) => u.id), '委托照护已结束', text, staffPage(e))
    if (old.caregiver.userId) await send(e, 'entrustment_ended', [old.caregiver.userId], '委托照护已结束', text, familyPage(e))
  }
}
