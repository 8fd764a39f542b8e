import type { Notification } from '@shouhu/shared'
import { getItem, putItem, query, updateVersioned, type Item } from './table'

/**
 * A staff inbox entry and the record of its WeChat delivery, one item each. The id is
 * derived from what caused it (report, kind, level, recipient), so a stream batch that is
 * retried writes the same item again instead of a second notification.
 */
const key = (id: string) => ({ pk: `NOTE#${id}`, sk: 'NOTE' })

type Stored = Notification & { version: number }

function toItem(n: Stored): Item {
  const due = n.delivery.nextAttemptAt && (n.delivery.status === 'pending' || n.delivery.status === 'failed' || n.delivery.status === 'sending')
  return {
    ...key(n.id),
    ...n,
    ownerPk: `INBOX#${n.recipientId}`,
    ownerSk: `${n.createdAt}#${n.id}`,
    ...(due ? { duePk: 'DUE#DELIVERY', dueSk: `${n.delivery.nextAttemptAt}#${n.id}` } : {}),
  }
}

function fromItem(item: Record<string, unknown>): Stored {
  const { pk, sk, ownerPk, ownerSk, duePk, dueSk, ...n } = item
  return n as Stored
}

/** Creates the notification unless it already exists; true when this call created it. */
export async function createNotification(n: Notification): Promise<boolean> {
  return putItem(toItem({ ...n, version: 0 }), { ifAbsent: true })
}

export async function getNotification(id: string): Promise<Stored | undefined> {
  const item = await getItem<Record<string, unknown>>(key(id).pk, key(id).sk, true)
  return item && fromItem(item)
}

export async function inboxOf(recipientId: string, limit = 100): Promise<Notification[]> {
  const items = await query<Record<string, unknown>>({ index: 'byOwner', pk: `INBOX#${recipientId}`, newestFirst: true, limit })
  return items.map((i) => {
    const { version, ...n } = fromItem(i)
    return n
  })
}

/**
 * Replaces the notification if its version is unchanged; undefined when someone else
 * changed it first. The due-index attributes are recomputed from the new state.
 */
export async function updateNotification(previous: Stored, next: Notification): Promise<Stored | undefined> {
  const { pk, sk, ...attrs } = toItem({ ...next, version: previous.version })
  const remove = ['duePk', 'dueSk'].filter((k) => !(k in attrs))
  const { version, ...changes } = attrs
  return updateVersioned<Record<string, unknown>>({ pk, sk }, previous.version, changes, remove).then((i) => i && fromItem(i))
}

export async function notificationsDueForDelivery(now: string): Promise<Stored[]> {
  const items = await query<Record<string, unknown>>({ index: 'byDue', pk: 'DUE#DELIVERY', skAtMost: `${now}~` })
  return items.map(fromItem)
}
