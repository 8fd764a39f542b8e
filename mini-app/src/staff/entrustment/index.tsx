import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { FieldInput } from '../../components/field-input'
import {
  CareLevel,
  ChecklistItem,
  ChecklistRating,
  RecordVisit,
  ScheduleVisit,
  VisitOutcome,
  caregiverHealthLabel,
  checklistLabel,
  checklistRatingLabel,
  chinaToday,
  colourLabel,
  describeClause,
  entrustmentInForce,
  fieldErrors,
  isStaff,
  personSexLabel,
  visitFieldLabels,
  visitOutcomeLabel,
  type EntrustmentContacts,
  type EntrustmentEvent,
  type FamilyEntrustmentView,
  type SchoolEntrustmentView,
  type StaffEntrustmentView,
} from '@shouhu/shared'
import { ApiRequestError, errorText, staleRecord } from '../../api/client'
import { entrustmentEndpoints, openLetter } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { FieldErrorText } from '../../components/field-error'
import { DateField } from '../../components/text-field'
import { formatTime } from '../../format'
import { param, routes } from '../../routes'
import { redirectIfSignedOut, useStaffRecord, useStaffUser } from '../use-staff'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { useRevealWhenShown } from '../../forms/field-errors'
import { collapseContactViews } from '../timeline'

type Errors = Record<string, string[]>
type Panel = 'none' | 'schedule' | 'visit'

const eventLabel: Record<EntrustmentEvent['kind'], string> = {
  created: '登记',
  accepted: '照护人接受',
  declined: '照护人婉拒',
  caregiver_replaced: '另选照护人',
  visit_scheduled: '安排走访',
  visited: '上门核实',
  renewed: '续期',
  renewal_reminded: '到期提醒',
  lapsed: '已到期未续期',
  ended: '结束',
  contact_viewed: '查看联系方式',
  letter_downloaded: '下载委托照护书',
}
const schoolInformedText = { liaison_notified: '已通知学校联络人', village_to_inform: '学校无联络人账号，请村里告知学校', no_school: '' } as const
const levelOptions = CareLevel.options

function errorsOf(fields: readonly { field: string; message: string }[]): Errors {
  const out: Errors = {}
  for (const f of fields) (out[f.field] ??= []).push(f.message)
  return out
}

