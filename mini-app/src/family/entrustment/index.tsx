import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import {
  EntrustmentEndReason,
  caregiverHealthLabel,
  entrustmentEndReasonLabel,
  entrustmentInForce,
  type FamilyEntrustmentView,
} from '@shouhu/shared'
import { ApiRequestError, errorText } from '../../api/client'
import { entrustmentEndpoints, openLetter } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { FieldErrorText } from '../../components/field-error'
import { DateField } from '../../components/text-field'
import { CaregiverFields } from '../../entrustment-form/caregiver-fields'
import { emptyCaregiver, messagesFrom, validateCaregiver, type FieldMessages } from '../../entrustment-form/form'
import { formatDate, formatTime } from '../../format'
import { param, routes } from '../../routes'
import { LoadFailed, Loading } from '../../components/page-state'
import { EntrustedChildren } from '../children-section'
import { Page } from '../../components/page'
import { useRevealWhenShown } from '../../forms/field-errors'
import { SubscribePrompt } from '../../wechat/subscribe'
import { PrivacyPopup } from '../../wechat/privacy'
import { invitationShareMessage } from '../invite/share'

type Panel = 'none' | 'replace' | 'renew' | 'end'
const steps = ['登记', '照护人确认', '村里核实'] as const

function stepReached(v: FamilyEntrustmentView): number {
  if (v.status === 'verified' || v.status === 'ended') return 3
  if (v.status === 'accepted' || v.status === 'visit_scheduled') return 2
  return 1
}

/**
 * One entrustment as the family sees it: where it stands, what to do next, and the actions
 * the transition table allows this viewer (choose another caregiver, renew, end).
 */
