import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import {
  AddNote,
  CloseReport,
  INTERVENTION_PENDING_LABEL,
  interventionText,
  Regrade,
  RiskColour,
  ReportOutcome,
  actionFieldLabels,
  canApply,
  colourLabel,
  fieldErrors,
  maskPhone,
  reportOutcomeText,
  reportStatusLabel,
  reporterRelationLabel,
  roleLabel,
  type ReportEvent,
  type ReporterContact,
  type StaffReportView,
} from '@shouhu/shared'
import { ApiRequestError, endpoints, errorText, staleRecord } from '../../api/client'
import { FieldErrorText } from '../../components/field-error'
import { formatTime } from '../../format'
import { param, routes } from '../../routes'
import { redirectIfSignedOut, useStaffRecord, useStaffUser } from '../use-staff'
import { ActionButton } from '../../components/action-button'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { useRevealWhenShown } from '../../forms/field-errors'
import { collapseContactViews } from '../timeline'
import { ReportReferrals } from '../../referrals/report-referrals'
import { casesRoutes } from '../../cases/routes'

type Panel = 'none' | 'regrade' | 'note' | 'close'
type Errors = Record<string, string[]>

const eventLabel: Record<ReportEvent['kind'], string> = {
  created: '收到反映',
  acknowledged: '确认接收',
  regraded: '调整风险等级',
  noted: '添加记录',
  closed: '办结',
  escalated: '超时未接收，逐级提醒',
  contact_viewed: '查看了联系方式，已记录',
  access_rotated: '反映人更换了查询码',
  intervened: '记录处置情况',
}
const escalationText = { village: '村级', township: '乡镇', county: '县级' } as const

function relationText(relation: string): string {
  return (reporterRelationLabel as Record<string, string>)[relation] ?? relation
}

function errorsOf(error: Parameters<typeof fieldErrors>[0]): Errors {
  const out: Errors = {}
  for (const f of fieldErrors(error, actionFieldLabels)) (out[f.field] ??= []).push(f.message)
  return out
}

