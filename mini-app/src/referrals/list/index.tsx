import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { referralUrgencyLabel, type ReferralList, type ReferralListItem } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { LoadMore } from '../../components/load-more'
import { Page } from '../../components/page'
import { Pressable } from '../../components/pressable'
import { TabBar } from '../../components/tab-bar'
import { ErrorBox, StaffHead } from '../../casework/parts'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { referralEndpoints, type ReferralTab } from '../api'
import { referralRoutes } from '../routes'
import { casesRoutes } from '../../cases/routes'
import { adminRoutes } from '../../admin/routes'
import { DrillChip, drillPage, drillUrl, useDrillFilter } from '../../overview/drill'
import '../../casework/casework.css'
import { MessagesPanel, useStaffMessages } from '../../staff/messages'

/** What the overview's 「转介：教育局」 narrows this list by (functions/src/routes/staff-referrals.ts). */
const DRILL_KEYS = ['village', 'township', 'department'] as const

const tabs = [
  { key: 'open', label: '办理中' },
  { key: 'closed', label: '已办结' },
] as const

/**
 * A department liaison's home: the referrals sent to their department in their county (only
 * the shared facts behind each), and — since this is the only page a liaison lands on and the
 * staff workbench refuses them — the way to their 会商任务 and their own messages. For
 * civil-affairs staff: their area's open referrals by department and how long each has waited.
 */
export default function ReferralListPage() {
  const user = useStaffUser()
  const liaison = user?.role === 'department_liaison'
  const [tab, setTab] = useState<ReferralTab>('open')
  const [items, setItems] = useState<ReferralListItem[]>([])
  const [byDepartment, setByDepartment] = useState<ReferralList['byDepartment']>()
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState('')
  const [title, setTitle] = useState('')
  const [drill, clearDrill] = useDrillFilter(DRILL_KEYS)
  const drillRef = useRef(drill)
  drillRef.current = drill
  // The liaison's own messages (new conference tasks, referrals waiting).
  const messages = useStaffMessages()

  const load = useCallback(
    async (which: ReferralTab, after?: string) => {
      if (!user) return
      setLoading(true)
      setError('')
      try {
        const d = drillRef.current
        const page =
          user.role === 'department_liaison'
            ? await referralEndpoints.departmentList(which, after)
            : d
              ? await drillPage('/staff/referrals', d, { state: which }, after)
              : await referralEndpoints.list(which, after)
        if ('departmentLabel' in page) setTitle(`${page.departmentLabel}收到的转介`)
        setItems((prev) => (after ? [...prev, ...page.items.filter((i) => !prev.some((p) => p.id === i.id))] : page.items))
        if (!after) setByDepartment('byDepartment' in page ? page.byDepartment : undefined)
        setCursor(page.nextCursor)
        setLoaded(true)
      } catch (e) {
        if (!redirectIfSignedOut(e)) setError(errorText(e))
      } finally {
        setLoading(false)
      }
    },
    [user],
  )
  useDidShow(() => {
    void load(tab)
    if (liaison) void messages.load()
  })

  if (!user) return <Page />
  return (
    <Page id='referral-list'>
      <StaffHead user={user} />
      <Text className='title'>{liaison ? title || '收到的转介' : '转介到部门'}</Text>
      {liaison && <Text className='hint'>这里只有转介给本部门的孩子，只显示村里告诉部门的信息。</Text>}
      {liaison && (
        <View id='liaison-links' className='section'>
          <Pressable id='liaison-tasks' className='row' role='link' onPress={() => void Taro.navigateTo({ url: casesRoutes.tasks })}>
            <Text className='row-text'>会商任务（个案会商交给本部门的事项）</Text>
            <Text className='row-arrow'>查看</Text>
          </Pressable>
          {/* No colour chip: a department never sees the child's risk colour (README 「The department reads a snapshot」). */}
          <MessagesPanel idPrefix='liaison-message' messages={messages} />
        </View>
      )}
      <TabBar
        idPrefix='referral-tab'
        tabs={tabs}
        current={tab}
        onChange={(k) => {
          setTab(k)
          setItems([])
          void load(k)
        }}
      />
      {!liaison && drill && (
        <DrillChip
          id='referral-drill'
          filter={drill}
          onClear={() => {
            clearDrill()
            drillRef.current = null
            setItems([])
            void load(tab)
          }}
        />
      )}
      {!liaison && tab === 'open' && byDepartment && byDepartment.length > 0 && (
        <View id='referral-by-department' className='section'>
          <Text className='section-title'>各部门办理中的转介</Text>
          {byDepartment.map((d) => (
            <Pressable
              key={d.department}
              id={`referral-count-${d.department}`}
              className='cw-kv'
              role='link'
              label={`${d.label}：${d.count} 件，最早的已等 ${d.oldestDays} 天，只看这个部门的`}
              onPress={() => void Taro.navigateTo({ url: drillUrl(referralRoutes.list, { department: d.department, ...(drill ? { village: drill.query.village, township: drill.query.township } : {}) }, drill ? `${drill.label} · ${d.label}` : d.label) })}
            >
              <Text className='cw-kv-key'>{d.label}</Text>
              <Text className='cw-kv-value'>
                {d.count} 件，最早的已等 {d.oldestDays} 天
              </Text>
            </Pressable>
          ))}
        </View>
      )}
      <ErrorBox id='referral-list-error' message={error} />
      {loaded && items.length === 0 && (
        <Text id='referral-list-empty' className='hint'>
          {tab === 'open' ? '没有办理中的转介。' : '没有已办结的转介。'}
        </Text>
      )}
      {items.map((i) => (
        <Pressable
          key={i.id}
          id={`referral-row-${i.id}`}
          className='card'
          role='link'
          onPress={() => void Taro.navigateTo({ url: liaison ? referralRoutes.department(i.id) : referralRoutes.detail(i.id) })}
        >
          <Text className='label'>
            {i.childName ?? '（未提供姓名）'} · {i.reasonLabels.join('、')}
          </Text>
          <Text className='hint'>
            {i.villageName} · {liaison ? '' : `${i.departmentLabel} · `}
            {i.stateLabel}
            {i.urgency === 'urgent' ? ` · ${referralUrgencyLabel.urgent}` : ''}
          </Text>
          <Text className='hint'>
            {i.ageDays === 0 ? '今天转介' : `已转介 ${i.ageDays} 天`}
            {i.overdue ? ' · 已超过签收时限' : ''}
            {i.stale ? ' · 超过 14 天没有结果' : ''}
          </Text>
        </Pressable>
      ))}
      <LoadMore id='referral-list-more' hasMore={Boolean(cursor)} loading={loading} count={items.length} onMore={() => void load(tab, cursor)} />
      {liaison && (
        <Pressable id='liaison-password' className='row' role='link' onPress={() => void Taro.navigateTo({ url: adminRoutes.password })}>
          <Text className='row-text'>修改密码 · 退出所有设备</Text>
          <Text className='row-arrow'>进入</Text>
        </Pressable>
      )}
    </Page>
  )
}
