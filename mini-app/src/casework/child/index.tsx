import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  TEMPORARY_GUARDIANSHIP_LABEL,
  placementLabel,
  AddChildNote,
  AddHelp,
  AddProblem,
  EndEpidemicEpisode,
  EpidemicGuardianSituation,
  GradeChild,
  HelpKind,
  ParentsReturned,
  type ParentRelation,
  RecordIntervention,
  ResolveProblem,
  StartEpidemicEpisode,
  caregiverRelationshipLabel,
  chinaToday,
  childFieldLabels,
  childParentSituationLabel,
  epidemicGuardianLabel,
  helpKindLabel,
  householdRegistrationLabel,
  parentRelationLabel,
  personSexLabel,
  schoolStageLabel,
  situation,
  unableToGuardLabel,
  type ChildStaffView,
  type ChildTimelineEntry,
  type Problem,
} from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup, MultiChoice } from '../../components/choice-group'
import { ColourTag, colourWord } from '../../components/colour-tag'
import { DatePickerField, TimePickerField } from '../../components/date-picker-field'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { LoadFailed, Loading } from '../../components/page-state'
import { formatTime } from '../../format'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { param, routes } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../parts'
import { dutyLine, plainSource, shortDate, whenText } from '../plain'
import { RegradeFields, emptyRegrade, type RegradeValues } from '../regrade-fields'
import { caseworkRoutes, type ChildAction } from '../routes'
import { referralRoutes } from '../../referrals/routes'
import type { FieldMessages } from '../use-draft-form'
import { messagesFor } from '../validate'
import '../casework.css'
import { casesRoutes } from '../../cases/routes'
import { childMoveEndpoints } from '../../api/child-moves'
import { ClosePanel, Duplicates, MoveState, ResponsiblePanel, TransferPanel } from './moves'
import { ReopenSection } from './reopen'

type Panel = ChildAction | 'none' | 'resolve'

const helpKinds = HelpKind.options
const guardianSituations = EpidemicGuardianSituation.options

function Kv({ k, children, id }: { k: string; children: React.ReactNode; id?: string }) {
  return (
    <View className='cw-kv' id={id}>
      <Text className='cw-kv-key'>{k}</Text>
      <Text className='cw-kv-value'>{children}</Text>
    </View>
  )
}

/**
 * 一人一档: one child's file for staff (002 §4(三), 004 #8). Every open is recorded by the
 * server (who, when). The colour, categories and sources are for staff only.
 */
