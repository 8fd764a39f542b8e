import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  EndGuardianship,
  Placement,
  ReviewGuardianship,
  StartGuardianship,
  TEMPORARY_GUARDIANSHIP_LABEL,
  addDays,
  chinaToday,
  guardianshipFieldLabels,
  placementLabel,
  type Guardianship,
  type GuardianshipView,
  type SessionUser,
} from '@shouhu/shared'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Page } from '../../components/page'
import { LoadFailed, Loading } from '../../components/page-state'
import { formatTime } from '../../format'
import { useRevealWhenShown } from '../../forms/field-errors'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { param } from '../../routes'
import { useStaffRecord, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import { caseworkRoutes } from '../../casework/routes'
import { caseEndpoints } from '../api'
import { casesRoutes } from '../routes'
import { useCaseForm } from '../form'
import '../../casework/casework.css'

/** The placement form (`?childId=`), or one placement's record with its review and end (`?id=`). */
export default function GuardianshipPage() {
  const user = useStaffUser()
  const { id } = useRouter().params
  if (!user) return <Page />
  return id ? <GuardianshipRecord id={param(id)} user={user} /> : <GuardianshipForm user={user} />
}

/**
 * 临时监护 (001 #5: 由县民政部门承担临时监护职责): the county officer records where the child is
 * placed, from when, when to review it, and when it is expected to end.
 */
function GuardianshipForm({ user }: { user: SessionUser }) {
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
        <ActionButton id='guardianship-open-record' kind='primary' onClick={() => Taro.redirectTo({ url: casesRoutes.guardianshipRecord(saved.id) })}>
          查看临时监护记录
        </ActionButton>
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

type Panel = 'none' | 'review' | 'end'

/**
 * One placement: where the child is, since when, each review, and how it ended. The county
 * officer records a review (what was found and the next review date: the reminders move to it)
 * or ends it (the day, where the child goes, why). Both carry the version shown, so two officers
 * acting at once cannot overwrite each other.
 */
function GuardianshipRecord({ id, user }: { id: string; user: SessionUser }) {
  const { data: g, setData, loadError, load } = useStaffRecord<GuardianshipView>(id, caseEndpoints.guardianship)
  const form = useCaseForm()
  const { errors } = form
  useRevealWhenShown(form.message, errors)
  const [panel, setPanel] = useState<Panel>('none')
  const [done, setDone] = useState('')
  const [reviewNote, setReviewNote] = useState('')
  const [nextReviewOn, setNextReviewOn] = useState(addDays(chinaToday(), 30))
  const [endOn, setEndOn] = useState(chinaToday())
  const [outcome, setOutcome] = useState('')
  const [endReason, setEndReason] = useState('')

  if (loadError) return <LoadFailed id='guardianship-error' message={loadError} onRetry={() => void load()} />
  if (!g) return <Loading />
  const open = !g.endOn
  const mayAct = user.role === 'county_officer' && open
  // The newest answer from the server, keeping the child's name the list row does not carry.
  const take = (next: Guardianship) => setData({ ...next, childName: g.childName })
  const onStale = (fresh: unknown) => take(fresh as Guardianship)

  function openPanel(next: Panel) {
    setPanel((p) => (p === next ? 'none' : next))
    setDone('')
    form.setErrors({})
    form.setMessage('')
  }

  async function review() {
    if (!g) return
    const body = form.check(ReviewGuardianship, { version: g.version, note: reviewNote, nextReviewOn }, guardianshipFieldLabels)
    if (!body) return
    const next = await form.submit(() => caseEndpoints.reviewGuardianship(g.id, body), onStale)
    if (!next) return
    take(next)
    setPanel('none')
    setReviewNote('')
    setDone(`复查已记录，下次复查：${next.reviewOn}。`)
  }

  async function end() {
    if (!g) return
    const body = form.check(EndGuardianship, { version: g.version, endOn, outcome, endReason }, guardianshipFieldLabels)
    if (!body) return
    const next = await form.submit(() => caseEndpoints.endGuardianship(g.id, body), onStale)
    if (!next) return
    take(next)
    setPanel('none')
    setDone('临时监护已结束。孩子的档案和名单不再显示“临时监护中”。')
  }

  return (
    <Page id='guardianship-record'>
      <Text className='title'>{g.childName} · 临时监护</Text>
      <View className='head-bar'>
        {open ? (
          <Text id='guardianship-state' className='chip chip-red' data-state='open'>
            {TEMPORARY_GUARDIANSHIP_LABEL}
          </Text>
        ) : (
          <Text id='guardianship-state' className='chip' data-state='ended'>
            已结束
          </Text>
        )}
      </View>
      {done && (
        <View id='guardianship-done' className='notice' aria-live='polite'>
          <Text>{done}</Text>
        </View>
      )}
      <View id='guardianship-facts' className='section'>
        <View className='kv'>
          <Text className='kv-key'>安置方式</Text>
          <Text className='kv-value'>{placementLabel[g.placement]}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>照料人或机构</Text>
          <Text className='kv-value'>{g.carerName}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>原因</Text>
          <Text className='kv-value'>{g.reason}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>开始日期</Text>
          <Text className='kv-value'>{g.startOn}</Text>
        </View>
        {open && (
          <View className='kv'>
            <Text className='kv-key'>下次复查</Text>
            <Text id='guardianship-review-on' className='kv-value'>
              {g.reviewOn}
            </Text>
          </View>
        )}
        {g.plannedEndOn && open && (
          <View className='kv'>
            <Text className='kv-key'>预计结束</Text>
            <Text className='kv-value'>{g.plannedEndOn}</Text>
          </View>
        )}
        {g.note && <Text className='hint'>{g.note}</Text>}
      </View>

      {!open && (
        <View id='guardianship-ended' className='section'>
          <Text className='section-title'>结束</Text>
          <Text id='guardianship-ended-text'>
            {g.endOn} 结束。孩子去向：{g.outcome}
          </Text>
          {g.endReason && <Text>结束原因：{g.endReason}</Text>}
        </View>
      )}

      <View id='guardianship-reviews' className='section'>
        <Text className='section-title'>复查记录</Text>
        {g.reviews.length === 0 && <Text className='hint'>还没有复查过。</Text>}
        {[...g.reviews].reverse().map((r, i) => (
          <View key={r.at} id={`guardianship-review-${g.reviews.length - 1 - i}`} className='event'>
            <Text className='hint'>
              {formatTime(r.at)} · {r.byName}
            </Text>
            <Text>{r.note}</Text>
            <Text className='hint'>下次复查：{r.nextReviewOn}</Text>
          </View>
        ))}
      </View>

      <ErrorBox id='guardianship-message' message={form.message} />
      {mayAct && (
        <View className='cw-links'>
          <ActionButton id='guardianship-review-open' kind={panel === 'review' ? 'primary' : 'plain'} onClick={() => openPanel('review')}>
            记录复查
          </ActionButton>
          <ActionButton id='guardianship-end-open' kind={panel === 'end' ? 'primary' : 'plain'} onClick={() => openPanel('end')}>
            结束临时监护
          </ActionButton>
        </View>
      )}

      {mayAct && panel === 'review' && (
        <View id='guardianship-review-form' className='section'>
          <Text className='section-title'>记录复查</Text>
          <TextAreaField id='gr-note' label='复查情况' hint='孩子现在怎么样，照料得好不好，还需要什么。' short value={reviewNote} onInput={setReviewNote} errors={errors.note} />
          <DatePickerField id='gr-next' label='下次复查日期' value={nextReviewOn} start={chinaToday()} onChange={setNextReviewOn} errors={errors.nextReviewOn} />
          <ActionButton id='gr-submit' kind='primary' disabled={form.busy} onClick={() => review()}>
            保存复查
          </ActionButton>
        </View>
      )}

      {mayAct && panel === 'end' && (
        <View id='guardianship-end-form' className='section'>
          <Text className='section-title'>结束临时监护</Text>
          <DatePickerField id='ge-date' label='结束日期' value={endOn} start={g.startOn} onChange={setEndOn} errors={errors.endOn} />
          <TextAreaField id='ge-outcome' label='孩子去哪里' hint='例如：回到父母身边；由法院指定的监护人抚养；长期由儿童福利机构抚养。' short value={outcome} onInput={setOutcome} errors={errors.outcome} />
          <TextAreaField id='ge-reason' label='为什么结束' short value={endReason} onInput={setEndReason} errors={errors.endReason} />
          <ActionButton id='ge-submit' kind='danger' disabled={form.busy} onClick={() => end()}>
            确认结束临时监护
          </ActionButton>
        </View>
      )}

      <ActionButton id='guardianship-to-file' onClick={() => Taro.navigateTo({ url: caseworkRoutes.child(g.childId) })}>
        打开孩子档案
      </ActionButton>
    </Page>
  )
}
