import { useState } from 'react'
import { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { CompleteTask, conferenceFieldLabels } from '@shouhu/shared'
import { ActionButton } from '../../components/action-button'
import { TextAreaField } from '../../components/labelled-field'
import { LoadMore } from '../../components/load-more'
import { usePagedList } from '../../components/use-paged-list'
import { Page } from '../../components/page'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { errorText } from '../../api/client'
import { param } from '../../routes'
import { ErrorBox } from '../../casework/parts'
import { caseEndpoints, type TaskItem } from '../api'
import { useCaseForm } from '../form'
import '../../casework/casework.css'

/**
 * The tasks case conferences gave me: a department liaison sees their department's tasks and
 * only the facts each conference shared; staff see the tasks given to them. 「完成」 with a note.
 * Opened from a message (`?id=`), the task the message is about comes first, read on its own
 * (GET /staff/conference-tasks/{id}), so it is there even when it sits pages down the list.
 */
export default function Tasks() {
  const user = useStaffUser()
  const focusId = param(useRouter().params.id)
  const { items, setItems, cursor, loading, error, load } = usePagedList((more) => caseEndpoints.tasks('all', more), (t) => t.id)
  const [focus, setFocus] = useState<TaskItem | null>(null)
  const [focusError, setFocusError] = useState('')
  const [open, setOpen] = useState('')
  const [note, setNote] = useState('')
  const form = useCaseForm()

  useDidShow(() => {
    void load()
    if (!focusId) return
    setFocusError('')
    caseEndpoints.task(focusId).then(setFocus, (e) => {
      if (!redirectIfSignedOut(e)) setFocusError(`这项任务没有读到：${errorText(e)}`)
    })
  })

  /** One task changed (done, or found changed by someone else): wherever it shows. */
  const replace = (t: TaskItem) => {
    setItems((xs) => xs?.map((x) => (x.id === t.id ? t : x)) ?? null)
    setFocus((f) => (f?.id === t.id ? t : f))
  }

  async function complete(t: TaskItem) {
    const body = form.check(CompleteTask, { version: t.version, note }, conferenceFieldLabels)
    if (!body) return
    const done = await form.submit(
      () => caseEndpoints.completeTask(t.id, body),
      (fresh) => replace(fresh as TaskItem),
    )
    if (done) {
      replace(done)
      setOpen('')
      setNote('')
    }
  }

  const row = (t: TaskItem) => (
    <View key={t.id} id={`task-${t.id}`} className='item'>
      <Text className='label'>{t.what}</Text>
      <Text className='hint'>
        {t.dueOn} 前完成 · {t.status === 'done' ? '已完成' : '未完成'}
      </Text>
      <Text className='hint'>会商（{t.heldOn}）：{t.subject}</Text>
      {Object.entries(t.sharedFacts).map(([k, v]) => (
        <View key={k} className='kv'>
          <Text className='kv-key'>{k}</Text>
          <Text className='kv-value'>{v}</Text>
        </View>
      ))}
      {t.doneNote && <Text>完成情况：{t.doneNote}</Text>}
      {t.status === 'open' && open !== t.id && (
        <ActionButton id={`task-done-${t.id}`} size='small' kind='primary' label={`完成：${t.what}`} onClick={() => { setOpen(t.id); setNote(''); form.setErrors({}) }}>
          完成
        </ActionButton>
      )}
      {open === t.id && (
        <View id={`task-panel-${t.id}`}>
          <TextAreaField id={`task-note-${t.id}`} label='完成情况' short value={note} onInput={setNote} errors={form.errors.note} />
          <ActionButton id={`task-submit-${t.id}`} kind='primary' disabled={form.busy} onClick={() => void complete(t)}>
            确认完成
          </ActionButton>
        </View>
      )}
    </View>
  )

  if (!user) return <Page />
  return (
    <Page id='tasks-page'>
      <Text className='title'>会商任务</Text>
      <Text className='hint'>个案会商决定由你或你所在部门负责的事项。请按期完成并写明情况。</Text>
      <ErrorBox id='tasks-error' message={error || form.message} />
      <ErrorBox id='tasks-focus-error' message={focusError} />
      {focus && (
        <View id='tasks-focus' className='section'>
          <Text className='section-title'>消息里说的任务</Text>
          {row(focus)}
        </View>
      )}
      {items && items.length === 0 && (
        <Text id='tasks-empty' className='hint'>
          目前没有任务。
        </Text>
      )}
      <View id='tasks-list'>{items?.filter((t) => t.id !== focus?.id).map(row)}</View>
      <LoadMore id='tasks-more' hasMore={!!cursor} loading={loading} count={items?.length ?? 0} onMore={() => void load(cursor)} />
    </Page>
  )
}