export default function ChildFile() {
  const user = useStaffUser()
  const params = useRouter().params
  const id = param(params.id)
  const [child, setChild] = useState<ChildStaffView | null>(null)
  const [loadError, setLoadError] = useState('')
  const [timeline, setTimeline] = useState<ChildTimelineEntry[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [timelineLoading, setTimelineLoading] = useState(false)
  const [panel, setPanel] = useState<Panel>((param(params.act) as ChildAction) || 'none')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<FieldMessages>({})
  const [actionError, setActionError] = useState('')

  const load = useCallback(async () => {
    if (!id) return
    setLoadError('')
    try {
      const [c, t] = await Promise.all([childEndpoints.get(id), childEndpoints.timeline(id)])
      setChild(c)
      setTimeline(t.items)
      setCursor(t.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }, [id])
  // Back from the visit form: the file has a new entry and new dates.
  useDidShow(() => void load())

  async function moreTimeline() {
    if (!cursor || timelineLoading) return
    setTimelineLoading(true)
    try {
      const t = await childEndpoints.timeline(id, cursor)
      setTimeline((prev) => [...prev, ...t.items.filter((e) => !prev.some((p) => p.id === e.id))])
      setCursor(t.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setActionError(errorText(e))
    } finally {
      setTimelineLoading(false)
    }
  }

  function open(next: Panel) {
    setPanel((p) => (p === next ? 'none' : next))
    setErrors({})
    setActionError('')
  }

  /** Runs one action; the file and its timeline are fetched again after it. */
  async function act(run: () => Promise<unknown>) {
    if (busy) return false
    setBusy(true)
    setActionError('')
    try {
      await run()
      setPanel('none')
      setErrors({})
      await load()
      return true
    } catch (e) {
      if (redirectIfSignedOut(e)) return false
      setActionError(errorText(e))
      const byField: FieldMessages = {}
      for (const f of (e as { fields?: { field: string; message: string }[] }).fields ?? []) (byField[f.field] ??= []).push(f.message)
      setErrors(byField)
      return false
    } finally {
      setBusy(false)
    }
  }

  if (!user) return <View className='page' />
  if (loadError) return <LoadFailed id='child-error' message={loadError} onRetry={() => void load()} />
  if (!child) return <Loading />
  const c = child
  // 家长返乡 is offered while a parent is recorded as working away.
  const away = c.parents.filter((p) => p.situation === 'working_away').map((p) => p.relation)
  const today = chinaToday()
  // A closed or merged file is kept to read: nothing more is recorded on it.
  const live = !c.closed && !c.mergedInto
  const gradeHistory = timeline.filter((e) => e.kind === 'graded' || e.kind === 'grade_confirmed' || e.kind === 'grade_proposed')

  return (
    <View className='page'>
      <View className='head-bar'>
        <View>
          <Text id='child-name' className='title'>
            {c.name}
          </Text>
          <Text className='hint'>
            {personSexLabel[c.sex]} · {c.age} 岁 · {c.townshipName} {c.villageName}
          </Text>
        </View>
        <ColourTag id='child-colour' colour={c.grade.colour} />
      </View>

      <MoveState child={c} timeline={timeline} />
      {user && c.closed && (
        <ReopenSection
          child={c}
          user={user}
          open={panel === 'reopen'}
          onToggle={() => open('reopen')}
          busy={busy}
          errors={errors}
          setErrors={setErrors}
          actionError={actionError}
          submit={(body, key) => act(() => childMoveEndpoints.reopen(c.id, body, key))}
        />
      )}
      {/* A closing at 18 is reopened only once a wrong birth date is corrected (reopen.tsx says so). */}
      {user && c.closed && !c.mergedInto && (
        <ActionButton id='child-edit-closed' size='small' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.edit(c.id) })}>
          更正基本信息（如出生日期）
        </ActionButton>
      )}

      {live && <View className='cw-links'>
        <ActionButton id='child-visit' kind='primary' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.visit(c.id, c.name) })}>
          记录走访或联系
        </ActionButton>
        {(user?.role === 'village_director' || user?.role === 'township_supervisor') && (
          <ActionButton id='child-refer' onClick={() => Taro.navigateTo({ url: referralRoutes.create(c.id) })}>
            转介
          </ActionButton>
        )}
      </View>}

      {/* 临时监护 (001 #5) and 个案会商 (004 §4(二)), issue #11: the badge, and the forms for who may act. */}
      {c.temporaryGuardianship && (
        <View id='child-guardianship' className='notice'>
          <Text id='child-guardianship-badge' className='chip chip-red'>
            {TEMPORARY_GUARDIANSHIP_LABEL}
          </Text>
          <Text>
            {placementLabel[c.temporaryGuardianship.placement]}（{c.temporaryGuardianship.carerName}），{c.temporaryGuardianship.startOn} 开始，{c.temporaryGuardianship.reviewOn} 复查
          </Text>
          <ActionButton id='child-guardianship-open' size='small' onClick={() => Taro.navigateTo({ url: casesRoutes.guardianshipRecord(c.temporaryGuardianship!.id) })}>
            {user?.role === 'county_officer' ? '复查或结束临时监护' : '查看临时监护'}
          </ActionButton>
        </View>
      )}
      {live && user?.role === 'county_officer' && !c.temporaryGuardianship && (
        <ActionButton id='child-guardianship-start' size='small' onClick={() => void Taro.navigateTo({ url: casesRoutes.guardianship(c.id, c.name) })}>
          临时监护安置
        </ActionButton>
      )}
      {live && user?.role === 'township_supervisor' && (
        <ActionButton id='child-convene' size='small' onClick={() => void Taro.navigateTo({ url: casesRoutes.convene(c.id, c.name) })}>
          召集个案会商
        </ActionButton>
      )}

      {c.overdue && (
        <View id='child-overdue' className='error-box' role='alert'>
          <Text>
            {dutyLine(c.duties[0]!) || '走访'}已经逾期（应在 {shortDate(c.overdue.dueOn, today)} 前完成）
            {c.overdue.level === 'township' ? '，已告知乡镇' : c.overdue.level === 'county' ? '，已告知县民政局' : ''}。
          </Text>
        </View>
      )}

      <View id='child-duties' className='section'>
        <Text className='section-title'>接下来要做的</Text>
        {c.duties.length === 0 && <Text className='hint'>暂无。</Text>}
        {c.duties.map((d, i) => {
          const late = d.dueOn < today || Date.parse(d.overdueAt) <= Date.now()
          return (
            <View key={`${d.ruleId}-${i}`} id={`child-duty-${i}`} className='cw-kv'>
              <Text className='cw-kv-value'>
                {dutyLine(d)}
                {'\n'}
                <Text className={late ? 'cw-when-overdue' : 'hint'}>{whenText(d.dueOn, today, late)}</Text>
              </Text>
            </View>
          )
        })}
        {c.epidemic && (
          <Text id='child-epidemic' className='hint'>
            疫情期间随访中（{epidemicGuardianLabel[c.epidemic.guardian]}，自 {shortDate(c.epidemic.startedOn, today)}）：每周至少家访或电话随访两次。
          </Text>
        )}
      </View>

      <View id='child-summary' className='section'>
        <Text className='section-title'>基本情况</Text>
        <Kv k='身份证号' id='child-id-number'>{c.idMasked ?? '未登记'}</Kv>
        <Kv k='出生日期'>{c.birthDate}</Kv>
        <Kv k='户口'>{householdRegistrationLabel[c.householdRegistration]}</Kv>
        <Kv k='上学' id='child-school'>
          {schoolStageLabel[c.schooling.stage]}
          {c.schooling.school ? ` · ${c.schooling.school}` : ''}
          {c.schooling.grade ? ` · ${c.schooling.grade}` : ''}
        </Kv>
        <Kv k='健康'>
          {c.health.disability === 'none' ? '无残疾' : c.health.disability === 'level_1_2' ? '一、二级残疾' : '三、四级残疾'}
          {c.health.seriousIllness ? ' · 患重病' : ''}
          {c.health.note ? ` · ${c.health.note}` : ''}
        </Kv>
        {c.parents.map((p) => (
          <Kv key={p.relation} k={parentRelationLabel[p.relation]} id={`child-parent-${p.relation}`}>
            {p.name ? `${p.name} · ` : ''}
            {childParentSituationLabel[p.situation]}
            {p.unableReason ? `（${unableToGuardLabel[p.unableReason]}）` : ''}
            {p.awaySince ? ` · 自 ${p.awaySince}` : ''}
            {p.phone ? ` · ${p.phone}` : ''}
          </Kv>
        ))}
        <Kv k='负责的儿童主任' id='child-responsible'>{c.responsibleDirectorName ?? '本村儿童主任共同负责'}</Kv>
        <Kv k='照护人' id='child-caregiver'>
          {c.caregiver ? `${c.caregiver.name}（${caregiverRelationshipLabel[c.caregiver.relationship]}）${c.caregiver.phone ? ` · ${c.caregiver.phone}` : ''}${c.caregiver.livesWithChild ? '' : ' · 不和孩子同住'}` : '未登记'}
        </Kv>
      </View>

      <View id='child-categories' className='section'>
        <Text className='section-title'>关爱类别（仅工作人员可见）</Text>
        {c.categories.length === 0 && <Text className='hint'>暂无。</Text>}
        {c.categories.map((cat) => (
          <View key={cat.id} id={`child-category-${cat.id}`} className='cw-kv'>
            <Text className='cw-kv-value'>
              <Text className='label'>{cat.label}</Text>
              {'\n'}
              <Text className='hint'>
                依据：{plainSource(cat.source)}
                {cat.since ? ` · 自 ${cat.since}` : ''}
                {cat.until ? ` · 到 ${cat.until}` : ''}
              </Text>
              {cat.reasons.length > 0 && <Text className='hint'>{'\n'}{cat.reasons.join('；')}</Text>}
            </Text>
          </View>
        ))}
      </View>

      <View id='child-grade' className='section'>
        <Text className='section-title'>风险等级</Text>
        <ColourTag colour={c.grade.colour} />
        <Text className='hint'>
          {c.grade.situations.length ? c.grade.situations.map((s) => situation(s).label).join('；') : '没有发现需要特别关注的情况'}
        </Text>
        <Text>理由：{c.grade.reason}</Text>
        <Text className='hint'>
          {c.grade.gradedByName} · {formatTime(c.grade.gradedAt)}
          {c.grade.confirmedByName ? ` · 乡镇确认：${c.grade.confirmedByName}` : ''}
        </Text>
        {c.pendingGrade && (
          <View id='child-grade-pending' className='notice'>
            <Text>
              建议调整为 <ColourTag colour={c.pendingGrade.colour} short />，等待乡镇确认。
            </Text>
          </View>
        )}
        {gradeHistory.length > 0 && (
          <View id='child-grade-history'>
            <Text className='label'>等级变化</Text>
            {gradeHistory.map((e) => (
              <Text key={e.id} className='hint'>
                {formatTime(e.at)} {e.colour ? `→ ${colourWord[e.colour]}` : ''} {e.text}
              </Text>
            ))}
          </View>
        )}
      </View>

      <Problems child={c} busy={busy} onResolve={(p, resolution) => act(() => childEndpoints.resolveProblem(c.id, p.id, parsedOr(ResolveProblem, { resolution })))} />

      {live && <Duplicates child={c} />}

      {live && <View className='section'>
        <Text className='section-title'>记录工作</Text>
        <View className='chips' role='group' aria-label='记录工作'>
          <ActionButton id='child-act-regrade' size='small' onClick={() => open('regrade')}>
            重新评级
          </ActionButton>
          <ActionButton id='child-act-note' size='small' onClick={() => open('note')}>
            工作记录
          </ActionButton>
          <ActionButton id='child-act-help' size='small' onClick={() => open('help')}>
            给予的帮助
          </ActionButton>
          <ActionButton id='child-act-problem' size='small' onClick={() => open('problem')}>
            发现的问题
          </ActionButton>
          <ActionButton id='child-act-epidemic' size='small' onClick={() => open('epidemic')}>
            {c.epidemic ? '结束疫情随访' : '疫情随访'}
          </ActionButton>
          {away.length > 0 && (
            <ActionButton id='child-act-returned' size='small' onClick={() => open('returned')}>
              家长返乡
            </ActionButton>
          )}
          <ActionButton id='child-act-intervention' size='small' kind={c.grade.colour === 'red' ? 'danger' : 'plain'} onClick={() => open('intervention')}>
            红色处置
          </ActionButton>
        </View>
        <ErrorBox id='child-action-error' message={panel === 'responsible' || panel === 'transfer' || panel === 'close' ? '' : actionError} />
        {panel === 'regrade' && <RegradePanel busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childEndpoints.grade(c.id, body))} />}
        {panel === 'note' && <NotePanel busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childEndpoints.note(c.id, body))} />}
        {panel === 'help' && <HelpPanel busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childEndpoints.help(c.id, body))} />}
        {panel === 'problem' && <ProblemPanel busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childEndpoints.problem(c.id, body))} />}
        {panel === 'epidemic' && (
          <EpidemicPanel
            open={Boolean(c.epidemic)}
            busy={busy}
            errors={errors}
            setErrors={setErrors}
            start={(body) => act(() => childEndpoints.startEpidemic(c.id, body))}
            end={(body) => act(() => childEndpoints.endEpidemic(c.id, body))}
          />
        )}
        {panel === 'returned' && away.length > 0 && (
          <ReturnedPanel away={away} busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childEndpoints.parentsReturned(c.id, body))} />
        )}
        {panel === 'intervention' && <InterventionPanel busy={busy} errors={errors} setErrors={setErrors} submit={(body, key) => act(() => childEndpoints.intervention(c.id, body, key))} />}
      </View>}

      {/* 转出、负责人、结档 (issue #7): who keeps this file, and where it goes when the child leaves. */}
      {live && (
        <View id='child-file-admin' className='section'>
          <Text className='section-title'>档案管理</Text>
          <View className='chips' role='group' aria-label='档案管理'>
            <ActionButton id='child-act-edit' size='small' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.edit(c.id) })}>
              修改基本信息
            </ActionButton>
            <ActionButton id='child-act-responsible' size='small' onClick={() => open('responsible')}>
              负责的儿童主任
            </ActionButton>
            {!c.transfer && (
              <ActionButton id='child-act-transfer' size='small' onClick={() => open('transfer')}>
                转出（搬到本县其他村）
              </ActionButton>
            )}
            {!c.transfer && (
              <ActionButton id='child-act-close' size='small' onClick={() => open('close')}>
                结档
              </ActionButton>
            )}
          </View>
          {panel === 'responsible' && <ResponsiblePanel child={c} busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childMoveEndpoints.setResponsible(c.id, body))} />}
          {panel === 'transfer' && <TransferPanel child={c} busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childMoveEndpoints.transfer(c.id, body))} />}
          {panel === 'close' && <ClosePanel child={c} busy={busy} errors={errors} setErrors={setErrors} submit={(body) => act(() => childMoveEndpoints.close(c.id, body))} />}
          {(panel === 'responsible' || panel === 'transfer' || panel === 'close') && <ErrorBox id='child-admin-error' message={actionError} />}
        </View>
      )}

      <View id='child-timeline' className='section'>
        <Text className='section-title'>经历（最新的在前）</Text>
        {timeline.length === 0 && <Text className='hint'>暂无记录。</Text>}
        {timeline.map((e) => (
          <View key={e.id} id={`child-event-${e.id}`} className='cw-timeline-entry' data-kind={e.kind}>
            <Text className='hint'>
              {formatTime(e.at)}
              {e.actorName ? ` · ${e.actorName}` : ''}
            </Text>
            <Text>{e.text}</Text>
            {e.ref?.type === 'report' && (
              <Pressable id={`child-event-${e.id}-report`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: routes.staffReport(e.ref!.id) })}>
                查看这条反映
              </Pressable>
            )}
            {e.kind === 'report_linked' && e.ref?.type === 'report' && (user.role === 'village_director' || user.role === 'township_supervisor') && (
              <Pressable id={`child-event-${e.id}-refer`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: referralRoutes.create(c.id, e.ref!.id) })}>
                就这条反映转介到部门
              </Pressable>
            )}
            {e.ref?.type === 'guardianship' && (
              <Pressable id={`child-event-${e.id}-guardianship`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: casesRoutes.guardianshipRecord(e.ref!.id) })}>
                查看临时监护
              </Pressable>
            )}
            {e.ref?.type === 'conference' && (
              <Pressable id={`child-event-${e.id}-conference`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: casesRoutes.conference(e.ref!.id) })}>
                查看会商记录
              </Pressable>
            )}
            {e.ref?.type === 'referral' && (
              <Pressable id={`child-event-${e.id}-referral`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: referralRoutes.detail(e.ref!.id) })}>
                查看转介
              </Pressable>
            )}
          </View>
        ))}
        <LoadMore id='child-timeline-more' hasMore={Boolean(cursor)} loading={timelineLoading} count={timeline.length} onMore={() => void moreTimeline()} />
      </View>
    </View>
  )
}

