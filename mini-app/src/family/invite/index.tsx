import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { caregiverHealthLabel, type FamilyEntrustmentView } from '@shouhu/shared'
import { ApiRequestError, errorText } from '../../api/client'
import { entrustmentEndpoints } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { DevLoginChooser } from '../../components/dev-login'
import { param, routes } from '../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { EntrustedChildren } from '../children-section'
import { Page } from '../../components/page'
import { FieldInput, inputA11y } from '../../components/field-input'
import { revealFirstError } from '../../forms/reveal'

/**
 * The caregiver's side of the invitation (opened from the parent's share card, or by typing
 * the code). The caregiver answers in their own account: accept, or decline with a reason.
 */
export default function Invite() {
  const fromLink = param(useRouter().params.code)
  const [code, setCode] = useState(fromLink)
  const [view, setView] = useState<FamilyEntrustmentView | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [declining, setDeclining] = useState(false)
  const [reason, setReason] = useState('')
  const [resident, setResident] = useState(() => currentUser('resident'))
  // The message may appear below the fold (under the invitation): bring it into view.
  useEffect(() => {
    if (error) revealFirstError()
  }, [error])

  const open = useCallback(async (which: string) => {
    if (!which.trim()) return setError('请输入邀请码')
    setError('')
    setBusy(true)
    try {
      await ensureResidentSession().catch(() => undefined)
      setView(await entrustmentEndpoints.invitation(which.trim()))
    } catch (e) {
      setView(null)
      setError(e instanceof ApiRequestError && e.status === 401 ? '请先登录后再查看邀请。' : errorText(e))
    } finally {
      setBusy(false)
    }
  }, [])

  useEffect(() => {
    if (fromLink && resident) void open(fromLink)
  }, [fromLink, resident, open])

  async function answer(accept: boolean) {
    if (busy || !view) return
    setBusy(true)
    setError('')
    try {
      if (accept) {
        const accepted = await entrustmentEndpoints.accept(code.trim())
        await Taro.redirectTo({ url: routes.familyEntrustment(accepted.id) })
      } else {
        setView(await entrustmentEndpoints.decline(code.trim(), { reason }))
        setDeclining(false)
      }
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const v = view
  return (
    <Page>
      <Text className='title'>照护邀请</Text>
      <Text className='lead'>孩子的家长外出期间，请您帮忙照护孩子。确认后，村里的儿童主任会上门了解情况，有困难也可以随时找村里。</Text>
      {usesDevLogin && !resident && <DevLoginChooser onSignedIn={(r) => setResident(r.user)} />}
      {usesDevLogin && resident && (
        <Text id='resident-name' className='hint'>
          已登录：{resident.displayName}
        </Text>
      )}

      {!v && (
        <View className='section'>
          <Text className='label'>邀请码</Text>
          <FieldInput
            id='invite-code'
            value={code}
            maxlength={9}
            placeholder='例如 K7QM-3XPT'
            a11y={inputA11y('invite-code', '邀请码', error ? [error] : undefined)}
            onInput={(e) => {
              setCode(e.detail.value)
              setError('')
            }}
          />
          <View className='spacer' />
          <ActionButton id='invite-open' kind='primary' disabled={busy} onClick={() => void open(code)}>
            {busy ? '正在查找…' : '查看邀请'}
          </ActionButton>
        </View>
      )}

      {error && (
        <View id='invite-error' className='error-box field-errors' aria-live='assertive'>
          <Text>{error}</Text>
        </View>
      )}

      {v && (
        <View id='invite-details'>
          <View className='notice'>
            <Text id='invite-next-step'>{v.nextStep}</Text>
          </View>
          <EntrustedChildren view={v} title='请您照护的孩子' />
          <View className='section'>
            <Text className='section-title'>孩子的父母</Text>
            {v.parents.map((p) => (
              <View key={p.relation} className='kv'>
                <Text className='kv-key'>{p.name}</Text>
                <Text className='kv-value'>{p.situationText}</Text>
              </View>
            ))}
            <View className='kv'>
              <Text className='kv-key'>约定</Text>
              <Text className='kv-value'>{v.contactPlanText}</Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>期限</Text>
              <Text className='kv-value'>
                {v.startDate} 至 {v.endDate}
              </Text>
            </View>
          </View>
          <View className='section'>
            <Text className='section-title'>家长登记的照护人信息</Text>
            <Text id='invite-caregiver'>
              {v.caregiver.name}（{v.caregiver.relationshipText}），{v.caregiver.phone}，身份证 {v.caregiver.idNumber}，{caregiverHealthLabel[v.caregiver.health]}
            </Text>
            <Text className='hint'>如果不是您本人，请不要确认，告诉孩子的家长。</Text>
          </View>

          {v.actions.includes('accept') && (
            <View>
              <ActionButton id='invite-accept' kind='primary' size='big' disabled={busy} onClick={() => void answer(true)}>
                {busy ? '正在提交…' : '我愿意照护孩子'}
              </ActionButton>
              {!declining ? (
                <ActionButton id='invite-decline-toggle' onClick={() => setDeclining(true)}>
                  我照护不了
                </ActionButton>
              ) : (
                <View className='section'>
                  <Text className='label'>原因（选填，会告诉孩子的家长）</Text>
                  <Textarea id='invite-decline-reason' className='textarea textarea-short' nativeProps={{ 'aria-label': '婉拒的原因' }} value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} />
                  <View className='spacer' />
                  <ActionButton id='invite-decline' kind='danger' disabled={busy} onClick={() => void answer(false)}>
                    确认婉拒
                  </ActionButton>
                </View>
              )}
            </View>
          )}
          {!v.actions.includes('accept') && (
            <Text id='invite-answered' className='status-big' data-status={v.status}>
              {v.status === 'caregiver_declined' ? '您已婉拒这次委托' : v.statusText}
            </Text>
          )}
        </View>
      )}
    </Page>
  )
}
