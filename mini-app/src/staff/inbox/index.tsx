import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  colourLabel,
  INTERVENTION_PENDING_LABEL,
  isAdministrator,
  isStaff,
  reportStatusLabel,
  type StaffReportSummary,
} from '@shouhu/shared'
import { casesRoutes } from '../../cases/routes'
import { endpoints, errorText, type StaffReportFilter } from '../../api/client'
import { formatTime } from '../../format'
import { allowanceRoutes, routes, staffLanding } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../use-staff'
import { ActionButton } from '../../components/action-button'
import { adminRoutes } from '../../admin/routes'
import { TabBar } from '../../components/tab-bar'
import { Page } from '../../components/page'
import { TextSizeToggle } from '../../components/text-size'
import { tapTarget } from '../../components/a11y'
import { SubscribePrompt } from '../../wechat/subscribe'
import { DrillChip, type DrillFilter, drillPage, useDrillFilter } from '../../overview/drill'
import { MessagesPanel, useStaffMessages } from '../messages'
import { StaffHead } from '../../components/staff-head'

/** What the overview's report figures narrow this queue by (functions/src/routes/staff-reports.ts). */
const DRILL_KEYS = ['village', 'township', 'status'] as const
type ReportPage = { items: StaffReportSummary[]; nextCursor?: string }
const reportPage = (which: StaffReportFilter, drill: DrillFilter | null, cursor?: string): Promise<ReportPage> =>
  drill ? drillPage('/staff/reports', drill, { status: which }, cursor) : endpoints.staffReports(which, cursor)

const tabs: { key: StaffReportFilter; label: string }[] = [
  { key: 'open', label: '待处理' },
  { key: 'closed', label: '已办结' },
]

const escalationText = { village: '村级', township: '乡镇', county: '县级' } as const

