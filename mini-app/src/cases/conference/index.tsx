import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  AddDecisions,
  ConferenceFact,
  ConveneConference,
  DEFAULT_CONFERENCE_FACTS,
  Department,
  type ConferenceView,
  type SessionUser,
  addDays,
  chinaToday,
  conferenceFactLabel,
  conferenceFieldLabels,
  departmentLabel,
} from '@shouhu/shared'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup, MultiChoice } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Page } from '../../components/page'
import { LoadFailed, Loading } from '../../components/page-state'
import { useRevealWhenShown } from '../../forms/field-errors'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { param } from '../../routes'
import { useStaffRecord, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../../casework/parts'
import { under } from '../../casework/validate'
import { caseEndpoints } from '../api'
import { casesRoutes } from '../routes'
import { useCaseForm } from '../form'
import '../../casework/casework.css'

/** 个案会商 (004 §4(二)): the convene form (`?childId=`) or the conference record (`?id=`). */
export default function ConferencePage() {
  const user = useStaffUser()
  const { id, childId, name } = useRouter().params
  if (!user) return <Page />
  return id ? <ConferenceRecord id={param(id)} user={user} /> : <ConveneForm user={user} childId={param(childId)} name={param(name)} />
}

type Draft = { what: string; assignee: string; dueOn: string }
const ME = 'me'

/** A draft decision as the API takes it: 「我」 is the supervisor's own account, else an invited department. */
const decisionOf = (d: Draft, user: SessionUser) => ({
  what: d.what,
  dueOn: d.dueOn,
  assignee: d.assignee === ME ? { type: 'staff', userId: user.id } : d.assignee ? { type: 'department', department: d.assignee } : undefined,
})

/** The decisions being written, one block each: what, who, by when. */
function DecisionDrafts({ prefix, decisions, setDecisions, options, labels, errors, from }: {
  prefix: string
  decisions: Draft[]
  setDecisions: (update: (ds: Draft[]) => Draft[]) => void
  options: string[]
  labels: Record<string, string>
  errors: Record<string, string[]>
  from: string
}) {
  const setDecision = (i: number, patch: Partial<Draft>) => setDecisions((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)))
  return (
    <>
      {decisions.map((d, i) => (
        <View key={i} id={`${prefix}-${i}`} className='event'>
          <InputField id={`${prefix}-${i}-what`} label={`第 ${i + 1} 项：要做的事`} value={d.what} onInput={(v) => setDecision(i, { what: v })} errors={errors[`decisions.${i}.what`]} />
          <Text className='label'>由谁负责</Text>
          <ChoiceGroup idPrefix={`${prefix}-${i}-who`} options={options} labels={labels} value={d.assignee} onChange={(v) => setDecision(i, { assignee: v })} label={`第 ${i + 1} 项由谁负责`} />
          <FieldErrorText id={`error-${prefix}-${i}-who`} messages={under(errors, `decisions.${i}.assignee`)} />
          <DatePickerField id={`${prefix}-${i}-due`} label='完成期限' value={d.dueOn} start={from} onChange={(v) => setDecision(i, { dueOn: v })} errors={errors[`decisions.${i}.dueOn`]} />
          {decisions.length > 1 && (
            <ActionButton id={`${prefix}-${i}-remove`} size='small' label={`删去第 ${i + 1} 项`} onClick={() => setDecisions((ds) => ds.filter((_, j) => j !== i))}>
              删去这一项
            </ActionButton>
          )}
        </View>
      ))}
    </>
  )
}

