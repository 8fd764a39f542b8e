import type { Notification } from '@shouhu/shared'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { dueAttrs } from './due'
import { expiresAfter, retention } from './retention'
import { getItem, queryPage, saveVersioned, transactWrite, tx, updateVersioned, type Item } from './table'
import { tableName } from './client'

/**
 * A staff or family inbox entry and the record of its WeChat delivery, one item each. The id
 * is derived from what caused it (report, kind, level, recipient), so a stream batch that is
 * retried writes the same item again instead of a second notification.
 *
 * Each recipient also has one counter item (`USER#<id>` / `UNREAD`), changed in the same
 * transaction as the notification it counts, so the unread badge is one GetItem however long
 * the inbox grows, and never a read of the inbox.
 */
const key = (id: string) => ({ pk: `NOTE#${id}`, sk: 'NOTE' })
const unreadKey = (recipientId: string) => ({ pk: `USER#${recipientId}`, sk: 'UNREAD' })

/** The delivery retry kind on the due index (only failed sends are on it). */
export const DELIVERY_DUE = 'DELIVERY'

type Stored = Notification & { version: number }

/** What an inbox row shows: the notification without its recipient (the inbox is theirs). */
export type NotificationRow = Omit<Notification, 'recipientId'>

function toItem(n: Stored): Item {
  // Only a send that failed (or a retry of one in flight) needs the scheduler: the first
  // attempt is made by the stream when the notification is written, so most notifications
  // never touch the due index at all.
  const retrying = n.delivery.status === 'failed' || (n.delivery.status === 'sending' && n.delivery.attempts > 1)
  const due = n.delivery.nextAttemptAt && retrying
  const { recipientId, version, ...row } = n
  return {
    ...key(n.id),
    ...n,
    row: row satisfies NotificationRow,
    ownerPk: `INBOX#${n.recipientId}`,
    ownerSk: `${n.createdAt}#${n.id}`,
    expiresAt: expiresAfter(retention.notificationDays, n.createdAt),
    ...(due ? dueAttrs(DELIVERY_DUE, n.id, n.delivery.nextAttemptAt!) : {}),
  }
}

function fromItem(item: Record<string, unknown>): Stored {
  const { pk, sk, row, ownerPk, ownerSk, duePk, dueSk, expiresAt, ...n } = item
  return n as Stored
}

const counterChange = (recipientId: string, by: 1 | -1): TransactWriteItem => ({
  Update: {
    TableName: tableName(),
    Key: marshall(unreadKey(recipientId)),
    UpdateExpression: 'ADD #count :by',
    ExpressionAttributeNames: { '#count': 'count' },
    ExpressionAttributeValues: marshall({ ':by': by }),
  },
})

/** Creates the notification unless it already exists (and counts it unread); true when this call created it. */
export async function createNotification(n: Notification): Promise<boolean> {
  return (await transactWrite([tx.put(toItem({ ...n, version: 0 }), { ifAbsent: true }), counterChange(n.recipientId, 1)])) === -1
}

export async function getNotification(id: string): Promise<Stored | undefined> {
  const item = await getItem<Record<string, unknown>>(key(id).pk, key(id).sk, true)
  return item && fromItem(item)
}

/** One page of an inbox, newest first, built from the index's `row` alone. */
export async function inboxPage(recipientId: string, page: { limit: number; cursor?: string }): Promise<{ items: Notification[]; cursor?: string }> {
  const { items, cursor } = await queryPage<{ row: NotificationRow }>({ index: 'byOwner', pk: `INBOX#${recipientId}`, newestFirst: true, ...page })
  return { items: items.map((i) => ({ ...i.row, recipientId })), cursor }
}

/** How many of a person's notifications are unread: one item, kept by the writes that change it. */
export async function unreadCount(recipientId: string): Promise<number> {
  const c = await getItem<{ count?: number }>(unreadKey(recipientId).pk, unreadKey(recipientId).sk)
  // A notification deleted unread by TTL is subtracted by the stream; never show below zero.
  return Math.max(0, c?.count ?? 0)
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

/** Marks it read and takes it off the unread count, together; false when it changed meanwhile. */
export async function markNotificationRead(previous: Stored, readAt: string): Promise<Stored | undefined> {
  const { version, ...plain } = previous
  const next: Stored = { ...plain, readAt, version: version + 1 }
  const failed = await saveVersioned(toItem(next), version, [counterChange(previous.recipientId, -1)])
  return failed === -1 ? next : undefined
}

/** The stream saw a notification deleted (TTL) while unread: it no longer counts. */
export async function uncountDeleted(old: Record<string, unknown>): Promise<void> {
  if (old.readAt || typeof old.recipientId !== 'string') return
  await transactWrite([counterChange(old.recipientId, -1)])
}
