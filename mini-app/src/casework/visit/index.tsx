import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  ContactKind,
  RecordContact,
  VisitCheckItem,
  VisitCheckRating,
  chinaToday,
  contactKindLabel,
  visitCheckLabel,
  visitCheckRatingLabel,
  visitFieldLabelsChild,
  type ChildStaffView,
} from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { ColourTag } from '../../components/colour-tag'
import { DatePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { TextAreaField } from '../../components/labelled-field'
import { Pressable } from '../../components/pressable'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { draftStorageKey } from '../draft'
import { showField } from '../focus'
import { ErrorBox } from '../parts'
import { RegradeFields, emptyRegrade, type RegradeValues } from '../regrade-fields'
import { caseworkRoutes } from '../routes'
import { useDraftForm, type FieldMessages } from '../use-draft-form'
import { firstError, messagesFor, under } from '../validate'
import '../casework.css'

interface VisitValues {
  kind: ContactKind | ''
  visitedOn: string
  checks: Partial<Record<VisitCheckItem, { rating: VisitCheckRating; note: string }>>
  problems: string
  followUp: string
  note: string
  regrade: boolean
  grade: RegradeValues
}

const items = VisitCheckItem.options
const ratings = VisitCheckRating.options
const kinds = ContactKind.options
/** Page order of the fields, for 「first mistake」. */
const order = ['kind', 'visitedOn', ...items.map((i) => `checks.${i}`), 'checks', 'problems', 'followUp', 'note', 'regrade.situations', 'regrade.reason', 'regrade']
const elementOf = (field: string) =>
  field === 'kind'
    ? 'visit-kind'
    : field === 'visitedOn'
      ? 'visit-date'
      : field.startsWith('checks.')
        ? `visit-check-${field.split('.')[1]}`
        : field === 'checks'
          ? 'visit-checks'
          : field.startsWith('problems')
            ? 'visit-problems'
            : field === 'followUp'
              ? 'visit-followup'
              : field === 'regrade.reason'
                ? 'visit-grade-reason'
                : field.startsWith('regrade')
                  ? 'visit-grade-situations'
                  : 'visit-note'

function body(v: VisitValues) {
  return {
    kind: v.kind || undefined,
    visitedOn: v.visitedOn,
    checks: Object.fromEntries(Object.entries(v.checks).map(([k, c]) => [k, { rating: c!.rating, note: c!.note }])),
    problems: v.problems
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    followUp: v.followUp,
    note: v.note,
    photoKeys: [],
    regrade: v.regrade ? v.grade : undefined,
  }
}

/**
 * 走访记录: a home visit, phone call or video call with the checklist. Written at the door with
 * or without signal: the draft stays on the phone and is sent exactly once.
 */
export default function VisitForm() {
  const user = useStaffUser()
  const params = useRouter().params
  const childId = param(params.id)
  const nameFromLink = param(params.name)
  const [child, setChild] = useState<ChildStaffView | null>(null)
  const [loadNote, setLoadNote] = useState('')
  const form = useDraftForm<VisitValues>(draftStorageKey('visit', childId || 'none'), () => ({
    kind: 'home_visit',
    visitedOn: chinaToday(),
    checks: {},
    problems: '',
    followUp: '',
    note: '',
    regrade: false,
    grade: emptyRegrade,
  }))
  const [errors, setErrors] = useState<FieldMessages>({})
  const [checked, setChecked] = useState(false)
  const [formError, setFormError] = useState('')
  const [done, setDone] = useState(false)
  const v = form.values

  useEffect(() => {
    if (!childId) return
    childEndpoints
      .get(childId)
      .then(setChild)
      .catch((e) => {
        if (redirectIfSignedOut(e)) return
        setLoadNote(`${errorText(e)}可以先填写，记录会保存在手机上。`)
      })
  }, [childId])

  function change(next: Partial<VisitValues>) {
    form.update(next)
    // After the first 提交, messages follow the form: a fixed field loses its message at once.
    if (checked) {
      const r = messagesFor(RecordContact, body({ ...form.values, ...next }), visitFieldLabelsChild)
      setErrors(r.ok ? {} : r.fields)
    }
  }

  async function submit() {
    if (form.busy) return
    setFormError('')
    setChecked(true)
    const r = messagesFor(RecordContact, body(v), visitFieldLabelsChild)
    if (!r.ok) {
      setErrors(r.fields)
      const first = firstError(r.fields, order) ?? Object.keys(r.fields)[0]
      if (first) showField(elementOf(first))
      return
    }
    setErrors({})
    const sent = await form.send((_, key) => childEndpoints.recordVisit(childId, r.data, key))
    if (sent.ok) {
      setDone(true)
      void Taro.showToast({ title: '已保存', icon: 'success' })
      return
    }
    if (redirectIfSignedOut(sent.error)) return
    setErrors(sent.fields)
    setFormError(sent.message)
    const first = firstError(sent.fields, order)
    if (first) showField(elementOf(first))
  }

  function leave() {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else void Taro.redirectTo({ url: caseworkRoutes.child(childId) })
  }

  if (!user) return <View className='page' />
  if (done) {
    return (
      <View className='page'>
        <View id='visit-done' className='notice' role='status'>
          <Text className='title'>走访记录已保存</Text>
          <Text>下一次要做的已经重新计算。</Text>
        </View>
        <ActionButton id='visit-back' kind='primary' onClick={leave}>
          返回
        </ActionButton>
        <ActionButton id='visit-open-file' onClick={() => void Taro.redirectTo({ url: caseworkRoutes.child(childId) })}>
          查看孩子的档案
        </ActionButton>
      </View>
    )
  }

  const name = child?.name ?? nameFromLink
  return (
    <View className='page'>
      <View className='head-bar'>
        <Text id='visit-child-name' className='title'>
          {name ? `${name}的走访记录` : '走访记录'}
        </Text>
        {child && <ColourTag colour={child.grade.colour} short />}
      </View>
      {form.restored && (
        <Text id='visit-restored' className='cw-sticky-status'>
          上次没有提交的内容已经恢复。
        </Text>
      )}
      {loadNote && <Text className='hint'>{loadNote}</Text>}

      <View className='section'>
        <Text className='label'>方式</Text>
        <View id='visit-kind'>
          <ChoiceGroup idPrefix='visit-kind' options={kinds} labels={contactKindLabel} value={v.kind} onChange={(kind) => change({ kind })} />
        </View>
        <FieldErrorText id='error-visit-kind' messages={errors.kind} />
        <DatePickerField id='visit-date' label='日期' value={v.visitedOn} end={chinaToday()} onChange={(visitedOn) => change({ visitedOn })} errors={errors.visitedOn} />
      </View>

      <View id='visit-checks' className='section'>
        <Text className='section-title'>看到的情况</Text>
        <Text className='hint'>每一项都要选；有隐患或有问题时，请写一句说明。</Text>
        {items.map((item) => {
          const c = v.checks[item]
          return (
            <View key={item} id={`visit-check-${item}`} className='cw-check'>
              <Text className='label'>{visitCheckLabel[item]}</Text>
              <ChoiceGroup
                idPrefix={`visit-check-${item}`}
                options={ratings}
                labels={visitCheckRatingLabel}
                value={c?.rating ?? ''}
                onChange={(rating) => change({ checks: { ...v.checks, [item]: { rating, note: c?.note ?? '' } } })}
              />
              {c && (c.rating === 'concern' || c.rating === 'problem') && (
                <TextAreaField
                  id={`visit-check-${item}-note`}
                  label={`${visitCheckLabel[item]}：说明`}
                  short
                  value={c.note}
                  onInput={(note) => change({ checks: { ...v.checks, [item]: { ...c, note } } })}
                />
              )}
              <FieldErrorText id={`error-visit-check-${item}`} messages={under(errors, `checks.${item}`)} />
            </View>
          )
        })}
        <FieldErrorText id='error-visit-checks' messages={errors.checks} />
      </View>

      <View className='section'>
        <TextAreaField
          id='visit-problems'
          label='发现的问题'
          optional
          hint='一行写一个问题；保存后会列在档案里，解决了再标记。'
          value={v.problems}
          onInput={(problems) => change({ problems })}
          errors={under(errors, 'problems')}
        />
        <TextAreaField id='visit-followup' label='答应跟进的事' optional short value={v.followUp} onInput={(followUp) => change({ followUp })} errors={errors.followUp} />
        <TextAreaField id='visit-note' label='其他记录' optional short value={v.note} onInput={(note) => change({ note })} errors={errors.note} />
      </View>

      <View className='section'>
        <Pressable id='visit-regrade-toggle' className={`check-row ${v.regrade ? 'is-checked' : ''}`} role='checkbox' checked={v.regrade} onPress={() => change({ regrade: !v.regrade })}>
          <View className='check-box' />
          <Text>情况有变化，需要重新评定等级</Text>
        </Pressable>
        {v.regrade && <RegradeFields idPrefix='visit-grade' value={v.grade} onChange={(grade) => change({ grade })} errors={{ situations: under(errors, 'regrade.situations'), reason: under(errors, 'regrade.reason') }} />}
      </View>

      <ErrorBox id='visit-error' message={formError} />
      <ActionButton id='visit-submit' kind='primary' size='big' disabled={form.busy} onClick={() => void submit()}>
        {form.busy ? '正在提交…' : '提交走访记录'}
      </ActionButton>
      <Text className='hint'>没有网络时也可以先填写，内容会保存在手机上；有网络后再点「提交」，不会重复记录。</Text>
    </View>
  )
}
