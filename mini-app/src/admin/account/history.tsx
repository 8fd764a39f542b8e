import { useEffect } from 'react'
import { View, Text } from '@tarojs/components'
import { type AccountAuditEntry, accountAuditLabel } from '@shouhu/shared'
import { staffAdminEndpoints } from '../../api/staff-admin'
import { ErrorBox } from '../../components/error-box'
import { LoadMore } from '../../components/load-more'
import { usePagedList } from '../../components/use-paged-list'
import { formatTime } from '../../format'

/**
 * 变更记录: what was done to an account, when and by whom, newest first — creation, edits,
 * deactivation, resets, the holder's own password change, a lock after failed sign-ins. The
 * administrator answerable for the account sees it where they manage it. `changedAt` (the
 * account's version) reloads it after this page's own change.
 */
export function AccountHistory({ accountId, changedAt }: { accountId: string; changedAt: number }) {
  const { items, cursor, loading, error, load } = usePagedList((after?: string) => staffAdminEndpoints.audit(accountId, after), (e: AccountAuditEntry) => `${e.at}|${e.action}`)
  useEffect(() => void load(), [accountId, changedAt])

  return (
    <View id='admin-history' className='section'>
      <View className='section-title' role='heading' aria-level={2}>
        <Text>变更记录</Text>
      </View>
      <ErrorBox id='admin-history-error' message={error} />
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && <Text className='hint'>还没有变更记录。</Text>}
      {(items ?? []).map((e, i) => (
        <View key={`${e.at}|${e.action}|${i}`} id={`admin-history-${i}`} className='row-block'>
          <Text className='row-block-head'>
            {formatTime(e.at)} · {accountAuditLabel[e.action]}
          </Text>
          {e.text && <Text className='hint'>{e.text}</Text>}
          <Text className='hint'>{e.actorName ? `办理人：${e.actorName}` : '系统记录'}</Text>
        </View>
      ))}
      <LoadMore id='admin-history-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </View>
  )
}