export default function FamilyEntrustment() {
  const { params } = useRouter()
  const id = param(params.id)
  // Police or prison staff who started it open this page with their staff session.
  const side = param(params.as) === 'staff' ? 'staff' : 'resident'
  const [view, setView] = useState<FamilyEntrustmentView | null>(null)
  const [loadError, setLoadError] = useState('')
  const [actionError, setActionError] = useState('')
  const [busy, setBusy] = useState(false)
  const [panel, setPanel] = useState<Panel>('none')
  const [caregiver, setCaregiver] = useState(emptyCaregiver)
  const [errors, setErrors] = useState<FieldMessages>({})
  useRevealWhenShown(actionError, errors)
  const [renewDate, setRenewDate] = useState('')
  const [endReason, setEndReason] = useState<EntrustmentEndReason | ''>('')
  const [copied, setCopied] = useState(false)

  const loading = useRef<Promise<FamilyEntrustmentView> | undefined>(undefined)
  const load = useCallback(async () => {
    if (!id) return
    setLoadError('')
    try {
      loading.current = entrustmentEndpoints.get(id, side)
      setView(await loading.current)
    } catch (e) {
      setLoadError(e instanceof ApiRequestError && e.status === 401 ? '请先从“委托照护”页面登录。' : errorText(e))
    }
  }, [id, side])

  useDidShow(() => {
    void load()
  })

  // WeChat: the parent sends the invitation as a share card that opens the invitation page —
  // with the code even when tapped before the page has loaded (see invitationShareMessage).
  const routeCode = param(params.code)
  useShareAppMessage(() =>
    invitationShareMessage({ routeCode, loadedCode: view ? (view.invitationCode ?? '') : undefined, loading: loading.current?.then((v) => v.invitationCode) }),
  )

  async function act(step: () => Promise<FamilyEntrustmentView>, done?: () => void) {
    if (busy) return
    setBusy(true)
    setActionError('')
    try {
      setView(await step())
      setPanel('none')
      setErrors({})
      done?.()
    } catch (e) {
      setActionError(errorText(e))
      if (e instanceof ApiRequestError && e.fields.length) setErrors(messagesFrom(e.fields))
    } finally {
      setBusy(false)
    }
  }

  function submitReplace() {
    const checked = validateCaregiver(caregiver)
    if (!checked.ok) return setErrors(checked.errors)
    void act(() => entrustmentEndpoints.replaceCaregiver(id, checked.value, side), () => setCaregiver(emptyCaregiver()))
  }

  if (loadError) return <LoadFailed id='ent-error' message={loadError} onRetry={load} />
  if (!view) return <Loading />

  const v = view
  const reached = stepReached(v)
  const can = (a: string) => v.actions.includes(a as never)
  return (
    <Page>
      <PrivacyPopup />
      <SubscribePrompt topic='entrustment' />
      <Text className='title'>委托照护</Text>
      <Text className='hint'>编号 {v.reference}</Text>
      <View className='steps'>
        {steps.map((s, i) => (
          <Text key={s} className={`step ${i < reached ? 'step-done' : ''}`}>
            {s}
          </Text>
        ))}
      </View>
      <Text id='ent-status' className='status-big' data-status={v.status}>
        {v.statusText}
      </Text>
      <View className='notice'>
        <Text id='ent-next-step'>{v.nextStep}</Text>
      </View>
      {v.overdue && (
        <View className='error-box'>
          <Text>委托期限已过（{v.endDate}）。父母仍在外的，请续期；已经回家的，请结束委托。</Text>
        </View>
      )}

      {v.unfitReason && (
        <View id='ent-unfit-reason' className='error-box'>
          <Text>村里上门了解的情况：{v.unfitReason}</Text>
        </View>
      )}

      {v.invitationCode && (
        <View className='section'>
          <Text className='section-title'>请照护人确认</Text>
          <Text className='hint'>把下面的邀请码告诉{v.caregiver.name}，请对方打开「儿童关爱」→「收到照护邀请」输入，或直接转发给对方。</Text>
          <Text id='ent-invite-code' className='tracking-code'>
            {v.invitationCode}
          </Text>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button id='ent-invite-share' className='btn btn-primary' openType='share'>
              转发给照护人
            </Button>
          ) : (
            <ActionButton
              id='ent-invite-copy'
              onClick={() => {
                return Taro.setClipboardData({ data: v.invitationCode! }).then(() => setCopied(true)).catch(() => undefined)
              }}
            >
              {copied ? '已复制' : '复制邀请码'}
            </ActionButton>
          )}
        </View>
      )}

      {v.visitPlan && v.status === 'visit_scheduled' && (
        <View id='ent-visit-plan' className='notice'>
          <Text>
            村里的儿童主任将于 {v.visitPlan.date}
            {v.visitPlan.time ? ` ${v.visitPlan.time}` : ''} 上门。
          </Text>
        </View>
      )}

      <EntrustedChildren view={v} title='孩子' />

      <View className='section'>
        <Text className='section-title'>照护人</Text>
        <View className='kv'>
          <Text className='kv-key'>姓名</Text>
          <Text id='ent-caregiver-name-text' className='kv-value'>
            {v.caregiver.name}（{v.caregiver.relationshipText}）{v.caregiver.accepted ? '· 已确认' : '· 未确认'}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>手机</Text>
          <Text className='kv-value'>{v.caregiver.phone}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>身体状况</Text>
          <Text className='kv-value'>{caregiverHealthLabel[v.caregiver.health]}</Text>
        </View>
        {v.pastCaregivers.length > 0 && (
          <Text className='hint'>
            之前请过：{v.pastCaregivers.map((p) => `${p.name}（${p.outcome === 'declined' ? '未接受' : p.outcome === 'unfit' ? '村里认为不适合' : '已改请他人'}）`).join('、')}
          </Text>
        )}
      </View>

      <View className='section'>
        <Text className='section-title'>父母和约定</Text>
        {v.parents.map((p) => (
          <View key={p.relation} className='kv'>
            <Text className='kv-key'>{p.name}</Text>
            <Text className='kv-value'>
              {p.situationText}
              {p.phone ? `，${p.phone}` : ''}
            </Text>
          </View>
        ))}
        <View className='kv'>
          <Text className='kv-key'>联系约定</Text>
          <Text className='kv-value'>{v.contactPlanText}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>期限</Text>
          <Text id='ent-period' className='kv-value'>
            {v.startDate} 至 {v.endDate}
          </Text>
        </View>
        {v.startedByUnit && <Text className='hint'>由{v.startedByUnit}协助登记</Text>}
      </View>

      {actionError && (
        <View id='ent-action-error' className='error-box field-errors' aria-live='assertive'>
          <Text>{actionError}</Text>
        </View>
      )}

      {can('replace_caregiver') && (
        <View className='section'>
          <ActionButton id='ent-replace-toggle' kind={v.status === 'pending_caregiver' ? 'plain' : 'primary'} onClick={() => setPanel((p) => (p === 'replace' ? 'none' : 'replace'))}>
            另选一位照护人
          </ActionButton>
          {panel === 'replace' && (
            <View>
              <CaregiverFields idPrefix='ent-new-caregiver' value={caregiver} errors={errors} onChange={(next) => setCaregiver(next)} />
              <ActionButton id='ent-replace-submit' kind='primary' disabled={busy} onClick={submitReplace}>
                {busy ? '正在提交…' : '发出新的邀请'}
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {can('renew') && (
        <View className='section'>
          <ActionButton id='ent-renew-toggle' onClick={() => setPanel((p) => (p === 'renew' ? 'none' : 'renew'))}>
            续期
          </ActionButton>
          {panel === 'renew' && (
            <View>
              <DateField id='ent-renew-date' label='新的结束日期' value={renewDate} onChange={setRenewDate} errors={errors.endDate} />
              <ActionButton id='ent-renew-submit' kind='primary' disabled={busy} onClick={() => act(() => entrustmentEndpoints.renew(id, { endDate: renewDate }, side))}>
                确认续期
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {can('end') && (
        <View className='section'>
          <ActionButton id='ent-end-toggle' onClick={() => setPanel((p) => (p === 'end' ? 'none' : 'end'))}>
            结束委托（已回家等）
          </ActionButton>
          {panel === 'end' && (
            <View>
              <ChoiceGroup idPrefix='ent-end-reason' options={EntrustmentEndReason.options} labels={entrustmentEndReasonLabel} value={endReason} onChange={setEndReason} />
              <FieldErrorText id='error-ent-end-reason' messages={errors.reason} />
              <ActionButton
                id='ent-end-submit'
                kind='danger'
                disabled={busy}
                onClick={() => {
                  if (!endReason) return setErrors({ reason: ['请选择结束原因'] })
                  return act(() => entrustmentEndpoints.end(id, { reason: endReason, note: '' }, side))
                }}
              >
                确认结束
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {/* Offered only while the letter is true: the caregiver accepted and it is in force (the API refuses otherwise). */}
      {entrustmentInForce(v.status) && (
        <ActionButton
          id='ent-letter'
          onClick={() => {
            setActionError('')
            return openLetter(id, side).catch((e) => setActionError(errorText(e)))
          }}
        >
          下载委托照护书
        </ActionButton>
      )}

      {v.timeline.length > 0 && (
        <View id='ent-timeline' className='section'>
          <Text className='section-title'>进展</Text>
          {v.timeline.map((t, n) => (
            <View key={n} id={`ent-event-${n}`} className='event'>
              <Text className='hint'>{formatTime(t.at)}</Text>
              <Text>{t.text}</Text>
            </View>
          ))}
        </View>
      )}
      <Text className='hint'>登记于 {formatDate(v.createdAt)}</Text>
      <ActionButton id='ent-refresh' onClick={load}>
        刷新
      </ActionButton>
    </Page>
  )
}
