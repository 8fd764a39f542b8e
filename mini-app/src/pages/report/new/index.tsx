import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { FieldInput, inputA11y } from '../../../components/field-input'
import { ContactPermission, ReporterRelation, contactPermissionLabel, reporterRelationLabel, situationCatalog, type SituationId } from '@shouhu/shared'
import { endpoints, errorText } from '../../../api/client'
import { DevLoginChooser } from '../../../components/dev-login'
import { DivisionPicker } from '../../../components/division-picker'
import { FieldErrorText } from '../../../components/field-error'
import { HotlineCall } from '../../../components/hotline-call'
import { addStoredReport } from '../../../my-reports'
import {
  clearField,
  emptyReportForm,
  hasErrors,
  isMandatoryReporter,
  toggleSituation,
  validateReportForm,
  type FormErrors,
  type ReportFormField,
  type ReportFormState,
} from '../../../report-form/form'
import { SubmissionKey } from '../../../report-form/idempotency'
import { submitReport } from '../../../report-form/submit'
import { routes } from '../../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../../session'
import { readStored, writeStored } from '../../../storage'
import { ActionButton } from '../../../components/action-button'
import { ChoiceGroup } from '../../../components/choice-group'
import { Page } from '../../../components/page'
import { useFieldErrors } from '../../../forms/field-errors'
import { tapTarget } from '../../../components/a11y'