export default function Inbox() {
  const user = useStaffUser()
  const [tab, setTab] = useState<StaffReportFilter>('open')
  const [reports, setReports] = useState<StaffReportSummary[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | undefined>()
  const messages = useStaffMessages()
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [drill, clearDrill] = useDrillFilter(DRILL_KEYS)

  const load = useCallback(async (which: StaffReportFilter, d: DrillFilter | null) => {
    setLoading(true)
    setError('')
    try {
      const list = await reportPage(which, d)
      // The server orders the queue (open red reports first, newest first): never re-sorted here.
      setReports(list.items)
      setNextCursor(list.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    // Partner accounts have no report queue (the API refuses it): each goes to its own first page —
    // entrusted care for school liaisons and police, 「…收到的转介」 for a department's liaison.
    if (user && !isStaff(user.role)) {
      void Taro.reLaunch({ url: staffLanding(user.role) })
      return
    }
    void load(tab, drill)
    void messages.load()
  })
  usePullDownRefresh(() => {
    void Promise.all([load(tab, drill), messages.load()]).finally(() => Taro.stopPullDownRefresh())
  })

  // The queue comes a page at a time; later pages append in the server's order.
  async function loadMore() {
    if (!nextCursor) return
    setLoading(true)
    try {
      const more = await reportPage(tab, drill, nextCursor)
      setReports((prev) => [...(prev ?? []), ...more.items])
      setNextCursor(more.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }

  function switchTab(next: StaffReportFilter) {
    setTab(next)
    setReports(null)
    void load(next, drill)
  }

  if (!user) return <Page />
  return (
    <Page>
      <SubscribePrompt topic='staff_alert' />
      <StaffHead user={user} />

      <TextSizeToggle />
      <View
        id='inbox-children'
        className='row'
        {...tapTarget('link')}
        onClick={() => void Taro.navigateTo({ url: user.role === 'village_director' ? routes.caseworkToday : routes.caseworkChildren })}
      >
        <Text className='row-text'>儿童档案与走访</Text>
        <Text className='row-arrow'>查看</Text>
      </View>
      <View id='inbox-overview' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: '/overview/index/index' })}>
        <Text className='row-text'>工作台（统计、逾期和台账）</Text>
        <Text className='row-arrow'>查看</Text>
      </View>
      <View id='inbox-applications' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: allowanceRoutes.staffQueue })}>
        <Text className='row-text'>儿童关爱补贴申请</Text>
        <Text className='row-arrow'>查看</Text>
      </View>
      <View id='inbox-entrustments' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: routes.staffEntrustments })}>
        <Text className='row-text'>委托照护（上门核实）</Text>
        <Text className='row-arrow'>查看</Text>
      </View>
      {/* Issue #11: conference tasks for everyone who may be given one; the half-yearly lists for the county. */}
      <View id='inbox-conference-tasks' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: casesRoutes.tasks })}>
        <Text className='row-text'>会商任务</Text>
        <Text className='row-arrow'>查看</Text>
      </View>
      {user.role === 'township_supervisor' && (
        <View id='inbox-conferences' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: casesRoutes.conferences })}>
          <Text className='row-text'>个案会商记录</Text>
          <Text className='row-arrow'>查看</Text>
        </View>
      )}
      {(user.role === 'county_officer' || user.role === 'township_supervisor') && (
        <View id='inbox-guardianships' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: casesRoutes.guardianships })}>
          <Text className='row-text'>临时监护名单（复查到期的在前）</Text>
          <Text className='row-arrow'>查看</Text>
        </View>
      )}
      {user.role === 'county_officer' && (
        <View id='inbox-mass-lists' className='row' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: casesRoutes.massLists })}>
          <Text className='row-text'>报送红黄蓝名单（团委、妇联、残联）</Text>
          <Text className='row-arrow'>进入</Text>
        </View>
      )}
      {isAdministrator(user.role) && (
        <View id='inbox-admin' className='row' {...tapTarget('button')} onClick={() => void Taro.navigateTo({ url: adminRoutes.staff })}>
          <Text className='row-text'>工作人员账号管理</Text>
          <Text className='row-arrow'>进入</Text>
        </View>
      )}
      <View id='inbox-password' className='row' {...tapTarget('button')} onClick={() => void Taro.navigateTo({ url: adminRoutes.password })}>
        <Text className='row-text'>修改密码 · 退出所有设备</Text>
        <Text className='row-arrow'>进入</Text>
      </View>
      <MessagesPanel idPrefix='notification' messages={messages} showColour />
      <View className='spacer' />

      {drill ? (
        <DrillChip
          id='inbox-drill'
          filter={drill}
          onClear={() => {
            clearDrill()
            setReports(null)
            void load(tab, null)
          }}
        />
      ) : (
        <TabBar idPrefix='inbox-tab' tabs={tabs} current={tab} onChange={switchTab} />
      )}

      {error && (
        <View id='inbox-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {reports === null && loading && <Text className='hint'>正在加载…</Text>}
      {reports && reports.length === 0 && <Text id='inbox-empty' className='hint'>{drill ? (nextCursor ? '这一页没有，请点「加载更多」。' : '没有这样的反映。') : tab === 'open' ? '没有待处理的反映。' : '没有已办结的反映。'}</Text>}
      <View id='inbox-list'>
        {reports?.map((r) => (
          <View key={r.id} id={`inbox-item-${r.id}`} className='item' {...tapTarget('link')} onClick={() => Taro.navigateTo({ url: routes.staffReport(r.id) })}>
            <View className='item-head'>
              <Text className={`chip chip-${r.colour}`}>{colourLabel[r.colour]}</Text>
              <Text className='inbox-status'>{reportStatusLabel[r.status]}</Text>
              {r.interventionPending && (
                <Text id={`inbox-pending-${r.id}`} className='chip chip-red'>
                  {INTERVENTION_PENDING_LABEL}
                </Text>
              )}
            </View>
            <Text className='label'>
              {r.townshipName} {r.villageName}
            </Text>
            <Text>{r.situations.map((s) => s.label).join('；')}</Text>
            <Text className='hint'>
              {formatTime(r.createdAt)}
              {r.anonymous ? ' · 匿名' : ''}
              {r.callPoliceNow ? ' · 需报警' : ''}
            </Text>
            {(r.status === 'received' || r.interventionPending) && r.escalationLevel && r.escalationLevel !== 'village' && (
              <Text className='field-error'>超时未接收，已提醒{escalationText[r.escalationLevel]}工作人员</Text>
            )}
          </View>
        ))}
      </View>
      {nextCursor && (
        <ActionButton id='inbox-more' disabled={loading} onClick={loadMore}>
          加载更多
        </ActionButton>
      )}
      <ActionButton
        id='inbox-refresh'
        disabled={loading}
        onClick={() => {
          void load(tab, drill)
          void messages.load()
        }}
      >
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </Page>
  )
}
