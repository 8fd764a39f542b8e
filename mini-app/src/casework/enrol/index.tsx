import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  CaregiverRelationship,
  ChildDisabilityLevel,
  ChildParentSituation,
  EnrolChild,
  HouseholdRegistration,
  PersonSex,
  SchoolStage,
  UnableToGuardReason,
  UpdateChild,
  birthDateOfId,
  caregiverRelationshipLabel,
  chinaToday,
  childFieldLabels,
  childParentSituationLabel,
  householdRegistrationLabel,
  personSexLabel,
  schoolStageLabel,
  sexOfId,
  unableToGuardLabel,
  type ChildStaffView,
  type PhoneHolder,
  type ParentRelation,
} from '@shouhu/shared'
import { errorText, staleRecord } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { DivisionPicker } from '../../components/division-picker'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Pressable } from '../../components/pressable'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { draftStorageKey } from '../draft'
import { showField } from '../focus'
import { ErrorBox } from '../parts'
import { caseworkRoutes } from '../routes'
import { useDraftForm, type FieldMessages } from '../use-draft-form'
import { firstError, messagesFor, under } from '../validate'
import '../casework.css'

interface ParentValues {
  relation: ParentRelation
  name: string
  phone: string
  situation: ChildParentSituation | ''
  workplaceCode: string
  awaySince: string
  unableReason: UnableToGuardReason | ''
}
interface EnrolValues {
  name: string
  sex: PersonSex | ''
  birthDate: string
  idNumber: string
  householdRegistration: HouseholdRegistration | ''
  villageCode: string
  stage: SchoolStage | ''
  school: string
  grade: string
  disability: ChildDisabilityLevel
  seriousIllness: boolean
  healthNote: string
  parents: [ParentValues, ParentValues]
  singleParent: boolean
  hasCaregiver: boolean
  caregiverName: string
  caregiverRelationship: CaregiverRelationship | ''
  caregiverPhone: string
  caregiverLives: boolean
  note: string
  /** Kept as they are when a file is corrected: no field on this form. */
  householdPlace: string
  difficultyCategories: string[]
  /** Correcting a file: the version it was read at, and what is shown of it but not sent back. */
  edit?: Shown
  /** Correcting a file: stored phones no longer in use, deleted on saving. */
  removePhones?: PhoneHolder[]
}

/** What a file shows masked (sent back only when retyped) and cannot change here. */
interface Shown {
  version: number
  villageName: string
  idMasked?: string
  phones: { father?: string; mother?: string; caregiver?: string }
  /** The caregiver whose phone is on file: a new caregiver does not keep it. */
  caregiverName?: string
}

const parent = (relation: ParentRelation): ParentValues => ({ relation, name: '', phone: '', situation: '', workplaceCode: '', awaySince: '', unableReason: '' })
const initial = (): EnrolValues => ({
  name: '',
  sex: '',
  birthDate: '',
  idNumber: '',
  householdRegistration: 'rural',
  villageCode: '',
  stage: '',
  school: '',
  grade: '',
  disability: 'none',
  seriousIllness: false,
  healthNote: '',
  parents: [parent('father'), parent('mother')],
  singleParent: false,
  hasCaregiver: true,
  caregiverName: '',
  caregiverRelationship: '',
  caregiverPhone: '',
  caregiverLives: true,
  note: '',
  householdPlace: '',
  difficultyCategories: [],
})

