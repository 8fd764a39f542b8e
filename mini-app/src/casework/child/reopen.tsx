import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { ReopenChild, closureReasons, type ChildStaffView, type SessionUser } from '@shouhu/shared'
import { ActionButton } from '../../components/action-button'
import { ErrorBox } from '../../components/error-box'
import { TextAreaField } from '../../components/labelled-field'
import { roleProps } from '../../components/a11y'
import { newIdempotencyKey } from '../../report-form/idempotency'
import type { FieldMessages } from '../use-draft-form'
import { messagesFor } from '../validate'

/**
 * 恢复建档 on a closed file (issue #7): the file was closed by mistake, or the child came back
 * to live here. Built like 结档 (moves.tsx `ClosePanel`): a reason in the director's words, then
 * a confirmation that says what will happen. A file closed because the child died is reopened
 * by the township or county (shared/src/policy/closure.ts `reopenFrom`): a village director is
 * told whom to ask instead of being shown a button that can only be refused.
 */
export function ReopenSection({
  child,
  user,
  open,
  onToggle,
  busy,
  errors,
  setErrors,
  actionError,
  submit,
}: {
  child: ChildStaffView
  user: SessionUser
  open: boolean
  onToggle: () => void
  busy: boolean
  errors: FieldMessages
  setErrors: (e: FieldMessages) => void
  actionError: string
  submit: (body: ReopenChild, key: string) => Promise<boolean>
}) {
  const closed = child.closed
  if (!closed || child.mergedInto) return null
  const townshipOnly = closureReasons[closed.reason].reopenFrom === 'township' && user.role === 'village_director'
  return (
    <View id='child-reopen' className='section'>
      <Text className='section-title'>恢复建档</Text>
      {closed.foundIn ? (
        <Text id='child-reopen-found' className='hint'>
          孩子已在{closed.foundIn.countyName}建档关爱，这份档案不能在本县恢复。孩子如果又搬回本县，请{closed.foundIn.countyName}结档并告知本县，再在本县重新建档。
        </Text>
      ) : townshipOnly ? (
        <Text id='child-reopen-township' className='hint'>
          因孩子去世结档的档案，村里不能自行恢复。如果去世的消息有误，请联系乡镇儿童督导员核实后恢复建档。
        </Text>
      ) : (
        <>
          <Text className='hint'>结档结错了，或者孩子又回到本村居住，可以恢复建档：孩子重新出现在本村名单里，按原来的安排走访。</Text>
          <ActionButton id='child-act-reopen' size='small' onClick={onToggle}>
            恢复建档
          </ActionButton>
          {open && <ReopenPanel child={child} busy={busy} errors={errors} setErrors={setErrors} submit={submit} />}
          {open && <ErrorBox id='reopen-error' message={actionError} />}
        </>
      )}
    </View>
  )
}

function ReopenPanel({ child, busy, errors, setErrors, submit }: { child: ChildStaffView; busy: boolean; errors: FieldMessages; setErrors: (e: FieldMessages) => void; submit: (body: ReopenChild, key: string) => Promise<boolean> }) {
  const [reason, setReason] = useState('')
  // One key per confirmation: pressing 确定 again after a lost answer reopens once.
  const [confirming, setConfirming] = useState<{ body: ReopenChild; key: string } | null>(null)
  const grownUp = child.closed?.reason === 'turned_18'
  return (
    <View id='child-reopen-panel' className='section'>
      {grownUp && <Text className='hint'>因年满 18 周岁结档的，只有出生日期登记错了才能恢复；请先更正出生日期。</Text>}
      <TextAreaField
        id='reopen-reason'
        label='恢复原因'
        value={reason}
        onInput={(v) => {
          setReason(v)
          setConfirming(null)
        }}
        placeholder='例如：孩子随奶奶回到本村居住，已上门核实'
        errors={errors.reason}
      />
      {!confirming && (
        <ActionButton
          id='reopen-submit'
          kind='primary'
          disabled={busy}
          onClick={() => {
            const r = messagesFor(ReopenChild, { reason, version: child.version }, { reason: '恢复原因', version: '版本' })
            if (!r.ok) return setErrors(r.fields)
            setErrors({})
            setConfirming({ body: r.data, key: newIdempotencyKey() })
          }}
        >
          恢复建档
        </ActionButton>
      )}
      {confirming && (
        <View id='reopen-confirm' className='notice' {...roleProps('alertdialog', { label: '确认恢复建档' })}>
          <Text className='label'>确定给{child.name}恢复建档吗？</Text>
          <Text>恢复后，孩子重新出现在本村名单里，按原来的安排提醒走访，也计入统计。结档和恢复都会记在档案的经历里。</Text>
          <View className='cw-links'>
            <ActionButton id='reopen-confirm-yes' kind='primary' disabled={busy} onClick={() => submit(confirming.body, confirming.key)}>
              {busy ? '正在恢复…' : '确定恢复'}
            </ActionButton>
            <ActionButton id='reopen-confirm-no' onClick={() => setConfirming(null)}>
              再想想
            </ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}