/** One entrustment for staff: civil-affairs staff verify and supervise; a school or police see their part. */
export default function StaffEntrustment() {
  const user = useStaffUser()
  const id = param(useRouter().params.id)
  const {
    data: view,
    setData: setView,
    loadError,
    load,
  } = useStaffRecord<StaffEntrustmentView | SchoolEntrustmentView | FamilyEntrustmentView>(id, entrustmentEndpoints.staffGet)
  const [actionError, setActionError] = useState('')
  const [busy, setBusy] = useState(false)
  const [panel, setPanel] = useState<Panel>('none')
  const [errors, setErrors] = useState<Errors>({})
  useRevealWhenShown(actionError, errors)
  const [contacts, setContacts] = useState<EntrustmentContacts | null>(null)
  const [visitDate, setVisitDate] = useState('')
  const [visitTime, setVisitTime] = useState('')
  const [visitedOn, setVisitedOn] = useState(() => chinaToday())
  const [ratings, setRatings] = useState<Partial<Record<ChecklistItem, ChecklistRating>>>({})
  const [outcome, setOutcome] = useState<VisitOutcome | ''>('')
  const [reasonForParents, setReasonForParents] = useState('')
  const [followUp, setFollowUp] = useState('')
  const [note, setNote] = useState('')
  const [careLevel, setCareLevel] = useState<CareLevel>('green')


  /** Decided on the version shown; if it changed meanwhile the fresh record comes back (409) and is shown. */
  async function act(step: (version: number) => Promise<StaffEntrustmentView>) {
    if (busy || !view) return
    setBusy(true)
    setActionError('')
    try {
      // Only civil-affairs staff act here, and their view carries the version.
      setView(await step((view as StaffEntrustmentView).version))
      setPanel('none')
      setErrors({})
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fresh = staleRecord<StaffEntrustmentView>(e)
      if (fresh) {
        setView(fresh)
        setPanel('none')
        setActionError('记录已被他人更新，已为你刷新')
        return
      }
      setActionError(errorText(e))
      if (e instanceof ApiRequestError && e.fields.length) setErrors(errorsOf(e.fields))
    } finally {
      setBusy(false)
    }
  }

  function submitSchedule() {
    const parsed = ScheduleVisit.safeParse({ date: visitDate, time: visitTime, note: '' })
    if (!parsed.success) return setErrors(errorsOf(fieldErrors(parsed.error, visitFieldLabels)))
    return act((version) => entrustmentEndpoints.scheduleVisit(id, { ...parsed.data, version }))
  }

  function submitVisit() {
    const missing = ChecklistItem.options.filter((k) => !ratings[k])
    // The shared enums carry no message for "nothing chosen": say it here.
    if (missing.length || !outcome) {
      return setErrors({
        ...(missing.length ? { checklist: [`请评估：${missing.map((k) => checklistLabel[k]).join('、')}`] } : {}),
        ...(!outcome ? { outcome: ['请选择核实结果'] } : {}),
      })
    }
    const checklist = Object.fromEntries(ChecklistItem.options.map((k) => [k, { rating: ratings[k], note: '' }]))
    const parsed = RecordVisit.safeParse({ visitedOn, checklist, outcome, reasonForParents, followUp, note, careLevel })
    if (!parsed.success) return setErrors(errorsOf(fieldErrors(parsed.error, visitFieldLabels)))
    void act((version) => entrustmentEndpoints.recordVisit(id, { ...parsed.data, version }))
  }

  async function reveal() {
    if (busy) return
    setBusy(true)
    try {
      setContacts(await entrustmentEndpoints.contacts(id))
      void load()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setActionError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (!user) return <Page />
  if (loadError) return <LoadFailed id='sent-error' message={loadError} onRetry={load} />
  if (!view) return <Loading />

  if ('pupils' in view) return <SchoolView v={view} />
  if ('viewer' in view) return <StarterView v={view} />
  const v = view
  const can = (a: string) => v.actions.includes(a as never)
  return (
    <Page>
      <View className='head-bar'>
        <Text className='hint'>编号 {v.reference}</Text>
        <Text id='sent-status' className='label' data-status={v.status}>
          {v.statusText}
        </Text>
      </View>
      <Text className='title'>
        {v.townshipName} {v.villageName}
      </Text>
      {v.startedBy && <Text className='hint'>由{v.startedBy.unit}{v.startedBy.name}发起（父母一方被羁押或服刑）</Text>}
      {v.visitPlan && v.status === 'visit_scheduled' && (
        <View className='notice'>
          <Text id='sent-visit-plan'>
            已约定 {v.visitPlan.date}
            {v.visitPlan.time ? ` ${v.visitPlan.time}` : ''} 上门核实
          </Text>
        </View>
      )}

      <View className='section'>
        <Text className='section-title'>孩子</Text>
        {v.children.map((c) => (
          <View key={c.childId} id={`sent-child-${c.childId}`} className='item'>
            <Text className='label'>
              {c.name}（{personSexLabel[c.sex]}，{c.age} 岁，{c.householdRegistration === 'rural' ? '农村户口' : '城镇户口'}）
            </Text>
            <Text className='hint'>身份证 {c.idNumber}</Text>
            {c.school && (
              <Text className={c.school.informed === 'village_to_inform' ? 'field-error' : 'hint'}>
                {c.school.name} · {schoolInformedText[c.school.informed]}
              </Text>
            )}
            <Text id={`sent-left-behind-${c.childId}`} className={c.leftBehind.leftBehind ? 'label' : 'hint'} data-left-behind={String(c.leftBehind.leftBehind)}>
              {c.leftBehind.leftBehind ? '符合农村留守儿童认定' : c.leftBehind.from ? `自 ${c.leftBehind.from} 起符合农村留守儿童认定` : '不符合农村留守儿童认定'}（依据 {describeClause(c.leftBehind.source)}）：{c.leftBehind.reasons.join('；')}
            </Text>
          </View>
        ))}
        <Text className='hint'>仅工作人员可见，不在任何面向群众的页面显示。</Text>
      </View>

      <View className='section'>
        <Text className='section-title'>父母</Text>
        {v.parents.map((p) => (
          <View key={p.relation} className='kv'>
            <Text className='kv-key'>{p.name}</Text>
            <Text className='kv-value'>
              {p.situationText}
              {p.awaySince ? `，${p.awaySince} 起` : ''}
              {/* A parent who has died has no phone to show. The full numbers (after 查看完整电话) are matched by relation. */}
              {p.situation === 'deceased' ? '' : `，${contacts?.parents.find((c) => c.relation === p.relation)?.phone || p.phone || '未填手机号'}`}
            </Text>
          </View>
        ))}
        <Text className='hint'>{v.contactPlanText}；期限 {v.startDate} 至 {v.endDate}</Text>
      </View>

      <View className='section'>
        <Text className='section-title'>照护人</Text>
        <Text id='sent-caregiver'>
          {v.caregiver.name}（{v.caregiver.relationshipText}），{v.caregiver.birthDate} 出生，{caregiverHealthLabel[v.caregiver.health]}，
          {v.caregiver.livesWithChild ? '与孩子同住' : '不与孩子同住'}，{v.caregiver.accepted ? '已确认' : '未确认'}
        </Text>
        <Text className='hint'>
          手机 {contacts?.caregiver.phone ?? v.caregiver.phone} · 身份证 {v.caregiver.idNumber}
        </Text>
        {v.pastCaregivers.length > 0 && (
          <Text className='hint'>之前：{v.pastCaregivers.map((p) => `${p.name}（${p.outcome === 'declined' ? '婉拒' : p.outcome === 'unfit' ? '不具备照护能力' : '家长改请'}${p.reason ? `：${p.reason}` : ''}）`).join('；')}</Text>
        )}
        {!contacts && (
          <ActionButton id='sent-reveal' size='small' disabled={busy} onClick={reveal}>
            查看完整手机号（会记录）
          </ActionButton>
        )}
        {contacts && <Text id='sent-contacts' className='hint'>本次查看已记录，请仅为核实照护情况联系。</Text>}
      </View>

      {v.lastVisit && (
        <View id='sent-last-visit' className='section'>
          <Text className='section-title'>最近一次核实：{visitOutcomeLabel[v.lastVisit.outcome]}</Text>
          <Text className='hint'>
            {v.lastVisit.visitedOn} · {v.lastVisit.recordedByName} · {colourLabel[v.lastVisit.careLevel]}
          </Text>
          {ChecklistItem.options.map((k) => (
            <View key={k} className='kv'>
              <Text className='kv-key'>{checklistLabel[k]}</Text>
              <Text className='kv-value'>{checklistRatingLabel[v.lastVisit!.checklist[k].rating]}</Text>
            </View>
          ))}
          {v.lastVisit.reasonForParents && <Text>告知家长：{v.lastVisit.reasonForParents}</Text>}
          {v.lastVisit.followUp && <Text>跟进：{v.lastVisit.followUp}</Text>}
          {v.lastVisit.note && <Text className='hint'>记录：{v.lastVisit.note}</Text>}
        </View>
      )}

      {actionError && (
        <View id='sent-action-error' className='error-box field-errors' aria-live='assertive'>
          <Text>{actionError}</Text>
        </View>
      )}

      {can('schedule_visit') && (
        <View className='section'>
          <ActionButton id='sent-schedule-toggle' onClick={() => setPanel((p) => (p === 'schedule' ? 'none' : 'schedule'))}>
            安排上门核实
          </ActionButton>
          {panel === 'schedule' && (
            <View>
              <DateField id='sent-visit-date' label='走访日期' value={visitDate} onChange={setVisitDate} errors={errors.date} />
              <View className='field'>
                <Text className='label'>时间（选填）</Text>
                <FieldInput id='sent-visit-time' a11y={{ 'aria-label': '走访时间（选填）' }} value={visitTime} maxlength={5} placeholder='09:30' onInput={(e) => setVisitTime(e.detail.value)} />
                <FieldErrorText messages={errors.time} />
              </View>
              <ActionButton id='sent-schedule-submit' kind='primary' disabled={busy} onClick={submitSchedule}>
                确认安排
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {(can('verify') || can('find_unfit')) && (
        <View className='section'>
          <ActionButton id='sent-visit-toggle' kind='primary' onClick={() => setPanel((p) => (p === 'visit' ? 'none' : 'visit'))}>
            记录核实走访
          </ActionButton>
          {panel === 'visit' && (
            <View id='sent-visit-form'>
              <DateField id='sent-visited-on' label='走访日期' value={visitedOn} onChange={setVisitedOn} errors={errors.visitedOn} />
              {/* One field for the whole checklist, its message under the title: a failed save scrolls
                  here and the director reads which items are still to rate before the items. */}
              <View id='sent-checklist' className='field'>
                <Text className='section-title'>照护能力评估</Text>
                <FieldErrorText id='error-sent-checklist' messages={errors.checklist} />
                {ChecklistItem.options.map((k) => (
                  <View key={k} className='field'>
                    <Text className='label'>{checklistLabel[k]}</Text>
                    <ChoiceGroup idPrefix={`sent-check-${k}`} options={ChecklistRating.options} labels={checklistRatingLabel} value={ratings[k] ?? ''} onChange={(r) => setRatings((x) => ({ ...x, [k]: r }))} />
                  </View>
                ))}
              </View>
              <View className='field'>
                <Text className='label'>核实结果</Text>
                <ChoiceGroup idPrefix='sent-outcome' options={VisitOutcome.options} labels={visitOutcomeLabel} value={outcome} onChange={setOutcome} />
                <FieldErrorText id='error-sent-outcome' messages={errors.outcome} />
              </View>
              {outcome === 'caregiver_unfit' && (
                <View className='field'>
                  <Text className='label'>告诉家长的原因（家长会看到）</Text>
                  <Textarea id='sent-reason' className='textarea textarea-short' nativeProps={{ 'aria-label': '告知家长的原因' }} value={reasonForParents} maxlength={300} onInput={(e) => setReasonForParents(e.detail.value)} />
                  <FieldErrorText id='error-sent-reason' messages={errors.reasonForParents} />
                </View>
              )}
              {outcome === 'verified_with_followup' && (
                <View className='field'>
                  <Text className='label'>需要跟进的事项（家长会看到）</Text>
                  <Textarea id='sent-followup' className='textarea textarea-short' nativeProps={{ 'aria-label': '需要跟进的事项' }} value={followUp} maxlength={300} onInput={(e) => setFollowUp(e.detail.value)} />
                  <FieldErrorText id='error-sent-followup' messages={errors.followUp} />
                </View>
              )}
              <View className='field'>
                <Text className='label'>走访等级（列入关爱名单的孩子按此走访）</Text>
                <ChoiceGroup idPrefix='sent-level' options={levelOptions} labels={colourLabel} value={careLevel} onChange={setCareLevel} />
              </View>
              <View className='field'>
                <Text className='label'>工作记录（仅工作人员可见，选填）</Text>
                <Textarea id='sent-note' className='textarea textarea-short' nativeProps={{ 'aria-label': '走访说明' }} value={note} maxlength={1000} onInput={(e) => setNote(e.detail.value)} />
              </View>
              <ActionButton id='sent-visit-submit' kind='primary' disabled={busy} onClick={submitVisit}>
                {busy ? '正在保存…' : '保存核实结果'}
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {/* Offered only while the letter is true: the caregiver accepted and it is in force (the API refuses otherwise). */}
      {entrustmentInForce(v.status) && (
        <ActionButton
          id='sent-letter'
          onClick={() => {
            setActionError('')
            return openLetter(id, 'staff').catch((e) => setActionError(errorText(e)))
          }}
        >
          下载委托照护书
        </ActionButton>
      )}

      {v.events && v.events.length > 0 && (
        <View id='sent-events' className='section'>
          <Text className='section-title'>记录</Text>
          {collapseContactViews(v.events).map((ev, n) => (
            <View key={n} id={`sent-event-${n}`} className='event'>
              <Text className='hint'>
                {formatTime(ev.at)} · {eventLabel[ev.kind]}
                {ev.actorName ? ` · ${ev.actorName}` : ''}
              </Text>
              {ev.text && <Text>{ev.text}</Text>}
              {ev.staffNote && <Text className='hint'>{ev.staffNote}</Text>}
            </View>
          ))}
        </View>
      )}
      {!isStaff(user.role) && <Text className='hint'>（只读）</Text>}
    </Page>
  )
}

/** A school liaison sees its pupils, who cares for them and how to reach the family. */
function SchoolView({ v }: { v: SchoolEntrustmentView }) {
  return (
    <Page>
      <Text className='title'>学生委托照护</Text>
      <Text id='sent-status' className='label' data-status={v.status}>
        {v.statusText}
      </Text>
      <View className='section'>
        <Text className='section-title'>贵校学生</Text>
        {v.pupils.map((p) => (
          <Text key={p.name} className='label'>
            {p.name}（{personSexLabel[p.sex]}，{p.birthDate}）
          </Text>
        ))}
        <Text className='hint'>住 {v.villageName}</Text>
      </View>
      <View className='section'>
        <Text className='section-title'>照护人</Text>
        <Text id='sent-caregiver'>
          {v.caregiver.name}（{v.caregiver.relationshipText}），{v.caregiver.phone}
        </Text>
        {v.parents.map((p) => (
          <Text key={p.relation} className='hint'>
            {p.name}：{p.phone || '未填手机号'}
          </Text>
        ))}
        <Text className='hint'>
          {v.contactPlanText}；期限 {v.startDate} 至 {v.endDate}
        </Text>
      </View>
    </Page>
  )
}

/** Police or prison staff follow the entrustment they started for a detained parent. */
function StarterView({ v }: { v: FamilyEntrustmentView }) {
  return (
    <Page>
      <ActionButton id='sent-open-as-starter' kind='primary' onClick={() => Taro.redirectTo({ url: routes.familyEntrustment(v.id, 'staff') })}>
        打开办理（另选照护人、续期、结束、委托照护书）
      </ActionButton>
      <Text className='title'>委托照护（协助登记）</Text>
      <Text id='sent-status' className='label' data-status={v.status}>
        {v.statusText}
      </Text>
      <View className='notice'>
        <Text>{v.nextStep}</Text>
      </View>
      {v.invitationCode && (
        <View className='section'>
          <Text className='hint'>请把邀请码交给照护人 {v.caregiver.name}：</Text>
          <Text id='sent-invite-code' className='tracking-code'>
            {v.invitationCode}
          </Text>
        </View>
      )}
      {v.unfitReason && (
        <View className='error-box'>
          <Text>村里核实：{v.unfitReason}</Text>
        </View>
      )}
      <View className='section'>
        <Text>孩子：{v.children.map((c) => c.name).join('、')}</Text>
        <Text>
          照护人：{v.caregiver.name}（{v.caregiver.relationshipText}）
        </Text>
        <Text className='hint'>
          {v.townshipName} {v.villageName}；{v.startDate} 至 {v.endDate}
        </Text>
      </View>
    </Page>
  )
}
