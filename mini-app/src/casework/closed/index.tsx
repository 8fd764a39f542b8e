import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { personSexLabel, type ClosedChildRow } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childMoveEndpoints } from '../../api/child-moves'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { formatTime } from '../../format'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox, StaffHead } from '../parts'
import { caseworkRoutes } from '../routes'
import '../casework.css'

/** 已结档的档案: files closed in the staff member's area, newest first. Each stays readable. */
export default function ClosedFiles() {
  const user = useStaffUser()
  const [items, setItems] = useState<ClosedChildRow[] | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  const load = useCallback(async (after?: string) => {
    setLoading(true)
    setError('')
    try {
      const page = await childMoveEndpoints.closed(after)
      setItems((prev) => (after ? [...(prev ?? []), ...page.items.filter((r) => !(prev ?? []).some((p) => p.id === r.id))] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [])
  useDidShow(() => void load())

  if (!user) return <View className='page' />
  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>已结档的档案</Text>
      <Text className='hint'>搬到县外、年满 18 周岁或去世的孩子。不再列入走访名单和统计，档案和经历都保留。</Text>
      <ErrorBox id='closed-error' message={error} />
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && (
        <View id='closed-empty' className='notice'>
          <Text>还没有结档的档案。</Text>
        </View>
      )}
      {(items ?? []).map((r) => (
        <Pressable key={r.id} id={`closed-row-${r.id}`} className='cw-card' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.child(r.id) })}>
          <Text className='cw-name'>{r.name}</Text>
          <Text className='hint'>
            {personSexLabel[r.sex]} · {r.birthDate} 出生
          </Text>
          <Text>
            {r.reasonLabel}（{r.effectiveOn}）
          </Text>
          <Text className='hint'>结档于 {formatTime(r.closedAt)}</Text>
        </Pressable>
      ))}
      <LoadMore id='closed-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </View>
  )
}
