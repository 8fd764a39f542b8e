import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { personSexLabel, type ClosedChildRow } from '@shouhu/shared'
import { childMoveEndpoints } from '../../api/child-moves'
import { LoadMore } from '../../components/load-more'
import { usePagedList } from '../../components/use-paged-list'
import { Pressable } from '../../components/pressable'
import { formatTime } from '../../format'
import { useStaffUser } from '../../staff/use-staff'
import { ErrorBox, StaffHead } from '../parts'
import { caseworkRoutes } from '../routes'
import '../casework.css'

/** 已结档的档案: files closed in the staff member's area, newest first. Each stays readable. */
export default function ClosedFiles() {
  const user = useStaffUser()
  const { items, cursor, loading, error, load } = usePagedList(childMoveEndpoints.closed, (r) => r.id)

  useDidShow(() => void load())

  if (!user) return <View className='page' />
  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>已结档的档案</Text>
      <Text className='hint'>搬到县外、年满 18 周岁或去世的孩子。不再列入走访名单和统计，档案和经历都保留。结档结错了或孩子回来了，打开档案可以恢复建档。</Text>
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