function ConferenceRecord({ id, user }: { id: string; user: SessionUser }) {
  const { data: conf, setData, loadError, load } = useStaffRecord<ConferenceView>(id, caseEndpoints.conference)
  const form = useCaseForm()
  const { errors } = form
  useRevealWhenShown(form.message, errors)
  const [drafts, setDrafts] = useState<Draft[] | null>(null)
  const [done, setDone] = useState('')
  if (loadError) return <LoadFailed id='conference-error' message={loadError} onRetry={() => void load()} />
  if (!conf) return <Loading />
  // Decisions are added by the township's supervisor, who convened it (004 §4(二)).
  const mayAdd = user.role === 'township_supervisor'
  const options = [ME, ...conf.departments]
  const labels: Record<string, string> = { [ME]: `我（${user.displayName}）`, ...departmentLabel }

  function startAdding() {
    setDone('')
    form.setErrors({})
    form.setMessage('')
    setDrafts([{ what: '', assignee: '', dueOn: addDays(chinaToday() > conf!.heldOn ? chinaToday() : conf!.heldOn, 7) }])
  }

  /** After a lost answer the retry meets a newer version: if the drafts are all there, they were saved. */
  const allSaved = (fresh: ConferenceView, ds: Draft[]) => ds.every((d) => fresh.tasks.some((t) => t.what === d.what.trim() && t.dueOn === d.dueOn))

  async function save() {
    if (!conf || !drafts) return
    const body = form.check(AddDecisions, { version: conf.version, decisions: drafts.map((d) => decisionOf(d, user)) }, conferenceFieldLabels)
    if (!body) return
    let stale = false
    const next = await form.submit(() => caseEndpoints.addDecisions(conf.id, body), () => (stale = true))
    if (stale) {
      const fresh = await caseEndpoints.conference(conf.id).catch(() => null)
      if (!fresh) return
      setData(fresh)
      if (allSaved(fresh, drafts)) {
        form.setMessage('')
        setDrafts(null)
        setDone('决定已保存，已交给负责的人或部门。')
      }
      return
    }
    if (!next) return
    setData(next)
    setDrafts(null)
    setDone(`已补充 ${body.decisions.length} 项决定，已交给负责的人或部门。`)
  }

  return (
    <Page id='conference-record'>
      <Text className='title'>个案会商 · {conf.heldOn}</Text>
      <Text className='hint'>
        召集人：{conf.conveneByName}
        {conf.place ? ` · ${conf.place}` : ''}
      </Text>
      <View className='section'>
        <Text className='section-title'>会商事由</Text>
        <Text id='conference-subject'>{conf.subject}</Text>
      </View>
      <View className='section'>
        <Text className='section-title'>参加</Text>
        <Text>{[...conf.departments.map((d) => departmentLabel[d]), ...conf.people.map((p) => (p.unit ? `${p.unit} ${p.name}` : p.name))].join('、')}</Text>
      </View>
      <View id='conference-facts' className='section'>
        <Text className='section-title'>提供给会商的信息</Text>
        {Object.entries(conf.sharedFacts).map(([k, v]) => (
          <View key={k} className='kv'>
            <Text className='kv-key'>{k}</Text>
            <Text className='kv-value'>{v}</Text>
          </View>
        ))}
      </View>
      <View id='conference-tasks' className='section'>
        <Text className='section-title'>会商决定</Text>
        {conf.tasks.length === 0 && <Text className='hint'>还没有记录决定。</Text>}
        {conf.tasks.map((t) => (
          <View key={t.id} id={`conference-task-${t.id}`} className='event'>
            <Text className='label'>
              {t.assigneeLabel}：{t.what}
            </Text>
            <Text className='hint'>
              {t.dueOn} 前完成 · {t.status === 'done' ? `已完成（${t.doneByName ?? ''}）` : '未完成'}
            </Text>
            {t.doneNote && <Text>{t.doneNote}</Text>}
          </View>
        ))}
      </View>
      {done && (
        <View id='conference-decisions-saved' className='notice' aria-live='polite'>
          <Text>{done}</Text>
        </View>
      )}
      {mayAdd && !drafts && (
        <ActionButton id='conference-add-decisions' kind='primary' onClick={() => startAdding()}>
          补充会商决定
        </ActionButton>
      )}
      {mayAdd && drafts && (
        <View id='conference-decisions-form' className='section'>
          <Text className='section-title'>补充会商决定</Text>
          <Text className='hint'>每项决定会交给负责的人或部门，到期前会提醒。部门只能看到会商时提供的信息。</Text>
          <ErrorBox id='conference-decisions-message' message={form.message} />
          <DecisionDrafts prefix='cd-decision' decisions={drafts} setDecisions={(u) => setDrafts((ds) => u(ds ?? []))} options={options} labels={labels} errors={errors} from={conf.heldOn} />
          <ActionButton id='cd-add-another' size='small' onClick={() => setDrafts((ds) => [...(ds ?? []), { what: '', assignee: '', dueOn: ds?.[ds.length - 1]?.dueOn ?? addDays(conf.heldOn, 7) }])}>
            再添加一项
          </ActionButton>
          <View className='cw-links'>
            <ActionButton id='cd-submit' kind='primary' disabled={form.busy} onClick={() => save()}>
              保存这些决定
            </ActionButton>
            <ActionButton id='cd-cancel' onClick={() => setDrafts(null)}>
              不补充了
            </ActionButton>
          </View>
        </View>
      )}
      <ActionButton id='conference-to-tasks' onClick={() => void Taro.navigateTo({ url: casesRoutes.tasks })}>
        我的会商任务
      </ActionButton>
    </Page>
  )
}

