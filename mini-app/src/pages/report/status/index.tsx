import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { ReportStatus, reportStatusLabel, type ResidentReportView } from '@shouhu/shared'
import { ApiRequestError, endpoints, errorText } from '../../../api/client'
import { HotlineCall } from '../../../components/hotline-call'
import { formatDate, formatTime } from '../../../format'
import { findStoredReport } from '../../../my-reports'
import { param } from '../../../routes'
import { readStored } from '../../../storage'
import { ActionButton } from '../../../components/action-button'
import { Page } from '../../../components/page'

const order = ReportStatus.options

export default function Status() {
  const { params } = useRouter()
  const code = param(params.code)
  const [report, setReport] = useState<ResidentReportView | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [checkedAt, setCheckedAt] = useState('')

  const load = useCallback(async () => {
    if (!code) return
    setLoading(true)
    setError('')
    try {
      // The device's access token proves it filed this report; named reports also match the session.
      const stored = findStoredReport(readStored('myReports'), code)
      setReport(await endpoints.trackReport(code, stored?.accessToken))
      setCheckedAt(new Date().toISOString())
    } catch (e) {
      // Anonymous reports can only be followed from the phone that filed them.
      setError(e instanceof ApiRequestError && e.status === 403 ? '只有提交这条反映的手机才能查看它的进度。' : errorText(e))
    } finally {
      setLoading(false)
    }
  }, [code])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!code) {
    return (
      <Page>
        <Text className='error-box'>缺少查询码，请从“我反映过的情况”中打开。</Text>
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
      <ActionButton id='status-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
      {checkedAt && <Text className='hint'>更新于 {formatTime(checkedAt)}</Text>}
    </Page>
  )
}