/** Parses with the shared schema or throws the same shape the API client throws, so `act` shows it. */
function parsedOr<S extends Parameters<typeof messagesFor>[0]>(schema: S, value: unknown) {
  const r = messagesFor(schema, value, childFieldLabels)
  if (r.ok) return r.data
  throw Object.assign(new Error(Object.values(r.fields)[0]?.[0] ?? '请检查填写的内容'), { fields: Object.entries(r.fields).map(([field, m]) => ({ field, message: m[0] })) })
}

interface PanelProps<B> {
  busy: boolean
  errors: FieldMessages
  setErrors: (e: FieldMessages) => void
  submit: (body: B) => Promise<boolean>
}

function Submit({ id, busy, onClick, children }: { id: string; busy: boolean; onClick: () => void; children: string }) {
  return (
    <ActionButton id={id} kind='primary' disabled={busy} onClick={onClick}>
      {busy ? '正在保存…' : children}
    </ActionButton>
  )
}

function check<S extends Parameters<typeof messagesFor>[0]>(schema: S, value: unknown, setErrors: (e: FieldMessages) => void) {
  const r = messagesFor(schema, value, childFieldLabels)
  if (!r.ok) setErrors(r.fields)
  return r.ok ? r.data : undefined
}

function RegradePanel({ busy, errors, setErrors, submit }: PanelProps<GradeChild>) {
  const [v, setV] = useState<RegradeValues>(emptyRegrade)
  return (
    <View id='child-regrade-panel' className='section'>
      <RegradeFields idPrefix='child-grade' value={v} onChange={setV} errors={errors} />
      <Submit
        id='child-regrade-submit'
        busy={busy}
        onClick={() => {
          const body = check(GradeChild, v, setErrors)
          if (body) void submit(body)
        }}
      >
        保存等级
      </Submit>
    </View>
  )
}