export default function NewReport() {
  const [form, setForm] = useState<ReportFormState>(() => emptyReportForm())
  const [errors, setErrors, showErrors] = useFieldErrors<FormErrors>()
  const [sending, setSending] = useState(false)
  const [resident, setResident] = useState(() => currentUser('resident'))
  // One key for this filled-in form, reused by every retry of it (see SubmissionKey).
  const [key] = useState(() => new SubmissionKey())
  // Locked synchronously on the first tap, before anything is awaited: a second tap 50 ms later
  // (before React has re-rendered the button as disabled) must not start a second request.
  const busy = useRef(false)

  function update(patch: Partial<ReportFormState>, ...touched: ReportFormField[]) {
    setForm((f) => ({ ...f, ...patch }))
    if (touched.length) setErrors((e) => clearField(e, ...touched, 'form'))
  }

  async function onSubmit() {
    if (busy.current) return
    busy.current = true
    const checked = validateReportForm(form)
    if (!checked.ok) {
      busy.current = false
      showErrors({ ...checked.errors, form: ['还有内容需要补充，请查看上面标红的提示。'] })
      return
    }
    setSending(true)
    setErrors({})
    try {
      // WeChat signs in silently here. On H5 the server decides whether a sign-in is needed:
      // without one it answers 401 and the 演示登录 chooser at the top is the way forward.
      await ensureResidentSession().catch(() => undefined)
      const outcome = await submitReport(form, key, endpoints.createReport)
      if (outcome.kind === 'created') {
        const r = outcome.report
        // Kept on the phone before anything else: for an anonymous report this is the only
        // way back to it.
        writeStored('myReports', addStoredReport(readStored('myReports'), {
          id: r.id,
          trackingCode: r.trackingCode,
          accessToken: r.accessToken,
          createdAt: r.createdAt,
        }))
        writeStored('lastSubmission', r)
        // Stays locked: the form is left for the confirmation.
        await Taro.redirectTo({ url: routes.submitted(r.trackingCode) })
        return
      }
      if (outcome.kind === 'invalid') {
        showErrors({ ...outcome.errors, form: [...(outcome.errors.form ?? []), '提交的内容有误，请查看上面标红的提示。'] })
      } else if (outcome.code === 'UNAUTHENTICATED') {
        setResident(undefined)
        setErrors({ form: [usesDevLogin ? '请先在页面上方选择一个演示账号登录，再点提交。' : '登录已过期，请再点一次提交。'] })
      } else {
        setErrors({ form: [outcome.message] })
      }
    } catch (e) {
      setErrors({ form: [errorText(e)] })
    }
    busy.current = false
    setSending(false)
  }

  return (
    <Page>
      <Text className='title'>告诉村里</Text>
      <Text className='lead'>
        您反映的情况会送到孩子所在村（社区）的儿童主任，由他们了解情况、提供帮助。
      </Text>
      <View className='notice'>
        <Text>孩子正在遭受伤害、走失或被陌生人带走时，请先报警：</Text>
        <View className='spacer' />
        <HotlineCall number='110' label='报警电话' idPrefix='report-call' />
      </View>

      {usesDevLogin && !resident && <DevLoginChooser onSignedIn={(r) => setResident(r.user)} />}
      {usesDevLogin && resident && (
        <Text id='resident-name' className='hint'>
          已登录：{resident.displayName}
        </Text>
      )}

      <View className='section'>
        <Text className='section-title'>1. 孩子实际住在哪个村（社区）</Text>
        <FieldErrorText id='error-villageCode' messages={errors.villageCode} />
        <DivisionPicker onChange={(code) => update({ villageCode: code }, 'villageCode')} />
      </View>

      <View className='section'>
        <Text className='section-title'>2. 您看到了什么情况（可多选）</Text>
        <View className='list'>
          {situationCatalog.map((s) => {
            const on = form.situations.includes(s.id)
            return (
              <View
                key={s.id}
                id={`situation-${s.id}`}
                className={`check-row ${on ? 'is-checked' : ''}`}
                {...tapTarget('checkbox', { checked: on })}
                onClick={() => update({ situations: toggleSituation(form.situations, s.id as SituationId) }, 'situations')}
              >
                <View className='check-box' aria-hidden='true'>{on ? '✓' : ''}</View>
                <Text className='row-text'>{s.label}</Text>
              </View>
            )
          })}
        </View>
        <FieldErrorText id='error-situations' messages={errors.situations} />
      </View>

      <View className='section'>
        <View className='field'>
          <Text className='label'>3. 情况描述（选填）</Text>
          <Textarea
            id='report-description'
            className='textarea'
            nativeProps={{ 'aria-label': '情况描述（选填）' }}
            value={form.description}
            maxlength={1000}
            placeholder='您看到了什么？什么时候？'
            onInput={(e) => update({ description: e.detail.value }, 'description')}
          />
          <FieldErrorText id='error-description' messages={errors.description} />
        </View>
        <View className='field'>
          <Text className='label'>4. 孩子的情况（选填）</Text>
          <Text className='hint'>大概几岁、在哪里看到的。不需要填写孩子的姓名或身份证号。</Text>
          <Textarea
            id='report-child'
            className='textarea textarea-short'
            nativeProps={{ 'aria-label': '孩子的情况（选填）' }}
            value={form.childDescription}
            maxlength={200}
            placeholder='例如：男孩，大约 8 岁，常在村口小卖部附近'
            onInput={(e) => update({ childDescription: e.detail.value }, 'childDescription')}
          />
          <FieldErrorText id='error-childDescription' messages={errors.childDescription} />
        </View>
      </View>

      <View className='section'>
        <View
          id='anonymous-switch'
          className={`switch-row ${form.anonymous ? 'is-on' : ''}`}
          {...tapTarget('switch', { checked: form.anonymous })}
          onClick={() => update({ anonymous: !form.anonymous }, 'reporter', 'reporter.name', 'reporter.phone', 'reporter.relation')}
        >
          <Text className='section-title'>5. 匿名反映</Text>
          <View className='switch'>
            <View className='switch-knob' />
          </View>
        </View>
        <Text className='hint'>匿名时我们不保存您的任何身份信息；如需工作人员联系您，或您是老师、医生、村干部、社工需要报告回执，请关闭匿名，留下姓名和手机号。</Text>
        <FieldErrorText id='error-reporter' messages={errors.reporter} />
        {!form.anonymous && (
          <View id='reporter-fields'>
            <View className='spacer' />
            <View className='field'>
              <Text className='label'>您的姓名</Text>
              <FieldInput
                id='reporter-name'
                a11y={inputA11y('reporter-name', '您的姓名', errors['reporter.name'])}
                value={form.name}
                maxlength={30}
                placeholder='请填写姓名'
                onInput={(e) => update({ name: e.detail.value }, 'reporter.name')}
              />
              <FieldErrorText id='error-reporter-name' messages={errors['reporter.name']} />
            </View>
            <View className='field'>
              <Text className='label'>您的手机号</Text>
              <FieldInput
                id='reporter-phone'
                a11y={inputA11y('reporter-phone', '您的手机号', errors['reporter.phone'])}
                type='number'
                value={form.phone}
                maxlength={11}
                placeholder='11 位手机号码'
                onInput={(e) => update({ phone: e.detail.value }, 'reporter.phone')}
              />
              <FieldErrorText id='error-reporter-phone' messages={errors['reporter.phone']} />
            </View>
            <View className='field'>
              <Text className='label'>您是孩子的</Text>
              <View className='chips'>
                {ReporterRelation.options.map((r) => (
                  <View
                    key={r}
                    id={`relation-${r}`}
                    className={`choice ${form.relation === r ? 'is-checked' : ''}`}
                    {...tapTarget('radio', { checked: form.relation === r })}
                    onClick={() => update({ relation: r }, 'reporter.relation', 'reporter.unit')}
                  >
                    {reporterRelationLabel[r]}
                  </View>
                ))}
              </View>
              <FieldErrorText id='error-reporter-relation' messages={errors['reporter.relation']} />
            </View>
            {isMandatoryReporter(form.relation) && (
              <View className='field'>
                <Text className='label'>您的工作单位</Text>
                <Text className='hint'>老师、医生、村干部、社工发现孩子可能受到伤害，有责任报告。提交后您会得到一份回执，写明您在什么时间、以什么单位报告了，以后在“我反映过的情况”里也能查看。</Text>
                <FieldInput
                  id='reporter-unit'
                  a11y={inputA11y('reporter-unit', '您的工作单位', errors['reporter.unit'])}
                  value={form.unit}
                  maxlength={60}
                  placeholder='例如：丁湖镇中心小学'
                  onInput={(e) => update({ unit: e.detail.value }, 'reporter.unit')}
                />
                <FieldErrorText id='error-reporter-unit' messages={errors['reporter.unit']} />
              </View>
            )}
            <View className='field'>
              <Text className='label'>村里能不能联系您？</Text>
              <ChoiceGroup
                idPrefix='contact'
                options={ContactPermission.options}
                labels={contactPermissionLabel}
                value={form.contactPermission}
                onChange={(v) => update({ contactPermission: v }, 'reporter.contactPermission')}
              />
              <Text id='contact-permission-hint' className='hint'>
                {form.contactPermission === 'may_contact'
                  ? '负责处理的村儿童主任能看到您的姓名和电话，可能会打电话向您了解情况。每次查看都有记录。'
                  : form.contactPermission === 'keep_from_village'
                    ? '村里不会知道是谁反映的。乡镇、县里的工作人员只看到隐藏了部分号码的联系方式，需要时由他们联系您。'
                    : '请选择一项。'}
              </Text>
              <FieldErrorText id='error-reporter-contactPermission' messages={errors['reporter.contactPermission']} />
            </View>
          </View>
        )}
      </View>

      {hasErrors({ form: errors.form }) && (
        <View className='error-box'>
          <FieldErrorText id='report-form-error' messages={errors.form} />
        </View>
      )}
      <ActionButton id='report-submit' kind='primary' size='big' disabled={sending} onClick={() => void onSubmit()}>
        {sending ? '正在提交…' : '提交'}
      </ActionButton>
      <Text className='hint'>提交后会显示一个查询码，用任何一部手机都能凭它查看处理进度。</Text>
    </Page>
  )
}
