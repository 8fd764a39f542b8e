import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { type MassListExportSummary, departmentLabel, massListRule } from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { Page } from '../../components/page'
import { formatTime } from '../../format'
import { readStored } from '../../storage'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import { caseEndpoints } from '../api'
import '../../casework/casework.css'

/**
 * 报送名单 (004 §4(三)): at least every six months the county sends the red, yellow and blue lists
 * to 团委, 妇联 and 残联. The workbook holds only the fields the rule names; every download is recorded.
 */
export default function MassLists() {
  const user = useStaffUser()
  const [items, setItems] = useState<MassListExportSummary[] | null>(null)
  const [nextDueAt, setNextDueAt] = useState<string | undefined>()
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    setError('')
    try {
      const page = await caseEndpoints.massLists()
      setItems(page.items)
      setNextDueAt(page.nextDueAt)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    }
  }, [])
  useDidShow(() => void load())

  async function download() {
    if (busy) return
    setBusy(true)
    setError('')
    setNotice('正在生成名单…')
    try {
      const token = readStored('session.staff')?.token
      const res = await Taro.downloadFile({ url: api.url('GET /staff/cases/mass-lists/workbook', { query: { reason: 'on_demand' } }), header: token ? { Authorization: `Bearer ${token}` } : {} })
      if (res.statusCode !== 200) throw new Error(res.statusCode === 403 ? '只有县民政局可以报送名单' : '名单没有生成，请稍后再试')
      setNotice('名单已生成，这次报送已记录。')
      // WeChat opens the workbook to forward it; the browser has already saved it.
      await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }).catch(() => {})
      await load()
    } catch (e) {
      setNotice('')
      setError(e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : '网络不太好，名单没有生成，请稍后再试')
    } finally {
      setBusy(false)
    }
  }

  if (!user) return <Page />
  if (user.role !== 'county_officer') {
    return (
      <Page>
        <View id='mass-lists-county-only' className='notice'>
          <Text>名单由县民政局报送。</Text>
        </View>
      </Page>
    )
  }
  return (
    <Page id='mass-lists-page'>
      <Text className='title'>报送红黄蓝名单</Text>
      <Text className='hint'>至少每半年一次，报送{massListRule.recipients.map((d) => departmentLabel[d]).join('、')}，用于一起开展关爱帮扶。</Text>
      <View className='section'>
        <Text className='section-title'>名单里只有这些信息</Text>
        {massListRule.fields.map((f) => (
          <View key={f.key} className='kv'>
            <Text className='kv-key'>{f.label}</Text>
            <Text className='kv-value'>{f.why}</Text>
          </View>
        ))}
        <Text className='hint'>不含身份证号、出生日期、家人和电话。联系孩子请经过村委会。</Text>
      </View>
      {nextDueAt && <Text id='mass-lists-next' className='hint'>下次应在 {formatTime(nextDueAt)} 前报送。</Text>}
      <ErrorBox id='mass-lists-error' message={error} />
      {notice && (
        <View id='mass-lists-notice' className='notice' aria-live='polite'>
          <Text>{notice}</Text>
        </View>
      )}
      <ActionButton id='mass-lists-download' kind='primary' size='big' disabled={busy} onClick={() => void download()}>
        生成并下载名单
      </ActionButton>
      <View id='mass-lists-history' className='section'>
        <Text className='section-title'>报送记录</Text>
        {items && items.length === 0 && <Text className='hint'>还没有报送过。</Text>}
        {items?.map((e) => (
          <View key={e.id} id={`mass-list-${e.id}`} className='event'>
            <Text className='label'>
              {formatTime(e.at)} · {e.byName}
            </Text>
            <Text className='hint'>
              红色 {e.counts.red} 人，黄色 {e.counts.yellow} 人，蓝色 {e.counts.blue} 人
            </Text>
          </View>
        ))}
      </View>
    </Page>
  )
}
