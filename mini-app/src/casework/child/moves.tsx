import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  CloseChild,
  SetResponsibleDirector,
  TransferChild,
  chinaToday,
  childFieldLabels,
  closureReasonIds,
  closureReasons,
  personSexLabel,
  type ChildStaffView,
  type ChildTimelineEntry,
  type ClosureReasonId,
  type DuplicateSuggestion,
  type VillageDirector,
} from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childMoveEndpoints } from '../../api/child-moves'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { DatePickerField } from '../../components/date-picker-field'
import { DivisionPicker } from '../../components/division-picker'
import { FieldErrorText } from '../../components/field-error'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Pressable } from '../../components/pressable'
import { roleProps } from '../../components/a11y'
import { formatTime } from '../../format'
import { caseworkRoutes } from '../routes'
import type { FieldMessages } from '../use-draft-form'
import { withoutErrors } from '../../forms/without-errors'
import { messagesFor } from '../validate'

/**
 * The child file's moves (issue #7): where the file stands (closed, merged, waiting for another
 * village, sent back), 转出, 结档, 负责的儿童主任 and 「可能重复」. Plain words: the director
 * must see at once whether this child is still theirs to visit.
 */

const labels: Record<string, string> = { ...childFieldLabels, toVillageCode: '转入的村（社区）', reason: '原因', movedOn: '搬家的日期', effectiveOn: '日期', destination: '搬去的地方', destinationCountyCode: '搬到的县（区）', note: '说明', directorId: '负责的儿童主任' }

/** The body when the form is right, and no message left over from an earlier try; else its messages. */
function check<S extends Parameters<typeof messagesFor>[0]>(schema: S, value: unknown, setErrors: (e: FieldMessages) => void) {
  const r = messagesFor(schema, value, labels)
  setErrors(r.ok ? {} : r.fields)
  return r.ok ? r.data : undefined
}

/** The file's state as to moves, shown at the top of the file. */
export function MoveState({ child, timeline }: { child: ChildStaffView; timeline: ChildTimelineEntry[] }) {
  if (child.mergedInto) {
    return (
      <View id='child-merged' className='notice' {...roleProps('status')}>
        <Text>这份档案已经和另一份档案合并（是同一个孩子），以后请在合并后的档案里记录。</Text>
        <Pressable id='child-merged-open' className='link' role='link' onPress={() => void Taro.redirectTo({ url: caseworkRoutes.child(child.mergedInto!) })}>
          打开合并后的档案
        </Pressable>
      </View>
    )
  }
  if (child.closed) {
    const k = child.closed
    return (
      <View id='child-closed' className='notice' {...roleProps('status')}>
        <Text className='label'>已结档：{k.reasonLabel}</Text>
        <Text>
          {k.effectiveOn}
          {k.destination ? ` · 搬到${k.destination}` : ''}。{k.note}
        </Text>
        {k.foundIn && (
          <Text id='child-closed-found' className='label'>
            孩子已在{k.foundIn.countyName}建档关爱（{k.foundIn.on}），今后由当地走访。
          </Text>
        )}
        {k.handover && (
          <Text id='child-closed-handover'>
            {k.handover.told > 0
              ? `已告诉${k.handover.countyName}的县民政部门，请他们找到孩子并建档。`
              : `${k.handover.countyName}还没有使用守护，系统没法告诉他们：请打电话或发函告诉当地县民政部门。`}
          </Text>
        )}
        <Text className='hint'>
          {k.closedBy.name}于 {formatTime(k.closedAt)} 结档。这个孩子不再出现在走访名单、提醒和统计里，档案和经历都保留，可以随时查看。
        </Text>
      </View>
    )
  }
  if (child.transfer) {
    const t = child.transfer
    return (
      <View id='child-transfer-state' className='notice' {...roleProps('status')}>
        <Text className='label'>正在转出：等待{t.toVillageName}接收</Text>
        <Text>
          {t.requestedBy.name}于 {formatTime(t.requestedAt)} 申请转到{t.toVillageName}：{t.reason}
        </Text>
        <Text className='hint'>{t.toVillageName}的儿童主任接收以前，档案仍由{t.fromVillageName}管理，走访照常。</Text>
      </View>
    )
  }
  // Sent back: the latest move on the timeline is a decline (newest first).
  const lastMove = timeline.find((e) => e.kind === 'transfer_requested' || e.kind === 'transfer_declined' || e.kind === 'transferred')
  if (lastMove?.kind === 'transfer_declined') {
    return (
      <View id='child-transfer-declined' className='error-box' {...roleProps('status')}>
        <Text className='label'>转出被退回</Text>
        <Text>{lastMove.text}</Text>
        <Text className='hint'>请核实孩子现在住在哪里；仍住在本村的，照常走访。</Text>
      </View>
    )
  }
  return null
}

interface PanelProps {
  child: ChildStaffView
  busy: boolean
  errors: FieldMessages
  setErrors: (e: FieldMessages) => void
}

