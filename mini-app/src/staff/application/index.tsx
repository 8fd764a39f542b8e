import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Textarea, Image } from '@tarojs/components'
import {
  DocumentKind,
  ExitDecision,
  applicationSteps,
  chinaDate,
  chinaMonth,
  documentKindLabel,
  exitDecisionLabel,
  formatYuan,
  roleLabel,
  type ApplicationStep,
  type EpidemicSwitchView,
  type PublicNoticeView,
  type StaffApplicationView,
} from '@shouhu/shared'
import { staffAllowanceApi } from '../../api/allowance'
import { ApiRequestError, errorText, staleRecord } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { FieldErrorText } from '../../components/field-error'
import { formatDate, formatTime } from '../../format'
import { param } from '../../routes'
import { CheckRow, ChoiceChips } from '../../allowance/choices'
import { redirectIfSignedOut, useStaffRecord, useStaffUser } from '../use-staff'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { useRevealWhenShown } from '../../forms/field-errors'
import { DateField, TextField } from '../../components/text-field'

type Errors = Record<string, string[]>

/**
 * 「（演示金额）」 after an approved amount that is the placeholder-standard estimate: the same rule
 * as the record's line (demoMark in functions/src/workflows/applications.ts), so the decision box
 * and 办理记录 never disagree about whether a figure is real.
 */
const demoMark = (estimate: { monthlyFen: number; demo?: boolean }, fen: number) => (estimate.demo && fen === estimate.monthlyFen ? '（演示金额）' : '')

const eventLabel: Record<string, string> = {
  created: '提交申请',
  overdue_reminded: '超时提醒',
  review_reminded: '年度复核提醒',
  ...Object.fromEntries(Object.entries(applicationSteps).map(([k, v]) => [k, v.label])),
}

