import {
  type Application,
  type ApplicationEvent,
  type HolderLevel,
  type NotificationKind,
  type StaffRole,
  applicationStates,
  documentKindLabel,
  maskName,
} from '@shouhu/shared'
import { getApplication } from '../data/applications'
import { staffServing } from '../data/users'
import { log } from '../log'
import { divisionNames } from '../views/reports'
import { officesOf } from '../views/applications'
import { notifyPeople } from './notifications'

const guardianPage = (a: Application) => `allowance/status/index?id=${a.id}`
const staffPage = (a: Application) => `staff/application/index?id=${a.id}`

const levels: { level: Exclude<HolderLevel, 'guardian'>; role: StaffRole; code: (a: Application) => string }[] = [
  { level: 'village', role: 'village_director', code: (a) => a.villageCode },
  { level: 'township', role: 'township_supervisor', code: (a) => a.townshipCode },
  { level: 'county', role: 'county_officer', code: (a) => a.countyCode },
]

/**
 * The staff who hold a level of this application. A village with no child director account
 * must not swallow an application: it goes to the township, and on to the county.
 */
async function staffAt(a: Application, level: Exclude<HolderLevel, 'guardian'>) {
  for (const l of levels.slice(levels.findIndex((x) => x.level === level))) {
    const found = await staffServing(l.role, l.code(a))
    if (found.length) return found.map((u) => u.id)
  }
  log.warn('application has nobody to notify', { applicationId: a.id, level })
  return []
}

/** What the family is told: the step, the office, and what is missing — never a staff member's name. */
function guardianBody(a: Application, e: ApplicationEvent, office: string): string {
  const who = `${a.child.name}的儿童关爱补贴申请`
  if (e.step === 'send_back' && e.missing?.length) return `${who}需要补充材料：${e.missing.map((m) => documentKindLabel[m.kind]).join('、')}（${office}）`
  if (e.step === 'overdue_reminded') return `${who}还缺少材料，请尽快补交，补齐后继续办理。`
  return `${who}：${e.publicText ?? applicationStates[a.state].guardianText}（${office}）`
}

/**
 * Notifications for one recorded step of an application (issue #4: "notified at every
 * change"): the family on every step they can see, the staff who now hold it when it
 * reaches them, the holders when a target time has passed, the county when a child nears 18,
 * the village and county when the yearly review is due. Ids derive from the event, so a
 * retried stream batch notifies nobody twice.
 */
export async function notifyApplicationEvent(e: ApplicationEvent & { applicationId: string; occasion: string }, now = new Date().toISOString()) {
  const a = await getApplication(e.applicationId)
  if (!a) return 0
  const offices = officesOf(a, await divisionNames([a.villageCode, a.townshipCode, a.countyCode]))
  const subject = { type: 'application' as const, id: a.id }
  const place = `${offices.township.replace(/人民政府|办事处$/, '')} ${offices.village.replace(/委会$|居委会$/, '')}`
  const childForStaff = maskName(a.child.name)
  let sent = 0
  const toGuardian = (kind: NotificationKind, title: string) =>
    notifyPeople([a.ownerId], { kind, subject, page: guardianPage(a), occasion: e.occasion, title, body: guardianBody(a, e, e.office) }, now)
  const toStaff = async (level: Exclude<HolderLevel, 'guardian'>, kind: NotificationKind, title: string, body: string) =>
    notifyPeople(await staffAt(a, level), { kind, subject, page: staffPage(a), occasion: e.occasion, title, body }, now)

  const familySees = e.step !== 'record_objection' && e.step !== 'review_reminded' && e.step !== 'overdue_reminded'
  if (familySees) sent += await toGuardian('application_changed', '儿童关爱补贴办理进度')

  const holder = e.toState ? applicationStates[e.toState].holder : null
  if (e.toState && holder && holder !== 'guardian' && e.toState !== 'paying') {
    const target = applicationStates[e.toState].targetDays
    sent += await toStaff(
      holder,
      'application_arrived',
      `补贴申请待${applicationStates[e.toState].staffLabel.replace(/^待/, '')}`,
      `${place} ${childForStaff}的申请（${a.reference}）${applicationStates[e.toState].staffLabel}${target ? `，时限 ${target} 天` : ''}。`,
    )
  }

  if (e.step === 'overdue_reminded' && e.fromState) {
    const level = applicationStates[e.fromState].holder
    if (level === 'guardian') sent += await toGuardian('application_overdue', '请补交申请材料')
    else if (level) {
      sent += await toStaff(level, 'application_overdue', '补贴申请已超时', `${place} ${childForStaff}的申请（${a.reference}）${applicationStates[e.fromState].staffLabel}已超过时限，请尽快办理。`)
    }
  }
  if (e.step === 'raise_exit') {
    sent += await toStaff('county', 'application_exit_due', '补贴对象即将年满18周岁', `${place} ${childForStaff}（${a.reference}）将于 ${a.exit?.birthday ?? ''} 年满 18 周岁，请确认退出方式。`)
  }
  if (e.step === 'review_reminded') {
    const body = `${place} ${childForStaff}（${a.reference}）的年度复核已到期，请入户核实并登记。`
    sent += await toStaff('village', 'application_review_due', '补贴年度复核到期', body)
    sent += await toStaff('county', 'application_review_due', '补贴年度复核到期', body)
  }
  return sent
}

/** Stream: every new event item of an application (`APP#id` / `EVENT#…`) is one change to announce. */
export async function applicationEventChanges({ eventName, newImage }: { eventName: string; newImage: Record<string, unknown> }) {
  if (eventName !== 'INSERT' || !String(newImage.pk).startsWith('APP#') || !String(newImage.sk).startsWith('EVENT#')) return
  await notifyApplicationEvent(newImage as unknown as ApplicationEvent & { applicationId: string; occasion: string })
}
