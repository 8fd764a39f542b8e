import { useCallback, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { Notification } from '@shouhu/shared'
import { endpoints, errorText } from '../api/client'
import { tapTarget } from '../components/a11y'
import { ErrorBox } from '../components/error-box'
import { LoadMore } from '../components/load-more'
import { MessageRows } from '../components/message-rows'
import { openNotification, readInPage } from './open-notification'
import { redirectIfSignedOut } from './use-staff'

type MessagePage = { items: Notification[]; unread: number; nextCursor?: string }

/**
 * A staff member's own messages (GET /notifications), a page at a time, with the server's unread
 * counter. A failure is kept apart from the page's own error: the rest of the page still shows,
 * and the failure is said beside the messages.
 */
export function useStaffMessages() {
  const [page, setPage] = useState<MessagePage | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const load = useCallback(async (after?: string) => {
    setLoading(true)
    setError('')
    try {
      const next = await endpoints.notifications(after)
      setPage((prev) => ({ items: after ? [...(prev?.items ?? []), ...next.items] : next.items, unread: next.unread, nextCursor: next.nextCursor }))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(`消息没有读到：${errorText(e)}`)
    } finally {
      setLoading(false)
    }
  }, [])
  const open = (n: Notification) => openNotification(n, endpoints.markNotificationRead, (id, readAt) => setPage((prev) => readInPage(prev, id, readAt)))
  return { page, error, loading, load, open }
}

/**
 * 「消息通知」 with its unread count, folded until tapped. Ids: `#<p>s-toggle`, `#<p>s-count`,
 * `#<p>s` (the list), rows `#<p>-<id>`, `#<p>s-more`, `#<p>s-error`, for the prefix p.
 */
export function MessagesPanel({ idPrefix, messages, showColour = false }: { idPrefix: string; messages: ReturnType<typeof useStaffMessages>; showColour?: boolean }) {
  const [open, setOpen] = useState(false)
  const { page, error, loading } = messages
  return (
    <>
      <View id={`${idPrefix}s-toggle`} className='row' {...tapTarget('button', { expanded: open })} onClick={() => setOpen((v) => !v)}>
        <Text className='row-text'>
          消息通知
          <Text id={`${idPrefix}s-count`} className={`badge ${page?.unread ? '' : 'badge-zero'}`}>
            {page ? `${page.unread} 条未读` : '…'}
          </Text>
        </Text>
        <Text className='row-arrow'>{open ? '收起' : '查看'}</Text>
      </View>
      <ErrorBox id={`${idPrefix}s-error`} message={error} />
      {open && (
        <View id={`${idPrefix}s`}>
          {page === null && loading && <Text className='hint'>正在加载…</Text>}
          {page && page.items.length === 0 && <Text className='hint'>暂无消息。</Text>}
          {page && <MessageRows idPrefix={idPrefix} items={page.items} onOpen={messages.open} showColour={showColour} showRead />}
          {page && <LoadMore id={`${idPrefix}s-more`} hasMore={Boolean(page.nextCursor)} loading={loading} count={page.items.length} onMore={() => void messages.load(page.nextCursor)} />}
        </View>
      )}
    </>
  )
}
