import { type Referral, departmentLabel, referralOutcomeLabel, referralReason } from '@shouhu/shared'
import { REFERRAL_DUE, getReferral, saveReferral } from '../data/referrals'
import { liaisonsOfDepartment, staffServing } from '../data/users'
import type { DueItem } from '../data/due'
import { notifyPeople } from './notifications'

/**
 * Who hears about a referral, and when. A new referral tells the department's liaisons; the
 * department's acknowledgement and outcome tell the referrer (run from the stream, after the
 * write). The timers below remind when the acknowledgement target passes and mark a referral
 * stale when no outcome came in time, telling the township supervisor (Primero's default).
 * Notification ids derive from their cause, so a retried batch or run tells nobody twice.
 */

/** Pages of the mini-app's `referrals` subpackage. */
export const referralPages = {
  department: (id: string) => `referrals/department/index?id=${id}`,
  staff: (id: string) => `referrals/detail/index?id=${id}`,
}

const reasonText = (r: Referral) => r.reasons.map((x) => referralReason(x).label).join('、')

async function departmentPeople(r: Referral): Promise<string[]> {
  return (await liaisonsOfDepartment(r.countyCode, r.department)).map((u) => u.id)
}

/** Stream side: a new referral, or one whose state the department moved on. */
export async function referralChanged(eventName: string, image: Record<string, unknown>, old?: Record<string, unknown>): Promise<void> {
  const r = image as unknown as Referral
  if (eventName === 'INSERT') {
    const people = await departmentPeople(r)
    if (!people.length) {
      // A department with no account here yet must still be told: the referrer does it by hand.
      await notifyPeople([r.createdBy], {
        kind: 'referral_updated',
        subject: { type: 'referral', id: r.id },
        page: referralPages.staff(r.id),
        title: `${departmentLabel[r.department]}还没有联络人账号`,
        body: '请电话或书面通报该部门，并在转介中记录',
        occasion: 'no_liaison',
      })
      return
    }
    await notifyPeople(people, {
      kind: 'referral_new',
      subject: { type: 'referral', id: r.id },
      page: referralPages.department(r.id),
      // 紧急 is what the department needs; the child's risk colour is the village's grading and
      // never leaves it (004 §4: only what the task needs).
      title: r.urgency === 'urgent' || r.red ? '紧急转介，请立即签收' : '有新的转介',
      body: `${r.villageName}：${reasonText(r)}`,
    })
    return
  }
  if (eventName !== 'MODIFY' || !old || old.state === r.state) return
  if (r.state === 'acknowledged' || r.state === 'closed') {
    await notifyPeople([r.createdBy], {
      kind: 'referral_updated',
      subject: { type: 'referral', id: r.id },
      page: referralPages.staff(r.id),
      title: r.state === 'closed' ? `${departmentLabel[r.department]}已办结转介` : `${departmentLabel[r.department]}已签收转介`,
      body: r.state === 'closed' && r.outcome ? `${referralOutcomeLabel[r.outcome.kind]}：${r.outcome.text}` : reasonText(r),
      occasion: r.state,
    })
  }
}

/**
 * One timer per referral (`REFERRAL` on the due index): first the acknowledgement target, then
 * the stale limit. Acting moves the referral's due time on by a versioned write, so two
 * overlapping runs act once.
 */
export async function fireReferralDue(item: DueItem, now: Date): Promise<false | { referralId: string; what: 'reminded' | 'stale' }> {
  const loaded = await getReferral(item.pk.slice('REFERRAL#'.length))
  if (!loaded) return false
  const { referral: r, childName } = loaded
  const at = now.toISOString()
  if (r.state === 'closed') return false
  if (r.state === 'sent' && !r.ackRemindedAt) {
    if (r.acknowledgeDueAt > at) return false
    const next: Referral = { ...r, ackRemindedAt: at, updatedAt: at, events: [...r.events, { at, kind: 'reminded', text: `超过签收时限（${r.acknowledgeRule}）仍未签收，已提醒部门和转介人` }] }
    if (!(await saveReferral(r, next, childName))) return false
    const draft = { subject: { type: 'referral' as const, id: r.id }, kind: 'referral_ack_overdue' as const, body: `${r.villageName}：${reasonText(r)}` }
    await notifyPeople(await departmentPeople(r), { ...draft, page: referralPages.department(r.id), title: r.red ? '紧急转介超过签收时限，请立即签收' : '转介超过签收时限，请尽快签收' })
    await notifyPeople([r.createdBy], { ...draft, page: referralPages.staff(r.id), title: `${departmentLabel[r.department]}还没有签收转介` })
    return { referralId: r.id, what: 'reminded' }
  }
  if (r.staleSince || r.staleAt > at) return false
  const next: Referral = { ...r, staleSince: at, updatedAt: at, events: [...r.events, { at, kind: 'stale', text: '超过 14 天没有办理结果，已告知乡镇儿童督导员' }] }
  const saved = await saveReferral(r, next, childName, {
    at,
    kind: 'referral',
    text: `转介到${departmentLabel[r.department]}超过 14 天没有办理结果，已告知乡镇儿童督导员`,
    ref: { type: 'referral', id: r.id },
    detail: { state: r.state, stale: true, department: r.department, referralId: r.id },
  })
  if (!saved) return false
  const supervisors = (await staffServing('township_supervisor', r.townshipCode)).map((u) => u.id)
  const draft = { subject: { type: 'referral' as const, id: r.id }, kind: 'referral_stale' as const, page: referralPages.staff(r.id), body: `${r.villageName}：${reasonText(r)}` }
  await notifyPeople([...supervisors, r.createdBy], { ...draft, title: `转介到${departmentLabel[r.department]}超过 14 天没有结果` })
  await notifyPeople(await departmentPeople(r), { ...draft, page: referralPages.department(r.id), title: '转介超过 14 天没有办理结果' })
  return { referralId: r.id, what: 'stale' }
}

export const referralDue = { kind: REFERRAL_DUE, fire: fireReferralDue }