/** The form filled from a file; phones and the ID number start empty (shown masked beside them). */
function valuesOf(c: ChildStaffView): EnrolValues {
  const [father, mother] = (['father', 'mother'] as const).map((relation) => c.parents.find((x) => x.relation === relation))
  const parentOf = (relation: ParentRelation, p = relation === 'father' ? father : mother): ParentValues => ({
    relation,
    name: p?.name ?? '',
    phone: '',
    situation: p?.situation ?? '',
    workplaceCode: p?.workplaceCode ?? '',
    awaySince: p?.awaySince ?? '',
    unableReason: p?.unableReason ?? '',
  })
  return {
    name: c.name,
    sex: c.sex,
    birthDate: c.birthDate,
    idNumber: '',
    householdRegistration: c.householdRegistration,
    villageCode: c.villageCode,
    stage: c.schooling.stage,
    school: c.schooling.school ?? '',
    grade: c.schooling.grade ?? '',
    disability: c.health.disability,
    seriousIllness: c.health.seriousIllness,
    healthNote: c.health.note ?? '',
    parents: [parentOf('father'), parentOf('mother')],
    singleParent: c.singleParent,
    hasCaregiver: Boolean(c.caregiver),
    caregiverName: c.caregiver?.name ?? '',
    caregiverRelationship: c.caregiver?.relationship ?? '',
    caregiverPhone: '',
    caregiverLives: c.caregiver?.livesWithChild ?? true,
    note: c.note ?? '',
    householdPlace: c.householdPlace ?? '',
    difficultyCategories: c.difficultyCategories,
    edit: {
      version: c.version,
      villageName: c.villageName,
      idMasked: c.idMasked,
      phones: { father: father?.phone, mother: mother?.phone, caregiver: c.caregiver?.phone },
      caregiverName: c.caregiver?.name,
    },
  }
}

function body(v: EnrolValues) {
  return {
    name: v.name,
    sex: v.sex || undefined,
    birthDate: v.birthDate || undefined,
    idNumber: v.idNumber.trim().toUpperCase(),
    householdRegistration: v.householdRegistration || undefined,
    villageCode: v.villageCode || undefined,
    schooling: { stage: v.stage || undefined, school: v.school, grade: v.grade },
    health: { disability: v.disability, seriousIllness: v.seriousIllness, note: v.healthNote },
    parents: v.parents.map((p) => ({
      relation: p.relation,
      name: p.name,
      phone: p.phone,
      situation: p.situation || undefined,
      workplaceCode: p.situation === 'working_away' ? p.workplaceCode : '',
      awaySince: p.situation === 'working_away' ? p.awaySince : '',
      unableReason: p.situation === 'unable' ? p.unableReason || undefined : undefined,
    })),
    singleParent: v.singleParent,
    caregiver: v.hasCaregiver
      ? { name: v.caregiverName, relationship: v.caregiverRelationship || undefined, phone: v.caregiverPhone, livesWithChild: v.caregiverLives }
      : undefined,
    difficultyCategories: v.difficultyCategories ?? [],
    householdPlace: v.householdPlace ?? '',
    note: v.note,
  }
}

/** 「已登记：138****5678，不改就留空。」 beside a field shown masked. */
const keptHint = (masked?: string, removing = false) =>
  masked ? (removing ? `已登记的 ${masked} 保存后删除。` : `已登记：${masked}，不改就留空。`) : undefined

/** The box that deletes a stored phone on saving. */
function RemovePhone({ id, checked, onPress }: { id: string; checked: boolean; onPress: () => void }) {
  return (
    <Pressable id={id} className={`check-row ${checked ? 'is-checked' : ''}`} role='checkbox' checked={checked} onPress={onPress}>
      <View className='check-box' />
      <Text>这个号码不用了，删除</Text>
    </Pressable>
  )
}

/** Field path → the element the director is sent to (page order below). */
const places: [string, string][] = [
  ['name', 'enrol-name'],
  ['sex', 'enrol-sex'],
  ['birthDate', 'enrol-birth'],
  ['idNumber', 'enrol-id'],
  ['householdRegistration', 'enrol-hukou'],
  ['villageCode', 'enrol-village'],
  ['schooling.stage', 'enrol-stage'],
  ['schooling.school', 'enrol-school'],
  ['schooling.grade', 'enrol-grade'],
  ['health', 'enrol-health'],
  ...[0, 1].flatMap((i): [string, string][] => [
    [`parents.${i}.name`, `enrol-parent-${i}-name`],
    [`parents.${i}.phone`, `enrol-parent-${i}-phone`],
    [`parents.${i}.situation`, `enrol-parent-${i}-situation`],
    [`parents.${i}.workplaceCode`, `enrol-parent-${i}-work`],
    [`parents.${i}.awaySince`, `enrol-parent-${i}-away`],
    [`parents.${i}.unableReason`, `enrol-parent-${i}-reason`],
    [`parents.${i}`, `enrol-parent-${i}-situation`],
  ]),
  ['parents', 'enrol-parent-0-situation'],
  ['caregiver.name', 'enrol-caregiver-name'],
  ['caregiver.relationship', 'enrol-caregiver-relationship'],
  ['caregiver.phone', 'enrol-caregiver-phone'],
  ['caregiver', 'enrol-caregiver-name'],
  ['note', 'enrol-note'],
]
const order = places.map(([f]) => f)
const elementOf = (field: string) => places.find(([f]) => field === f || field.startsWith(`${f}.`))?.[1] ?? 'enrol-name'

