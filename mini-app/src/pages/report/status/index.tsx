import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { ReportStatus, normaliseTrackingCode, reportStatusLabel, type ResidentReportView } from '@shouhu/shared'
import { endpoints, errorText } from '../../../api/client'
import { HotlineCall } from '../../../components/hotline-call'
import { formatDate, formatTime, groupedCode } from '../../../format'
import { addStoredReport, findStoredReport } from '../../../my-reports'
import { param, routes } from '../../../routes'
import { readStored, writeStored } from '../../../storage'
import { ActionButton } from '../../../components/action-button'
import { Page } from '../../../components/page'

const order = ReportStatus.options

export default function Status() {
  const { params } = useRouter()
  const code = normaliseTrackingCode(param(params.code))
  const [report, setReport] = useState<ResidentReportView | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [checkedAt, setCheckedAt] = useState('')
  const [rotating, setRotating] = useState(false)

  const load = useCallback(async () => {
    if (!code) return
    setLoading(true)
    setError('')
    try {
      // The code alone opens the report on any phone; the phone that filed it also sends its
      // token (so a code changed elsewhere is noticed), and a signed-in reporter sees their receipt.
      const stored = findStoredReport(readStored('myReports'), code)
      setReport(await endpoints.trackReport(code, stored?.accessToken))
      setCheckedAt(new Date().toISOString())
    } catch (e) {
      setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [code])

  useEffect(() => {
    void load()
  }, [load])

  /** A new code when someone else may have seen this one: the old code stops working at once. */
  async function rotate() {
    if (rotating) return
    setRotating(true)
    setError('')
    try {
      const stored = findStoredReport(readStored('myReports'), code)
      const next = await endpoints.rotateReportAccess(code, stored?.accessToken)
      if (stored) {
        const rest = (readStored('myReports') ?? []).filter((r) => r.id !== stored.id)
        writeStored('myReports', addStoredReport(rest, { ...stored, trackingCode: next.trackingCode, accessToken: next.accessToken }))
      }
      await Taro.redirectTo({ url: routes.status(next.trackingCode) })
    } catch (e) {
      setError(errorText(e))
    } finally {
      setRotating(false)
    }
  }

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!code) {
    return (
      <Page>
        <Text className='error-box'>缺少查询码，请在首页点“用查询码查看反映进展”输入查询码。</Text>
      </Page>
    )
  }

  const reached = report ? order.indexOf(report.status) : -1
  return (
    <Page>
      <Text className='hint'>查询码</Text>
      <Text id='status-code' className='title'>
        {code}
      </Text>
      {error && (
        <View id='status-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {!report && loading && <Text className='hint'>正在查询…</Text>}
      {report && (
        <View className='section'>
          <Text className='hint'>目前进度</Text>
          <Text id='status-text' className='status-big'>
            {report.statusText || reportStatusLabel[report.status]}
          </Text>
          <View className='steps'>
            {order.map((s, i) => (
              <Text key={s} className={`step ${i <= reached ? 'step-done' : ''}`}>
                {reportStatusLabel[s]}
              </Text>
            ))}
          </View>
          <View className='kv'>
            <Text className='kv-key'>村（社区）</Text>
            <Text id='status-village' className='kv-value'>
              {report.villageName}
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-key'>反映日期</Text>
            <Text id='status-date' className='kv-value'>
              {formatDate(report.createdAt)}
            </Text>
          </View>
          {report.situations.length > 0 && (
            <View className='kv'>
              <Text className='kv-key'>反映的情况</Text>
              <Text className='kv-value'>{report.situations.map((s) => s.label).join('；')}</Text>
            </View>
          )}
          {report.status === 'closed' && report.outcomeText && (
            <View className='notice'>
              <Text className='label'>处理结果</Text>
              <Text id='status-outcome'>{report.outcomeText}</Text>
            </View>
          )}
        </View>
      )}
      {report?.callPoliceNow && report.status !== 'closed' && (
        <View className='urgent'>
          <Text>如果孩子仍有危险，请立即报警：</Text>
          <View className='spacer' />
          <HotlineCall number='110' label='报警电话' idPrefix='status-call' />
        </View>
      )}
      {report?.dutyReceipt && (
        <View id='duty-receipt' className='section' role='region' aria-label='强制报告回执'>
          <Text className='section-title'>强制报告回执</Text>
          <Text id='duty-receipt-text'>{report.dutyReceipt.text}</Text>
          <Text className='hint'>回执编号：{groupedCode(report.dutyReceipt.receiptNo)}</Text>
          <Text className='hint'>报告时间：{formatTime(report.dutyReceipt.issuedAt)}</Text>
        </View>
      )}
      <ActionButton id='status-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
      {checkedAt && <Text className='hint'>更新于 {formatTime(checkedAt)}</Text>}
      {report && (
        <View className='section'>
          <Text className='hint'>担心别人看到了查询码？可以换一个新的，旧的查询码马上失效。</Text>
          <ActionButton id='status-rotate' size='small' disabled={rotating} onClick={() => void rotate()}>
            {rotating ? '正在更换…' : '换一个查询码'}
          </ActionButton>
        </View>
      )}
    </Page>
  )
}
