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
import { drillUrl } from '../drill'
import { referralRoutes } from '../../referrals/routes'
import { casesRoutes } from '../../cases/routes'
import { F2Chart, f2 as jsx } from '../f2-chart'
import '../../casework/casework.css'
import '../overview.css'

/** Chart text large enough to read on a phone (F2's default is 10 px). */
const axisStyle = { label: { fontSize: 13, fill: '#4e5359' } }
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

/**
 * One figure: a number that opens the list of the records behind it. Without a `url` it is a plain
 * number, with no role and nothing to tap: a figure no list can be narrowed to (a category; the
 * week's due visits of a township or county) must not open a list that shows something else.
 */
function Figure({ id, label, value, hint, url, alert = false }: { id: string; label: string; value: number | string; hint?: string; url?: string; alert?: boolean }) {
  const body = (
    <>
      <Text className='ov-value'>{value}</Text>
      <Text className='ov-label'>{label}</Text>
      {hint ? <Text className='ov-hint'>{hint}</Text> : null}
    </>
  )
  if (!url) {
    return (
      <View id={id} className={`ov-figure ov-figure-plain${alert ? ' ov-alert' : ''}`}>
        {body}
      </View>
    )
  }
  return (
    <Pressable id={id} className={`ov-figure${alert ? ' ov-alert' : ''}`} role='link' onPress={() => go(url)}>
      {body}
      <Text className='ov-go' aria-hidden='true'>
        ›
      </Text>
    </Pressable>
  )
}

