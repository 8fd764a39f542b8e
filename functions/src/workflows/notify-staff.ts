import { type EscalationLevel, type Notification, type NotificationKind, type Report, colourLabel } from '@shouhu/shared'
import { createNotification, getNotification, notificationsDueForDelivery, updateNotification } from '../data/notifications'
import { getDivision } from '../data/divisions'
import { getUser } from '../data/users'
import { currentSender } from '../notify/sender'
import { log } from '../log'
import { recipientsOfNewReport, staffAtLevel } from './report-routing'

const MAX_ATTEMPTS = 6
/** Back-off between WeChat delivery attempts: 1, 2, 4, 8, 16 minutes. */
const retryDelayMs = (attempt: number) => 60_000 * 2 ** (attempt - 1)

async function placeName(report: Report): Promise<string> {
  const [village, township] = await Promise.all([getDivision(report.villageCode), getDivision(report.townshipCode)])
  return [township?.name, village?.name].filter(Boolean).join(' ') || report.villageCode
}

/**
 * Writes one inbox notification per recipient. Ids are derived from the cause, so running
 * this twice for the same report (a retried stream batch) creates nothing new.
 */
async function notify(report: Report, kind: NotificationKind, level: EscalationLevel, recipientIds: string[], now: string) {
  const place = await placeName(report)
  const title = kind === 'report_new' ? `新的儿童关爱反映·${colourLabel[report.colour]}` : `超时未接收·${colourLabel[report.colour]}`
  const body =
    kind === 'report_new'
      ? `${place}收到一条反映，编号 ${report.trackingCode}，请尽快查看处理。`
      : `${place}的反映（编号 ${report.trackingCode}）超过时限无人接收，请立即督办。`
  let created = 0
  for (const recipientId of new Set(recipientIds)) {
    const n: Notification = {
      id: `${report.id}.${kind}.${level}.${recipientId}`,
      recipientId,
      kind,
      reportId: report.id,
      colour: report.colour,
      title,
      body,
      createdAt: now,
      delivery: { status: 'pending', attempts: 0, nextAttemptAt: now },
    }
    if (await createNotification(n)) created++
  }
  return created
}

export async function notifyNewReport(report: Report, now = new Date().toISOString()) {
  const recipients = await recipientsOfNewReport(report)
  if (recipients.length === 0) log.warn('report has nobody to notify', { reportId: report.id, villageCode: report.villageCode })
  return notify(report, 'report_new', 'village', recipients.map((u) => u.id), now)
}

export async function notifyEscalation(report: Report, level: EscalationLevel, now = new Date().toISOString()) {
  const recipients = await staffAtLevel(report, level)
  if (recipients.length === 0) log.warn('escalation has nobody to notify', { reportId: report.id, level })
  return notify(report, 'report_escalated', level, recipients.map((u) => u.id), now)
}

/**
 * Sends the WeChat subscription message for a notification, at most once per attempt:
 * an attempt is claimed by a versioned write before sending, so two workers (stream and
 * scheduler) cannot both send it. A failure is recorded and retried later with back-off.
 */
export async function deliverNotification(id: string, now = new Date()): Promise<'sent' | 'failed' | 'skipped' | 'not-due'> {
  const n = await getNotification(id)
  if (!n || n.delivery.status === 'sent' || n.delivery.status === 'skipped') return 'not-due'
  if (n.delivery.nextAttemptAt && n.delivery.nextAttemptAt > now.toISOString()) return 'not-due'
  if (n.delivery.attempts >= MAX_ATTEMPTS) return 'not-due'

  const recipient = await getUser(n.recipientId)
  const { version, ...plain } = n
  if (!recipient?.openid) {
    // Staff who never bound WeChat still have the inbox; nothing to send.
    await updateNotification(n, { ...plain, delivery: { status: 'skipped', attempts: n.delivery.attempts } })
    return 'skipped'
  }
  const attempt = n.delivery.attempts + 1
  // The claim keeps the item due a while later, so a crash mid-send is retried by the scheduler.
  const claimed = await updateNotification(n, {
    ...plain,
    delivery: { status: 'sending', attempts: attempt, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt)).toISOString() },
  })
  if (!claimed) return 'not-due'
  const { version: _v, ...claimedPlain } = claimed
  try {
    await currentSender().send({
      toOpenid: recipient.openid,
      template: 'report_alert',
      page: `staff/report/index?id=${n.reportId}`,
      data: { thing1: n.title.slice(0, 20), thing2: n.body.slice(0, 20), time3: n.createdAt },
    })
    await updateNotification(claimed, { ...claimedPlain, delivery: { status: 'sent', attempts: attempt, sentAt: new Date().toISOString() } })
    return 'sent'
  } catch (e) {
    const lastError = e instanceof Error ? e.message.slice(0, 300) : String(e)
    const giveUp = attempt >= MAX_ATTEMPTS
    log.warn('notification delivery failed', { notificationId: id, attempt, giveUp, error: lastError })
    await updateNotification(claimed, {
      ...claimedPlain,
      delivery: {
        status: 'failed',
        attempts: attempt,
        lastError,
        ...(giveUp ? {} : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt)).toISOString() }),
      },
    })
    return 'failed'
  }
}

/** Scheduler side: retry every delivery whose next attempt is due. */
export async function retryDueDeliveries(now = new Date()) {
  const due = await notificationsDueForDelivery(now.toISOString())
  const results = []
  for (const n of due) results.push(await deliverNotification(n.id, now))
  return results
}