/** 转出: choose the village the child now lives in, why, and when they moved. */
export function TransferPanel({ child, busy, errors, setErrors, submit }: PanelProps & { submit: (b: TransferChild) => Promise<boolean> }) {
  const [toVillageCode, setTo] = useState('')
  const [toName, setToName] = useState('')
  const [reason, setReason] = useState('')
  const [movedOn, setMovedOn] = useState(chinaToday())
  // A changed field no longer says it is wrong.
  const edited = (field: string) => {
    const next = withoutErrors(errors, field)
    if (next !== errors) setErrors(next)
  }
  return (
    <View id='child-transfer-panel' className='section'>
      <Text className='hint'>孩子搬到本县其他村（社区）长期居住时，请对方村接收档案。对方接收以前，档案仍由本村管理，走访照常。搬到县外的，请用「结档」。</Text>
      <Text className='label'>孩子现在住在哪个村（社区）</Text>
      <DivisionPicker
        idPrefix='transfer-division'
        remember={false}
        startAt={child.townshipCode}
        onChange={(code, path) => {
          // While a level is being browsed the picker reports no code and the path so far: the
          // township on screen is not where the child goes, so nothing is named until a village is.
          setTo(code)
          setToName(code ? (path[path.length - 1]?.name ?? '') : '')
          if (code) edited('toVillageCode')
        }}
      />
      <FieldErrorText id='error-transfer-village' messages={errors.toVillageCode} />
      <DatePickerField id='transfer-date' label='搬家的日期' value={movedOn} end={chinaToday()} onChange={(v) => (setMovedOn(v), edited('movedOn'))} errors={errors.movedOn} />
      <TextAreaField id='transfer-reason' label='转出原因' value={reason} onInput={(v) => (setReason(v), edited('reason'))} placeholder='例如：随奶奶搬到石丁村居住，已在那边上学' errors={errors.reason} />
      {!toVillageCode && (
        <Text id='transfer-hint' className='hint'>
          请先在上面选择孩子现在住的村（社区）。
        </Text>
      )}
      <ActionButton
        id='transfer-submit'
        kind='primary'
        disabled={busy}
        onClick={() => {
          if (!toVillageCode) return setErrors({ toVillageCode: ['请选择孩子现在住的村（社区）'] })
          const body = check(TransferChild, { toVillageCode, reason, movedOn, version: child.version }, setErrors)
          if (body) return submit(body)
        }}
      >
        {busy ? '正在提交…' : toName ? `申请转到${toName}` : '申请转出'}
      </ActionButton>
    </View>
  )
}