/**
 * 工作台: the township's or county's figures (a village director sees their own village), from
 * the counters the stream keeps. A figure opens the list behind it where the list can be
 * narrowed to exactly what it counts (marked 「›」); the others are plain numbers. The county
 * taps a township to see its villages.
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
  // The lists a figure opens hold what it counts: a director's village, or the township a county
  // officer is looking at, not the whole county.
  const scope = { village: scopeVillage, township: user.role === 'county_officer' && township ? township : undefined }
  // Each level's overdue list holds what has reached it (a township a grace past due, the county two):
  // the figure that opens it counts the same, and the hint gives the rest.
  const overdueFigure =
    f && user.role === 'township_supervisor'
      ? { label: '逾期已报乡镇', value: f.visits.overdueTownship, hint: `逾期共 ${f.visits.overdue}，已报县 ${f.visits.overdueCounty}` }
      : f && user.role === 'county_officer'
        ? { label: '逾期已报县', value: f.visits.overdueCounty, hint: `逾期共 ${f.visits.overdue}，已报乡镇 ${f.visits.overdueTownship}` }
        : f && { label: '逾期未走访', value: f.visits.overdue, hint: `已报乡镇 ${f.visits.overdueTownship}，已报县 ${f.visits.overdueCounty}` }
  // The areas the bars and the table show: the county's townships, or the villages of one.
  const areas: OverviewArea[] = data ? (data.level === 'county' && !township ? data.townships : data.villages) : []
  const whole = data?.name ?? user.divisionName ?? ''
  /** A queue narrowed to a status (and, from the table, to one area): 「只看：丁湖村 · 待确认」. */
  const drill = (path: string, query: Record<string, string | undefined>, what: string, area?: OverviewArea) =>
    drillUrl(path, { ...query, ...(area ? { [area.level]: area.code } : {}) }, `${area?.name ?? whole} · ${what}`)
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
        {user.role !== 'village_director' ? (
          <Pressable id='ov-guardianships' className='ov-button' role='link' onPress={() => go(casesRoutes.guardianships)}>
            临时监护名单
          </Pressable>
        ) : null}
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
            <Figure id='ov-fig-children' label='建档儿童' value={f.children.total} url={caseworkRoutes.children(scope)} />
            {RiskColour.options.map((c) => (
              <Figure key={c} id={`ov-fig-${c}`} label={`${colourWord[c]}儿童`} value={f.children.byColour[c]} url={caseworkRoutes.children({ colour: c, ...scope })} alert={c === 'red' && f.children.byColour.red > 0} />
            ))}
            {/* The children list has no category filter: these are numbers, not links (the whole list is not what they count). */}
            {f.children.byCategory.map((k) => (
              <Figure key={k.id} id={`ov-fig-cat-${k.id}`} label={k.label} value={k.count} />
            ))}
          </View>

          <Text className='ov-section'>走访</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-overdue' label={overdueFigure!.label} value={overdueFigure!.value} hint={overdueFigure!.hint} url={caseworkRoutes.children({ overdue: true, ...scope })} alert={overdueFigure!.value > 0} />
            {/* 今天要做的 lists the week's due visits of a director's own village only (township and county staff are sent to the unfiltered children list). */}
            <Figure id='ov-fig-week' label='本周应走访' value={f.visits.dueThisWeek} url={user.role === 'village_director' ? caseworkRoutes.today : undefined} />
            <Figure id='ov-fig-red-open' label='红色未记录处置' value={f.redWithoutIntervention} url={drillUrl('/casework/children/index', { redOpen: 'true', ...scope }, `${whole} · 红色、还没记录紧急处置`)} alert={f.redWithoutIntervention > 0} />
          </View>

          <Text className='ov-section'>发现报告</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-reports-new' label='待确认' value={f.reports.received} hint={f.reports.waitingOldestMinutes !== null ? `最久已等 ${minutesText(f.reports.waitingOldestMinutes).replace('内', '')}` : undefined} url={drill(routes.staffInbox, { status: 'received' }, '待确认的反映')} alert={f.reports.received > 0} />
            <Figure id='ov-fig-reports-open' label='处理中' value={f.reports.acknowledged} url={drill(routes.staffInbox, { status: 'acknowledged' }, '处理中的反映')} />
            <Figure id='ov-fig-reports-closed' label='已办结' value={f.reports.closed} url={drill(routes.staffInbox, { status: 'closed' }, '已办结的反映')} />
            <Figure id='ov-fig-ack' label='确认用时（中位）' value={minutesText(f.reports.ackMedianMinutes)} hint={`最慢 ${minutesText(f.reports.ackSlowestMinutes, f.reports.ackSlowestOpen)}`} url={drill(routes.staffInbox, { status: 'all' }, '全部反映')} />
          </View>

          <Text className='ov-section'>委托照护与补贴申请</Text>
          <View className='ov-grid'>
            <Figure id='ov-fig-entrust' label='委托待核实' value={f.entrustments.pendingVerification} url={drill(routes.staffEntrustments, { filter: 'todo' }, '委托待核实')} alert={f.entrustments.pendingVerification > 0} />
            {f.applications
              .filter((a) => a.count > 0)
              .map((a) => (
                <Figure
                  key={a.state}
                  id={`ov-fig-app-${a.state}`}
                  label={a.label}
                  value={a.count}
                  hint={`平均 ${a.avgDaysHeld} 天${a.targetDays ? `（时限 ${a.targetDays} 天，超时 ${a.pastTarget}）` : ''}`}
                  url={drill(allowanceRoutes.staffQueue, { stage: a.state }, `补贴申请：${a.label}`)}
                  alert={a.pastTarget > 0}
                />
              ))}
            {f.referrals.map((r) => (
              <Figure key={r.department} id={`ov-fig-ref-${r.department}`} label={`转介：${r.label}`} hint='办理中' value={r.count} url={drill(referralRoutes.list, { department: r.department }, `转给${r.label}、办理中`)} />
            ))}
          </View>

          {areas.length ? (
            <>
              <Text className='ov-section'>{data!.level === 'county' && !township ? '各乡镇（点乡镇名看各村）' : '各村（社区）'}</Text>
              <AreaTable areas={areas} drill={drill} onArea={(a) => (a.level === 'township' ? setTownship(a.code) : go(village(a.code)))} />
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
                      jsx(Axis, { field: 'name', style: axisStyle }),
                      jsx(Axis, { field: 'count', style: axisStyle }),
                      jsx(Interval, { x: 'name', y: 'count', adjust: 'stack', color: { field: 'colour', range: RiskColour.options.map((c) => colourHex[c]) } }),
                      jsx(Legend, { position: 'top', nameStyle: { fontSize: 13, fill: '#1f2329' } }),
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
                children: [jsx(Axis, { field: 'week', style: axisStyle }), jsx(Axis, { field: 'overdue', style: axisStyle }), jsx(Line, { x: 'week', y: 'overdue', color: '#c0261b' }), jsx(Point, { x: 'week', y: 'overdue', color: '#c0261b' })],
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

/** The breakdown as a table: the chart's text alternative, and each number opens its list, narrowed to that area. */
function AreaTable({ areas, onArea, drill }: { areas: OverviewArea[]; onArea: (a: OverviewArea) => void; drill: (path: string, query: Record<string, string | undefined>, what: string, area?: OverviewArea) => string }) {
  const cells = (a: OverviewArea, fig: OverviewFigures): { key: string; text: string; url?: string; alert?: boolean }[] => {
    const village = a.level === 'village' ? a.code : undefined
    // A township row's children open that township's list (`?township=`, read from its own index
    // partition on the server), 「只看：丁湖镇 · 红色儿童」; a village row's open the village's.
    const children = (what: string, filter: { colour?: string; overdue?: boolean } = {}) =>
      village
        ? caseworkRoutes.children({ village, ...filter })
        : a.level === 'township'
          ? drill(caseworkRoutes.children(), { colour: filter.colour, overdue: filter.overdue ? '1' : undefined }, what, a)
          : undefined
    const openApplications = fig.applications.reduce((s, x) => s + x.count, 0)
    const openReferrals = fig.referrals.reduce((s, x) => s + x.count, 0)
    return [
      { key: 'children', text: `儿童 ${fig.children.total}`, url: children('儿童') },
      { key: 'red', text: `红色 ${fig.children.byColour.red}`, url: children('红色儿童', { colour: 'red' }) },
      { key: 'overdue', text: `逾期 ${fig.visits.overdue}`, url: children('逾期未走访', { overdue: true }), alert: fig.visits.overdue > 0 },
      { key: 'reports', text: `待确认 ${fig.reports.received}`, url: drill(routes.staffInbox, { status: 'received' }, '待确认的反映', a), alert: fig.reports.received > 0 },
      { key: 'entrust', text: `待核实 ${fig.entrustments.pendingVerification}`, url: drill(routes.staffEntrustments, { filter: 'todo' }, '委托待核实', a) },
      { key: 'apps', text: `申请 ${openApplications}`, url: drill(allowanceRoutes.staffQueue, { stage: 'all' }, '补贴申请', a) },
      { key: 'referrals', text: `转介 ${openReferrals}`, url: drill(referralRoutes.list, {}, '办理中的转介', a) },
    ]
  }
  return (
    <View id='ov-areas' className='ov-table'>
      {areas.map((a) => (
        <View key={a.code} id={`ov-area-${a.code}`} className='ov-row'>
          <Pressable id={`ov-area-${a.code}-open`} className='ov-cell ov-name' role={a.level === 'township' ? 'button' : 'link'} label={a.level === 'township' ? `看${a.name}各村` : `${a.name}的儿童`} onPress={() => onArea(a)}>
            {a.name}
          </Pressable>
          {cells(a, a.figures).map((c) =>
            c.url ? (
              <Pressable key={c.key} id={`ov-area-${a.code}-${c.key}`} className={`ov-cell ov-link${c.alert ? ' ov-link-alert' : ''}`} role='link' label={`${a.name} ${c.text}，查看名单`} onPress={() => go(c.url!)}>
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