function NotePanel({ busy, errors, setErrors, submit }: PanelProps<AddChildNote>) {
  const [text, setText] = useState('')
  return (
    <View id='child-note-panel' className='section'>
      <TextAreaField id='child-note-text' label='工作记录' value={text} onInput={setText} placeholder='例如：和班主任通了电话，孩子最近按时上学' errors={errors.text} />
      <Submit
        id='child-note-submit'
        busy={busy}
        onClick={() => {
          const body = check(AddChildNote, { text }, setErrors)
          if (body) void submit(body)
        }}
      >
        保存
      </Submit>
    </View>
  )
}

function HelpPanel({ busy, errors, setErrors, submit }: PanelProps<AddHelp>) {
  const [kind, setKind] = useState<HelpKind | ''>('')
  const [givenOn, setGivenOn] = useState(chinaToday())
  const [text, setText] = useState('')
  return (
    <View id='child-help-panel' className='section'>
      <Text className='label'>帮助的类型</Text>
      <ChoiceGroup idPrefix='child-help-kind' options={helpKinds} labels={helpKindLabel} value={kind} onChange={setKind} />
      <FieldErrorText id='error-child-help-kind' messages={errors.kind} />
      <DatePickerField id='child-help-date' label='日期' value={givenOn} end={chinaToday()} onChange={setGivenOn} errors={errors.givenOn} />
      <TextAreaField id='child-help-text' label='给了什么帮助' value={text} onInput={setText} placeholder='例如：送去冬衣两套、书包一个' errors={errors.text} />
      <Submit
        id='child-help-submit'
        busy={busy}
        onClick={() => {
          if (!kind) return setErrors({ kind: ['请选择帮助的类型'] })
          const body = check(AddHelp, { kind, givenOn, text }, setErrors)
          if (body) void submit(body)
        }}
      >
        保存
      </Submit>
    </View>
  )
}

