import Taro from '@tarojs/taro'
import type { Notification } from '@shouhu/shared'

/**
 * Opens a message's page at once and marks it read in the background. Waiting for the read mark
 * left the tap looking dead for seconds on a slow line, and opening the page matters more: a
 * failed mark is not shown (the message just stays unread). `markedRead` updates the page's own
 * copy at once, so going back shows it read.
 */
export function openNotification(n: Notification, markRead: (id: string) => Promise<unknown>, markedRead: (id: string, readAt: string) => void) {
  if (!n.readAt) {
    markedRead(n.id, new Date().toISOString())
    void markRead(n.id).catch(() => undefined)
  }
  return Taro.navigateTo({ url: `/${n.page}` })
}

/** A list of messages with one read. */
export const readIn = <N extends Notification>(items: N[], id: string, readAt: string): N[] => items.map((x) => (x.id === id ? { ...x, readAt } : x))

/** A page of messages (with its unread count) with one read. */
export const readInPage = <P extends { items: Notification[]; unread: number }>(page: P | null, id: string, readAt: string): P | null =>
  page && { ...page, items: readIn(page.items, id, readAt), unread: Math.max(0, page.unread - 1) }
