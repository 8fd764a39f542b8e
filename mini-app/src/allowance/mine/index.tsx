import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { GuardianApplicationSummary, LoginResult, Notification } from '@shouhu/shared'
import { allowanceApi } from '../../api/allowance'
import { ApiRequestError, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { DevLoginChooser } from '../../components/dev-login'
import { formatDate } from '../../format'
import { allowanceRoutes } from '../../routes'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { Page } from '../../components/page'
import { tapTarget } from '../../components/a11y'
import { openNotification, readIn } from '../../staff/open-notification'
import { MessageRows } from '../../components/message-rows'

/** The family's applications and the messages about them. */
export default function MyApplications() {
  const [resident, setResident] = useState(() => currentUser('resident'))
  const [items, setItems] = useState<GuardianApplicationSummary[] | null>(null)
  const [notes, setNotes] = useState<Notification[]>([])
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    try {
      await ensureResidentSession().catch(() => undefined)
      const [mine, inbox] = await Promise.all([allowanceApi.mine(), allowanceApi.residentNotifications()])
      setItems(mine.items)
      setNotes(inbox.items.filter((n) => n.subject.type === 'application'))
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 401) setResident(undefined)
      else setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    if (resident || !usesDevLogin) void load()
  })

  const open = (n: Notification) => openNotification(n, allowanceApi.markResidentNotificationRead, (id, readAt) => setNotes((prev) => readIn(prev, id, readAt)))

  return (
    <Page>
      <Text className='title'>我的补贴申请</Text>
      {usesDevLogin && !resident && (
        <DevLoginChooser
          onSignedIn={(r: LoginResult) => {
            setResident(r.user)
            void load()
          }}
        />
      )}
      {error && (
        <View className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {items && items.length === 0 && (
        <Text id='my-apps-empty' className='hint'>
          还没有提交过申请。
        </Text>
      )}
      {items?.map((a) => (
        <View key={a.id} id={`my-app-${a.id}`} className='item' {...tapTarget('link')} onClick={() => void Taro.navigateTo({ url: allowanceRoutes.status(a.id) })}>
          <View className='item-head'>
            <Text className='label'>{a.childName}</Text>
            <Text className='hint'>{formatDate(a.createdAt)}</Text>
          </View>
          <Text>{a.categoryLabel}</Text>
          <Text className={a.overdue ? 'field-error' : 'hint'}>
            {a.stateText}
            {a.holder ? ` · ${a.holder.office} · 已 ${a.daysHere} 天` : ''}
          </Text>
        </View>
      ))}
      {notes.length > 0 && (
        <View id='guardian-notifications' className='section'>
          <Text className='section-title'>消息</Text>
          <MessageRows idPrefix='guardian-notification' items={notes} onOpen={open} />
        </View>
      )}
      <ActionButton id='my-apps-precheck' kind='primary' onClick={() => Taro.navigateTo({ url: allowanceRoutes.precheck })}>
        自查并申请
      </ActionButton>
      <ActionButton id='my-apps-refresh' disabled={loading} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </ActionButton>
    </Page>
  )
}