function ProblemPanel({ busy, errors, setErrors, submit }: PanelProps<AddProblem>) {
  const [text, setText] = useState('')
  return (
    <View id='child-problem-panel' className='section'>
      <TextAreaField id='child-problem-text' label='发现的问题' value={text} onInput={setText} placeholder='例如：家里没有取暖的东西' errors={errors.text} />
      <Submit
        id='child-problem-submit'
        busy={busy}
        onClick={() => {
          const body = check(AddProblem, { text }, setErrors)
          if (body) void submit(body)
        }}
      >
        保存
      </Submit>
    </View>
  )
}

function Problems({ child, busy, onResolve }: { child: ChildStaffView; busy: boolean; onResolve: (p: Problem, resolution: string) => Promise<boolean> }) {
  const [resolving, setResolving] = useState('')
  const [text, setText] = useState('')
  if (child.problems.length === 0) return null
  return (
    <View id='child-problems' className='section'>
      <Text className='section-title'>发现的问题</Text>
      {child.problems.map((p) => (
        <View key={p.id} id={`child-problem-${p.id}`} className='cw-check' data-resolved={p.resolvedAt ? 'true' : 'false'}>
          <Text>{p.text}</Text>
          <Text className='hint'>
            {p.foundByName} · {formatTime(p.foundAt)}
            {p.resolvedAt ? ` · 已解决：${p.resolution ?? ''}（${p.resolvedByName ?? ''}）` : ' · 未解决'}
          </Text>
          {!p.resolvedAt && resolving !== p.id && (
            <ActionButton id={`child-problem-${p.id}-resolve`} size='small' onClick={() => setResolving(p.id)}>
              标记为已解决
            </ActionButton>
          )}
          {resolving === p.id && (
            <View>
              <TextAreaField id={`child-problem-${p.id}-resolution`} label='怎样解决的' short value={text} onInput={setText} />
              <ActionButton
                id={`child-problem-${p.id}-resolve-submit`}
                kind='primary'
                disabled={busy}
                onClick={() =>
                  void onResolve(p, text).then((ok) => {
                    if (ok) {
                      setResolving('')
                      setText('')
                    }
                  })
                }
              >
                {busy ? '正在保存…' : '保存'}
              </ActionButton>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}

function EpidemicPanel({
  open,
  busy,
  errors,
  setErrors,
  start,
  end,
}: {
  open: boolean
  busy: boolean
  errors: FieldMessages
  setErrors: (e: FieldMessages) => void
  start: (b: StartEpidemicEpisode) => Promise<boolean>
  end: (b: EndEpidemicEpisode) => Promise<boolean>
}) {
  const [guardian, setGuardian] = useState<EpidemicGuardianSituation | ''>('')
  const [startedOn, setStartedOn] = useState(chinaToday())
  const [note, setNote] = useState('')
  if (open) {
    return (
      <View id='child-epidemic-panel' className='section'>
        <Text className='hint'>监护人已经出院或结束隔离、孩子已接回照料时，结束疫情随访。</Text>
        <TextAreaField id='child-epidemic-note' label='说明' optional short value={note} onInput={setNote} errors={errors.note} />
        <Submit
          id='child-epidemic-end'
          busy={busy}
          onClick={() => {
            const body = check(EndEpidemicEpisode, { note }, setErrors)
            if (body) void end(body)
          }}
        >
          结束疫情随访
        </Submit>
      </View>
    )
  }
  return (
    <View id='child-epidemic-panel' className='section'>
      <Text className='hint'>监护人因疫情隔离、住院或不能照护时开始；之后每周至少家访或电话随访两次。</Text>
      <Text className='label'>监护人的情况</Text>
      <ChoiceGroup idPrefix='child-epidemic-guardian' options={guardianSituations} labels={epidemicGuardianLabel} value={guardian} onChange={setGuardian} />
      <FieldErrorText id='error-child-epidemic-guardian' messages={errors.guardian} />
      <DatePickerField id='child-epidemic-date' label='从哪天开始' value={startedOn} end={chinaToday()} onChange={setStartedOn} errors={errors.startedOn} />
      <TextAreaField id='child-epidemic-note' label='说明' optional short value={note} onInput={setNote} errors={errors.note} />
      <Submit
        id='child-epidemic-start'
        busy={busy}
        onClick={() => {
          if (!guardian) return setErrors({ guardian: ['请选择监护人的情况'] })
          const body = check(StartEpidemicEpisode, { guardian, startedOn, note }, setErrors)
          if (body) void start(body)
        }}
      >
        开始疫情随访
      </Submit>
    </View>
  )
}

/**
 * 家长返乡: a parent recorded as working away has come home. The server marks them at home, puts
 * it on the timeline and decides again whether the child is still 农村留守儿童 (a category ended
 * is a timeline line of its own).
 */
function ReturnedPanel({ away, busy, errors, setErrors, submit }: PanelProps<ParentsReturned> & { away: ParentRelation[] }) {
  const [relations, setRelations] = useState<ParentRelation[]>(away.length === 1 ? away : [])
  const [returnedOn, setReturnedOn] = useState(chinaToday())
  const [note, setNote] = useState('')
  return (
    <View id='child-returned-panel' className='section'>
      <Text className='hint'>在外务工的家长回家了，在这里记录。保存后会按家长在家的情况重新判断孩子的类别；档案和以往的记录都会保留。</Text>
      <Text className='label'>哪位家长回来了</Text>
      <MultiChoice idPrefix='child-returned' label='哪位家长回来了' options={away} labels={parentRelationLabel} values={relations} onChange={setRelations} />
      <FieldErrorText id='error-child-returned-relations' messages={errors.relations} />
      <DatePickerField id='child-returned-date' label='哪天回来的' value={returnedOn} end={chinaToday()} onChange={setReturnedOn} errors={errors.returnedOn} />
      <TextAreaField id='child-returned-note' label='说明' optional short value={note} onInput={setNote} placeholder='例如：父亲回村务农，和孩子同住' errors={errors.note} />
      <Submit
        id='child-returned-submit'
        busy={busy}
        onClick={() => {
          const body = check(ParentsReturned, { relations, returnedOn, note }, setErrors)
          if (body) void submit(body)
        }}
      >
        保存
      </Submit>
    </View>
  )
}

/** China time, as the director reads the clock: `2026-11-28` + `09:30` → an instant. */
const instant = (day: string, time: string) => (day && time ? `${day}T${time}:00+08:00` : '')

function InterventionPanel({ busy, errors, setErrors, submit }: { busy: boolean; errors: FieldMessages; setErrors: (e: FieldMessages) => void; submit: (b: RecordIntervention, key: string) => Promise<boolean> }) {
  const [arrivedOn, setArrivedOn] = useState(chinaToday())
  const [arrivedAt, setArrivedAt] = useState('')
  const [found, setFound] = useState('')
  const [whereNow, setWhereNow] = useState('')
  const [police, setPolice] = useState<'yes' | 'no' | ''>('')
  const [policeOn, setPoliceOn] = useState(chinaToday())
  const [policeAt, setPoliceAt] = useState('')
  const [noPoliceReason, setNoPoliceReason] = useState('')
  const [safe, setSafe] = useState<'yes' | 'no' | ''>('')
  // One key for this opened panel: pressing 保存 again after a lost answer records it once.
  const [key] = useState(() => newIdempotencyKey())

  function save() {
    const missing: FieldMessages = {}
    if (!arrivedAt) missing.actedAt = ['请选择到达的时间']
    if (found.trim().length < 2) missing.found = ['请写明看到的情况和采取的措施']
    if (!whereNow.trim()) missing.whereNow = ['请写明孩子现在在哪里、和谁在一起']
    if (!police) missing.policeToldAt = ['请选择是否已经报警']
    if (!safe) missing.childSafeNow = ['请选择孩子现在是否安全']
    if (Object.keys(missing).length) return setErrors(missing)
    const body = check(
      RecordIntervention,
      {
        actedAt: instant(arrivedOn, arrivedAt),
        whatWasDone: `到达后看到的情况和采取的措施：${found.trim()}。孩子现在：${whereNow.trim()}`,
        policeToldAt: police === 'yes' ? instant(policeOn, policeAt) : '',
        policeNotToldReason: police === 'no' ? noPoliceReason : '',
        childSafeNow: safe === 'yes',
      },
      setErrors,
    )
    if (body) void submit(body, key)
  }

  return (
    <View id='child-intervention-panel' className='section'>
      <Text className='hint'>红色情况要立即到场处置；遇到侵害、走失等情况，先拨打 110。</Text>
      <DatePickerField id='child-int-date' label='到达的日期' value={arrivedOn} end={chinaToday()} onChange={setArrivedOn} />
      <TimePickerField id='child-int-time' label='到达的时间' value={arrivedAt} onChange={setArrivedAt} errors={errors.actedAt} />
      <TextAreaField id='child-int-found' label='看到的情况和采取的措施' value={found} onInput={setFound} errors={[...(errors.found ?? []), ...(errors.whatWasDone ?? [])]} />
      <InputField id='child-int-where' label='孩子现在在哪里、和谁在一起' value={whereNow} onInput={setWhereNow} placeholder='例如：已送到外婆家，由外婆照看' errors={errors.whereNow} />
      <Text className='label'>孩子现在安全吗</Text>
      <ChoiceGroup idPrefix='child-int-safe' options={['yes', 'no'] as const} labels={{ yes: '安全', no: '还不安全' }} value={safe} onChange={setSafe} />
      <FieldErrorText id='error-child-int-safe' messages={errors.childSafeNow} />
      <Text className='label'>是否已经报警</Text>
      <ChoiceGroup idPrefix='child-int-police' options={['yes', 'no'] as const} labels={{ yes: '已报警', no: '不需要报警' }} value={police} onChange={setPolice} />
      {police === 'yes' && (
        <>
          <DatePickerField id='child-int-police-date' label='报警的日期' value={policeOn} end={chinaToday()} onChange={setPoliceOn} />
          <TimePickerField id='child-int-police-time' label='报警的时间' value={policeAt} onChange={setPoliceAt} errors={errors.policeToldAt} />
        </>
      )}
      {police === 'no' && <TextAreaField id='child-int-no-police' label='为什么不需要报警' short value={noPoliceReason} onInput={setNoPoliceReason} errors={errors.policeNotToldReason} />}
      {police === '' && <FieldErrorText id='error-child-int-police' messages={errors.policeToldAt} />}
      <Submit id='child-int-submit' busy={busy} onClick={save}>
        保存处置记录
      </Submit>
    </View>
  )
}
