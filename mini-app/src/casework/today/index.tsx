import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { chinaToday, type ChildListItem, type TodayList } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { allowanceRoutes, routes } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { caseworkRoutes } from '../routes'
import { ChildCard, ErrorBox, StaffHead } from '../parts'
import { IncomingTransfers } from './incoming'
import '../casework.css'

type Groups = Pick<TodayList, 'overdue' | 'dueToday' | 'thisWeek'>
const empty: Groups = { overdue: [], dueToday: [], thisWeek: [] }

/** Appends a later page, dropping a child already shown (a page boundary may repeat one). */
function merge(a: Groups, b: Groups): Groups {
  const seen = new Set([...a.overdue, ...a.dueToday, ...a.thisWeek].map((c) => c.id))
  const fresh = (list: ChildListItem[]) => list.filter((c) => !seen.has(c.id))
  return { overdue: [...a.overdue, ...fresh(b.overdue)], dueToday: [...a.dueToday, ...fresh(b.dueToday)], thisWeek: [...a.thisWeek, ...fresh(b.thisWeek)] }
}

/**
 * 今天要做的: the village child director's first page after sign-in. Whom to visit, the
 * overdue first (004 §3 cadences, 001 #6 quarterly checks, 000 §2(三) epidemic follow-up), then
 * due today, then this week. Township and county staff get their area's lists instead.
 */
export default function Today() {
  const user = useStaffUser()
  const [groups, setGroups] = useState<Groups | null>(null)
  const [today, setToday] = useState(chinaToday())
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  // Bumped on every return to the page, so 「待接收」 is fetched again with the list.
  const [shown, setShown] = useState(0)

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    try {
      const page = await childEndpoints.today()
      setToday(page.today)
      setGroups({ overdue: page.overdue, dueToday: page.dueToday, thisWeek: page.thisWeek })
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    if (user && user.role !== 'village_director') {
      void Taro.redirectTo({ url: caseworkRoutes.children() })
      return
    }
    // Back from a visit: the child it was for has moved off the list.
    void load()
    setShown((n) => n + 1)
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  async function more() {
    if (!cursor || loading) return
    setLoading(true)
    try {
      const page = await childEndpoints.today(cursor)
      setGroups((g) => merge(g ?? empty, page))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }

  if (!user) return <View className='page' />
  const g = groups ?? empty
  const count = g.overdue.length + g.dueToday.length + g.thisWeek.length
  const go = (url: string) => () => void Taro.navigateTo({ url })

  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>今天要做的</Text>

      <ErrorBox id='today-error' message={error} />
      {groups === null && loading && <Text className='hint'>正在加载…</Text>}
      {groups && count === 0 && !cursor && (
        <View id='today-empty' className='notice'>
          <Text>这一周没有到期要走访的孩子。</Text>
        </View>
      )}

      <IncomingTransfers refreshKey={shown} onAccepted={() => void load()} />

      <Group id='today-overdue' title='已经逾期' hint='请尽快走访或联系' items={g.overdue} today={today} overdue />
      <Group id='today-due' title='今天到期' items={g.dueToday} today={today} />
      <Group id='today-week' title='本周到期' items={g.thisWeek} today={today} />
      <LoadMore id='today-more' hasMore={Boolean(cursor)} loading={loading} count={count} onMore={() => void more()} />
      <ActionButton id='today-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>

      <Text className='cw-group-title'>其他工作</Text>
      <View className='cw-links'>
        <Pressable id='today-enrol' className='cw-link' role='link' onPress={go(caseworkRoutes.enrol())}>
          摸排建档（新建档案）
        </Pressable>
        <Pressable id='today-all-children' className='cw-link' role='link' onPress={go(caseworkRoutes.children())}>
          本村全部儿童档案
        </Pressable>
        <Pressable id='today-closed' className='cw-link' role='link' onPress={go(caseworkRoutes.closed)}>
          已结档的档案
        </Pressable>
        <Pressable id='today-reports' className='cw-link' role='link' onPress={go(routes.staffInbox)}>
          村民反映的情况
        </Pressable>
        <Pressable id='today-entrustments' className='cw-link' role='link' onPress={go(routes.staffEntrustments)}>
          委托照护（上门核实）
        </Pressable>
        <Pressable id='today-applications' className='cw-link' role='link' onPress={go(allowanceRoutes.staffQueue)}>
          儿童关爱补贴申请
        </Pressable>
      </View>
    </View>
  )
}

function Group({ id, title, hint, items, today, overdue = false }: { id: string; title: string; hint?: string; items: ChildListItem[]; today: string; overdue?: boolean }) {
  if (items.length === 0) return null
  return (
    <View id={id}>
      <Text className={`cw-group-title ${overdue ? 'cw-group-overdue' : ''}`}>
        {title}（{items.length}）
      </Text>
      {hint && <Text className='hint'>{hint}</Text>}
      {items.map((c) => (
        <ChildCard key={c.id} idPrefix='today-child' child={c} today={today} />
      ))}
    </View>
  )
}
