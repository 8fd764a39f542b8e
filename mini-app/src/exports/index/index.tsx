import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  type CreateExport,
  type ExportJob,
  type ExportKind,
  type StaffRole,
  chinaToday,
  exportKindHint,
  exportKindLabel,
  exportStateLabel,
} from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { LoadMore } from '../../components/load-more'
import { Page } from '../../components/page'
import { DateField } from '../../components/text-field'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { downloadExport } from '../download'
import { exportRoutes } from '../routes'

/**
 * 台账导出 (issue #12): the officer chooses a ledger, sets its period or month, taps 「生成」 and
 * sees it being written in the list below; when ready, 「下载」 fetches it through the API.
 */
const POLL_MS = 1500

const exportsApi = {
  list: (cursor?: string) => api.get('/staff/exports', { auth: 'staff', query: { limit: '10', cursor } }),
  create: (body: CreateExport, idempotencyKey: string) => api.post('/staff/exports', { auth: 'staff', body, idempotencyKey }),
}

/** The ledgers each level takes out (the server checks the same). */
const kindsFor: Record<StaffRole, ExportKind[]> = {
  village_director: ['children', 'visits', 'reports'],
  township_supervisor: ['children', 'visits', 'reports', 'allowances', 'directors'],
  county_officer: ['children', 'visits', 'reports', 'allowances', 'payments', 'directors', 'spot_check'],
}

