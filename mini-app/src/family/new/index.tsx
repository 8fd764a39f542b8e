import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  ContactFrequency,
  ContactMethod,
  HouseholdRegistration,
  ParentRelation,
  PersonSex,
  UnableToGuardReason,
  contactFrequencyLabel,
  contactMethodLabel,
  entrustmentConsentText,
  householdRegistrationLabel,
  parentRelationLabel,
  personSexLabel,
  unableToGuardLabel,
  type EntrustmentCreate,
  type KnownSchool,
} from '@shouhu/shared'
import { ApiRequestError, errorText } from '../../api/client'
import { entrustmentEndpoints } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup, MultiChoice } from '../../components/choice-group'
import { DevLoginChooser } from '../../components/dev-login'
import { DivisionPicker } from '../../components/division-picker'
import { FieldErrorText } from '../../components/field-error'
import { DateField, TextField } from '../../components/text-field'
import { CaregiverFields } from '../../entrustment-form/caregiver-fields'
import {
  clearUnder,
  emptyChild,
  emptyEntrustmentForm,
  hasMessages,
  messagesFrom,
  validateEntrustmentForm,
  withIdDerived,
  type ChildState,
  type EntrustmentFormState,
  type FieldMessages,
  type ParentState,
} from '../../entrustment-form/form'
import { SubmissionKey } from '../../report-form/idempotency'
import { routes } from '../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { param } from '../../routes'
import { Page } from '../../components/page'
import { useFieldErrors } from '../../forms/field-errors'
import { tapTarget } from '../../components/a11y'

const situationLabel = { working_away: '外出务工', not_away: '没有外出务工', deceased: '已去世' } as const
const guardLabel = { yes: '能照护孩子', no: '不能照护孩子' } as const
const schoolChoiceLabel = { typed: '其他学校（手动填写）', none: '还没上学' } as const

/**
 * 委托照护登记: a parent who goes (or has gone) to work elsewhere registers who cares for the
 * children (001 #7, 004 #5). Nothing is sent before the guardian agrees to the processing of
 * the children's information (PIPL). With `?as=police`, police or prison staff (signed in as
 * staff) register for a detained parent, recording that parent's consent (001 #5, 003 §3(六)).
 */
