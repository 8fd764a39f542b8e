import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { CloseReferral, RecordReferralAction, ReferralOutcome, canTake, referralActionLabels, referralOutcomeLabel, referralUrgencyLabel, type DepartmentReferralView } from '@shouhu/shared'
import { errorText, staleRecord } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { FieldErrorText } from '../../components/field-error'
import { TextAreaField } from '../../components/labelled-field'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { formatTime } from '../../format'
import { param } from '../../routes'
import { ErrorBox } from '../../casework/parts'
import { showField } from '../../casework/focus'
import type { FieldMessages } from '../../casework/use-draft-form'
import { messagesFor } from '../../casework/validate'
import { redirectIfSignedOut, useStaffRecord, useStaffUser } from '../../staff/use-staff'
import { referralEndpoints } from '../api'
import { Events, Outcome, SharedFacts } from '../parts'
import '../../casework/casework.css'

/**
 * A department's page for one referral: only the facts the village shared (the child's file is
 * never shown here), and the department's steps — acknowledge, record what was done, close with
 * an outcome the village sees. Every open is recorded by the server.
 */
export default function DepartmentReferral() {
  useStaffUser()
  const id = param(useRouter().params.id)
  const { data: r, setData, loadError, load } = useStaffRecord(id, referralEndpoints.departmentGet)
  const [actionText, setActionText] = useState('')
  const [outcome, setOutcome] = useState<ReferralOutcome | ''>('')
  const [outcomeText, setOutcomeText] = useState('')
  const [errors, setErrors] = useState<FieldMessages>({})
  // Both forms have a 「text」: a mistake is shown under the one just sent, wherever the other stands.
  const [errorsOf, setErrorsOf] = useState<'action' | 'close'>()
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)

  async function step(run: () => Promise<DepartmentReferralView>, done: string) {
    if (busy) return
    setBusy(true)
    setError('')
    setNotice('')
    try {
      setData(await run())
      setErrors({})
      setNotice(done)
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fresh = staleRecord<DepartmentReferralView>(e)
      if (fresh) setData(fresh)
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (loadError) return <LoadFailed id='referral-load-error' message={loadError} onRetry={() => void load()} />
  if (!r) return <Loading />

  function refuse(form: 'action' | 'close', fields: FieldMessages, first: string) {
    setErrors(fields)
    setErrorsOf(form)
    showField(first)
  }
  function recordAction() {
    const checked = messagesFor(RecordReferralAction, { version: r!.version, text: actionText }, referralActionLabels)
    if (!checked.ok) return refuse('action', checked.fields, 'referral-action-text')
    return step(() => referralEndpoints.recordAction(r!.id, checked.data), '已记录').then(() => setActionText(''))
  }
  function close() {
    const checked = messagesFor(CloseReferral, { version: r!.version, outcome, text: outcomeText }, referralActionLabels)
    if (!checked.ok) return refuse('close', checked.fields, checked.fields.outcome ? 'referral-outcome-choice' : 'referral-outcome-text')
    return step(() => referralEndpoints.close(r!.id, checked.data), '已办结，村里会看到办理结果')
  }

  return (
    <Page id='referral-department'>
      <Text className='title'>{r.reasonLabels.join('、')}</Text>
      <Text id='referral-state' className='label'>
        {r.stateLabel}
        {r.urgency === 'urgent' ? ` · ${referralUrgencyLabel.urgent}` : ''}
      </Text>
      <Text className='hint'>
        {formatTime(r.createdAt)} 由 {r.fromLabel} 转介 · {r.villageName}
      </Text>
      {r.state === 'sent' && <Text className='hint'>请在 {formatTime(r.acknowledgeDueAt)} 前签收</Text>}
      {r.staleSince && <Text className='hint'>已超过 14 天没有办理结果</Text>}
      {r.note && (
        <View className='section'>
          <Text className='section-title'>村里的说明</Text>
          <Text id='referral-note-text'>{r.note}</Text>
        </View>
      )}
      <SharedFacts facts={r.facts} />
      <Outcome outcome={r.outcome} />

      <ErrorBox id='referral-action-error' message={error} />
      {notice && (
        <Text id='referral-notice' className='hint' aria-live='polite'>
          {notice}
        </Text>
      )}

      {canTake('acknowledge', r.state) && (
        <ActionButton id='referral-acknowledge' kind='primary' size='big' disabled={busy} onClick={() => step(() => referralEndpoints.acknowledge(r.id, { version: r.version }), '已签收')}>
          签收
        </ActionButton>
      )}
      {canTake('record_action', r.state) && (
        <View className='section'>
          <Text className='section-title'>记录处理情况</Text>
          <TextAreaField id='referral-action-text' label='做了什么' value={actionText} onInput={setActionText} errors={errorsOf === 'action' ? errors.text : undefined} placeholder='例如：已联系学校和监护人' short />
          <ActionButton id='referral-action-save' disabled={busy} onClick={() => recordAction()}>
            记录
          </ActionButton>
        </View>
      )}
      {canTake('close', r.state) && (
        <View className='section'>
          <Text className='section-title'>办结</Text>
          <View id='referral-outcome-choice'>
            <ChoiceGroup idPrefix='referral-outcome' label='办理结果' options={ReferralOutcome.options} labels={referralOutcomeLabel} value={outcome} onChange={setOutcome} />
          </View>
          <FieldErrorText id='error-referral-outcome' messages={errorsOf === 'close' ? errors.outcome : undefined} />
          <TextAreaField id='referral-outcome-text' label='结果说明' value={outcomeText} onInput={setOutcomeText} errors={errorsOf === 'close' ? errors.text : undefined} placeholder='例如：孩子已返校上课' short />
          <ActionButton id='referral-close' kind='primary' disabled={busy} onClick={() => close()}>
            办结
          </ActionButton>
        </View>
      )}
      <Events events={r.events} />
    </Page>
  )
}