type ColourChoice = 'all' | 'red' | 'yellow' | 'blue' | 'green'
const colourChoiceLabel: Record<ColourChoice, string> = { all: '全部', red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' }

const timeText = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

function progressText(e: ExportJob): string {
  if (e.state === 'done') return `共 ${e.rows} 行`
  if (e.state === 'failed') return e.failure ?? '没有生成，请重新生成'
  if (e.state === 'running') return e.rows ? `已写入 ${e.rows} 行…` : '正在生成…'
  return '排队中，马上开始'
}

export default function Exports() {
  const user = useStaffUser()
  const today = chinaToday()
  const thisYear = Number(today.slice(0, 4))
  const [kind, setKind] = useState<ExportKind>('children')
  const [colour, setColour] = useState<ColourChoice>('all')
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`)
  const [to, setTo] = useState(today)
  const [month, setMonth] = useState(today.slice(0, 7))
  const [year, setYear] = useState(String(thisYear))
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})
  const [formError, setFormError] = useState('')
  const [key, setKey] = useState(() => newIdempotencyKey())
  const [items, setItems] = useState<ExportJob[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [listError, setListError] = useState('')
  const [downloadError, setDownloadError] = useState('')
  const alive = useRef(true)
  useEffect(() => () => void (alive.current = false), [])

  const load = useCallback(async (next?: string) => {
    setLoading(true)
    setListError('')
    try {
      const page = await exportsApi.list(next)
      if (!alive.current) return
      setItems((prev) => (next ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setListError(errorText(e))
    } finally {
      if (alive.current) setLoading(false)
    }
  }, [])

  useDidShow(() => void load())
  useEffect(() => void load(), [load])

  // While anything is being written, ask again now and then: the list shows its progress.
  const pending = items.some((e) => e.state === 'queued' || e.state === 'running')
  useEffect(() => {
    if (!pending) return
    const timer = setTimeout(() => void load(), POLL_MS)
    return () => clearTimeout(timer)
  }, [pending, items, load])

  if (!user) return null
  const role = user.role as StaffRole
  const kinds = kindsFor[role] ?? []

  const filter = (): Record<string, unknown> => {
    if (kind === 'children') return colour === 'all' ? {} : { colour }
    if (kind === 'visits' || kind === 'reports') return { from, to }
    if (kind === 'payments') return { month }
    if (kind === 'spot_check') return { year: Number(year) }
    return {}
  }

  const generate = async () => {
    setFormError('')
    setFieldErrors({})
    try {
      // The form builds the filter for the chosen kind; the server checks it against CreateExport.
      const job = await exportsApi.create({ kind, filter: filter() } as CreateExport, key)
      setKey(newIdempotencyKey())
      setItems((prev) => [job, ...prev.filter((e) => e.id !== job.id)])
      void Taro.showToast({ title: '已开始生成', icon: 'none' })
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fields = (e as { fields?: { field: string; message: string }[] }).fields ?? []
      if (fields.length) {
        const byField: Record<string, string[]> = {}
        for (const f of fields) (byField[f.field] ??= []).push(f.message)
        setFieldErrors(byField)
      } else setFormError(errorText(e))
    }
  }

  const download = async (e: ExportJob) => {
    setDownloadError('')
    try {
      await downloadExport(e.id, e.fileName ?? `${e.title}.xlsx`)
    } catch (err) {
      if (!redirectIfSignedOut(err)) setDownloadError(errorText(err))
    }
  }

  const years = [thisYear, thisYear - 1, thisYear - 2].map(String) as string[]
  const yearLabels = Object.fromEntries(years.map((y) => [y, `${y}年`])) as Record<string, string>

  return (
    <Page id='exports-page'>
      <View className='section'>
        <View className='section-title' role='heading' aria-level={1}>
          <Text>台账导出</Text>
        </View>
        <Text className='hint'>选择要导出的台账，点「生成」。表格在后台生成，好了以后在下面的列表里点「下载」。只包含您负责的地区。</Text>
        <Text className='label'>要导出哪一种台账</Text>
        <ChoiceGroup idPrefix='export-kind' label='要导出哪一种台账' options={kinds} labels={exportKindLabel} value={kind} onChange={setKind} />
        <Text id='export-kind-hint' className='hint'>
          {exportKindHint[kind]}
        </Text>

        {kind === 'children' && (
          <>
            <Text className='label'>风险等级</Text>
            <ChoiceGroup idPrefix='export-colour' label='风险等级' options={['all', 'red', 'yellow', 'blue', 'green'] as ColourChoice[]} labels={colourChoiceLabel} value={colour} onChange={setColour} />
          </>
        )}
        {(kind === 'visits' || kind === 'reports') && (
          <>
            <DateField id='export-from' label='开始日期' value={from} onChange={setFrom} end={today} errors={fieldErrors['filter.from']} />
            <DateField id='export-to' label='结束日期' value={to} onChange={setTo} end={today} errors={fieldErrors['filter.to']} />
          </>
        )}
        {kind === 'payments' && <DateField id='export-month' label='发放月份' fields='month' value={month} onChange={setMonth} errors={fieldErrors['filter.month']} />}
        {kind === 'spot_check' && (
          <>
            <Text className='label'>抽查年度</Text>
            <ChoiceGroup idPrefix='export-year' label='抽查年度' options={years} labels={yearLabels} value={year} onChange={setYear} />
          </>
        )}
        {Object.entries(fieldErrors)
          .filter(([f]) => !['filter.from', 'filter.to', 'filter.month'].includes(f))
          .map(([f, m]) => (
            <View key={f} className='error-box' role='alert'>
              <Text>{m.join('；')}</Text>
            </View>
          ))}
        {formError && (
          <View id='export-error' className='error-box' role='alert'>
            <Text>{formError}</Text>
          </View>
        )}
        <ActionButton id='export-generate' kind='primary' size='big' onClick={generate}>
          生成
        </ActionButton>
        {role === 'county_officer' && (
          <ActionButton id='export-open-spot-check' onClick={() => Taro.navigateTo({ url: exportRoutes.spotCheck })}>
            档案年度抽查
          </ActionButton>
        )}
      </View>

      <View className='section' aria-live='polite'>
        <View className='section-title' role='heading' aria-level={2}>
          <Text>我导出的台账</Text>
        </View>
        {listError && (
          <View id='exports-list-error' className='error-box' role='alert'>
            <Text>{listError}</Text>
          </View>
        )}
        {downloadError && (
          <View id='exports-download-error' className='error-box' role='alert'>
            <Text>{downloadError}</Text>
          </View>
        )}
        <View id='exports-list' role='list' aria-label='我导出的台账'>
          {items.map((e) => (
            <View key={e.id} id={`export-${e.id}`} className='item' role='listitem' data-state={e.state}>
              <Text className='label'>{e.title}</Text>
              <Text className='hint'>
                {timeText(e.createdAt)} · {exportStateLabel[e.state]}
              </Text>
              <Text id={`export-progress-${e.id}`} className='hint'>
                {progressText(e)}
              </Text>
              {e.state === 'done' && (
                <ActionButton id={`export-download-${e.id}`} size='small' label={`下载${e.title}`} onClick={() => download(e)}>
                  下载
                </ActionButton>
              )}
            </View>
          ))}
        </View>
        {!loading && items.length === 0 && !listError && (
          <Text id='exports-empty' className='hint'>
            还没有导出过台账。
          </Text>
        )}
        <LoadMore id='exports-more' hasMore={!!cursor} loading={loading} count={items.length} onMore={() => void load(cursor)} />
      </View>
    </Page>
  )
}