export default function StaffReport() {
  const user = useStaffUser()
  const id = param(useRouter().params.id)
  const { data: report, setData: setReport, loadError, load } = useStaffRecord<StaffReportView>(id, endpoints.staffReport)
  const [actionError, setActionError] = useState('')
  const [busy, setBusy] = useState(false)
  const [panel, setPanel] = useState<Panel>('none')
  const [errors, setErrors] = useState<Errors>({})
  useRevealWhenShown(actionError, errors)
  const [colour, setColour] = useState<RiskColour | ''>('')
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [outcome, setOutcome] = useState<ReportOutcome | ''>('')
  const [closeNote, setCloseNote] = useState('')
  const [contact, setContact] = useState<ReporterContact | null>(null)


  function openPanel(next: Panel) {
    setPanel((p) => (p === next ? 'none' : next))
    setErrors({})
    setActionError('')
  }

  /**
   * Runs one workflow step on the version shown; the server's answer (or its refusal, e.g. 403)
   * is shown here. If someone changed the report meanwhile, the decision is refused and the
   * fresh report it carries replaces the one on screen, with a plain word why.
   */
  async function act(step: (version: number) => Promise<StaffReportView>, done?: () => void) {
    if (busy || !report) return
    setBusy(true)
    setActionError('')
    try {
      setReport(await step(report.version))
      setPanel('none')
      setErrors({})
      done?.()
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fresh = staleRecord<StaffReportView>(e)
      if (fresh) {
        setReport(fresh)
        setPanel('none')
        setErrors({})
        setActionError('记录已被他人更新，已为你刷新')
        return
      }
      setActionError(errorText(e))
      if (e instanceof ApiRequestError && e.fields.length) {
        const byField: Errors = {}
        for (const f of e.fields) (byField[f.field] ??= []).push(f.message)
        setErrors(byField)
      }
    } finally {
      setBusy(false)
    }
  }

  function submitRegrade() {
    // The shared enums carry no Chinese message for "nothing chosen": say it here.
    if (!colour) return setErrors({ colour: ['请选择调整后的风险等级'], ...(reason.trim().length < 2 ? { reason: ['请填写调整原因'] } : {}) })
    const parsed = Regrade.safeParse({ colour, reason, version: report?.version ?? 0 })
    if (!parsed.success) return setErrors(errorsOf(parsed.error))
    void act((version) => endpoints.regrade(id, { ...parsed.data, version }), () => setReason(''))
  }

  function submitNote() {
    const parsed = AddNote.safeParse({ text: note, version: report?.version ?? 0 })
    if (!parsed.success) return setErrors(errorsOf(parsed.error))
    void act((version) => endpoints.addNote(id, { ...parsed.data, version }), () => setNote(''))
  }

  function submitClose() {
    if (!outcome) return setErrors({ outcome: ['请选择办结结果'] })
    const parsed = CloseReport.safeParse({ outcome, note: closeNote, version: report?.version ?? 0 })
    if (!parsed.success) return setErrors(errorsOf(parsed.error))
    void act((version) => endpoints.close(id, { ...parsed.data, version }), () => setCloseNote(''))
  }

  async function revealContact() {
    if (busy) return
    setBusy(true)
    setActionError('')
    try {
      setContact(await endpoints.reporterContact(id))
      // The reveal is audited server-side; reload so the timeline shows it.
      void load()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setActionError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (!user) return <Page />
  if (loadError) return <LoadFailed id='report-error' message={loadError} onRetry={() => void load()} />
  if (!report) return <Loading />

  const canReveal = user.role === 'township_supervisor' || user.role === 'county_officer'
  const r = report
  return (
    <Page>
      <View className='head-bar'>
        <Text id='report-colour' className={`chip chip-${r.colour}`}>
          {colourLabel[r.colour]}
        </Text>
        <Text id='report-status' className='label' data-status={r.status}>
          {reportStatusLabel[r.status]}
        </Text>
        {r.interventionPending && (
          <Text id='report-intervention-pending' className='chip chip-red'>
            {INTERVENTION_PENDING_LABEL}
          </Text>
        )}
      </View>
      <Text className='title'>
        {r.townshipName} {r.villageName}
      </Text>
      <Text className='hint'>
        查询码 {r.trackingCode} · 收到于 {formatTime(r.createdAt)}
      </Text>
      <View className='spacer' />

      {r.callPoliceNow && r.status !== 'closed' && (
        <View className='urgent'>
          <Text className='urgent-title'>涉及人身安全，须立即报警（110）并即时介入</Text>
          {r.escalationDueAt && r.status === 'received' && <Text>请在 {formatTime(r.escalationDueAt)} 前确认接收，否则将提醒上级。</Text>}
        </View>
      )}
      {r.status === 'received' && r.escalationLevel && r.escalationLevel !== 'village' && (
        <View className='error-box'>
          <Text>超时未接收，已提醒{escalationText[r.escalationLevel]}工作人员。</Text>
        </View>
      )}

      <View className='section'>
        <Text className='section-title'>反映的情况</Text>
        {r.situations.map((s) => (
          <View key={s.id} className='kv'>
            <Text className={`chip chip-${s.colour}`}>{colourLabel[s.colour].slice(0, 2)}</Text>
            <Text className='kv-value'> {s.label}</Text>
          </View>
        ))}
        {r.triagedColour !== r.colour && <Text className='hint'>系统初判：{colourLabel[r.triagedColour]}</Text>}
        <View className='spacer' />
        <Text className='label'>情况描述</Text>
        <Text id='report-description-text'>{r.description || '（未填写）'}</Text>
        <View className='spacer' />
        <Text className='label'>孩子的情况</Text>
        <Text id='report-child-text'>{r.childDescription || '（未填写）'}</Text>
      </View>

      <View id='reporter-block' className='section'>
        <Text className='section-title'>反映人</Text>
        {r.reporter.visibility === 'anonymous' && <Text>匿名反映</Text>}
        {r.reporter.visibility === 'hidden' && <Text>反映人要求不向村里透露身份</Text>}
        {r.reporter.visibility === 'shown' && (
          <View id='reporter-shown'>
            <Text className='hint'>反映人同意村里联系。请仅为处理本事项联系，并为其保密。</Text>
            <View className='kv'>
              <Text className='kv-key'>姓名</Text>
              <Text id='reporter-name-shown' className='kv-value'>{r.reporter.name}</Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>手机号</Text>
              <Text id='reporter-phone-shown' className='kv-value link' onClick={() => void Taro.makePhoneCall({ phoneNumber: r.reporter.visibility === 'shown' ? r.reporter.phone : '' }).catch(() => {})}>
                {r.reporter.phone}
              </Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>身份</Text>
              <Text className='kv-value'>{r.reporter.relation}{r.reporter.unit ? `（${r.reporter.unit}）` : ''}</Text>
            </View>
          </View>
        )}
        {r.reporter.visibility === 'masked' && (
          <View>
            <View className='kv'>
              <Text className='kv-key'>姓名</Text>
              <Text className='kv-value'>{contact?.name ?? r.reporter.name}</Text>
            </View>
            <View className='kv'>
              <Text className='kv-key'>手机号</Text>
              {contact ? (
                <Text id='reporter-phone-full' className='kv-value link' {...tapTarget('link')} onClick={() => void Taro.makePhoneCall({ phoneNumber: contact.phone }).catch(() => {})}>
                  {contact.phone}
                </Text>
              ) : (
                <Text id='reporter-phone-masked' className='kv-value'>
                  {maskPhone(r.reporter.phone)}
                </Text>
              )}
            </View>
            <View className='kv'>
              <Text className='kv-key'>身份</Text>
              <Text className='kv-value'>{relationText(contact?.relation ?? r.reporter.relation)}</Text>
            </View>
            {contact?.unit && <Text className='hint'>单位：{contact.unit}</Text>}
            {contact && <Text className='hint'>本次查看已记录。请仅为处理本事项联系反映人，并为其保密。</Text>}
            {canReveal && !contact && (
              <ActionButton id='reveal-contact' size='small' disabled={busy} onClick={() => void revealContact()}>
                查看完整联系方式
              </ActionButton>
            )}
          </View>
        )}
        {r.reporterViews && (
          <Text id='reporter-views' className='hint'>
            {r.reporterViews}
          </Text>
        )}
      </View>

      {/* 004 §3 即时介入: a red report is taken on by recording the intervention, not by a tap (issue #11). */}
      {r.interventionPending && (
        <ActionButton id='report-intervene' kind='danger' onClick={() => void Taro.navigateTo({ url: casesRoutes.intervention(r.id) })}>
          记录处置情况
        </ActionButton>
      )}
      {r.intervention && (
        <View id='report-intervention' className='section'>
          <Text className='section-title'>处置情况</Text>
          <Text id='report-intervention-text'>{interventionText(r.intervention)}</Text>
          <Text className='hint'>
            {r.intervention.recordedByName} 记录于 {formatTime(r.intervention.recordedAt)}
          </Text>
        </View>
      )}

      {/* 一人一档 (issue #7): the report joins the child's file and its timeline; a person chooses the file. */}
      <ActionButton id='report-link-child' onClick={() => void Taro.navigateTo({ url: routes.caseworkLinkReport(r.id) })}>
        关联儿童档案
      </ActionButton>
      <ReportReferrals reportId={r.id} user={user} />

      {actionError && (
        <View id='action-error' className='error-box field-errors' aria-live='assertive'>
          <Text>{actionError}</Text>
        </View>
      )}

      {r.status === 'closed' && r.outcome && (
        <View className='notice'>
          <Text className='label'>办结结果（反映人可见）</Text>
          <Text id='report-outcome'>{reportOutcomeText[r.outcome]}</Text>
        </View>
      )}

      {canApply('acknowledge', r.status) && (
        <ActionButton id='ack-button' kind='primary' disabled={busy} onClick={() => void act((version) => endpoints.acknowledge(id, version))}>
          确认接收
        </ActionButton>
      )}

      {canApply('regrade', r.status) && (
        <View className='section'>
          <ActionButton id='regrade-toggle' onClick={() => openPanel('regrade')}>
            调整等级
          </ActionButton>
          {panel === 'regrade' && (
            <View id='regrade-panel'>
              <View className='list'>
                {RiskColour.options.map((c) => (
                  <View
                    key={c}
                    id={`regrade-colour-${c}`}
                    className={`check-row ${colour === c ? 'is-checked' : ''}`}
                    {...tapTarget('radio', { checked: colour === c })}
                    onClick={() => setColour(c)}
                  >
                    <View className='check-box radio-box' aria-hidden='true'>{colour === c ? '✓' : ''}</View>
                    <Text className={`chip chip-${c}`}>{colourLabel[c]}</Text>
                    {c === r.colour && <Text className='hint'>（当前）</Text>}
                  </View>
                ))}
              </View>
              <FieldErrorText messages={errors.colour} />
              <View className='spacer' />
              <Textarea id='regrade-reason' className='textarea textarea-short' nativeProps={{ 'aria-label': '调整原因' }} value={reason} placeholder='调整原因' onInput={(e) => setReason(e.detail.value)} />
              <FieldErrorText messages={errors.reason} />
              <View className='spacer' />
              <ActionButton id='regrade-submit' kind='primary' disabled={busy} onClick={submitRegrade}>
                确认调整
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {canApply('note', r.status) && (
        <View className='section'>
          <ActionButton id='note-toggle' onClick={() => openPanel('note')}>
            添加记录
          </ActionButton>
          {panel === 'note' && (
            <View id='note-panel'>
              <Textarea id='note-text' className='textarea' nativeProps={{ 'aria-label': '记录内容' }} value={note} placeholder='走访、电话联系等情况' onInput={(e) => setNote(e.detail.value)} />
              <FieldErrorText messages={errors.text} />
              <View className='spacer' />
              <ActionButton id='note-submit' kind='primary' disabled={busy} onClick={submitNote}>
                保存记录
              </ActionButton>
            </View>
          )}
        </View>
      )}

      {canApply('close', r.status) && (
        <View className='section'>
          <ActionButton id='close-toggle' onClick={() => openPanel('close')}>
            办结
          </ActionButton>
          {panel === 'close' && (
            <View id='close-panel'>
              <Text className='hint'>选择处理结果（反映人会看到这段话，看不到内部记录）：</Text>
              <View className='list'>
                {ReportOutcome.options.map((o) => (
                  <View
                    key={o}
                    id={`close-outcome-${o}`}
                    className={`check-row ${outcome === o ? 'is-checked' : ''}`}
                    {...tapTarget('radio', { checked: outcome === o })}
                    onClick={() => setOutcome(o)}
                  >
                    <View className='check-box radio-box' aria-hidden='true'>{outcome === o ? '✓' : ''}</View>
                    <Text className='row-text'>{reportOutcomeText[o]}</Text>
                  </View>
                ))}
              </View>
              <FieldErrorText messages={errors.outcome} />
              <View className='spacer' />
              <Textarea id='close-note' className='textarea textarea-short' nativeProps={{ 'aria-label': '办结说明（选填）' }} value={closeNote} placeholder='办结说明（选填，仅工作人员可见）' onInput={(e) => setCloseNote(e.detail.value)} />
              <FieldErrorText messages={errors.note} />
              <View className='spacer' />
              <ActionButton id='close-submit' kind='primary' disabled={busy} onClick={submitClose}>
                确认办结
              </ActionButton>
            </View>
          )}
        </View>
      )}

      <View id='event-list' className='section'>
        <Text className='section-title'>处理记录</Text>
        {collapseContactViews(r.events ?? []).map((ev, i) => (
          <View key={`${ev.at}-${i}`} id={`event-${i}`} className='event'>
            <Text className='label'>
              {eventLabel[ev.kind] ?? ev.kind}
              {ev.fromColour && ev.toColour ? `：${colourLabel[ev.fromColour]} → ${colourLabel[ev.toColour]}` : ''}
              {ev.kind === 'escalated' && ev.level ? `（${escalationText[ev.level]}）` : ''}
            </Text>
            <Text className='hint'>
              {formatTime(ev.at)}
              {ev.actorName ? ` · ${ev.actorName}` : ''}
              {ev.actorRole ? `（${roleLabel[ev.actorRole]}）` : ''}
            </Text>
            {ev.text && <Text>{ev.text}</Text>}
          </View>
        ))}
        {(r.events ?? []).length === 0 && <Text className='hint'>暂无记录。</Text>}
      </View>
    </Page>
  )
}
