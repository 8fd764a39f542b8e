import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { formatYuan, type StaffApplicationSummary } from '@shouhu/shared'
import { staffAllowanceApi, type StaffStage } from '../../api/allowance'
import { errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { formatDate } from '../../format'
import { allowanceRoutes } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../use-staff'
import { TabBar } from '../../components/tab-bar'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { DrillChip, drillPage, useDrillFilter } from '../../overview/drill'

/** What the overview's application figures narrow this queue by (functions/src/routes/staff-applications.ts). */
const DRILL_KEYS = ['village', 'township', 'stage'] as const

const tabs: { key: StaffStage; label: string }[] = [
  { key: 'mine', label: '待我办理' },
  { key: 'all', label: '辖区全部' },
]

/** The application queue of the stages this staff member holds, within their jurisdiction; overdue first. */
export default function ApplicationQueue() {
  const user = useStaffUser()
  const [tab, setTab] = useState<StaffStage>('mine')
  const [items, setItems] = useState<StaffApplicationSummary[] | null>(null)
  const [cursor, setCursor] = useState<string>()
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [drill, clearDrill] = useDrillFilter(DRILL_KEYS)
  const drillRef = useRef(drill)
  drillRef.current = drill

  /** The first page, or with `more` the next one appended: the queue is paged, most overdue first. */
  const load = useCallback(async (which: StaffStage, more?: string) => {
    setLoading(true)
    setError('')
    try {
      const d = drillRef.current
      const page = d ? await drillPage('/staff/applications', d, { stage: which }, more) : await staffAllowanceApi.queue(which, more)
      setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    void load(tab)
  })
  usePullDownRefresh(() => {
    void load(tab).finally(() => Taro.stopPullDownRefresh())
  })

  if (!user) return <Page />
  return (
    <Page>
      <Text className='title'>儿童关爱补贴申请</Text>
      <Text className='hint'>{user.divisionName}</Text>
      {drill ? (
        <DrillChip
          id='apps-drill'
          filter={drill}
          onClear={() => {
            clearDrill()
            drillRef.current = null
            setItems(null)
            void load(tab)
          }}
        />
      ) : null}
      {drill ? null : <TabBar
        idPrefix='apps-tab'
        tabs={tabs}
        current={tab}
        onChange={(key) => {
          setTab(key)
          setItems(null)
          void load(key)
        }}
      />}
      {error && (
        <View id='apps-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && (
        <Text id='apps-empty' className='hint'>
          没有申请。
        </Text>
      )}
      <View id='apps-list'>
        {items?.map((a) => (
          <View key={a.id} id={`app-item-${a.id}`} className='item' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: allowanceRoutes.staffApplication(a.id) })}>
            <View className='item-head'>
              <Text className='label'>
                {a.childName} · {a.villageName}
              </Text>
              <Text className='hint'>{a.stateLabel}</Text>
            </View>
            <Text>
              {a.categoryName}
              {a.estimateFen ? ` · 估算每月 ${formatYuan(a.estimateFen)}${a.estimateDemo ? '（演示金额）' : ''}` : ''}
            </Text>
            <Text className='hint'>
              {formatDate(a.createdAt)} 提交 · 本环节已 {a.daysHere} 天{a.targetDays ? ` / 时限 ${a.targetDays} 天` : ''}
            </Text>
            {a.overdue && (
              <Text id={`app-overdue-${a.id}`} className='field-error'>
                已超时
              </Text>
            )}
            {a.doubleSupportFlag && <Text className='field-error'>已领取其他基本生活救助，请核对</Text>}
          </View>
        ))}
      </View>
      {cursor && (
        <ActionButton id='apps-more' disabled={loading} onClick={() => void load(tab, cursor)}>
          {loading ? '正在加载…' : '加载更多'}
        </ActionButton>
      )}
      <ActionButton id='apps-refresh' disabled={loading} onClick={() => void load(tab)}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </Page>
  )
}
