import { useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { chinaToday, placementLabel, type GuardianshipListRow } from '@shouhu/shared'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { TabBar } from '../../components/tab-bar'
import { usePagedList } from '../../components/use-paged-list'
import { useStaffUser } from '../../staff/use-staff'
import { ErrorBox, StaffHead } from '../../casework/parts'
import { caseEndpoints } from '../api'
import { casesRoutes } from '../routes'
import '../../casework/casework.css'

type Status = 'open' | 'all'
const tabs = [
  { key: 'open' as const, label: '正在临时监护' },
  { key: 'all' as const, label: '全部（含已结束）' },
]

/** Whole days from one civil date to a later one. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)

/**
 * 临时监护名单: every temporary guardianship of the county (the county officer, who holds it:
 * 001 #5) or of the township's villages (the supervisor, read-only). The server lists open
 * placements first and the earliest review first, so a review that is past due leads, and
 * each such row says by how many days. A row opens the placement's own page.
 */
export default function GuardianshipsList() {
  const user = useStaffUser()
  const [status, setStatus] = useState<Status>('open')
  // The hook keeps its first fetch function: the tab is read through a ref at call time.
  const statusRef = useRef<Status>('open')
  const { items, setItems, cursor, loading, error, load } = usePagedList((after) => caseEndpoints.guardianships(statusRef.current, after), (r: GuardianshipListRow) => r.id)

  useDidShow(() => void load())

  if (!user) return <View className='page' />
  if (user.role !== 'county_officer' && user.role !== 'township_supervisor') {
    return (
      <View className='page'>
        <StaffHead user={user} />
        <View id='guardianships-not-yours' className='notice'>
          <Text>临时监护名单由乡镇（街道）和县民政局查看。村里的孩子在临时监护中，可以从孩子的档案打开。</Text>
        </View>
      </View>
    )
  }
  const today = chinaToday()
  const overdueCount = (items ?? []).filter((r) => !r.endOn && r.reviewOn < today).length

  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>临时监护名单</Text>
      <Text className='hint'>
        {user.role === 'county_officer'
          ? '县民政局临时监护的孩子。复查日期已过的排在最前面；点一行打开这次临时监护，记录复查或结束。'
          : '本乡镇（街道）各村由县民政局临时监护的孩子。复查日期已过的排在最前面；复查和结束由县民政局记录。'}
      </Text>
      <TabBar
        idPrefix='guardianships-tab'
        tabs={tabs}
        current={status}
        onChange={(s) => {
          statusRef.current = s
          setStatus(s)
          setItems(null)
          void load()
        }}
      />
      {overdueCount > 0 && (
        <View id='guardianships-overdue-note' className='error-box'>
          <Text>有 {overdueCount} 个孩子已过复查日期，还没有记录复查。</Text>
        </View>
      )}
      <ErrorBox id='guardianships-error' message={error} />
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && !loading && (
        <View id='guardianships-empty' className='notice'>
          <Text>{status === 'open' ? '现在没有正在临时监护的孩子。' : '还没有临时监护的记录。'}</Text>
        </View>
      )}
      <View id='guardianships-list'>
        {(items ?? []).map((r) => {
          const ended = Boolean(r.endOn)
          const late = !ended && r.reviewOn < today ? daysBetween(r.reviewOn, today) : 0
          return (
            <Pressable
              key={r.id}
              id={`guardianships-row-${r.id}`}
              className='cw-card'
              role='link'
              onPress={() => void Taro.navigateTo({ url: casesRoutes.guardianshipRecord(r.id) })}
            >
              <View className='head-bar'>
                <Text className='cw-name'>{r.childName}</Text>
                {late ? (
                  <Text id={`guardianships-row-${r.id}-late`} className='chip chip-red' data-state='review-overdue'>
                    复查已过期 {late} 天
                  </Text>
                ) : ended ? (
                  <Text className='chip' data-state='ended'>
                    已结束
                  </Text>
                ) : null}
              </View>
              <Text className='hint'>{r.villageName}</Text>
              <Text>
                {placementLabel[r.placement]}：{r.carerName}
              </Text>
              <Text className='hint'>
                {r.startOn} 开始
                {ended ? ` · ${r.endOn} 结束` : ` · 下次复查 ${r.reviewOn}`}
              </Text>
            </Pressable>
          )
        })}
      </View>
      <LoadMore id='guardianships-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </View>
  )
}