function ConveneForm({ user, childId, name }: { user: SessionUser; childId: string; name: string }) {
  const form = useCaseForm()
  const { errors } = form
  useRevealWhenShown(form.message, errors)
  const [heldOn, setHeldOn] = useState(chinaToday())
  const [place, setPlace] = useState('')
  const [subject, setSubject] = useState('')
  const [departments, setDepartments] = useState<Department[]>([])
  const [people, setPeople] = useState('')
  const [facts, setFacts] = useState<ConferenceFact[]>([...DEFAULT_CONFERENCE_FACTS])
  const [summary, setSummary] = useState('')
  const [decisions, setDecisions] = useState<Draft[]>([])
  const [key] = useState(() => newIdempotencyKey())

  if (user.role !== 'township_supervisor') {
    return (
      <Page>
        <View id='conference-township-only' className='notice'>
          <Text>个案会商由乡镇（街道）儿童督导员召集。需要会商时，请联系乡镇儿童督导员。</Text>
        </View>
      </Page>
    )
  }

  const assigneeOptions = [ME, ...departments]
  const assigneeLabels: Record<string, string> = { [ME]: `我（${user.displayName}）`, ...departmentLabel }
  const setDecision = (i: number, patch: Partial<Draft>) => setDecisions((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)))

  async function save() {
    const body = form.check(
      ConveneConference,
      {
        childId,
        heldOn,
        place,
        subject,
        departments,
        people: people
          .split(/[、,，\n]/)
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p) => ({ name: p })),
        facts,
        summary,
        decisions: decisions.map((d) => decisionOf(d, user)),
      },
      conferenceFieldLabels,
    )
    if (!body) return
    const conf = await form.submit(() => caseEndpoints.convene(body, key))
    if (conf) void Taro.redirectTo({ url: casesRoutes.conference(conf.id) })
  }

  return (
    <Page id='convene-page'>
      <Text className='title'>{name ? `${name} · ` : ''}召集个案会商</Text>
      <Text className='hint'>需要几个部门一起解决的情况，召集会商。只提供会商需要的信息。</Text>
      <ErrorBox id='convene-message' message={form.message} />
      <DatePickerField id='cf-date' label='会商日期' value={heldOn} onChange={setHeldOn} errors={errors.heldOn} />
      <InputField id='cf-place' label='地点' optional value={place} onInput={setPlace} errors={errors.place} />
      <TextAreaField id='cf-subject' label='会商事由' short value={subject} onInput={setSubject} errors={errors.subject} />
      <Text className='label'>邀请的部门</Text>
      <MultiChoice idPrefix='cf-dept' options={Department.options} labels={departmentLabel} values={departments} onChange={setDepartments} label='邀请的部门' />
      <FieldErrorText id='error-cf-dept' messages={under(errors, 'departments')} />
      <InputField id='cf-people' label='邀请的人员（用顿号隔开）' optional value={people} onInput={setPeople} errors={under(errors, 'people')} />
      <Text className='label'>提供给会商的信息</Text>
      <Text className='hint'>默认只提供姓名、年龄和所在村。多选的每一项都会给到参加的部门。</Text>
      <MultiChoice idPrefix='cf-fact' options={ConferenceFact.options} labels={conferenceFactLabel} values={facts} onChange={setFacts} label='提供给会商的信息' />
      <TextAreaField id='cf-summary' label='会商纪要' optional short value={summary} onInput={setSummary} errors={errors.summary} />
      <View className='section'>
        <Text className='section-title'>会商决定</Text>
        {decisions.map((d, i) => (
          <View key={i} id={`cf-decision-${i}`} className='event'>
            <InputField id={`cf-decision-${i}-what`} label={`第 ${i + 1} 项：要做的事`} value={d.what} onInput={(v) => setDecision(i, { what: v })} errors={errors[`decisions.${i}.what`]} />
            <Text className='label'>由谁负责</Text>
            <ChoiceGroup idPrefix={`cf-decision-${i}-who`} options={assigneeOptions} labels={assigneeLabels} value={d.assignee} onChange={(v) => setDecision(i, { assignee: v })} label='由谁负责' />
            <FieldErrorText id={`error-cf-decision-${i}-who`} messages={under(errors, `decisions.${i}.assignee`)} />
            <DatePickerField id={`cf-decision-${i}-due`} label='完成期限' value={d.dueOn} start={heldOn} onChange={(v) => setDecision(i, { dueOn: v })} errors={errors[`decisions.${i}.dueOn`]} />
          </View>
        ))}
        <ActionButton id='cf-add-decision' size='small' onClick={() => setDecisions((ds) => [...ds, { what: '', assignee: '', dueOn: addDays(heldOn, 7) }])}>
          添加一项决定
        </ActionButton>
      </View>
      <ActionButton id='cf-submit' kind='primary' size='big' disabled={form.busy} onClick={() => void save()}>
        保存会商记录
      </ActionButton>
    </Page>
  )
}