/** 结档: a reason from the policy list, the day, and how it was learnt; then a confirmation. */
export function ClosePanel({ child, busy, errors, setErrors, submit }: PanelProps & { submit: (b: CloseChild) => Promise<boolean> }) {
  const [reason, setReason] = useState<ClosureReasonId | ''>('')
  const [effectiveOn, setEffectiveOn] = useState(chinaToday())
  const [destination, setDestination] = useState('')
  const [countyCode, setCountyCode] = useState('')
  const [note, setNote] = useState('')
  const [confirming, setConfirming] = useState<CloseChild | null>(null)
  const rule = reason ? closureReasons[reason] : undefined
  const reasonLabels = Object.fromEntries(closureReasonIds.map((id) => [id, closureReasons[id].label])) as Record<ClosureReasonId, string>
  // A changed field no longer says it is wrong, and a confirmation asked on the old answers goes.
  const edited = (field: string) => {
    setConfirming(null)
    const next = withoutErrors(errors, field)
    if (next !== errors) setErrors(next)
  }
  return (
    <View id='child-close-panel' className='section'>
      <Text className='hint'>结档以后，孩子不再出现在走访名单、提醒和统计里；档案和经历都保留，可以在「已结档的档案」里查看。</Text>
      <ChoiceGroup idPrefix='close-reason' label='结档原因' options={closureReasonIds} labels={reasonLabels} value={reason} onChange={(r) => (setReason(r), edited('reason'))} />
      <FieldErrorText id='error-close-reason' messages={errors.reason} />
      {rule && <Text className='hint'>{rule.hint}</Text>}
      <DatePickerField id='close-date' label={reason === 'moved_out_of_county' ? '搬走的日期' : reason === 'died' ? '去世的日期' : '日期'} value={effectiveOn} start={child.birthDate} end={chinaToday()} onChange={(v) => (setEffectiveOn(v), edited('effectiveOn'))} errors={errors.effectiveOn} />
      {rule?.needsDestination && <InputField id='close-destination' label='搬到哪里' value={destination} onInput={(v) => (setDestination(v), edited('destination'))} placeholder='例如：江苏省宿迁市泗洪县' errors={errors.destination} />}
      {rule?.needsDestination && (
        <View className='field'>
          <Text className='label'>搬到的县（区）（选填）</Text>
          <Text className='hint'>选了以后，那个县的民政部门会收到消息，找到孩子并建档；只告诉他们孩子的姓名、性别、出生日期和从哪里搬去。</Text>
          <DivisionPicker until='county' idPrefix='close-county' remember={false} onChange={(code) => (setCountyCode(code), edited('destinationCountyCode'))} />
          <FieldErrorText id='error-close-county' messages={errors.destinationCountyCode} />
        </View>
      )}
      <TextAreaField id='close-note' label='说明' value={note} onInput={(v) => (setNote(v), edited('note'))} placeholder='例如：奶奶电话告知，已上门核实' errors={errors.note} />
      {!confirming && (
        <ActionButton
          id='close-submit'
          kind='danger'
          disabled={busy}
          onClick={() => {
            if (!reason) return setErrors({ reason: ['请选择结档原因'] })
            const body = check(CloseChild, { reason, effectiveOn, destination: rule?.needsDestination ? destination : '', destinationCountyCode: rule?.needsDestination ? countyCode : '', note, version: child.version }, setErrors)
            if (body) setConfirming(body)
          }}
        >
          结档
        </ActionButton>
      )}
      {confirming && (
        <View id='close-confirm' className='error-box' {...roleProps('alertdialog', { label: '确认结档' })}>
          <Text className='label'>
            确定给{child.name}结档吗？原因：{reasonLabels[confirming.reason]}。
          </Text>
          <Text>结档后不再提醒走访，也不计入统计；档案和经历都保留。</Text>
          <View className='cw-links'>
            <ActionButton id='close-confirm-yes' kind='danger' disabled={busy} onClick={() => submit(confirming)}>
              {busy ? '正在结档…' : '确定结档'}
            </ActionButton>
            <ActionButton id='close-confirm-no' onClick={() => setConfirming(null)}>
              再想想
            </ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}

/** 负责的儿童主任: one of this village's directors. */
export function ResponsiblePanel({ child, busy, errors, setErrors, submit }: PanelProps & { submit: (b: SetResponsibleDirector) => Promise<boolean> }) {
  const [directors, setDirectors] = useState<VillageDirector[] | null>(null)
  const [loadError, setLoadError] = useState('')
  const [chosen, setChosen] = useState(child.responsibleDirectorId ?? '')
  useEffect(() => {
    childMoveEndpoints
      .directors(child.id)
      .then((d) => setDirectors(d.items))
      .catch((e) => setLoadError(errorText(e)))
  }, [child.id])
  const options = (directors ?? []).map((d) => d.id)
  const names = Object.fromEntries((directors ?? []).map((d) => [d.id, d.name]))
  return (
    <View id='child-responsible-panel' className='section'>
      <Text className='hint'>村里有几位儿童主任时，写明由谁负责这个孩子；逾期未走访时按负责人统计。</Text>
      {loadError && <Text className='field-error'>{loadError}</Text>}
      {!directors && !loadError && <Text className='hint'>正在加载…</Text>}
      {directors && directors.length === 0 && <Text className='hint'>本村还没有儿童主任账号。</Text>}
      {directors && directors.length > 0 && <ChoiceGroup idPrefix='responsible' label='负责的儿童主任' options={options} labels={names} value={chosen} onChange={setChosen} />}
      <FieldErrorText id='error-responsible' messages={errors.directorId} />
      <ActionButton
        id='responsible-submit'
        kind='primary'
        disabled={busy || !directors?.length}
        onClick={() => {
          if (!chosen) return setErrors({ directorId: ['请选择负责的儿童主任'] })
          const body = check(SetResponsibleDirector, { directorId: chosen, version: child.version }, setErrors)
          if (body) return submit(body)
        }}
      >
        {busy ? '正在保存…' : '保存负责人'}
      </ActionButton>
    </View>
  )
}

/** 「可能重复」: files of the same name and birth date in the county; comparing is the only way on. */
export function Duplicates({ child }: { child: ChildStaffView }) {
  const [items, setItems] = useState<DuplicateSuggestion[]>([])
  useEffect(() => {
    if (child.mergedInto || child.closed) return
    childMoveEndpoints
      .duplicates(child.id)
      .then((d) => setItems(d.items))
      .catch(() => setItems([]))
  }, [child.id, child.version])
  if (items.length === 0) return null
  return (
    <View id='child-duplicates' className='section'>
      <Text className='section-title'>可能重复的档案</Text>
      <Text className='hint'>本县有同名、同出生日期的档案，可能是同一个孩子。请对比后再决定；不会自动合并。</Text>
      {items.map((d) => (
        <View key={d.id} id={`child-duplicate-${d.id}`} className='cw-kv'>
          <Text className='cw-kv-value'>
            {d.name} · {personSexLabel[d.sex]} · {d.birthDate} · {d.villageName ?? ''}
            {'\n'}
            <Text className='hint'>身份证号：{d.idMasked ?? '未登记'}</Text>
          </Text>
          <ActionButton id={`child-duplicate-${d.id}-compare`} size='small' label={`对比两份档案：${d.name}，${d.villageName ?? ''}`} onClick={() => Taro.navigateTo({ url: caseworkRoutes.merge(child.id, d.id) })}>
            对比两份档案
          </ActionButton>
        </View>
      ))}
    </View>
  )
}
