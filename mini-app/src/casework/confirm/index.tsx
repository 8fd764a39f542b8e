import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { ConfirmGrade, childFieldLabels, type GradeConfirmationItem } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { ColourTag } from '../../components/colour-tag'
import { TextAreaField } from '../../components/labelled-field'
import { LoadMore } from '../../components/load-more'
import { usePagedList } from '../../components/use-paged-list'
import { formatTime } from '../../format'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../parts'
import { RegradeFields, emptyRegrade, type RegradeValues } from '../regrade-fields'
import { caseworkRoutes } from '../routes'
import type { FieldMessages } from '../use-draft-form'
import { messagesFor } from '../validate'
import '../casework.css'

/**
 * The township's queue of grades a director found hard to judge (004 §3 末段: 情形复杂难判断的，
 * 由乡镇政府组织专门力量评估确认): confirm, or set another grade, always with the reason.
 */
export default function Confirmations() {
  const user = useStaffUser()
  const { items, cursor, loading, error, load } = usePagedList(childEndpoints.confirmations, (r) => r.id)
  const [openId, setOpenId] = useState('')

  useDidShow(() => void load())

  if (!user) return <View className='page' />
  return (
    <View className='page'>
      <Text className='title'>等待确认的等级</Text>
      <Text className='lead'>儿童主任觉得情况复杂、不好判断的，由乡镇组织评估后确认或调整。</Text>
      <ErrorBox id='confirm-error' message={error} />
      {items && items.length === 0 && (
        <Text id='confirm-empty' className='hint'>
          没有等待确认的等级。
        </Text>
      )}
      {items?.map((i) => (
        <View key={i.id} id={`confirm-item-${i.id}`} className='section'>
          <View className='item-head'>
            <Text className='cw-name'>{i.name}</Text>
            <Text className='hint'>{i.villageName}</Text>
          </View>
          <Text>
            现在 <ColourTag colour={i.currentColour} short />，建议改为 <ColourTag colour={i.proposedColour} short />
          </Text>
          <Text>理由：{i.reason}</Text>
          <Text className='hint'>
            {i.proposedByName} · {formatTime(i.proposedAt)}
          </Text>
          <View className='chips'>
            <ActionButton id={`confirm-item-${i.id}-open`} size='small' onClick={() => setOpenId(openId === i.id ? '' : i.id)}>
              评估
            </ActionButton>
            <ActionButton id={`confirm-item-${i.id}-file`} size='small' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.child(i.id) })}>
              查看档案
            </ActionButton>
          </View>
          {openId === i.id && (
            <Decide
              item={i}
              onDone={() => {
                setOpenId('')
                void load()
              }}
            />
          )}
        </View>
      ))}
      <LoadMore id='confirm-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </View>
  )
}

function Decide({ item, onDone }: { item: GradeConfirmationItem; onDone: () => void }) {
  const [decision, setDecision] = useState<'confirm' | 'change' | ''>('')
  const [grade, setGrade] = useState<RegradeValues>(emptyRegrade)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldMessages>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  async function save() {
    if (busy) return
    if (!decision) return setErrors({ decision: ['请选择确认还是调整'] })
    const r = messagesFor(ConfirmGrade, { decision, reason, situations: decision === 'change' ? grade.situations : undefined }, childFieldLabels)
    if (!r.ok) return setErrors(r.fields)
    setBusy(true)
    setError('')
    try {
      await childEndpoints.confirmGrade(item.id, r.data)
      onDone()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id={`confirm-item-${item.id}-panel`}>
      <ChoiceGroup idPrefix={`confirm-item-${item.id}-decision`} options={['confirm', 'change'] as const} labels={{ confirm: '同意建议的等级', change: '调整为其他等级' }} value={decision} onChange={setDecision} />
      {errors.decision && <Text className='field-error'>{errors.decision[0]}</Text>}
      {decision === 'change' && <RegradeFields idPrefix={`confirm-item-${item.id}-grade`} value={grade} onChange={setGrade} errors={{ situations: errors.situations ?? [] }} />}
      <TextAreaField id={`confirm-item-${item.id}-reason`} label='评估意见' short value={reason} onInput={setReason} errors={errors.reason} />
      <ErrorBox id={`confirm-item-${item.id}-error`} message={error} />
      <ActionButton id={`confirm-item-${item.id}-submit`} kind='primary' disabled={busy} onClick={() => void save()}>
        {busy ? '正在保存…' : '保存'}
      </ActionButton>
    </View>
  )
}
