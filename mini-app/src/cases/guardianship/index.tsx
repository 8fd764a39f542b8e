import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Placement, StartGuardianship, TEMPORARY_GUARDIANSHIP_LABEL, addDays, chinaToday, guardianshipFieldLabels, placementLabel, type Guardianship } from '@shouhu/shared'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Page } from '../../components/page'
import { useRevealWhenShown } from '../../forms/field-errors'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { param } from '../../routes'
import { useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import { caseworkRoutes } from '../../casework/routes'
import { caseEndpoints } from '../api'
import { useCaseForm } from '../form'
import '../../casework/casework.css'

/**
 * 临时监护 (001 #5: 由县民政部门承担临时监护职责): the county officer records where the child is
 * placed, from when, when to review it, and when it is expected to end.
 */
export default function GuardianshipForm() {
  const user = useStaffUser()
  const { childId: rawId, name: rawName } = useRouter().params
  const childId = param(rawId)
  const name = param(rawName)
  const form = useCaseForm()
  const { errors } = form
  useRevealWhenShown(form.message, errors)
  const [placement, setPlacement] = useState<Placement | ''>('')
  const [carerName, setCarerName] = useState('')
  const [reason, setReason] = useState('')
  const [startOn, setStartOn] = useState(chinaToday())
  const [reviewOn, setReviewOn] = useState(addDays(chinaToday(), 30))
  const [plannedEndOn, setPlannedEndOn] = useState('')
  const [note, setNote] = useState('')
  const [saved, setSaved] = useState<Guardianship | null>(null)
  // One key for this opened form: pressing 保存 again after a lost answer records it once.
  const [key] = useState(() => newIdempotencyKey())

  if (!user) return <Page />
  if (user.role !== 'county_officer') {
    return (
      <Page>
        <View id='guardianship-county-only' className='notice'>
          <Text>临时监护由县民政局决定和记录。需要临时监护时，请立即联系县民政局。</Text>
        </View>
      </Page>
    )
  }

  async function save() {
    const body = form.check(StartGuardianship, { placement: placement || undefined, carerName, reason, startOn, reviewOn, plannedEndOn, note }, guardianshipFieldLabels)
    if (!body) return
    const g = await form.submit(() => caseEndpoints.startGuardianship(childId, body, key))
    if (g) setSaved(g)
  }

  if (saved) {
    return (
      <Page id='guardianship-saved'>
        <View className='notice'>
          <Text id='guardianship-badge' className='chip chip-red'>
            {TEMPORARY_GUARDIANSHIP_LABEL}
          </Text>
          <Text>
            {name || '孩子'}：{placementLabel[saved.placement]}（{saved.carerName}），{saved.startOn} 开始，{saved.reviewOn} 复查。到复查日期会提醒你。
          </Text>
        </View>
        <ActionButton id='guardianship-to-file' onClick={() => void Taro.redirectTo({ url: caseworkRoutes.child(childId) })}>
          返回孩子档案
        </ActionButton>
      </Page>
    )
  }

  return (
    <Page id='guardianship-page'>
      <Text className='title'>{name ? `${name} · ` : ''}临时监护安置</Text>
      <Text className='hint'>孩子需要紧急带离、短期内又找不到能照料的人时，由县民政局临时监护。</Text>
      <ErrorBox id='guardianship-message' message={form.message} />
      <Text className='label'>安置方式</Text>
      <ChoiceGroup idPrefix='gd-placement' options={Placement.options} labels={placementLabel} value={placement} onChange={setPlacement} label='安置方式' />
      <FieldErrorText id='error-gd-placement' messages={errors.placement} />
      <InputField id='gd-carer' label='照料人或机构名称' value={carerName} onInput={setCarerName} placeholder='例如：孩子的姑姑 王桂兰；泗县未成年人救助保护中心' errors={errors.carerName} />
      <TextAreaField id='gd-reason' label='临时监护的原因' short value={reason} onInput={setReason} errors={errors.reason} />
      <DatePickerField id='gd-start' label='开始日期' value={startOn} onChange={setStartOn} errors={errors.startOn} />
      <DatePickerField id='gd-review' label='复查日期' value={reviewOn} start={startOn} onChange={setReviewOn} errors={errors.reviewOn} />
      <DatePickerField id='gd-end' label='预计结束日期（选填）' value={plannedEndOn} start={startOn} onChange={setPlannedEndOn} errors={errors.plannedEndOn} />
      <TextAreaField id='gd-note' label='说明' optional short value={note} onInput={setNote} errors={errors.note} />
      <View className='spacer' />
      <ActionButton id='gd-submit' kind='primary' size='big' disabled={form.busy} onClick={() => void save()}>
        保存临时监护记录
      </ActionButton>
    </Page>
  )
}
