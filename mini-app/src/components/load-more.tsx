import { Text } from '@tarojs/components'
import { ActionButton } from './action-button'

/**
 * The end of a paged list: 「加载更多」 while the server says there is more, otherwise a line that
 * says the list is complete (never a silent cap).
 */
export function LoadMore({ id, hasMore, loading, count, onMore }: { id: string; hasMore: boolean; loading: boolean; count: number; onMore: () => void }) {
  if (hasMore) {
    return (
      <ActionButton id={id} disabled={loading} onClick={onMore}>
        {loading ? '正在加载…' : '加载更多'}
      </ActionButton>
    )
  }
  if (count === 0) return null
  return (
    <Text id={`${id}-end`} className='hint list-end'>
      共 {count} 条，已全部显示
    </Text>
  )
}