/** One application for staff: the case, the papers, and the steps the shared table allows this person now. */
export default function StaffApplication() {
  const user = useStaffUser()
  const id = param(useRouter().params.id)
  const [notice, setNotice] = useState<PublicNoticeView | null>(null)
  const {
    data: app,
    setData: setApp,
    loadError,
    load,
  } = useStaffRecord<StaffApplicationView>(id, async (appId) => {
    const a = await staffAllowanceApi.get(appId)
    setNotice(a.notice ? await staffAllowanceApi.notice(appId).catch(() => null) : null)
    return a
  })
  const [actionError, setActionError] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  useRevealWhenShown(actionError, errors)
  const [busy, setBusy] = useState(false)
  const [open, setOpen] = useState<ApplicationStep | ''>('')
  const [form, setForm] = useState({
    note: '',
    visitedOn: chinaDate(),
    days: '',
    amount: '',
    month: chinaMonth(),
    graduationMonth: '',
    decision: '' as ExitDecision | '',
    capable: '' as 'yes' | 'no' | '',
    missing: [] as DocumentKind[],
  })
  const [switchState, setSwitchState] = useState<EpidemicSwitchView | null>(null)
  const [switchBusy, setSwitchBusy] = useState(false)
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))


  /** Decided on the version shown; if it changed meanwhile the fresh record comes back (409) and is shown. */
  async function act(run: (version: number) => Promise<StaffApplicationView>) {
    if (busy || !app) return
    setBusy(true)
    setActionError('')
    setErrors({})
    try {
      const next = await run(app.version)
      // Reset the panels together with the new state: resetting them after the notice fetch
      // below would close a panel the user has already opened for the next step.
      setOpen('')
      set({ note: '', days: '', amount: '', missing: [], decision: '', graduationMonth: '', capable: '' })
      setApp(next)
      setNotice(next.notice ? await staffAllowanceApi.notice(id).catch(() => null) : null)
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fresh = staleRecord<StaffApplicationView>(e)
      if (fresh) {
        setOpen('')
        setApp(fresh)
        setActionError('记录已被他人更新，已为你刷新')
        return
      }
      setActionError(errorText(e))
      if (e instanceof ApiRequestError && e.fields.length) {
        const out: Errors = {}
        for (const f of e.fields) (out[f.field.split('.')[0]!] ??= []).push(f.message)
        setErrors(out)
      }
    } finally {
      setBusy(false)
    }
  }

  const runners: Record<ApplicationStep, ((version: number) => Promise<StaffApplicationView>) | undefined> = {
    village_check: (v) => staffAllowanceApi.villageCheck(id, { homeVisitNote: form.note, visitedOn: form.visitedOn }, v),
    accept: (v) => staffAllowanceApi.accept(id, {}, v),
    review: (v) => staffAllowanceApi.review(id, { opinion: form.note }, v),
    start_notice: (v) => staffAllowanceApi.startNotice(id, form.days ? { days: Number(form.days) } : {}, v),
    record_objection: (v) => staffAllowanceApi.objection(id, { text: form.note }, v),
    approve: (v) => staffAllowanceApi.approve(id, form.amount ? { monthlyFen: Math.round(Number(form.amount) * 100) } : {}, v),
    reject: (v) => staffAllowanceApi.reject(id, { reason: form.note }, v),
    send_back: (v) => staffAllowanceApi.sendBack(id, { missing: form.missing.map((kind) => ({ kind, note: '' })), message: form.note }, v),
    start_payment: (v) => staffAllowanceApi.payment(id, { startMonth: form.month }, v),
    annual_review: (v) => staffAllowanceApi.annualReview(id, { note: form.note }, v),
    record_exit: (v) =>
      staffAllowanceApi.exit(
        id,
        {
          decision: (form.decision || undefined) as ExitDecision,
          ...(form.graduationMonth ? { graduationMonth: form.graduationMonth } : {}),
          ...(form.capable ? { capable: form.capable === 'yes' } : {}),
          ...(form.note ? { reason: form.note } : {}),
        },
        v,
      ),
    continue_in_school: (v) => staffAllowanceApi.exit(id, { decision: 'in_school', ...(form.graduationMonth ? { graduationMonth: form.graduationMonth } : {}) }, v),
    record_enlistment: (v) => staffAllowanceApi.exit(id, { decision: 'enlisted', ...(form.graduationMonth ? { enlistmentMonth: form.graduationMonth } : {}) }, v),
    resume_study: (v) => staffAllowanceApi.exit(id, { decision: 'resumed' }, v),
    note_missing: (v) => staffAllowanceApi.noteMissing(id, { missing: form.missing.map((kind) => ({ kind, note: '' })), message: form.note }, v),
    end_notice: undefined,
    raise_exit: undefined,
    supply_documents: undefined,
    supply_later: undefined,
  }

  async function toggleEpidemic(on: boolean) {
    if (switchBusy) return
    setSwitchBusy(true)
    setActionError('')
    try {
      setSwitchState(await staffAllowanceApi.setEpidemicSwitch({ on }))
      await load()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setActionError(errorText(e))
    } finally {
      setSwitchBusy(false)
    }
  }

  const noteField = (step: ApplicationStep, placeholder: string, field: string) => (
    <View className='field'>
      <Textarea id={`step-${step}-note`} className='textarea textarea-short' nativeProps={{ 'aria-label': placeholder }} value={form.note} placeholder={placeholder} onInput={(e) => set({ note: e.detail.value })} />
      <FieldErrorText messages={errors[field]} />
    </View>
  )

  function panel(step: ApplicationStep) {
    switch (step) {
      case 'village_check':
        return (
          <View>
            {noteField(step, '入户核查记录：见到了谁、家里情况、材料是否属实', 'homeVisitNote')}
            <DateField id='step-village_check-date' label='入户日期' value={form.visitedOn} end={chinaDate()} onChange={(v) => set({ visitedOn: v })} errors={errors.visitedOn} />
          </View>
        )
      case 'review':
        return noteField(step, '审核意见', 'opinion')
      case 'start_notice':
        return (
          <View>
            <TextField id='step-start_notice-days' label='公示天数' type='number' value={form.days} placeholder='不填按政策 7 天' onInput={(v) => set({ days: v })} errors={errors.days} />
          </View>
        )
      case 'record_objection':
        return noteField(step, '异议内容：谁、什么时候、反映了什么', 'text')
      case 'approve':
        return (
          <View>
            <Text className='hint'>
              不填则按估算金额 {formatYuan(app!.estimate.monthlyFen)}
              {app!.estimate.demo ? '（演示金额）' : ''} 批准。
            </Text>
            <TextField id='step-approve-amount' label='每月金额（元）' type='digit' value={form.amount} placeholder='每月金额（元）' onInput={(v) => set({ amount: v })} errors={errors.monthlyFen} />
          </View>
        )
      case 'reject':
        return noteField(step, '不予批准的理由（申请人会看到）', 'reason')
      case 'send_back':
      case 'note_missing':
        return (
          <View>
            <Text className='hint'>选择需要补正的材料（申请人会看到）：</Text>
            <View className='list'>
              {DocumentKind.options.map((k) => (
                <CheckRow
                  key={k}
                  id={`step-${step}-kind-${k}`}
                  checked={form.missing.includes(k)}
                  label={documentKindLabel[k]}
                  onToggle={() => set({ missing: form.missing.includes(k) ? form.missing.filter((x) => x !== k) : [...form.missing, k] })}
                />
              ))}
            </View>
            <FieldErrorText messages={errors.missing} />
            {noteField(step, step === 'note_missing' ? '说明（申请人会看到；不影响办理，可以以后补交）' : '补正说明（申请人会看到）', 'message')}
          </View>
        )
      case 'start_payment':
        return (
          <View>
            <DateField id='step-start_payment-month' label='开始发放月份' fields='month' value={form.month} onChange={(v) => set({ month: v })} errors={errors.startMonth} />
          </View>
        )
      case 'annual_review':
        return noteField(step, '年度复核记录', 'note')
      case 'record_exit':
        return (
          <View>
            <ChoiceChips
              idPrefix='step-record_exit-decision'
              options={(['stop', 'graduated', 'ended'] as const).filter((d) => d !== 'graduated' || app!.exit?.decision === 'in_school')}
              labels={exitDecisionLabel}
              value={form.decision}
              onChange={(d) => set({ decision: d })}
            />
            {form.decision === 'stop' && (
              <View>
                {/* 003 §2(一): asked, never assumed. */}
                <Text className='label'>是否具备劳动能力和完全民事行为能力？</Text>
                <ChoiceChips idPrefix='step-record_exit-capable' options={['yes', 'no'] as const} labels={{ yes: '具备', no: '不具备' }} value={form.capable} onChange={(c) => set({ capable: c })} />
                <FieldErrorText messages={errors.capable} />
              </View>
            )}
            {form.decision === 'ended' && noteField(step, '不再符合条件的原因（申请人会看到）', 'reason')}
            <FieldErrorText messages={errors.decision} />
          </View>
        )
      case 'continue_in_school':
      case 'record_enlistment':
        return (
          <View>
            <DateField
              id={`step-${step}-month`}
              label={step === 'continue_in_school' ? `毕业（预计毕业）年月${app!.exit?.graduationMonth ? `，原定 ${app!.exit.graduationMonth}` : ''}` : '入伍年月'}
              fields='month'
              value={form.graduationMonth}
              onChange={(v) => set({ graduationMonth: v })}
            />
            <FieldErrorText messages={errors.graduationMonth ?? errors.decision} />
          </View>
        )
      default:
        return null
    }
  }

  if (!user) return <Page />
  if (loadError) return <LoadFailed id='sapp-error' message={loadError} onRetry={() => void load()} />
  if (!app) return <Loading />
  const a = app
  return (
    <Page>
      <View className='head-bar'>
        <Text id='sapp-state' className='label' data-state={a.state}>
          {a.stateLabel}
        </Text>
        <Text className='hint'>编号 {a.reference}</Text>
      </View>
      <Text className='title'>
        {a.childName} · {a.townshipName} {a.villageName}
      </Text>
      <Text className='hint'>
        {a.categoryName} · {a.policy.name}政策 {a.policy.version} 版
      </Text>
      {a.holder && (
        <Text id='sapp-days' className='hint'>
          {a.holder.office}办理中，已 {a.daysHere} 天{a.targetDays ? ` / 时限 ${a.targetDays} 天` : ''}
        </Text>
      )}
      {a.overdue && (
        <Text id='sapp-overdue' className='field-error'>
          已超过本环节时限
        </Text>
      )}
      <View className='spacer' />

      {a.epidemic.on && (
        <View id='sapp-epidemic' className='notice' data-covers={a.epidemic.covers}>
          <Text className='label'>疫情防控简化办理已开启{a.epidemic.since ? `（${formatDate(a.epidemic.since)} 起）` : ''}</Text>
          <Text>{a.epidemic.covers ? a.epidemic.plain : '这份申请的类别不在简化办理范围内，按常规办理。'}</Text>
          <Text className='hint'>依据：{a.epidemic.source}</Text>
        </View>
      )}
      {user.role === 'county_officer' && (
        <View id='sapp-epidemic-switch' className='section'>
          <Text className='hint'>疫情防控简化办理（全县）：{(switchState?.on ?? a.epidemic.on) ? '已开启' : '未开启'}</Text>
          <ActionButton id='sapp-epidemic-toggle' size='small' disabled={switchBusy} onClick={() => void toggleEpidemic(!(switchState?.on ?? a.epidemic.on))}>
            {(switchState?.on ?? a.epidemic.on) ? '关闭简化办理' : '开启简化办理'}
          </ActionButton>
        </View>
      )}

      {a.doubleSupport && (
        <View id='sapp-double' className='urgent'>
          <Text className='urgent-title'>请核对：已领取其他基本生活救助</Text>
          <Text>已领取：{a.doubleSupport.conflicting.map((c) => c.label).join('、')}</Text>
          <Text>{a.doubleSupport.plain}</Text>
          <Text className='hint'>依据：{a.doubleSupport.source}</Text>
        </View>
      )}

      <View className='section'>
        <Text className='section-title'>金额估算</Text>
        <Text id='sapp-estimate'>{a.estimate.explanation}</Text>
        {a.estimate.demo && (
          <Text id='sapp-estimate-demo' className='field-error'>
            演示金额：标准尚未按当地公布的数字设置。
          </Text>
        )}
        <Text id='sapp-estimate-source' className='hint'>
          依据：{a.estimate.sources.join('；')}
        </Text>
      </View>

      <View className='section'>
        <Text className='section-title'>孩子和家庭</Text>
        <View className='kv'>
          <Text className='kv-key'>身份证号</Text>
          <Text id='sapp-child-id' className='kv-value'>
            {a.childIdNumber}（{a.childBirthDate} 出生）
          </Text>
        </View>
        {a.situation.map((s) => (
          <View key={s.label} className='kv'>
            <Text className='kv-key'>{s.label}</Text>
            <Text className='kv-value'>{s.value}</Text>
          </View>
        ))}
        {a.familyNote && <Text>{a.familyNote}</Text>}
        <View className='kv'>
          <Text className='kv-key'>监护人</Text>
          <Text id='sapp-guardian' className='kv-value'>
            {a.guardian.name}（{a.guardian.relation}）{a.guardian.phone}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-key'>收款账户</Text>
          <Text id='sapp-bank' className='kv-value'>
            {a.bankName} {a.accountName} {a.bankAccount}
          </Text>
        </View>
      </View>

      <View id='sapp-documents' className='section'>
        <Text className='section-title'>材料</Text>
        {a.requiredDocuments.map((r) => (
          <Text key={r.kind} id={`sapp-required-${r.kind}`} className={r.provided ? 'hint' : 'field-error'}>
            {r.provided ? '✓' : '✗'} {r.label}
          </Text>
        ))}
        {a.requiredDocuments.length > 0 && <Text className='hint'>材料依据：{[...new Set(a.requiredDocuments.map((r) => r.source))].join('；')}</Text>}
        {a.documents.map((d) => (
          <View key={d.id} id={`sapp-doc-${d.id}`} className='kv'>
            <Text className='kv-key'>
              {d.label}
              {d.round ? `（第 ${d.round} 次补正）` : ''}
            </Text>
            {d.viewUrl && <Image className='kv-value' src={d.viewUrl} mode='widthFix' style={{ maxWidth: '300px' }} ariaLabel={`${d.label}的照片`} imgProps={{ alt: `${d.label}的照片` }} />}
          </View>
        ))}
        {a.papersLater.length > 0 && (
          <View id='sapp-later' className='notice'>
            <Text className='label'>待补交（不中止办理）：</Text>
            {a.papersLater.map((m) => (
              <Text key={m.kind}>· {m.label}</Text>
            ))}
          </View>
        )}
        {a.state === 'needs_documents' && (
          <View id='sapp-missing' className='notice'>
            <Text className='label'>已要求补正：</Text>
            {a.missing.map((m) => (
              <Text key={m.kind}>· {m.label}</Text>
            ))}
            {a.missingMessage && <Text>{a.missingMessage}</Text>}
          </View>
        )}
      </View>

      {a.homeVisitNote && (
        <View className='section'>
          <Text className='section-title'>村级核查</Text>
          <Text>{a.homeVisitNote}</Text>
          {a.reviewOpinion && <Text>乡镇审核意见：{a.reviewOpinion}</Text>}
        </View>
      )}

      {notice && (
        <View id='sapp-notice' className='section'>
          <Text className='section-title'>公示内容（隐去部分信息）</Text>
          <Text id='sapp-notice-text'>
            {notice.villageName} {notice.childName}（{notice.childIdNumber}）申请{notice.benefit}，每月 {formatYuan(notice.monthlyFen)}
            {notice.demo ? '（演示金额）' : ''}。
          </Text>
          <Text className='hint'>
            公示期 {formatTime(notice.startedAt)} 至 {formatTime(notice.endsAt)}。{notice.objectionsTo}
          </Text>
          <Text className='hint'>已登记异议 {a.objections} 条</Text>
        </View>
      )}

      {a.decision && (
        <View id='sapp-decision' className='notice'>
          <Text>
            {a.decision.approved ? `已批准${a.decision.monthlyFen ? `，每月 ${formatYuan(a.decision.monthlyFen)}${demoMark(a.estimate, a.decision.monthlyFen)}` : ''}` : `不予批准：${a.decision.reason}`}
            {a.payment ? `；自 ${a.payment.startMonth} 起发放` : ''}
            {a.nextReviewDue ? `；下次复核 ${a.nextReviewDue}` : ''}
          </Text>
          {a.exit?.raisedAt && !a.exit.decision && <Text className='field-error'>孩子将于 {a.exit.birthday} 年满 18 周岁，请确认退出方式。</Text>}
          {a.exit?.plan && <Text>{a.exit.plan}</Text>}
        </View>
      )}

      {actionError && (
        <View id='sapp-action-error' className='error-box field-errors' aria-live='assertive'>
          <Text>{actionError}</Text>
        </View>
      )}

      {a.steps
        .filter((s) => runners[s])
        .map((s) => (
          <View key={s} className='section'>
            <ActionButton id={`toggle-${s}`} kind={s === 'reject' || s === 'send_back' ? 'plain' : 'primary'} onClick={() => setOpen((o) => (o === s ? '' : s))}>
              {applicationSteps[s].label}
            </ActionButton>
            {open === s && (
              <View id={`panel-${s}`}>
                {panel(s)}
                <ActionButton id={`step-${s}`} kind={s === 'reject' ? 'danger' : 'primary'} disabled={busy} onClick={() => void act(runners[s]!)}>
                  确认{applicationSteps[s].label}
                </ActionButton>
              </View>
            )}
          </View>
        ))}

      <View id='sapp-events' className='section'>
        <Text className='section-title'>办理记录</Text>
        {a.events.map((e, i) => (
          <View key={`${e.at}-${i}`} id={`sapp-event-${i}`} className='event'>
            <Text className='label'>{eventLabel[e.step] ?? e.step}</Text>
            <Text className='hint'>
              {formatTime(e.at)} · {e.office}
              {e.actorName ? ` · ${e.actorName}` : ''}
              {e.actorRole && e.actorRole !== 'system' ? `（${roleLabel[e.actorRole]}）` : ''}
            </Text>
            {e.staffText && <Text>{e.staffText}</Text>}
            {e.publicText && <Text className='hint'>申请人可见：{e.publicText}</Text>}
          </View>
        ))}
      </View>
      <Text className='hint'>{formatDate(a.createdAt)} 提交</Text>
    </Page>
  )
}