export default function NewEntrustment() {
  const byPolice = param(useRouter().params.as) === 'police'
  const officer = byPolice ? currentUser('staff') : undefined
  const [form, setForm] = useState<EntrustmentFormState>(() => ({ ...emptyEntrustmentForm(), ...(byPolice ? { police: { guardian: '', unit: '' } } : {}) }))
  const [errors, setErrors, showErrors] = useFieldErrors<FieldMessages>()
  const [sending, setSending] = useState(false)
  const [resident, setResident] = useState(() => currentUser('resident'))
  const [schools, setSchools] = useState<KnownSchool[]>([])
  const [key] = useState(() => new SubmissionKey())

  useEffect(() => {
    if (byPolice) return
    void ensureResidentSession()
      .then((s) => s && setResident(s.user))
      .catch(() => undefined)
  }, [byPolice])

  // Keyed on the officer's id, not the object: the session is read from storage afresh on every
  // render, and a new object each time re-ran this read after every answer, without end.
  const officerId = officer?.id
  useEffect(() => {
    if (!form.villageCode || !(resident || officerId)) return setSchools([])
    entrustmentEndpoints
      .schools(form.villageCode, byPolice ? 'staff' : 'resident')
      .then(({ items }) => setSchools(items))
      .catch(() => setSchools([]))
  }, [form.villageCode, resident, officerId, byPolice])

  function update(patch: Partial<EntrustmentFormState>, ...touched: string[]) {
    setForm((f) => ({ ...f, ...patch }))
    if (touched.length) setErrors((e) => clearUnder(e, ...touched))
  }
  function setParent(i: 0 | 1, patch: Partial<ParentState>, field: string) {
    setForm((f) => {
      const parents = [...f.parents] as EntrustmentFormState['parents']
      parents[i] = { ...parents[i], ...patch }
      return { ...f, parents }
    })
    setErrors((e) => clearUnder(e, `parents.${i}.${field}`, `parents.${i}`, 'parents'))
  }
  function setChild(j: number, patch: Partial<ChildState>, field: string) {
    setForm((f) => ({ ...f, children: f.children.map((c, k) => (k === j ? withIdDerived({ ...c, ...patch }) : c)) }))
    setErrors((e) => clearUnder(e, `children.${j}.${field}`))
  }

  async function onSubmit() {
    if (sending) return
    const checked = byPolice ? validateEntrustmentForm(form, true) : validateEntrustmentForm(form)
    if (!checked.ok) {
      showErrors({ ...checked.errors, form: ['还有内容需要补充或修改，请查看标红的提示。'] })
      return
    }
    setSending(true)
    setErrors({})
    try {
      if (!byPolice) await ensureResidentSession().catch(() => undefined)
      const created =
        byPolice && 'guardian' in checked.value
          ? await entrustmentEndpoints.registerByPolice(checked.value, key.current())
          : await entrustmentEndpoints.register(checked.value as EntrustmentCreate, key.current())
      key.rotate()
      await Taro.redirectTo({ url: routes.familyEntrustment(created.id, byPolice ? 'staff' : undefined, created.invitationCode) })
    } catch (e) {
      if (e instanceof ApiRequestError && e.status >= 400 && e.status < 500) key.rotate()
      if (e instanceof ApiRequestError && e.fields.length) {
        const byField = messagesFrom(e.fields)
        showErrors({ ...byField, form: ['提交的内容有误：', ...e.fields.map((f) => f.message)] })
      } else if (e instanceof ApiRequestError && e.code === 'UNAUTHENTICATED') {
        setResident(undefined)
        setErrors({ form: [usesDevLogin ? '请先在页面上方选择一个演示账号登录，再点提交。' : '登录已过期，请再点一次提交。'] })
      } else {
        setErrors({ form: [errorText(e)] })
      }
    } finally {
      setSending(false)
    }
  }

  return (
    <Page>
      <Text className='title'>登记委托照护</Text>
      {byPolice ? (
        <Text className='lead'>
          被拘留、羁押或服刑人员的未成年子女需要委托照护的，由办案或监管单位协助登记。请先询问本人，记录其同意后填写；照护人确认后，孩子所在的村和学校会收到通知，村里上门核实。
        </Text>
      ) : (
        <Text className='lead'>
          父母外出务工、不能在家照护孩子时，应当委托一位有照护能力的成年人代为照护，并告诉孩子所在的村（社区）和学校。登记后会得到一个邀请码，请把它告诉照护人；照护人在小程序里填上邀请码、确认愿意照护后，村里和学校会收到通知。
        </Text>
      )}
      {!byPolice && usesDevLogin && !resident && <DevLoginChooser onSignedIn={(r) => setResident(r.user)} />}
      {!byPolice && usesDevLogin && resident && (
        <Text id='resident-name' className='hint'>
          已登录：{resident.displayName}
        </Text>
      )}
      {byPolice && !officer && (
        <View className='error-box'>
          <Text>请先在「工作人员登录」用公安或监狱工作人员账号登录。</Text>
        </View>
      )}

      {byPolice ? (
        <View className='section'>
          <Text className='section-title'>1. 协助登记</Text>
          <Text className='label'>记录了哪一位家长的同意</Text>
          <ChoiceGroup
            idPrefix='ent-guardian'
            options={ParentRelation.options}
            labels={parentRelationLabel}
            value={form.police?.guardian ?? ''}
            onChange={(v) => update({ police: { guardian: v, unit: form.police?.unit ?? '' } }, 'guardian')}
          />
          <FieldErrorText id='error-ent-guardian' messages={errors.guardian} />
          <View className='spacer' />
          <TextField
            id='ent-unit'
            label='单位'
            value={form.police?.unit ?? ''}
            placeholder='例如 泗县看守所'
            maxlength={50}
            onInput={(v) => update({ police: { guardian: form.police?.guardian ?? '', unit: v } }, 'unit')}
            errors={errors.unit}
          />
        </View>
      ) : (
        <View className='section'>
          <Text className='section-title'>1. 您是孩子的</Text>
          <ChoiceGroup idPrefix='ent-registrant' options={ParentRelation.options} labels={parentRelationLabel} value={form.registrant} onChange={(v) => update({ registrant: v }, 'registrant')} />
          <FieldErrorText id='error-ent-registrant' messages={errors.registrant} />
        </View>
      )}

      {([0, 1] as const).map((i) => {
        const p = form.parents[i]
        const e = (f: string) => errors[`parents.${i}.${f}`]
        return (
          <View key={i} id={`ent-parent-${i}`} className='section'>
            <Text className='section-title'>
              {i + 2}. {parentRelationLabel[p.relation]}的情况
            </Text>
            <TextField id={`ent-parent-${i}-name`} label={`${parentRelationLabel[p.relation]}姓名`} value={p.name} maxlength={30} onInput={(v) => setParent(i, { name: v }, 'name')} errors={e('name')} />
            {p.situation !== 'deceased' && (
              <TextField
                id={`ent-parent-${i}-phone`}
                label={`${parentRelationLabel[p.relation]}手机号`}
                type='number'
                maxlength={11}
                value={p.phone}
                hint={p.situation === 'not_away' && p.canGuard === 'no' ? '联系不上的可以不填。' : undefined}
                onInput={(v) => setParent(i, { phone: v }, 'phone')}
                errors={e('phone')}
              />
            )}
            <View className='field'>
              <Text className='label'>现在的情况</Text>
              <ChoiceGroup idPrefix={`ent-parent-${i}-situation`} options={['working_away', 'not_away', 'deceased'] as const} labels={situationLabel} value={p.situation} onChange={(v) => setParent(i, { situation: v }, 'situation')} />
              <FieldErrorText id={`error-ent-parent-${i}-situation`} messages={[...(e('situation') ?? []), ...(errors[`parents.${i}`] ?? [])]} />
            </View>
            {p.situation === 'working_away' && (
              <View>
                <View className='field'>
                  <Text className='label'>在哪里务工（选到县、区）</Text>
                  <DivisionPicker until='county' idPrefix={`ent-parent-${i}-work`} onChange={(code) => setParent(i, { workplaceCode: code }, 'workplaceCode')} />
                  <FieldErrorText id={`error-ent-parent-${i}-work`} messages={e('workplaceCode')} />
                </View>
                <DateField id={`ent-parent-${i}-away-since`} label='从哪天开始外出' value={p.awaySince} onChange={(v) => setParent(i, { awaySince: v }, 'awaySince')} errors={e('awaySince')} />
                <DateField id={`ent-parent-${i}-return`} label='预计哪天回来（选填）' value={p.expectedReturn} onChange={(v) => setParent(i, { expectedReturn: v }, 'expectedReturn')} errors={e('expectedReturn')} />
              </View>
            )}
            {p.situation === 'not_away' && (
              <View className='field'>
                <Text className='label'>能不能在家照护孩子</Text>
                <ChoiceGroup idPrefix={`ent-parent-${i}-guard`} options={['yes', 'no'] as const} labels={guardLabel} value={p.canGuard} onChange={(v) => setParent(i, { canGuard: v }, 'canGuard')} />
                <FieldErrorText id={`error-ent-parent-${i}-guard`} messages={e('canGuard')} />
                {p.canGuard === 'no' && (
                  <View>
                    <View className='spacer' />
                    <Text className='label'>原因</Text>
                    <ChoiceGroup idPrefix={`ent-parent-${i}-reason`} options={UnableToGuardReason.options} labels={unableToGuardLabel} value={p.unableReason} onChange={(v) => setParent(i, { unableReason: v }, 'unableReason')} />
                    <FieldErrorText id={`error-ent-parent-${i}-reason`} messages={e('unableReason')} />
                  </View>
                )}
              </View>
            )}
          </View>
        )
      })}
      <FieldErrorText id='error-ent-parents' messages={errors.parents} />

      <View className='section'>
        <Text className='section-title'>4. 孩子实际住在哪个村（社区）</Text>
        <Text className='hint'>村里的儿童主任会上门了解照护情况。</Text>
        <FieldErrorText id='error-ent-village' messages={errors.villageCode} />
        <DivisionPicker idPrefix='ent-village' onChange={(code) => update({ villageCode: code }, 'villageCode')} />
      </View>

      {form.children.map((c, j) => {
        const e = (f: string) => errors[`children.${j}.${f}`]
        const schoolValue = c.schoolMode === 'list' ? c.schoolId : c.schoolMode
        return (
          <View key={j} id={`ent-child-${j}`} className='section'>
            <Text className='section-title'>5. 第{j + 1}个孩子</Text>
            <TextField id={`ent-child-${j}-name`} label='孩子姓名' value={c.name} maxlength={30} onInput={(v) => setChild(j, { name: v }, 'name')} errors={e('name')} />
            <TextField id={`ent-child-${j}-id`} label='孩子身份证号' type='idcard' maxlength={18} value={c.idNumber} hint='填写后会自动带出出生日期和性别。' onInput={(v) => setChild(j, { idNumber: v }, 'idNumber')} errors={e('idNumber')} />
            <DateField id={`ent-child-${j}-birth`} label='出生日期' value={c.birthDate} onChange={(v) => setChild(j, { birthDate: v }, 'birthDate')} errors={e('birthDate')} />
            <View className='field'>
              <Text className='label'>性别</Text>
              <ChoiceGroup idPrefix={`ent-child-${j}-sex`} options={PersonSex.options} labels={personSexLabel} value={c.sex} onChange={(v) => setChild(j, { sex: v }, 'sex')} />
              <FieldErrorText id={`error-ent-child-${j}-sex`} messages={e('sex')} />
            </View>
            <View className='field'>
              <Text className='label'>户口类型</Text>
              <ChoiceGroup idPrefix={`ent-child-${j}-hukou`} options={HouseholdRegistration.options} labels={householdRegistrationLabel} value={c.householdRegistration} onChange={(v) => setChild(j, { householdRegistration: v }, 'householdRegistration')} />
              <FieldErrorText id={`error-ent-child-${j}-hukou`} messages={e('householdRegistration')} />
            </View>
            <View className='field'>
              <Text className='label'>在哪个学校（幼儿园）上学</Text>
              {!form.villageCode && <Text className='hint'>先选好孩子住的村，这里会列出附近的学校。</Text>}
              <ChoiceGroup
                idPrefix={`ent-child-${j}-school`}
                options={[...schools.map((s) => s.id), 'typed', 'none']}
                labels={{ ...Object.fromEntries(schools.map((s) => [s.id, s.name])), ...schoolChoiceLabel }}
                value={schoolValue}
                onChange={(v) => {
                  if (v === 'typed' || v === 'none') setChild(j, { schoolMode: v, schoolId: '', schoolName: '' }, 'school')
                  else setChild(j, { schoolMode: 'list', schoolId: v, schoolName: schools.find((s) => s.id === v)?.name ?? '' }, 'school')
                }}
              />
              {c.schoolMode === 'typed' && (
                <TextField id={`ent-child-${j}-school-name`} label='学校名称' value={c.schoolName} maxlength={50} onInput={(v) => setChild(j, { schoolName: v }, 'school')} />
              )}
              <FieldErrorText id={`error-ent-child-${j}-school`} messages={[...(e('school') ?? []), ...(e('school.name') ?? [])]} />
            </View>
            {form.children.length > 1 && (
              <ActionButton id={`ent-child-${j}-remove`} size='small' onClick={() => update({ children: form.children.filter((_, k) => k !== j) }, 'children')}>
                删除这个孩子
              </ActionButton>
            )}
          </View>
        )
      })}
      {form.children.length < 10 && (
        <ActionButton id='ent-child-add' onClick={() => update({ children: [...form.children, emptyChild()] })}>
          再添加一个孩子
        </ActionButton>
      )}

      <View className='section'>
        <Text className='section-title'>6. 委托谁照护孩子</Text>
        <Text className='hint'>照护人须是年满十八周岁、身体能照顾孩子的成年人。登记后请把邀请码发给照护人，由他在自己的微信里确认。</Text>
        <View className='spacer' />
        <CaregiverFields idPrefix='ent-caregiver' value={form.caregiver} errors={errors} onChange={(next, field) => update({ caregiver: next }, `caregiver.${field}`)} />
      </View>

      <View className='section'>
        <Text className='section-title'>7. 父母多久和孩子联系一次</Text>
        <ChoiceGroup idPrefix='ent-frequency' options={ContactFrequency.options} labels={contactFrequencyLabel} value={form.frequency} onChange={(v) => update({ frequency: v }, 'contactPlan.frequency')} />
        <FieldErrorText id='error-ent-frequency' messages={errors['contactPlan.frequency']} />
        <View className='spacer' />
        <Text className='label'>怎么联系（可多选）</Text>
        <MultiChoice idPrefix='ent-method' options={ContactMethod.options} labels={contactMethodLabel} values={form.methods} onChange={(v) => update({ methods: v }, 'contactPlan.methods')} />
        <FieldErrorText id='error-ent-method' messages={errors['contactPlan.methods']} />
      </View>

      <View className='section'>
        <Text className='section-title'>8. 委托期限</Text>
        <DateField id='ent-start' label='开始日期' value={form.startDate} onChange={(v) => update({ startDate: v }, 'startDate')} errors={errors.startDate} />
        <DateField id='ent-end' label='结束日期' value={form.endDate} hint='最长 3 年，到期前会提醒您续期。' onChange={(v) => update({ endDate: v }, 'endDate')} errors={errors.endDate} />
      </View>

      <View className='section'>
        <Text className='section-title'>9. 个人信息处理说明</Text>
        <View id='ent-consent-text'>
          {entrustmentConsentText.map((p) => (
            <Text key={p} className='consent-paragraph'>
              {p}
            </Text>
          ))}
        </View>
        <View
          id='ent-consent'
          className={`check-row ${form.consent ? 'is-checked' : ''}`}
          {...tapTarget('checkbox', { checked: form.consent })}
          onClick={() => update({ consent: !form.consent }, 'consent', 'consent.agreed')}
        >
          <View className='check-box' aria-hidden='true'>{form.consent ? '✓' : ''}</View>
          <Text className='row-text'>{byPolice ? '已向孩子的家长宣读以上说明，家长本人同意' : '我是孩子的监护人，已阅读并同意以上说明'}</Text>
        </View>
        <FieldErrorText id='error-ent-consent' messages={[...(errors.consent ?? []), ...(errors['consent.agreed'] ?? [])]} />
      </View>

      {hasMessages({ form: errors.form ?? [] }) && (
        <View className='error-box'>
          <FieldErrorText id='ent-form-error' messages={errors.form} />
        </View>
      )}
      <ActionButton id='ent-submit' kind='primary' size='big' disabled={sending} onClick={() => void onSubmit()}>
        {sending ? '正在提交…' : '提交登记'}
      </ActionButton>
    </Page>
  )
}
