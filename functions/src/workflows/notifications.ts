import type { Notification, NotificationKind, NotificationSubject, RiskColour } from '@shouhu/shared'
import { DELIVERY_DUE, createNotification, getNotification, updateNotification } from '../data/notifications'
import { type DueKind, runDueKind } from '../due/registry'
import { getUser } from '../data/users'
import { currentSender, type MessageTemplate } from '../notify/sender'
import { log } from '../log'

const MAX_ATTEMPTS = 6

const templateFor: Record<NotificationSubject['type'], MessageTemplate> = {
  report: 'report_alert',
  entrustment: 'entrustment_update',
  application: 'application_update',
  // Duty-of-care alerts go to staff only, on the staff alert template.
  child: 'report_alert',
  // The half-yearly lists reminder (004 §4(三)) goes to county staff only.
  county: 'report_alert',
}
/** Back-off between WeChat delivery attempts: 1, 2, 4, 8, 16 minutes. */
const retryDelayMs = (attempt: number) => 60_000 * 2 ** (attempt - 1)

export interface NotificationDraft {
  kind: NotificationKind
  subject: NotificationSubject
  page: string
  title: string
  body: string
  colour?: RiskColour
  /**
   * What makes this notification unique besides subject, kind and recipient (e.g. the
   * escalation level), so a cause handled twice produces it once.
   */
  occasion?: string
}

/**
 * Writes one inbox notification per recipient. Ids are derived from the cause, so running
 * this twice for the same cause (a retried stream batch) creates nothing new. The WeChat
 * message is sent when the stream sees the new notification (`deliverNotification`).
 */
export async function notifyPeople(recipientIds: string[], draft: NotificationDraft, now = new Date().toISOString()): Promise<number> {
  const { occasion, ...content } = draft
  let created = 0
  for (const recipientId of new Set(recipientIds)) {
    const n: Notification = {
      id: [draft.subject.type, draft.subject.id, draft.kind, occasion ?? '-', recipientId].join('.'),
      recipientId,
      ...content,
      createdAt: now,
      delivery: { status: 'pending', attempts: 0, nextAttemptAt: now },
    }
    if (await createNotification(n)) created++
  }
  return created
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
    // People who never bound WeChat still have the inbox; nothing to send.
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
      template: templateFor[n.subject.type],
      page: n.page,
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

/**
 * Scheduler side: a failed send is on the due index until its next attempt; only those are
 * retried (the first attempt is the stream's, `deliverNotification` on INSERT).
 */
export const deliveryDue: DueKind = {
  kind: DELIVERY_DUE,
  fire: async (item, now) => {
    const result = await deliverNotification(item.pk.slice('NOTE#'.length), now)
    return result === 'not-due' ? false : result
  },
}

/** Retries every delivery whose next attempt is due, all shards; what each attempt came to. */
export async function retryDueDeliveries(now = new Date()) {
  return ((await runDueKind(deliveryDue, now)).outcomes[DELIVERY_DUE] ?? []) as ('sent' | 'failed' | 'skipped')[]
}
