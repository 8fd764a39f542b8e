import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { FamilyEntrustmentView, Notification } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { entrustmentEndpoints } from '../../api/entrustments'
import { ActionButton } from '../../components/action-button'
import { DevLoginChooser } from '../../components/dev-login'
import { routes } from '../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { openNotification, readIn } from '../../staff/open-notification'
import { MessageRows } from '../../components/message-rows'

const viewerText = { parent: '我登记的', starter: '协助登记的', caregiver: '我照护的', invitee: '邀请' } as const

/** 委托照护: what I registered as a parent, what I care for as a caregiver, and my messages about them. */
export default function FamilyList() {
  const [items, setItems] = useState<FamilyEntrustmentView[] | null>(null)
  const [notes, setNotes] = useState<Notification[]>([])
  const [error, setError] = useState('')
  const [resident, setResident] = useState(() => currentUser('resident'))

  const load = useCallback(async () => {
    setError('')
    try {
      const session = await ensureResidentSession().catch(() => undefined)
      if (!session) return setItems([])
      setResident(session.user)
      const [mine, inbox] = await Promise.all([entrustmentEndpoints.mine(), entrustmentEndpoints.residentNotifications()])
      setItems(mine.items)
      setNotes(inbox.items.filter((n) => n.subject.type === 'entrustment'))
    } catch (e) {
      setError(errorText(e))
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  const openNote = (n: Notification) => openNotification(n, entrustmentEndpoints.markResidentNotificationRead, (id, readAt) => setNotes((prev) => readIn(prev, id, readAt)))

  return (
    <Page>
      <Text className='title'>委托照护</Text>
      <Text className='lead'>外出务工的父母在这里登记谁来照护孩子；受托照护孩子的亲友在这里确认。</Text>
      {usesDevLogin && !resident && (
        <DevLoginChooser
          onSignedIn={(r) => {
            setResident(r.user)
            void load()
          }}
        />
      )}
      {usesDevLogin && resident && (
        <Text id='resident-name' className='hint'>
          已登录：{resident.displayName}
        </Text>
      )}
      <ActionButton id='family-new' kind='primary' size='big' onClick={() => Taro.navigateTo({ url: routes.familyNew })}>
        登记委托照护
      </ActionButton>
      <ActionButton id='family-invite' onClick={() => Taro.navigateTo({ url: routes.familyInvite() })}>
        收到照护邀请？输入邀请码
      </ActionButton>

      {error && (
        <View id='family-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}

      {notes.length > 0 && (
        <View id='family-notifications' className='section'>
          <Text className='section-title'>消息</Text>
          <MessageRows idPrefix='family-notification' items={notes} onOpen={openNote} />
        </View>
      )}

      {items && items.length === 0 && (
        <Text id='family-empty' className='hint'>
          还没有委托照护记录。
        </Text>
      )}
      {items?.map((e) => (
        <View key={e.id} id={`family-item-${e.id}`} className='item' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: routes.familyEntrustment(e.id) })}>
          <View className='item-head'>
            <Text className='label'>{e.children.map((c) => c.name).join('、')}</Text>
            <Text className='hint'>{viewerText[e.viewer]}</Text>
          </View>
          <Text data-status={e.status}>{e.statusText}</Text>
          <Text className='hint'>
            照护人 {e.caregiver.name} · {e.startDate} 至 {e.endDate}
          </Text>
        </View>
      ))}
      <ActionButton id='family-refresh' onClick={load}>
        刷新
      </ActionButton>
    </Page>
  )
}
