import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { isStaff, type StaffEntrustmentSummary } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { entrustmentEndpoints, type EntrustmentFilter } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { routes } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../use-staff'
import { TabBar } from '../../components/tab-bar'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { DrillChip, drillPage, useDrillFilter } from '../../overview/drill'
import { MessagesPanel, useStaffMessages } from '../messages'
import { StaffHead } from '../../components/staff-head'
import { Pressable } from '../../components/pressable'

/** What the overview's 「委托待核实」 narrows this queue by (functions/src/routes/staff-entrustments.ts). */
const DRILL_KEYS = ['village', 'township', 'filter'] as const

const tabs: { key: EntrustmentFilter; label: string }[] = [
  { key: 'todo', label: '待核实' },
  { key: 'active', label: '进行中' },
  { key: 'ended', label: '已结束' },
]

/**
 * Entrusted care for staff. The village (and township, county) sees its queue, visits to do
 * first; a school liaison its pupils; police the entrustments they started, and their messages.
 */
export default function StaffEntrustments() {
  const user = useStaffUser()
  const [tab, setTab] = useState<EntrustmentFilter>('todo')
  const [items, setItems] = useState<StaffEntrustmentSummary[] | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  // A partner's own messages (a pupil entrusted, a placement verified): paged, never only the first page's.
  const messages = useStaffMessages()
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const careStaff = !!user && isStaff(user.role)
  const [drill, clearDrill] = useDrillFilter(DRILL_KEYS)
  const drillRef = useRef(drill)
  drillRef.current = drill

  const load = useCallback(
    async (which: EntrustmentFilter, more?: string) => {
      setLoading(true)
      setError('')
      try {
        const d = drillRef.current
        const list = d ? drillPage('/staff/entrustments', d, { filter: which }, more) : entrustmentEndpoints.staffList(which, more)
        const page = await list
        setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
        setCursor(page.nextCursor)
      } catch (e) {
        if (!redirectIfSignedOut(e)) setError(errorText(e))
      } finally {
        setLoading(false)
      }
    },
    [],
  )

  useDidShow(() => {
    void load(tab)
    if (!careStaff) void messages.load()
  })

  if (!user) return <Page />
  return (
    <Page>
      <StaffHead
        user={user}
        action={
          careStaff ? (
            <Pressable id='sent-to-inbox' className='link' role='link' onPress={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: routes.staffInbox }))}>
              返回工作台
            </Pressable>
          ) : undefined
        }
      />
      <Text className='title'>委托照护</Text>
      {user.role === 'police_officer' && (
        <ActionButton id='sent-police-new' kind='primary' onClick={() => void Taro.navigateTo({ url: routes.familyNewByPolice })}>
          为被拘留、羁押或服刑人员的孩子登记委托照护
        </ActionButton>
      )}
      {careStaff && (
        <ActionButton id='sent-care-list' size='small' onClick={() => void Taro.navigateTo({ url: routes.staffCareList })}>
          关爱名单（走访安排）
        </ActionButton>
      )}
      <View className='spacer' />

      {!careStaff && (
        <View id='sent-notifications' className='section'>
          <MessagesPanel idPrefix='sent-message' messages={messages} />
        </View>
      )}

      {careStaff && drill && (
        <DrillChip
          id='sent-drill'
          filter={drill}
          onClear={() => {
            clearDrill()
            drillRef.current = null
            setItems(null)
            void load(tab)
          }}
        />
      )}
      {careStaff && !drill && (
        <TabBar
          idPrefix='sent-tab'
          tabs={tabs}
          current={tab}
          onChange={(key) => {
            setTab(key)
            setItems(null)
            void load(key)
          }}
        />
      )}
      {error && (
        <View id='sent-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && (
        <Text id='sent-empty' className='hint'>
          这里暂时没有委托照护。
        </Text>
      )}
      <View id='sent-list'>
        {items?.map((e) => (
          <View key={e.id} id={`sent-item-${e.id}`} className='item' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: routes.staffEntrustment(e.id) })}>
            <View className='item-head'>
              <Text className='label'>{e.childNames.join('、')}</Text>
              <Text className='inbox-status' data-status={e.status}>
                {e.statusText}
              </Text>
            </View>
            <Text>
              {e.townshipName} {e.villageName} · 照护人 {e.caregiverName}
            </Text>
            <Text className='hint'>
              {e.startDate} 至 {e.endDate}
              {e.visitDate ? ` · 约定走访 ${e.visitDate}` : ''}
            </Text>
          </View>
        ))}
      </View>
      {cursor && (
        <ActionButton id='sent-more' disabled={loading} onClick={() => void load(tab, cursor)}>
          加载更多
        </ActionButton>
      )}
      <ActionButton
        id='sent-refresh'
        disabled={loading}
        onClick={() => {
          void load(tab)
          if (!careStaff) void messages.load()
        }}
      >
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </Page>
  )
}
