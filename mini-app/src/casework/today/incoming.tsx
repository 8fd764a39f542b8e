import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { personSexLabel, type IncomingTransferRow } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childMoveEndpoints } from '../../api/child-moves'
import { ActionButton } from '../../components/action-button'
import { TextAreaField } from '../../components/labelled-field'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { roleProps } from '../../components/a11y'
import { formatTime } from '../../format'
import { redirectIfSignedOut } from '../../staff/use-staff'
import { ErrorBox } from '../parts'
import { caseworkRoutes } from '../routes'

/**
 * 待接收: files another village asked this village to take over (a child who moved here). The
 * director accepts — the child becomes this village's to visit — or sends it back with a reason.
 * Until then the other village keeps the file, so no child is without a village.
 */
export function IncomingTransfers({ refreshKey, onAccepted }: { refreshKey: number; onAccepted: () => void }) {
  const [items, setItems] = useState<IncomingTransferRow[]>([])
  const decided = useRef(new Set<string>())
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState('')
  const [declining, setDeclining] = useState('')
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState<string[]>([])
  const [done, setDone] = useState<{ childId: string; name: string; accepted: boolean } | null>(null)

  async function load(after?: string) {
    setLoading(true)
    try {
      const page = await childMoveEndpoints.incoming(after)
      const fresh = page.items.filter((r) => !decided.current.has(r.childId))
      setItems((prev) => (after ? [...prev, ...fresh.filter((r) => !prev.some((p) => p.childId === r.childId))] : fresh))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }
  useEffect(() => void load(), [refreshKey])

  async function decide(r: IncomingTransferRow, accept: boolean) {
    if (busy) return
    if (!accept && note.trim().length < 2) return setNoteError(['请写明退回的原因，例如：孩子没有住在本村'])
    setBusy(r.childId)
    setError('')
    try {
      if (accept) await childMoveEndpoints.accept(r.childId, { version: r.version })
      else await childMoveEndpoints.decline(r.childId, { version: r.version, note: note.trim() })
      setDone({ childId: r.childId, name: r.name, accepted: accept })
      // Off the list at once: the list is read from an index that may lag the decision by a moment.
      decided.current.add(r.childId)
      setItems((prev) => prev.filter((p) => p.childId !== r.childId))
      setDeclining('')
      setNote('')
      setNoteError([])
      await load()
      if (accept) onAccepted()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setBusy('')
    }
  }

  if (items.length === 0 && !done && !error) return null
  return (
    <View id='today-incoming'>
      <Text className='cw-group-title'>待接收（{items.length}{cursor ? '+' : ''}）</Text>
      <Text className='hint'>其他村申请把孩子的档案转到本村。孩子确实搬来本村住的，请接收；接收以后由本村走访。</Text>
      <ErrorBox id='incoming-error' message={error} />
      {done && (
        <View id='incoming-done' className='notice' {...roleProps('status')}>
          <Text>{done.accepted ? `已接收${done.name}的档案，今后由本村走访。` : `已退回${done.name}的档案，原来的村会收到通知。`}</Text>
          {done.accepted && (
            <Pressable id='incoming-done-open' className='link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.child(done.childId) })}>
              查看{done.name}的档案
            </Pressable>
          )}
        </View>
      )}
      {items.map((r) => (
        <View key={r.childId} id={`incoming-${r.childId}`} className='cw-card'>
          <Text className='cw-name'>{r.name}</Text>
          <Text className='hint'>
            {personSexLabel[r.sex]} · {r.birthDate} 出生 · 从{r.fromVillageName}转来
          </Text>
          <Text>原因：{r.reason}</Text>
          <Text className='hint'>
            {r.requestedBy}于 {formatTime(r.requestedAt)} 申请{r.movedOn ? ` · ${r.movedOn} 搬家` : ''}
          </Text>
          {declining === r.childId ? (
            <View>
              <TextAreaField id={`incoming-${r.childId}-note`} label='退回的原因' short value={note} onInput={setNote} placeholder='例如：孩子没有住在本村' errors={noteError} />
              <View className='cw-links'>
                <ActionButton id={`incoming-${r.childId}-decline-submit`} kind='danger' disabled={Boolean(busy)} onClick={() => decide(r, false)}>
                  {busy === r.childId ? '正在退回…' : '确定退回'}
                </ActionButton>
                <ActionButton id={`incoming-${r.childId}-decline-cancel`} onClick={() => (setDeclining(''), setNoteError([]))}>
                  取消
                </ActionButton>
              </View>
            </View>
          ) : (
            <View className='cw-card-foot'>
              <ActionButton id={`incoming-${r.childId}-accept`} kind='primary' size='small' disabled={Boolean(busy)} label={`接收${r.name}的档案`} onClick={() => decide(r, true)}>
                {busy === r.childId ? '正在接收…' : '接收'}
              </ActionButton>
              <ActionButton id={`incoming-${r.childId}-decline`} size='small' disabled={Boolean(busy)} label={`退回${r.name}的档案`} onClick={() => (setDeclining(r.childId), setNote(''), setNoteError([]))}>
                退回
              </ActionButton>
            </View>
          )}
        </View>
      ))}
      <LoadMore id='incoming-more' hasMore={Boolean(cursor)} loading={loading} count={items.length} onMore={() => void load(cursor)} />
    </View>
  )
}
