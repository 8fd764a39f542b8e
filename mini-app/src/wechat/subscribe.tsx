import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { MessageTemplate } from '@shouhu/shared'
import { getDeviceValue, setDeviceValue } from '../device-storage'
import { api } from '../api/client'
import { ActionButton } from '../components/action-button'

/**
 * WeChat subscription messages (订阅消息) are asked for at the moment they matter — after a
 * report, an entrustment, an application; staff once after binding WeChat — and only from a tap
 * (WeChat refuses a request that no tap started). A refusal is remembered on the phone and the
 * prompt does not come back: nobody is nagged.
 *
 * Template ids are the ones approved in the mini-program console, set at build time
 * (TARO_APP_TEMPLATE_REPORT_ALERT / _ENTRUSTMENT_UPDATE / _APPLICATION_UPDATE); the server sends
 * with the same ids from the WeChat secret.
 */
export type SubscribeTopic = 'report' | 'entrustment' | 'application' | 'staff_alert'

const templateOf: Record<SubscribeTopic, string | undefined> = {
  report: process.env.TARO_APP_TEMPLATE_REPORT_UPDATE,
  entrustment: process.env.TARO_APP_TEMPLATE_ENTRUSTMENT_UPDATE,
  application: process.env.TARO_APP_TEMPLATE_APPLICATION_UPDATE,
  staff_alert: process.env.TARO_APP_TEMPLATE_REPORT_ALERT,
}

const why: Record<SubscribeTopic, string> = {
  report: '村里处理您反映的情况后，用微信通知您。',
  entrustment: '照护人确认、村里上门核实时，用微信通知您。',
  application: '补贴申请每走一步，用微信通知您。',
  staff_alert: '有红色报告或新的待办时，用微信提醒您（每次提醒需要您同意一次）。',
}

const key = (topic: SubscribeTopic) => `subscribe.${topic}`

/** The server's name for each topic's template, and whose session tells it. */
const serverTemplate: Record<SubscribeTopic, MessageTemplate> = {
  report: 'report_update',
  entrustment: 'entrustment_update',
  application: 'application_update',
  staff_alert: 'report_alert',
}

/**
 * Each 「允许」 lets the server send one message of the template, so it must know: it counts
 * them and sends only on an unused one, and never after a 「拒绝」 (functions/src/data/subscriptions.ts).
 * Best effort: without a session (an anonymous report) there is nobody to send to anyway.
 */
function tellServer(topic: SubscribeTopic, decision: 'accept' | 'reject') {
  void api.post('/subscriptions', { auth: topic === 'staff_alert' ? 'staff' : 'resident', body: { template: serverTemplate[topic], decision } }).catch(() => undefined)
}

/**
 * Topics asked again after a 「允许」 when the page is next opened: staff for every new alert,
 * reporters for the next step of their report (taken up, then closed). Never after a refusal.
 */
const asksAgain = (topic: SubscribeTopic) => topic === 'staff_alert' || topic === 'report'

export function subscribeDecision(topic: SubscribeTopic): 'accept' | 'reject' | undefined {
  try {
    return (getDeviceValue(key(topic)) as 'accept' | 'reject' | undefined) || undefined
  } catch {
    return undefined
  }
}

/** Asks WeChat for one subscription; the answer is remembered. Must run inside a tap handler. */
export async function requestSubscription(topic: SubscribeTopic): Promise<'accept' | 'reject' | 'unavailable'> {
  const id = templateOf[topic]
  if (process.env.TARO_ENV !== 'weapp' || !id) return 'unavailable'
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [id], entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)) as Record<string, string>
    const answer = res[id] === 'accept' ? 'accept' : 'reject'
    setDeviceValue(key(topic), answer)
    tellServer(topic, answer)
    return answer
  } catch {
    // The switch for all subscription messages is off in WeChat's settings: treat as refused.
    setDeviceValue(key(topic), 'reject')
    tellServer(topic, 'reject')
    return 'reject'
  }
}

/** The prompt on the page where the need arises; gone once answered either way, and off WeChat. */
export function SubscribePrompt({ topic }: { topic: SubscribeTopic }) {
  const [answer, setAnswer] = useState(() => {
    const earlier = subscribeDecision(topic)
    return earlier === 'accept' && asksAgain(topic) ? undefined : earlier
  })
  if (process.env.TARO_ENV !== 'weapp' || !templateOf[topic]) return null
  if (answer) return null
  return (
    <View id={`subscribe-${topic}`} className='notice' role='region' aria-label='微信提醒'>
      <Text>{why[topic]}</Text>
      <View className='spacer' />
      <ActionButton
        id={`subscribe-${topic}-yes`}
        size='small'
        onClick={() =>
          void requestSubscription(topic).then((a) => {
            if (a !== 'unavailable') setAnswer(a)
            if (a === 'reject') void Taro.showToast({ title: '好的，不再提醒', icon: 'none' })
          })
        }
      >
        接收微信提醒
      </ActionButton>
      <ActionButton
        id={`subscribe-${topic}-no`}
        size='small'
        onClick={() => {
          setDeviceValue(key(topic), 'reject')
          tellServer(topic, 'reject')
          setAnswer('reject')
        }}
      >
        不用了
      </ActionButton>
    </View>
  )
}
