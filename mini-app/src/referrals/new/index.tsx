import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  CreateReferral,
  ReferralConsentBasis,
  ReferralUrgency,
  ShareableFact,
  chinaToday,
  createReferralLabels,
  departmentLabel,
  minimumFactsFor,
  reasonsFor,
  referralConsentLabel,
  referralReasons,
  referralUrgencyLabel,
  shareableFacts,
  type ChildStaffView,
  type Department,
  type ReferralConsentBasis as Basis,
  type ReferralReasonId,
  type ShareableFact as Fact,
} from '@shouhu/shared'
import { errorText, ApiRequestError } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { CheckRow, ChoiceGroup, MultiChoice } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import type { FieldMessages } from '../../casework/use-draft-form'
import { messagesFor } from '../../casework/validate'
import { referralEndpoints } from '../api'
import { referralRoutes } from '../routes'
import '../../casework/casework.css'

/** Departments a referral can go to: those 004 §4(二) names for some finding. */
const departments = [...new Set(referralReasons.flatMap((r) => r.departments))] as Department[]
const reasonLabels = Object.fromEntries(referralReasons.map((r) => [r.id, r.label])) as Record<ReferralReasonId, string>

/**
 * 转介: tell a county department about a child (004 §4(二)). The facts the chosen reasons need
 * are ticked for the director; anything more needs a reason, and the guardian's consent (or why
 * it is not needed) is recorded (PIPL §31).
 */