/**
 * 摸排建档: a director creates a child's file at the door during the survey. Big targets, a
 * date wheel, a draft that survives a dropped network or a closed page, sent exactly once.
 * With `?id=` the same form corrects a file's basic information (修改基本信息): filled from the
 * file, saved on the version it was read at; phones and the ID number, shown masked, are sent
 * only when retyped; the village is changed by a transfer, not here.
 */
export default function EnrolForm() {
  const user = useStaffUser()
  const router = useRouter()
  const reportId = param(router.params.report)
  const childId = param(router.params.id)
  const form = useDraftForm<EnrolValues>(draftStorageKey(childId ? 'edit' : 'enrol', childId || reportId || 'survey'), initial)
  const [errors, setErrors] = useState<FieldMessages>({})
  const [checked, setChecked] = useState(false)
  const [formError, setFormError] = useState('')
  const [loadError, setLoadError] = useState('')
  const v = form.values
  const editing = Boolean(childId)
  const schema = editing ? UpdateChild : EnrolChild
  const payload = (values: EnrolValues) => (editing ? { ...body(values), version: values.edit?.version, removePhones: values.removePhones ?? [] } : body(values))

  // Correcting a file: fill the form from it, unless a correction begun earlier was kept on the phone.
  async function loadFile() {
    setLoadError('')
    try {
      form.update(valuesOf(await childEndpoints.get(childId!)))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }
  useEffect(() => {
    if (editing && !v.edit) void loadFile()
    // Once, when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  function change(next: Partial<EnrolValues>) {
    const merged = { ...form.values, ...next }
    // The ID number carries the birth date and sex: fill them in rather than ask twice.
    if (next.idNumber !== undefined) {
      const id = next.idNumber.trim().toUpperCase()
      const birth = id.length === 18 ? birthDateOfId(id) : undefined
      if (birth) {
        merged.birthDate = birth
        merged.sex = sexOfId(id)
      }
    }
    form.update(merged)
    if (checked) {
      const r = messagesFor(schema, payload(merged), childFieldLabels)
      setErrors(r.ok ? {} : r.fields)
    }
  }
  const changeParent = (i: 0 | 1, p: Partial<ParentValues>) => {
    const parents = [...v.parents] as [ParentValues, ParentValues]
    parents[i] = { ...parents[i], ...p }
    change({ parents, ...(p.phone ? { removePhones: removing.filter((h) => h !== parents[i].relation) } : {}) })
  }
  // A stored phone shown masked cannot be emptied by hand: it is deleted by ticking its box, and
  // typing a new one instead un-ticks it (the API refuses both at once).
  const removing = v.removePhones ?? []
  const toggleRemoval = (holder: PhoneHolder) => {
    if (removing.includes(holder)) return change({ removePhones: removing.filter((h) => h !== holder) })
    const cleared = holder === 'caregiver' ? { caregiverPhone: '' } : { parents: v.parents.map((p) => (p.relation === holder ? { ...p, phone: '' } : p)) as EnrolValues['parents'] }
    change({ ...cleared, removePhones: [...removing, holder] })
  }

  async function submit() {
    if (form.busy) return
    setFormError('')
    setChecked(true)
    const r = messagesFor(schema, payload(v), childFieldLabels)
    if (!r.ok) {
      setErrors(r.fields)
      const first = firstError(r.fields, order) ?? Object.keys(r.fields)[0]
      if (first) showField(elementOf(first))
      return
    }
    setErrors({})
    if (editing) return saveCorrection(r.data as UpdateChild)
    const enrolment = r.data as EnrolChild
    const sent = await form.send((_, key) => (reportId ? childEndpoints.enrolFromReport(reportId, enrolment, key) : childEndpoints.enrol(enrolment, key)))
    if (sent.ok) {
      void Taro.showToast({ title: sent.result.existing ? '已有档案' : '已建档', icon: 'success' })
      void Taro.redirectTo({ url: caseworkRoutes.child(sent.result.id) })
      return
    }
    if (redirectIfSignedOut(sent.error)) return
    setErrors(sent.fields)
    setFormError(sent.message)
    const first = firstError(sent.fields, order)
    if (first) showField(elementOf(first))
  }

  async function saveCorrection(correction: UpdateChild) {
    const sent = await form.send(() => childEndpoints.update(childId!, correction))
    if (sent.ok) {
      void Taro.showToast({ title: '已保存', icon: 'success' })
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
      else void Taro.redirectTo({ url: caseworkRoutes.child(childId!) })
      return
    }
    if (redirectIfSignedOut(sent.error)) return
    // Someone saved the file meanwhile: show it as it is now; nothing of theirs is overwritten.
    const current = staleRecord<ChildStaffView>(sent.error)
    if (current) {
      form.update(valuesOf(current))
      setErrors({})
      setFormError('档案刚被别人修改过，下面已换成最新的内容。请重新核对、改好后再保存。')
      return
    }
    setErrors(sent.fields)
    setFormError(sent.message)
    const first = firstError(sent.fields, order)
    if (first) showField(elementOf(first))
  }

  if (!user) return <View className='page' />
  if (editing && !v.edit) {
    return (
      <View className='page'>
        <Text className='title'>修改基本信息</Text>
        {loadError ? (
          <>
            <ErrorBox id='enrol-load-error' message={loadError} />
            <ActionButton id='enrol-load-retry' onClick={() => loadFile()}>
              重新读取档案
            </ActionButton>
          </>
        ) : (
          <Text className='hint'>正在读取档案…</Text>
        )}
      </View>
    )
  }
  const shown = v.edit
  // The caregiver's stored phone belongs to the caregiver on file, not to a new one typed in.
  const caregiverPhoneShown = shown && v.caregiverName === shown.caregiverName ? shown.phones.caregiver : undefined
  const e = (field: string) => under(errors, field)
  return (
    <View className='page'>
      <Text className='title'>{shown ? '修改基本信息' : '摸排建档'}</Text>
      <Text className='lead'>
        {shown
          ? '改正登记错了或已经变了的内容。手机号和身份证号码只显示一部分，不改就留空。'
          : reportId
            ? '根据村民反映的情况，为孩子建立档案。'
            : '上门了解孩子的情况，建立档案。没有网络也可以先填，内容保存在手机上。'}
      </Text>
      {form.restored && (
        <Text id='enrol-restored' className='cw-sticky-status'>
          上次没有提交的内容已经恢复。
        </Text>
      )}

      <View className='section'>
        <Text className='section-title'>孩子</Text>
        <InputField id='enrol-name' label='姓名' value={v.name} onInput={(name) => change({ name })} maxlength={20} errors={e('name')} />
        <InputField
          id='enrol-id'
          label='身份证号码'
          optional
          type='idcard'
          hint={shown?.idMasked ? `已登记：${shown.idMasked}，不改就留空；填了新的号码，出生日期和性别会自动填好。` : '填了身份证号码，出生日期和性别会自动填好。'}
          value={v.idNumber}
          maxlength={18}
          onInput={(idNumber) => change({ idNumber })}
          errors={e('idNumber')}
        />
        <Text className='label'>性别</Text>
        <View id='enrol-sex'>
          <ChoiceGroup idPrefix='enrol-sex' options={PersonSex.options} labels={personSexLabel} value={v.sex} onChange={(sex) => change({ sex })} />
        </View>
        <FieldErrorText id='error-enrol-sex' messages={e('sex')} />
        <DatePickerField id='enrol-birth' label='出生日期' value={v.birthDate} end={chinaToday()} onChange={(birthDate) => change({ birthDate })} errors={e('birthDate')} />
        <Text className='label'>户口</Text>
        <View id='enrol-hukou'>
          <ChoiceGroup idPrefix='enrol-hukou' options={HouseholdRegistration.options} labels={householdRegistrationLabel} value={v.householdRegistration} onChange={(householdRegistration) => change({ householdRegistration })} />
        </View>
        <FieldErrorText id='error-enrol-hukou' messages={e('householdRegistration')} />
        <Text className='label'>现在住在哪个村</Text>
        {shown ? (
          <Text id='enrol-village' className='hint'>
            {shown.villageName}（搬到别的村，请在档案里申请「转出」）
          </Text>
        ) : (
          <View id='enrol-village'>
            <DivisionPicker idPrefix='enrol-village' onChange={(villageCode) => change({ villageCode })} />
          </View>
        )}
        <FieldErrorText id='error-enrol-village' messages={e('villageCode')} />
      </View>

      <View className='section'>
        <Text className='section-title'>上学和健康</Text>
        <View id='enrol-stage'>
          <ChoiceGroup idPrefix='enrol-stage' options={SchoolStage.options} labels={schoolStageLabel} value={v.stage} onChange={(stage) => change({ stage })} />
        </View>
        <FieldErrorText id='error-enrol-stage' messages={e('schooling.stage')} />
        <InputField id='enrol-school' label='学校' optional value={v.school} maxlength={50} onInput={(school) => change({ school })} errors={e('schooling.school')} />
        <InputField id='enrol-grade' label='年级' optional placeholder='例如：三年级' value={v.grade} maxlength={20} onInput={(grade) => change({ grade })} errors={e('schooling.grade')} />
        <Text className='label'>残疾情况</Text>
        <View id='enrol-health'>
          <ChoiceGroup
            idPrefix='enrol-disability'
            options={ChildDisabilityLevel.options}
            labels={{ none: '没有残疾', level_1_2: '一级或二级残疾', level_3_4: '三级或四级残疾' }}
            value={v.disability}
            onChange={(disability) => change({ disability })}
          />
        </View>
        <Pressable id='enrol-illness' className={`check-row ${v.seriousIllness ? 'is-checked' : ''}`} role='checkbox' checked={v.seriousIllness} onPress={() => change({ seriousIllness: !v.seriousIllness })}>
          <View className='check-box' />
          <Text>孩子患有重病或长期病</Text>
        </Pressable>
        <InputField id='enrol-health-note' label='健康情况说明' optional value={v.healthNote} maxlength={200} onInput={(healthNote) => change({ healthNote })} errors={e('health.note')} />
      </View>

      {([0, 1] as const).map((i) => {
        const p = v.parents[i]
        const who = p.relation === 'father' ? '父亲' : '母亲'
        return (
          <View key={i} className='section'>
            <Text className='section-title'>{who}</Text>
            <InputField id={`enrol-parent-${i}-name`} label={`${who}姓名`} optional value={p.name} maxlength={20} onInput={(name) => changeParent(i, { name })} errors={e(`parents.${i}.name`)} />
            <InputField id={`enrol-parent-${i}-phone`} label={`${who}手机号`} optional type='number' hint={keptHint(shown?.phones[p.relation], removing.includes(p.relation))} value={p.phone} maxlength={11} onInput={(phone) => changeParent(i, { phone })} errors={e(`parents.${i}.phone`)} />
            {shown?.phones[p.relation] && <RemovePhone id={`enrol-parent-${i}-phone-remove`} checked={removing.includes(p.relation)} onPress={() => toggleRemoval(p.relation)} />}
            <Text className='label'>{who}现在的情况</Text>
            <View id={`enrol-parent-${i}-situation`}>
              <ChoiceGroup idPrefix={`enrol-parent-${i}-situation`} options={ChildParentSituation.options} labels={childParentSituationLabel} value={p.situation} onChange={(situation) => changeParent(i, { situation })} />
            </View>
            <FieldErrorText id={`error-enrol-parent-${i}-situation`} messages={[...e(`parents.${i}.situation`), ...e(`parents.${i}.relation`)]} />
            {p.situation === 'working_away' && (
              <>
                <Text className='label'>在哪里务工（选到县、区）</Text>
                <View id={`enrol-parent-${i}-work`}>
                  <DivisionPicker idPrefix={`enrol-parent-${i}-work`} until='county' value={p.workplaceCode || undefined} onChange={(workplaceCode) => changeParent(i, { workplaceCode })} />
                </View>
                <FieldErrorText id={`error-enrol-parent-${i}-work`} messages={e(`parents.${i}.workplaceCode`)} />
                <DatePickerField id={`enrol-parent-${i}-away`} label='从哪天开始外出' value={p.awaySince} end={chinaToday()} onChange={(awaySince) => changeParent(i, { awaySince })} errors={e(`parents.${i}.awaySince`)} />
              </>
            )}
            {p.situation === 'unable' && (
              <>
                <Text className='label'>为什么不能照护</Text>
                <View id={`enrol-parent-${i}-reason`}>
                  <ChoiceGroup idPrefix={`enrol-parent-${i}-reason`} options={UnableToGuardReason.options} labels={unableToGuardLabel} value={p.unableReason} onChange={(unableReason) => changeParent(i, { unableReason })} />
                </View>
                <FieldErrorText id={`error-enrol-parent-${i}-reason`} messages={e(`parents.${i}.unableReason`)} />
              </>
            )}
          </View>
        )
      })}

      <View className='section'>
        <Pressable id='enrol-single-parent' className={`check-row ${v.singleParent ? 'is-checked' : ''}`} role='checkbox' checked={v.singleParent} onPress={() => change({ singleParent: !v.singleParent })}>
          <View className='check-box' />
          <Text>单亲家庭</Text>
        </Pressable>
      </View>

      <View className='section'>
        <Text className='section-title'>平时谁照看孩子</Text>
        <Pressable id='enrol-no-caregiver' className={`check-row ${!v.hasCaregiver ? 'is-checked' : ''}`} role='checkbox' checked={!v.hasCaregiver} onPress={() => change({ hasCaregiver: !v.hasCaregiver })}>
          <View className='check-box' />
          <Text>父母自己照看，没有其他照护人</Text>
        </Pressable>
        {v.hasCaregiver && (
          <>
            <InputField id='enrol-caregiver-name' label='照护人姓名' value={v.caregiverName} maxlength={20} onInput={(caregiverName) => change({ caregiverName })} errors={e('caregiver.name')} />
            <Text className='label'>和孩子的关系</Text>
            <View id='enrol-caregiver-relationship'>
              <ChoiceGroup
                idPrefix='enrol-caregiver-relationship'
                options={CaregiverRelationship.options}
                labels={caregiverRelationshipLabel}
                value={v.caregiverRelationship}
                onChange={(caregiverRelationship) => change({ caregiverRelationship })}
              />
            </View>
            <FieldErrorText id='error-enrol-caregiver-relationship' messages={e('caregiver.relationship')} />
            <InputField id='enrol-caregiver-phone' label='照护人手机号' optional type='number' hint={keptHint(caregiverPhoneShown, removing.includes('caregiver'))} value={v.caregiverPhone} maxlength={11} onInput={(caregiverPhone) => change({ caregiverPhone, ...(caregiverPhone ? { removePhones: removing.filter((h) => h !== 'caregiver') } : {}) })} errors={e('caregiver.phone')} />
            {caregiverPhoneShown && <RemovePhone id='enrol-caregiver-phone-remove' checked={removing.includes('caregiver')} onPress={() => toggleRemoval('caregiver')} />}
            <Pressable id='enrol-caregiver-lives' className={`check-row ${v.caregiverLives ? 'is-checked' : ''}`} role='checkbox' checked={v.caregiverLives} onPress={() => change({ caregiverLives: !v.caregiverLives })}>
              <View className='check-box' />
              <Text>和孩子住在一起</Text>
            </Pressable>
          </>
        )}
      </View>

      <View className='section'>
        <TextAreaField id='enrol-note' label='其他情况' optional value={v.note} maxlength={1000} onInput={(note) => change({ note })} errors={e('note')} />
      </View>

      <ErrorBox id='enrol-error' message={formError} />
      <ActionButton id='enrol-submit' kind='primary' size='big' disabled={form.busy} onClick={() => void submit()}>
        {form.busy ? '正在提交…' : shown ? '保存修改' : '建立档案'}
      </ActionButton>
    </View>
  )
}
