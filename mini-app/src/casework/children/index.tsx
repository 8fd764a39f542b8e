import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { RiskColour, chinaToday, type ChildList, type ChildListItem, type Division, type OverdueList } from '@shouhu/shared'
import { endpoints, errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { pressable } from '../../components/a11y'
import { ChoiceGroup } from '../../components/choice-group'
import { colourWord } from '../../components/colour-tag'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { TabBar } from '../../components/tab-bar'
import { param, routes } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ChildCard, ErrorBox, StaffHead } from '../parts'
import { caseworkRoutes } from '../routes'
import { DrillChip, type DrillFilter, drillPage } from '../../overview/drill'
import { groupsInView, villageNameIn, type VillageGroup } from './village-choices'
import { VillageFilter } from './village-filter'
import '../casework.css'
import './children.css'

type Tab = 'all' | 'overdue'
const tabs = [
  { key: 'all' as const, label: '全部儿童' },
  { key: 'overdue' as const, label: '逾期未走访' },
]
type ColourFilter = RiskColour | 'any'
const colourOptions = ['any', ...RiskColour.options] as const
const colourLabels: Record<ColourFilter, string> = { any: '全部颜色', ...colourWord }

/**
 * The children of an area: a village director's whole village, a township's or county's
 * villages, filterable by village and colour, with the overdue children and how many each
 * village and each director has (the township sees them after the grace period). The list
 * starts within the first screen: the overdue breakdown and the choice of village open on tap.
 */