export default function NewReferral() {
  useStaffUser()
  const params = useRouter().params
  const childId = param(params.child)
  const reportId = param(params.report) || undefined
  const [child, setChild] = useState<ChildStaffView | null>(null)
  const [loadError, setLoadError] = useState('')
  const [department, setDepartment] = useState<Department | ''>('')
  const [reasons, setReasons] = useState<ReferralReasonId[]>([])
  const [shared, setShared] = useState<Fact[]>([])
  const [extraJustification, setExtraJustification] = useState('')
  const [note, setNote] = useState('')
  const [urgency, setUrgency] = useState<ReferralUrgency>('routine')
  const [basis, setBasis] = useState<Basis | ''>('')
  const [givenBy, setGivenBy] = useState('')
  const [relation, setRelation] = useState('')
  const [givenOn, setGivenOn] = useState(chinaToday())
  const [justification, setJustification] = useState('')
  const [errors, setErrors] = useState<FieldMessages>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  // One key per open form: a retry after a lost answer finds the referral already made.
  const key = useRef(newIdempotencyKey())

  async function load() {
    setLoadError('')
    try {
      setChild(await childEndpoints.get(childId))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }
  useEffect(() => void load(), [childId])

  const minimum = minimumFactsFor(reasons)
  const extra = shared.filter((f) => !minimum.includes(f))

  function chooseDepartment(d: Department) {
    setDepartment(d)
    const allowed = reasonsFor(d).map((r) => r.id)
    const kept = reasons.filter((r) => allowed.includes(r))
    chooseReasons(kept.length ? kept : allowed.length === 1 ? allowed : [])
  }
  function chooseReasons(next: ReferralReasonId[]) {
    setReasons(next)
    // The minimum for the new reasons, plus whatever the director deliberately added before.
    const min = minimumFactsFor(next)
    setShared((prev) => ShareableFact.options.filter((f) => min.includes(f) || (prev.includes(f) && !minimumFactsFor(reasons).includes(f))))
  }
  function toggle(f: Fact) {
    setShared((prev) => (prev.includes(f) ? prev.filter((x) => x !== f) : ShareableFact.options.filter((x) => x === f || prev.includes(x))))
  }

  async function submit() {
    if (busy) return
    const body = {
      childId,
      ...(reportId ? { reportId } : {}),
      department,
      reasons,
      note,
      urgency,
      shared,
      extraJustification: extra.length ? extraJustification : '',
      consent: { basis, givenBy: basis === 'guardian' ? givenBy : '', relation: basis === 'guardian' ? relation : '', givenOn: basis === 'override' ? '' : givenOn, justification: basis === 'override' ? justification : '' },
    }
    const checked = messagesFor(CreateReferral, body, createReferralLabels)
    if (!checked.ok) {
      setErrors(checked.fields)
      setError('请检查标出的项目')
      return
    }
    if (extra.length && !extraJustification.trim()) {
      setErrors({ extraJustification: ['多提供信息的理由：请写明部门为什么需要'] })
      setError('请检查标出的项目')
      return
    }
    setErrors({})
    setError('')
    setBusy(true)
    try {
      const r = await referralEndpoints.create(checked.data, key.current)
      await Taro.redirectTo({ url: referralRoutes.detail(r.id) })
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      if (e instanceof ApiRequestError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, [f.message]])))
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (loadError) return <LoadFailed id='referral-load-error' message={loadError} onRetry={() => void load()} />
  if (!child) return <Loading />
  const canConsentThemselves = child.age >= 14
  const bases = ReferralConsentBasis.options.filter((b) => b !== 'child' || canConsentThemselves)
  const e = (f: string) => errors[f]

  return (
    <Page id='referral-form'>
      <Text className='title'>把 {child.name} 转介到部门</Text>
      <Text className='hint'>部门只能看到下面勾选的信息，看不到孩子的档案。</Text>
      {reportId && (
        <Text id='referral-from-report' className='hint'>
          这次转介针对收到的一条反映，会记在这条反映上。部门看不到是谁反映的。
        </Text>
      )}

      <View className='section'>
        <Text className='label'>转介到哪个部门</Text>
        <ChoiceGroup idPrefix='referral-department' label='转介到哪个部门' options={departments} labels={departmentLabel} value={department} onChange={chooseDepartment} />
        <FieldErrorText id='error-referral-department' messages={e('department')} />
      </View>

      {department && (
        <View className='section'>
          <Text className='label'>为什么转介</Text>
          <MultiChoice idPrefix='referral-reason' label='为什么转介' options={reasonsFor(department).map((r) => r.id)} labels={reasonLabels} values={reasons} onChange={chooseReasons} />
          <FieldErrorText id='error-referral-reasons' messages={[...(e('reasons') ?? []), ...Object.entries(errors).filter(([k]) => k.startsWith('reasons.')).flatMap(([, m]) => m)]} />
          {reasons.map((r) => (
            <Text key={r} className='hint'>
              {referralReasons.find((x) => x.id === r)!.why}
            </Text>
          ))}
        </View>
      )}

      {reasons.length > 0 && (
        <View className='section' id='referral-facts'>
          <Text className='label'>告诉部门哪些信息</Text>
          <Text className='hint'>已勾选的是部门办这件事最少需要的。多勾一项，要写明理由。</Text>
          {ShareableFact.options.map((f) => (
            <View key={f}>
              <CheckRow id={`referral-fact-${f}`} checked={shared.includes(f)} label={`${shareableFacts[f].label}${minimum.includes(f) ? '（需要）' : ''}：${shareableFacts[f].explains}`} onToggle={() => toggle(f)} />
            </View>
          ))}
          <FieldErrorText id='error-referral-shared' messages={e('shared')} />
          {extra.length > 0 && (
            <TextAreaField
              id='referral-extra-justification'
              label='多提供信息的理由'
              hint={`多告诉部门：${extra.map((f) => shareableFacts[f].label).join('、')}`}
              value={extraJustification}
              onInput={setExtraJustification}
              errors={e('extraJustification')}
              short
            />
          )}
        </View>
      )}

      <View className='section'>
        <Text className='label'>紧急程度</Text>
        <ChoiceGroup idPrefix='referral-urgency' label='紧急程度' options={ReferralUrgency.options} labels={referralUrgencyLabel} value={urgency} onChange={setUrgency} />
        <TextAreaField id='referral-note' label='补充说明' optional value={note} onInput={setNote} errors={e('note')} placeholder='例如：开学两周没有去学校' short />
      </View>

      <View className='section'>
        <Text className='label'>家里人是否同意告诉部门</Text>
        <Text className='hint'>{canConsentThemselves ? '孩子已满 14 周岁，可以由孩子本人或监护人同意。' : `孩子不满 14 周岁（${child.age} 岁），需要监护人同意。`}</Text>
        <ChoiceGroup idPrefix='referral-consent' label='家里人是否同意告诉部门' options={bases} labels={referralConsentLabel} value={basis} onChange={setBasis} />
        <FieldErrorText id='error-referral-consent' messages={[...(e('consent') ?? []), ...(e('consent.basis') ?? [])]} />
        {basis === 'guardian' && (
          <>
            <InputField id='referral-consent-by' label='同意的监护人' value={givenBy} onInput={setGivenBy} errors={e('consent.givenBy')} maxlength={20} />
            <InputField id='referral-consent-relation' label='与孩子的关系' value={relation} onInput={setRelation} errors={e('consent.relation')} placeholder='例如：奶奶' maxlength={10} />
          </>
        )}
        {(basis === 'guardian' || basis === 'child') && <DatePickerField id='referral-consent-on' label='同意日期' value={givenOn} onChange={setGivenOn} errors={e('consent.givenOn')} />}
        {basis === 'override' && (
          <TextAreaField
            id='referral-consent-justification'
            label='不经同意通报的理由'
            hint='例如：孩子疑似遭受侵害，依法需要立即报告'
            value={justification}
            onInput={setJustification}
            errors={e('consent.justification')}
            short
          />
        )}
      </View>

      <ErrorBox id='referral-error' message={error} />
      <ActionButton id='referral-submit' kind='primary' size='big' disabled={busy} onClick={() => submit()}>
        {busy ? '正在转介…' : '转介'}
      </ActionButton>
    </Page>
  )
}
