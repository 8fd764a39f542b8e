import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { formatYuan, type DocumentKind, type GuardianApplicationView, type UploadedDocument } from '@shouhu/shared'
import { allowanceApi } from '../../api/allowance'
import { ApiRequestError, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { FieldErrorText } from '../../components/field-error'
import { formatDate, formatTime } from '../../format'
import { param } from '../../routes'
import { choosePhoto, uploadPhoto } from '../upload'
import { Page } from '../../components/page'
import { SubscribePrompt } from '../../wechat/subscribe'

/**
 * Where an application stands (issue #4): every step with its date, office and days; who
 * holds it now and for how long against the target; what is missing and what comes next.
 * Missing papers are supplied right here.
 */
export default function ApplicationStatus() {
  const id = param(useRouter().params.id)
  const [view, setView] = useState<GuardianApplicationView | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)
  const [supplied, setSupplied] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState<DocumentKind | ''>('')
  const [supplyError, setSupplyError] = useState('')
  const [sending, setSending] = useState(false)

  const load = useCallback(async () => {
    if (!id) return
    setLoading(true)
    setError('')
    try {
      setView(await allowanceApi.get(id))
    } catch (e) {
      setError(e instanceof ApiRequestError && e.status === 404 ? '没有找到这份申请，或者它不是用您的账号提交的。' : errorText(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  async function addPhoto(kind: DocumentKind) {
    if (uploading) return
    const photo = await choosePhoto()
    if (!photo) return
    setUploading(kind)
    setSupplyError('')
    try {
      const doc = await uploadPhoto(kind, photo)
      setSupplied((s) => [...s, doc])
    } catch (e) {
      setSupplyError(e instanceof ApiRequestError ? e.message : '照片上传没有成功，请再试一次')
    } finally {
      setUploading('')
    }
  }

  async function supply() {
    if (sending || !view) return
    if (!supplied.length) return setSupplyError('请先拍照上传需要补充的材料')
    setSending(true)
    setSupplyError('')
    try {
      setView(await allowanceApi.supply(view.id, { documents: supplied, note: '' }))
      setSupplied([])
    } catch (e) {
      setSupplyError(errorText(e))
    } finally {
      setSending(false)
    }
  }

  if (!id) {
    return (
      <Page>
        <Text className='error-box'>缺少申请编号，请从“我的补贴申请”中打开。</Text>
      </Page>
    )
  }
  const v = view
  return (
    <Page>
      <SubscribePrompt topic='application' />
      {error && (
        <View id='app-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {!v && loading && <Text className='hint'>正在查询…</Text>}
      {v && (
        <View>
          <Text className='hint'>
            {v.childName} · {v.categoryLabel} · 编号 {v.reference}
          </Text>
          <View className='section'>
            <Text className='hint'>目前进度</Text>
            <Text id='app-state' className='status-big' data-state={v.state}>
              {v.stateText}
            </Text>
            {v.holder && (
              <View className='kv'>
                <Text className='kv-key'>正在办理</Text>
                <Text id='app-holder' className='kv-value'>
                  {v.holder.office}
                </Text>
              </View>
            )}
            {v.holder && (
              <View className='kv'>
                <Text className='kv-key'>已经</Text>
                <Text id='app-days' className='kv-value' data-days={v.daysHere} data-target={v.targetDays ?? ''}>
                  {v.daysHere} 天{v.targetDays ? `（这一步一般 ${v.targetDays} 天内办完）` : ''}
                </Text>
              </View>
            )}
            {v.overdue && (
              <Text id='app-overdue' className='field-error'>
                已超过办理时限，已提醒{v.holder?.office ?? '工作人员'}。
              </Text>
            )}
            {v.noticeEndsAt && <Text className='hint'>公示到 {formatTime(v.noticeEndsAt)} 结束</Text>}
            <View className='spacer' />
            <Text className='label'>接下来</Text>
            <Text id='app-next'>{v.next}</Text>
          </View>

          {v.state === 'needs_documents' && (
            <View id='app-missing' className='urgent'>
              <Text className='urgent-title'>需要补充的材料</Text>
              {v.missingMessage && <Text id='app-missing-message'>{v.missingMessage}</Text>}
              {v.missing.map((m) => {
                const n = supplied.filter((d) => d.kind === m.kind).length
                return (
                  <View key={m.kind} id={`missing-${m.kind}`} className='row'>
                    <View className='row-text'>
                      <Text className='label'>{m.label}</Text>
                      {m.note && <Text className='hint'>{m.note}</Text>}
                      <Text id={`missing-status-${m.kind}`} className='hint'>
                        {uploading === m.kind ? '正在上传…' : n ? `已上传 ${n} 张` : '未上传'}
                      </Text>
                    </View>
                    <ActionButton id={`missing-upload-${m.kind}`} size='small' disabled={!!uploading} onClick={() => void addPhoto(m.kind)}>
                      拍照上传
                    </ActionButton>
                  </View>
                )
              })}
              <FieldErrorText id='supply-error' messages={supplyError ? [supplyError] : []} />
              <View className='spacer' />
              <ActionButton id='supply-submit' kind='primary' disabled={sending || !!uploading} onClick={() => void supply()}>
                {sending ? '正在提交…' : '提交补充材料'}
              </ActionButton>
            </View>
          )}

          {v.papersLater.length > 0 && (
            <View id='app-later' className='notice'>
              <Text className='label'>以后补交的材料（不影响办理）</Text>
              {v.papersLaterMessage && <Text id='app-later-message'>{v.papersLaterMessage}</Text>}
              {v.papersLater.map((m) => {
                const n = supplied.filter((d) => d.kind === m.kind).length
                return (
                  <View key={m.kind} id={`later-${m.kind}`} className='row'>
                    <View className='row-text'>
                      <Text className='label'>{m.label}</Text>
                      <Text id={`later-status-${m.kind}`} className='hint'>
                        {uploading === m.kind ? '正在上传…' : n ? `已上传 ${n} 张` : '未上传'}
                      </Text>
                    </View>
                    <ActionButton id={`later-upload-${m.kind}`} size='small' disabled={!!uploading} onClick={() => void addPhoto(m.kind)}>
                      拍照上传
                    </ActionButton>
                  </View>
                )
              })}
              <FieldErrorText id='later-error' messages={supplyError ? [supplyError] : []} />
              <ActionButton id='later-submit' kind='primary' disabled={sending || !!uploading} onClick={() => void supply()}>
                {sending ? '正在提交…' : '提交补充材料'}
              </ActionButton>
            </View>
          )}

          {v.decision && (
            <View id='app-decision' className='notice'>
              {v.decision.approved ? (
                <Text>
                  已批准{v.decision.monthlyFen ? `，每月 ${formatYuan(v.decision.monthlyFen)}` : ''}
                  {/* An amount approved at the placeholder standard is still a demo figure. */}
                  {v.estimate.demo && v.decision.monthlyFen === v.estimate.monthlyFen ? '（演示金额）' : ''}
                  {v.payment ? `，自 ${v.payment.startMonth} 起发放` : ''}。
                </Text>
              ) : (
                <Text id='app-reason'>未获批准：{v.decision.reason}</Text>
              )}
            </View>
          )}
          {v.exitPlan && (
            <View className='notice'>
              <Text id='app-exit'>{v.exitPlan}</Text>
            </View>
          )}

          <View id='app-timeline' className='section'>
            <Text className='section-title'>办理记录</Text>
            {v.timeline.map((t, i) => (
              <View key={`${t.at}-${i}`} id={`timeline-${i}`} className='event'>
                <Text className='label'>{t.title}</Text>
                <Text className='hint'>
                  <Text id={`timeline-${i}-date`}>{formatDate(t.at)}</Text> · <Text id={`timeline-${i}-office`}>{t.office}</Text>
                  {t.days !== undefined && <Text id={`timeline-${i}-days`}> · 用时 {t.days} 天</Text>}
                </Text>
                {t.text && <Text>{t.text}</Text>}
              </View>
            ))}
          </View>

          <View className='section'>
            <Text className='section-title'>申请信息</Text>
            <View className='kv'>
              <Text className='kv-key'>身份证号</Text>
              <Text id='app-child-id' className='kv-value'>
                {v.childIdNumber}
              </Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>收款账户</Text>
              <Text id='app-bank' className='kv-value'>
                {v.bankName} {v.bankAccount}
              </Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>估算金额</Text>
              <Text id='app-estimate' className='kv-value'>
                {v.estimate.monthlyFen ? `每月 ${formatYuan(v.estimate.monthlyFen)}${v.estimate.demo ? '（演示金额）' : ''}` : '没有按月的固定金额'}
              </Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>已交材料</Text>
              <Text id='app-documents' className='kv-value'>
                {v.documents.map((d) => `${d.label} ${d.count} 张`).join('；')}
              </Text>
            </View>
          </View>
        </View>
      )}
      <ActionButton id='app-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </Page>
  )
}
