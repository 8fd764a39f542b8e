import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { reportStatusLabel, type ResidentReportView } from '@shouhu/shared'
import { ApiRequestError, endpoints, errorText } from '../../api/client'
import { DevLoginChooser } from '../../components/dev-login'
import { formatDate } from '../../format'
import { mergeMyReports, type LocalFetch, type MyReportRow, type StoredReport } from '../../my-reports'
import { routes } from '../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { readStored } from '../../storage'
import { ActionButton } from '../../components/action-button'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { SubscribePrompt } from '../../wechat/subscribe'

/** Few at a time: on a weak signal many parallel requests all time out together. */
async function fetchStored(list: readonly StoredReport[], concurrency = 3): Promise<LocalFetch[]> {
  const results: LocalFetch[] = list.map((stored) => ({ stored }))
  let next = 0
  async function worker() {
    while (next < list.length) {
      const i = next++
      const stored = list[i]!
      try {
        results[i] = { stored, view: await endpoints.trackReport(stored.trackingCode, stored.accessToken) }
      } catch {
        // Shown without a status; the resident can still open it and retry there.
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker))
  return results
}

/** What a report was about, in the words the reporter ticked: the first two, then how many more. */
function aboutText(view: ResidentReportView): string {
  const labels = view.situations.map((s) => s.label)
  if (labels.length <= 2) return labels.join('；')
  return `${labels.slice(0, 2).join('；')} 等 ${labels.length} 项`
}

export default function Mine() {
  const [rows, setRows] = useState<MyReportRow[] | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [resident, setResident] = useState(() => currentUser('resident'))

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    const local = readStored('myReports') ?? []
    // Named reports are listed by the server for this account; anonymous ones only exist here.
    const serverList = (async (): Promise<ResidentReportView[]> => {
      const session = await ensureResidentSession().catch(() => undefined)
      if (!session) return []
      setResident(session.user)
      return (await endpoints.myReports()).items
    })()
    const [server, fetched] = await Promise.all([
      serverList.catch((e) => {
        // Not signed in is not a failure here: anonymous reports are listed from this phone.
        if (!(e instanceof ApiRequestError && e.status === 401)) setError(errorText(e))
        return []
      }),
      fetchStored(local),
    ])
    setRows(mergeMyReports(server, fetched))
    setLoading(false)
  }, [])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <Page>
      <Text className='title'>我反映过的情况</Text>
      {/* Each 「允许」 is one WeChat message: asked again here for the next step (taken up, closed). */}
      {resident && <SubscribePrompt topic='report' />}
      {usesDevLogin && !resident && (
        <DevLoginChooser
          onSignedIn={(r) => {
            setResident(r.user)
            void load()
          }}
        />
      )}
      {error && (
        <View className='error-box'>
          <Text>没能取到用实名反映的记录：{error}</Text>
        </View>
      )}
      {rows === null && <Text className='hint'>正在加载…</Text>}
      {rows && rows.length === 0 && (
        <View className='section'>
          <Text>这台手机上还没有反映过的情况。</Text>
        </View>
      )}
      {rows?.map((row) => {
        const view = row.view
        const about = view ? aboutText(view) : ''
        const tone = !view ? 'status-unknown' : view.status === 'closed' ? 'status-good' : 'status-neutral'
        return (
          <View
            key={row.id}
            id={`my-report-${row.id}`}
            className='item'
            // No aria-label: the row is named by what it shows (the 查询码 and the receipt line
            // too), so what a screen reader says matches what a sighted helper reads out.
            {...tapTarget('link')}
            onClick={() => Taro.navigateTo({ url: routes.status(row.trackingCode) })}
          >
            <View className='item-head'>
              <Text id={`my-report-about-${row.id}`} className='label'>
                {about || `查询码 ${row.trackingCode}`}
              </Text>
              <Text id={`my-report-status-${row.id}`} className={`status-text ${tone}`}>
                {view ? view.statusText || reportStatusLabel[view.status] : '暂时查不到进度'}
              </Text>
            </View>
            <Text className='hint'>
              {[view?.villageName, formatDate(row.createdAt)].filter(Boolean).join(' · ')}
            </Text>
            <Text className='hint'>查询码 {row.trackingCode}</Text>
            {view?.dutyReceipt && <Text className='hint'>有强制报告回执，点开查看</Text>}
          </View>
        )
      })}
      <ActionButton id='mine-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
      <ActionButton onClick={() => Taro.navigateTo({ url: routes.reportNew })}>
        反映新的情况
      </ActionButton>
    </Page>
  )
}