export default function Children() {
  const user = useStaffUser()
  const params = useRouter().params
  const [tab, setTab] = useState<Tab>(params.overdue ? 'overdue' : 'all')
  const [village, setVillage] = useState(param(params.village))
  // 「只看：丁湖镇 · 红色儿童」 from the overview's township row: the server reads that township's children.
  const [township, setTownship] = useState(param(params.township))
  const townshipLabel = param(params.only) || '这个乡镇（街道）'
  const [colour, setColour] = useState<ColourFilter>((param(params.colour) as RiskColour) || 'any')
  // 「红色未记录处置」 from the overview: red children whose intervention is not recorded (the server filters).
  const [redOpen, setRedOpen] = useState<DrillFilter | null>(
    param(params.redOpen) === 'true' ? { query: { redOpen: 'true' }, label: param(params.only) || '红色、还没记录紧急处置的孩子' } : null,
  )
  const [villageGroups, setVillageGroups] = useState<VillageGroup[]>([])
  const [summaryOpen, setSummaryOpen] = useState(false)
  const [items, setItems] = useState<ChildListItem[] | null>(null)
  const [summary, setSummary] = useState<OverdueList | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  // The villages to filter by: a township's own; a county's, by township.
  useEffect(() => {
    const code = user?.divisionCode
    if (!code || user.role === 'village_director') return
    const load = async (): Promise<VillageGroup[]> => {
      if (user.role === 'township_supervisor') {
        const town: Division = { code, name: user.divisionName ?? '', level: 'township', parentCode: '', hasChildren: true }
        return [{ town, villages: (await endpoints.divisions(code)).items }]
      }
      const towns = (await endpoints.divisions(code)).items
      return Promise.all(towns.map((t) => endpoints.divisions(t.code).then((r) => ({ town: t, villages: r.items }))))
    }
    load()
      .then(setVillageGroups)
      .catch(() => setVillageGroups([]))
  }, [user?.divisionCode, user?.divisionName, user?.role])

  const fetchPage = useCallback(
    async (next?: string) => {
      const c = colour === 'any' ? undefined : colour
      if (tab === 'overdue') {
        const page = await childEndpoints.overdue({ village: village || undefined, township: township || undefined, colour: c, cursor: next })
        return { page: page.items, nextCursor: page.nextCursor, summary: page }
      }
      const page = redOpen
        ? await drillPage('/staff/children', redOpen, { village: village || undefined, township: township || undefined, colour: c }, next)
        : await childEndpoints.list({ village: village || undefined, township: township || undefined, colour: c, cursor: next })
      return { page: page.items, nextCursor: page.nextCursor, summary: undefined }
    },
    [tab, village, township, colour, redOpen],
  )

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    try {
      const [r, s] = await Promise.all([fetchPage(), tab === 'overdue' ? Promise.resolve(undefined) : childEndpoints.overdue({ village: village || undefined, township: township || undefined }).catch(() => undefined)])
      setItems(r.page)
      setCursor(r.nextCursor)
      setSummary(r.summary ?? s ?? null)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [fetchPage, tab, village, township])

  useEffect(() => {
    if (user) void load()
  }, [load, user])
  useDidShow(() => {
    if (items) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  async function more() {
    if (!cursor || loading) return
    setLoading(true)
    try {
      const r = await fetchPage(cursor)
      setItems((prev) => [...(prev ?? []), ...r.page.filter((c) => !(prev ?? []).some((p) => p.id === c.id))])
      setCursor(r.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }

  if (!user) return <View className='page' />
  const today = chinaToday()
  const isDirector = user.role === 'village_director'
  // Narrowed to a township, the village choices are that township's villages.
  const shownGroups = groupsInView(villageGroups, township)
  const villageName = (code: string) => villageNameIn(villageGroups, code) ?? summary?.byVillage.find((v) => v.code === code)?.name ?? code
  const breakdown = Boolean(summary && (summary.byVillage.length > 0 || summary.byDirector.length > 0))

  return (
    <View className='page'>
      <StaffHead user={user} />
      <Text className='title'>儿童档案</Text>
      <View className='cw-links'>
        {isDirector ? (
          <Pressable id='children-today' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.today })}>
            今天要做的
          </Pressable>
        ) : (
          <Pressable id='children-confirmations' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.confirmations })}>
            等待确认的等级
          </Pressable>
        )}
        <Pressable id='children-enrol' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.enrol() })}>
          摸排建档
        </Pressable>
        {user.role === 'county_officer' && (
          <Pressable id='children-import' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.import })}>
            导入台账（Excel）
          </Pressable>
        )}
        <Pressable id='children-inbox' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: routes.staffInbox })}>
          村民反映的情况
        </Pressable>
        <Pressable id='children-closed' className='cw-link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.closed })}>
          已结档的档案
        </Pressable>
      </View>

      {summary && (
        <View id='children-overdue-summary' className='section cw-summary'>
          {/* One line; the breakdown (as many rows as villages behind) opens on tap, so the list stays on the first screen. */}
          <View id='children-overdue-toggle' className='cw-summary-head' {...(breakdown ? pressable(() => setSummaryOpen(!summaryOpen), 'button', { expanded: summaryOpen }) : {})}>
            <Text className='section-title'>
              逾期未走访：<Text id='children-overdue-total'>{summary.total}</Text> 人
            </Text>
            {breakdown && (
              <Text className='cw-summary-more'>
                {summary.byDirector.length > 0 ? '按村、按儿童主任看' : '按村看'}
                <Text className='cw-select-arrow' aria-hidden='true'>
                  {summaryOpen ? '▲' : '▼'}
                </Text>
              </Text>
            )}
          </View>
          {summaryOpen && summary.byVillage.length > 0 && <Text className='label'>按村</Text>}
          {summaryOpen && summary.byVillage.map((v) => (
            <Pressable key={v.code} id={`children-overdue-village-${v.code}`} className='cw-table-row' role='button' onPress={() => {
              setVillage(v.code)
              setTownship('')
              setTab('overdue')
              setSummaryOpen(false)
            }}>
              <Text>{v.name}</Text>
              <Text className={`cw-count ${v.count === 0 ? 'cw-count-zero' : ''}`}>{v.count}</Text>
            </Pressable>
          ))}
          {summaryOpen && summary.byDirector.length > 0 && <Text className='label'>按儿童主任</Text>}
          {summaryOpen && summary.byDirector.map((d) => (
            <View key={d.id} id={`children-overdue-director-${d.id}`} className='cw-table-row'>
              <Text>
                {d.name}（{villageName(d.villageCode)}）
              </Text>
              <Text className={`cw-count ${d.count === 0 ? 'cw-count-zero' : ''}`}>{d.count}</Text>
            </View>
          ))}
        </View>
      )}

      {township && (
        <DrillChip
          id='children-township'
          filter={{ query: { township }, label: townshipLabel }}
          onClear={() => {
            setItems(null)
            setTownship('')
          }}
        />
      )}
      {redOpen && tab === 'all' && (
        <DrillChip
          id='children-drill'
          filter={redOpen}
          onClear={() => {
            setItems(null)
            setRedOpen(null)
          }}
        />
      )}
      <TabBar
        idPrefix='children-tab'
        tabs={tabs}
        current={tab}
        onChange={(t) => {
          setItems(null)
          setTab(t)
        }}
      />
      {!isDirector && shownGroups.length > 0 && (
        <VillageFilter
          groups={shownGroups}
          value={village}
          valueName={village ? villageName(village) : ''}
          onChange={(v) => {
            if (v !== village) setItems(null)
            setVillage(v)
            // A village is narrower than the township: the server takes one or the other.
            if (v) setTownship('')
          }}
        />
      )}
      {/* 「全部颜色 红色 黄色…」 say what they filter: one row, no heading line above the list. */}
      <View className='cw-filter-row cw-colour-row'>
        <ChoiceGroup idPrefix='children-colour' label='按颜色筛选' options={colourOptions} labels={colourLabels} value={colour} onChange={setColour} />
      </View>

      <ErrorBox id='children-error' message={error} />
      {items === null && loading && <Text className='hint'>正在加载…</Text>}
      {items && items.length === 0 && (
        <Text id='children-empty' className='hint'>
          {tab === 'overdue' ? '没有逾期未走访的孩子。' : '没有符合条件的孩子。'}
        </Text>
      )}
      <View id='children-list'>
        {items?.map((c) => (
          <ChildCard key={c.id} idPrefix='children-item' child={c} today={today} />
        ))}
      </View>
      <LoadMore id='children-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void more()} />
      <ActionButton id='children-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </View>
  )
}
