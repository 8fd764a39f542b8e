import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Axis, Chart, Interval, Legend, Line, Point } from '@antv/f2'
import { type Overview, type OverviewArea, type OverviewFigures, RiskColour } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { Page } from '../../components/page'
import { Pressable } from '../../components/pressable'
import { colourWord } from '../../components/colour-words'
import { allowanceRoutes, param, routes } from '../../routes'
import { caseworkRoutes } from '../../casework/routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { StaffHead } from '../../casework/parts'
import { overviewEndpoints } from '../api'
import { F2Chart, f2 as jsx } from '../f2-chart'
import '../../casework/casework.css'
import '../overview.css'

const colourHex: Record<RiskColour, string> = { red: '#c0261b', yellow: '#b88600', blue: '#1a5fb4', green: '#1a7f55' }
/** Where the ledgers download (built by the exports work, issue #12). */
const EXPORTS_PAGE = '/exports/index/index'

const go = (url: string) => void Taro.navigateTo({ url })

/** 「更新于 11月28日 09:30」 in China time. */
function updatedText(iso?: string): string {
  if (!iso) return '还没有统计数据'
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `更新于 ${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
function minutesText(m: number | null, open = false): string {
  if (m === null) return '—'
  if (open) return '超过 30 天'
  if (m < 60) return `${m} 分钟内`
  if (m < 1440) return `${Math.round(m / 60)} 小时内`
  return `${Math.round(m / 1440)} 天内`
}

/** One figure: a number that opens the list of the records behind it. */
function Figure({ id, label, value, hint, url, alert = false }: { id: string; label: string; value: number | string; hint?: string; url: string; alert?: boolean }) {
  return (
    <Pressable id={id} className={`ov-figure${alert ? ' ov-alert' : ''}`} role='link' onPress={() => go(url)}>
      <Text className='ov-value'>{value}</Text>
      <Text className='ov-label'>{label}</Text>
      {hint ? <Text className='ov-hint'>{hint}</Text> : null}
    </Pressable>
  )
}

/**
 * 工作台: the township's or county's figures (a village director sees their own village), from
 * the counters the stream keeps. Every figure opens the list behind it; the county taps a
 * township to see its villages.
 */
export default function OverviewPage() {
  const user = useStaffUser()
  const params = useRouter().params
  const [township, setTownship] = useState(param(params.township))
  const [data, setData] = useState<Overview | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    try {
      setData(await overviewEndpoints.get(user?.role === 'county_officer' ? township || undefined : undefined))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [township, user?.role])
  useEffect(() => {
    if (user) void load()
  }, [user, load])

  if (!user) return <Page />
  const f = data?.figures
  const village = (v: string) => caseworkRoutes.children({ village: v })
  const scopeVillage = user.role === 'village_director' ? user.divisionCode : undefined
  // The areas the bars and the table show: the county's townships, or the villages of one.
  const areas: OverviewArea[] = data ? (data.level === 'county' && !township ? data.townships : data.villages) : []
  const barData = areas.flatMap((a) => RiskColour.options.map((c) => ({ name: a.name, colour: colourWord[c], count: a.figures.children.byColour[c] })))
  const barSummary = areas.length
    ? `各${data?.level === 'county' && !township ? '乡镇' : '村'}儿童按风险颜色：` + areas.map((a) => `${a.name}${RiskColour.options.map((c) => `${colourWord[c]}${a.figures.children.byColour[c]}人`).join('、')}`).join('；')
    : '暂无数据'
  const trend = data?.trend ?? []
  const trendSummary = trend.length ? '每周逾期未走访人数：' + trend.map((p) => `${p.live ? '今天' : `${p.week} 那周`}${p.overdue}人`).join('；') : '暂无数据'

  return (
    <Page id='overview-page' className='ov'>
      <StaffHead user={user} />
      <View className='ov-title-row'>
        <Text className='title' id='ov-title'>
          {data?.name ?? user.divisionName ?? '工作台'}
        </Text>
        <Text id='ov-updated' className='hint'>
          {data ? updatedText(data.updatedAt) : loading ? '正在读取…' : ''}
        </Text>
      </View>
      <View className='ov-actions'>
        <Pressable id='ov-export' className='ov-button' role='link' onPress={() => go(EXPORTS_PAGE)}>
          导出台账
        </Pressable>
        <Pressable id='ov-refresh' className='ov-button' onPress={() => void load()} disabled={loading}>
          {loading ? '正在刷新…' : '刷新'}
        </Pressable>
      </View>
      {error ? (
        <View id='ov-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      ) : null}
      {township && data?.level === 'county' ? (
        <Pressable id='ov-back-county' className='ov-crumb' role='button' onPress={() => setTownship('')}>
          ← 返回全县 · 正在看 {data.villages[0] ? (data.townships.find((t) => t.code === township)?.name ?? '') : ''}
        </Pressable>
      ) : null}

      {f ? (
        <>
          <Text className='ov-section'>儿童</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-children' label='建档儿童' value={f.children.total} url={caseworkRoutes.children({ village: scopeVillage })} />
            {RiskColour.options.map((c) => (
              <Figure key={c} id={`ov-fig-${c}`} label={`${colourWord[c]}儿童`} value={f.children.byColour[c]} url={caseworkRoutes.children({ colour: c, village: scopeVillage })} alert={c === 'red' && f.children.byColour.red > 0} />
            ))}
            {f.children.byCategory.map((k) => (
              <Figure key={k.id} id={`ov-fig-cat-${k.id}`} label={k.label} value={k.count} url={caseworkRoutes.children({ village: scopeVillage })} />
            ))}
          </View>

          <Text className='ov-section'>走访</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-overdue' label='逾期未走访' value={f.visits.overdue} hint={`已报乡镇 ${f.visits.overdueTownship}，已报县 ${f.visits.overdueCounty}`} url={caseworkRoutes.children({ overdue: true, village: scopeVillage })} alert={f.visits.overdue > 0} />
            <Figure id='ov-fig-week' label='本周应走访' value={f.visits.dueThisWeek} url={caseworkRoutes.today} />
            <Figure id='ov-fig-red-open' label='红色未记录处置' value={f.redWithoutIntervention} url={caseworkRoutes.children({ colour: 'red', village: scopeVillage })} alert={f.redWithoutIntervention > 0} />
          </View>

          <Text className='ov-section'>发现报告</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-reports-new' label='待确认' value={f.reports.received} hint={f.reports.waitingOldestMinutes !== null ? `最久已等 ${minutesText(f.reports.waitingOldestMinutes).replace('内', '')}` : undefined} url={routes.staffInbox} alert={f.reports.received > 0} />
            <Figure id='ov-fig-reports-open' label='处理中' value={f.reports.acknowledged} url={routes.staffInbox} />
            <Figure id='ov-fig-reports-closed' label='已办结' value={f.reports.closed} url={routes.staffInbox} />
            <Figure id='ov-fig-ack' label='确认用时（中位）' value={minutesText(f.reports.ackMedianMinutes)} hint={`最慢 ${minutesText(f.reports.ackSlowestMinutes, f.reports.ackSlowestOpen)}`} url={routes.staffInbox} />
          </View>

          <Text className='ov-section'>委托照护与补贴申请</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-entrust' label='委托待核实' value={f.entrustments.pendingVerification} url={routes.staffEntrustments} alert={f.entrustments.pendingVerification > 0} />
            {f.applications
              .filter((a) => a.count > 0)
              .map((a) => (
                <Figure
                  key={a.state}
                  id={`ov-fig-app-${a.state}`}
                  label={a.label}
                  value={a.count}
                  hint={`平均 ${a.avgDaysHeld} 天${a.targetDays ? `（时限 ${a.targetDays} 天，超时 ${a.pastTarget}）` : ''}`}
                  url={allowanceRoutes.staffQueue}
                  alert={a.pastTarget > 0}
                />
              ))}
            {f.referrals.map((r) => (
              <Figure key={r.department} id={`ov-fig-ref-${r.department}`} label={`转介：${r.label}`} value={r.count} url={routes.staffInbox} />
            ))}
          </View>

          {areas.length ? (
            <>
              <Text className='ov-section'>{data!.level === 'county' && !township ? '各乡镇（点乡镇名看各村）' : '各村（社区）'}</Text>
              <AreaTable areas={areas} onArea={(a) => (a.level === 'township' ? setTownship(a.code) : go(village(a.code)))} />
              <Text className='ov-section'>儿童风险颜色分布</Text>
              <F2Chart
                id='ov-bar'
                height={Math.max(160, areas.length * 28 + 60)}
                summary={barSummary}
                dataKey={JSON.stringify(barData)}
                build={() =>
                  jsx(Chart, {
                    data: barData,
                    coord: { transposed: true },
                    scale: { count: { min: 0 } },
                    children: [
                      jsx(Axis, { field: 'name' }),
                      jsx(Axis, { field: 'count' }),
                      jsx(Interval, { x: 'name', y: 'count', adjust: 'stack', color: { field: 'colour', range: RiskColour.options.map((c) => colourHex[c]) } }),
                      jsx(Legend, { position: 'top' }),
                    ],
                  })
                }
              />
            </>
          ) : null}

          {data!.byDirector.length ? (
            <>
              <Text className='ov-section'>各儿童主任</Text>
              <View id='ov-directors' className='ov-table'>
                {data!.byDirector.map((d) => (
                  <Pressable key={d.id} id={`ov-director-${d.id}`} className='ov-row' role='link' onPress={() => go(caseworkRoutes.children({ village: d.villageCode, overdue: true }))}>
                    <Text className='ov-cell ov-name'>
                      {d.name} · {d.villageName}
                    </Text>
                    <Text className='ov-cell'>逾期 {d.overdue}</Text>
                    <Text className='ov-cell'>本周 {d.dueThisWeek}</Text>
                  </Pressable>
                ))}
              </View>
            </>
          ) : null}

          <Text className='ov-section'>每周逾期未走访</Text>
          <F2Chart
            id='ov-trend'
            height={180}
            summary={trendSummary}
            dataKey={JSON.stringify(trend)}
            build={() =>
              jsx(Chart, {
                data: trend.map((p) => ({ week: p.live ? '今天' : p.week.slice(5), overdue: p.overdue })),
                scale: { overdue: { min: 0 } },
                children: [jsx(Axis, { field: 'week' }), jsx(Axis, { field: 'overdue' }), jsx(Line, { x: 'week', y: 'overdue', color: '#c0261b' }), jsx(Point, { x: 'week', y: 'overdue', color: '#c0261b' })],
              })
            }
          />
          <Text id='ov-trend-text' className='hint'>
            {trendSummary}
          </Text>
        </>
      ) : null}
    </Page>
  )
}

/** The breakdown as a table: the chart's text alternative, and each number opens its list. */
function AreaTable({ areas, onArea }: { areas: OverviewArea[]; onArea: (a: OverviewArea) => void }) {
  const cells = (a: OverviewArea, fig: OverviewFigures) => [
    { key: 'children', text: `儿童 ${fig.children.total}` },
    { key: 'red', text: `红色 ${fig.children.byColour.red}` },
    { key: 'overdue', text: `逾期 ${fig.visits.overdue}` },
  ]
  return (
    <View id='ov-areas' className='ov-table'>
      {areas.map((a) => (
        <View key={a.code} id={`ov-area-${a.code}`} className='ov-row'>
          <Pressable id={`ov-area-${a.code}-open`} className='ov-cell ov-name' role={a.level === 'township' ? 'button' : 'link'} label={a.level === 'township' ? `看${a.name}各村` : `${a.name}的儿童`} onPress={() => onArea(a)}>
            {a.name}
          </Pressable>
          {cells(a, a.figures).map((c) =>
            c.key === 'overdue' && a.level === 'village' ? (
              <Pressable key={c.key} id={`ov-area-${a.code}-overdue`} className='ov-cell ov-link' role='link' label={`${a.name} ${c.text}，查看名单`} onPress={() => go(caseworkRoutes.children({ village: a.code, overdue: true }))}>
                {c.text}
              </Pressable>
            ) : (
              <Text key={c.key} className='ov-cell'>
                {c.text}
              </Text>
            ),
          )}
        </View>
      ))}
    </View>
  )
}
