import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { ChildWhereNow, RecordReportIntervention, chinaToday, childWhereNowLabel, interventionFieldLabels, type StaffReportView } from '@shouhu/shared'
import { endpoints } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { DatePickerField, TimePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Page } from '../../components/page'
import { LoadFailed, Loading } from '../../components/page-state'
import { useRevealWhenShown } from '../../forms/field-errors'
import { param, routes } from '../../routes'
import { useStaffRecord, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import { caseEndpoints } from '../api'
import { chinaNow, instant, useCaseForm } from '../form'
import { messagesFor } from '../../casework/validate'
import '../../casework/casework.css'

/**
 * 记录处置情况 for a red report: when the director arrived, what they found, whether and when the
 * police were told (the exact time), and where the child is now. Until this is saved the report
 * stays 未记录处置 on the township's list and keeps climbing.
 */
export default function ReportIntervention() {
  const user = useStaffUser()
  const id = param(useRouter().params.report)
  const { data: report, setData, loadError, load } = useStaffRecord<StaffReportView>(id, endpoints.staffReport)
  const form = useCaseForm()
  const { errors } = form
  useRevealWhenShown(form.message, errors)
  const [arrivedOn, setArrivedOn] = useState(chinaToday())
  const [arrivedAt, setArrivedAt] = useState('')
  const [found, setFound] = useState('')
  const [done, setDone] = useState('')
  const [police, setPolice] = useState<'yes' | 'no' | ''>('')
  const [policeOn, setPoliceOn] = useState(chinaToday())
  const [policeAt, setPoliceAt] = useState('')
  const [noPoliceReason, setNoPoliceReason] = useState('')
  const [where, setWhere] = useState<ChildWhereNow | ''>('')
  const [whereNote, setWhereNote] = useState('')
  const [safe, setSafe] = useState<'yes' | 'no' | ''>('')

  if (!user) return <Page />
  if (loadError) return <LoadFailed id='intervention-error' message={loadError} onRetry={() => void load()} />
  if (!report) return <Loading />

  async function save() {
    if (!report) return
    const missing: Record<string, string[]> = {}
    if (!arrivedAt) missing.arrivedAt = ['到达时间：请选择到达的时间']
    if (!police) missing.policeTold = ['是否报警：请选择是否已经报警']
    if (police === 'yes' && !policeAt) missing.policeToldAt = ['报警时间：请选择报警的时间（精确到分钟）']
    if (!where) missing.childWhereNow = ['孩子现在在哪里：请选择']
    if (!safe) missing.childSafeNow = ['孩子是否安全：请选择']
    const checked = messagesFor(
      RecordReportIntervention,
      {
        version: report.version,
        arrivedAt: instant(arrivedOn, arrivedAt),
        found,
        whatWasDone: done,
        policeTold: police === 'yes',
        policeToldAt: police === 'yes' ? instant(policeOn, policeAt) : '',
        policeNotToldReason: police === 'no' ? noPoliceReason : '',
        childWhereNow: where || undefined,
        childWhereNote: whereNote,
        childSafeNow: safe === '' ? undefined : safe === 'yes',
      },
      interventionFieldLabels,
    )
    // The schema's messages and the unchosen answers together, so every missing answer is named at once.
    const all = { ...(checked.ok ? {} : checked.fields), ...missing }
    if (!checked.ok || Object.keys(missing).length) {
      form.setErrors(all)
      form.setMessage('请按提示修改后再提交')
      return
    }
    const body = checked.data
    const saved = await form.submit(() => caseEndpoints.reportIntervention(report.id, body), (fresh) => setData(fresh as StaffReportView))
    if (saved) {
      setData(saved)
      void Taro.showToast({ title: '处置情况已记录', icon: 'success' })
      void Taro.redirectTo({ url: routes.staffReport(report.id) })
    }
  }

  if (report.intervention) {
    return (
      <Page>
        <View id='intervention-recorded' className='notice'>
          <Text>这份报告的处置情况已经记录（{report.intervention.recordedByName}）。</Text>
        </View>
        <ActionButton id='intervention-back' onClick={() => void Taro.redirectTo({ url: routes.staffReport(report.id) })}>
          返回报告
        </ActionButton>
      </Page>
    )
  }

  return (
    <Page id='intervention-page'>
      <Text className='title'>
        {report.townshipName} {report.villageName}
      </Text>
      <Text className='hint'>红色情况要立即到场处置；遇到侵害、走失等情况，先拨打 110。只点「确认接收」不算处置。</Text>
      <ErrorBox id='intervention-message' message={form.message} />
      <DatePickerField id='int-arrived-date' label='到达的日期' value={arrivedOn} end={chinaToday()} onChange={setArrivedOn} />
      <TimePickerField id='int-arrived-time' label='到达的时间' value={arrivedAt} onChange={setArrivedAt} errors={errors.arrivedAt} />
      <ActionButton id='int-arrived-now' size='small' label='到达时间：就是现在' onClick={() => { const n = chinaNow(); setArrivedOn(n.day); setArrivedAt(n.time) }}>
        就是现在
      </ActionButton>
      <TextAreaField id='int-found' label='到达后看到的情况' value={found} onInput={setFound} errors={errors.found} />
      <TextAreaField id='int-done' label='采取了哪些措施' optional short value={done} onInput={setDone} errors={errors.whatWasDone} />
      <Text className='label'>是否已经报警</Text>
      <ChoiceGroup idPrefix='int-police' options={['yes', 'no'] as const} labels={{ yes: '已报警', no: '没有报警' }} value={police} onChange={setPolice} label='是否已经报警' />
      <FieldErrorText id='error-int-police' messages={errors.policeTold} />
      {police === 'yes' && (
        <>
          <DatePickerField id='int-police-date' label='报警的日期' value={policeOn} end={chinaToday()} onChange={setPoliceOn} />
          <TimePickerField id='int-police-time' label='报警的时间（精确到分钟）' value={policeAt} onChange={setPoliceAt} errors={errors.policeToldAt} />
          <ActionButton id='int-police-now' size='small' label='报警时间：刚刚报的警（填入现在）' onClick={() => { const n = chinaNow(); setPoliceOn(n.day); setPoliceAt(n.time) }}>
            刚刚报的警（填入现在）
          </ActionButton>
        </>
      )}
      {police === 'no' && <TextAreaField id='int-no-police' label='为什么没有报警' short value={noPoliceReason} onInput={setNoPoliceReason} errors={errors.policeNotToldReason} />}
      <Text className='label'>孩子现在在哪里</Text>
      <ChoiceGroup idPrefix='int-where' options={ChildWhereNow.options} labels={childWhereNowLabel} value={where} onChange={setWhere} label='孩子现在在哪里' />
      <FieldErrorText id='error-int-where' messages={errors.childWhereNow} />
      {where === 'other' && <InputField id='int-where-note' label='写明孩子在哪里' value={whereNote} onInput={setWhereNote} errors={errors.childWhereNote} />}
      <Text className='label'>孩子现在安全吗</Text>
      <ChoiceGroup idPrefix='int-safe' options={['yes', 'no'] as const} labels={{ yes: '安全', no: '还不安全' }} value={safe} onChange={setSafe} label='孩子现在安全吗' />
      <FieldErrorText id='error-int-safe' messages={errors.childSafeNow} />
      <View className='spacer' />
      <ActionButton id='int-submit' kind='primary' size='big' disabled={form.busy} onClick={() => void save()}>
        保存处置记录
      </ActionButton>
    </Page>
  )
}
