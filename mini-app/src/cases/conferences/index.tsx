import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { ConferenceListRow } from '@shouhu/shared'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { usePagedList } from '../../components/use-paged-list'
import { useStaffUser } from '../../staff/use-staff'
import { ErrorBox, StaffHead } from '../../casework/parts'
import { caseEndpoints } from '../api'
import { casesRoutes } from '../routes'
import '../../casework/casework.css'

/**
 * 个案会商记录: the conferences the township supervisor convened (004 §4(二)), newest first,
 * each with the child, the village and how many tasks it gave. A row opens the conference,
 * where its tasks show as done or not and decisions can be added. A new conference is
 * convened from the child's file.
 */
export default function ConferencesList() {
  const user = useStaffUser()
  const { items, cursor, loading, error, load } = usePagedList(caseEndpoints.conferences, (r: ConferenceListRow) => r.id)

  useDidShow(() => void load())

  if (!user) return <View className='page' />
  if (user.role !== 'township_supervisor') {
    return (
      <View className='page'>
        <StaffHead user={user} />
        <View id='conferences-not-yours' className='notice'>
          <Text>个案会商由乡镇（街道）儿童督导员召集，会商记录在乡镇查看。交给您的事项在「会商任务」里。</Text>
        </View>
      </View>
    )
  }
  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>个案会商记录</Text>
      <Text className='hint'>本乡镇（街道）召集过的个案会商，最近的在前。点一行查看决定的事项办得怎样，或补充决定。召集新的会商，请打开孩子的档案。</Text>
      <ErrorBox id='conferences-error' message={error} />
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && !loading && (
        <View id='conferences-empty' className='notice'>
          <Text>还没有召集过个案会商。</Text>
        </View>
      )}
      <View id='conferences-list'>
        {(items ?? []).map((r) => (
          <Pressable key={r.id} id={`conferences-row-${r.id}`} className='cw-card' role='link' onPress={() => void Taro.navigateTo({ url: casesRoutes.conference(r.id) })}>
            <Text className='cw-name'>{r.childName ?? '（孩子的档案）'}</Text>
            {r.villageName && <Text className='hint'>{r.villageName}</Text>}
            <Text>{r.subject}</Text>
            <Text className='hint'>
              {r.heldOn} 召开 · 决定 {r.taskCount} 项事项
            </Text>
          </Pressable>
        ))}
      </View>
      <LoadMore id='conferences-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </View>
  )
}
