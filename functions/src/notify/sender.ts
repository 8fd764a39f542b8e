import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { config } from '../config'
import { wechatCredentials } from '../secrets'

/**
 * Our subscription-message templates. WeChat users subscribe to each template separately
 * (wx.requestSubscribeMessage), so staff alerts and family updates must not share one.
 */
export type MessageTemplate = 'report_alert' | 'entrustment_update' | 'application_update'

/** A WeChat subscription message (订阅消息) as we send it. */
export interface SubscriptionMessage {
  toOpenid: string
  /** Our name for the template; mapped to the WeChat template id by configuration. */
  template: MessageTemplate
  /** Mini-program page the message opens. */
  page: string
  data: Record<string, string>
}

export interface MessageSender {
  send(message: SubscriptionMessage): Promise<void>
}

let cachedToken: { value: string; expiresAt: number } | undefined

/** stable_token: WeChat's access token that does not invalidate other holders when refreshed. */
async function accessToken(): Promise<string> {
  if (cachedToken && cachedToken.expiresAt > Date.now() + 60_000) return cachedToken.value
  const { appId, appSecret } = await wechatCredentials()
  const res = await fetch('https://api.weixin.qq.com/cgi-bin/stable_token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret }),
  })
  const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
  if (!body.access_token) throw new Error(`stable_token failed: ${body.errcode} ${body.errmsg}`)
  cachedToken = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 }
  return cachedToken.value
}

/** The cloud sender: subscribeMessage.send. */
export const wechatSender: MessageSender = {
  async send(m) {
    const templateId = process.env[`WECHAT_TEMPLATE_${m.template.toUpperCase()}`]
    if (!templateId || templateId === 'unset') throw new Error(`no WeChat template configured for ${m.template}`)
    const res = await fetch(`https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=${await accessToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: m.toOpenid,
        template_id: templateId,
        page: m.page,
        data: Object.fromEntries(Object.entries(m.data).map(([k, v]) => [k, { value: v }])),
      }),
    })
    const body = (await res.json()) as { errcode?: number; errmsg?: string }
    if (body.errcode) throw new Error(`subscribeMessage.send failed: ${body.errcode} ${body.errmsg}`)
  },
}

/** The local sender: appends each message to a JSON-lines outbox file you can read. */
export function outboxSender(file: string): MessageSender {
  return {
    async send(m) {
      if (config.failDeliveries) throw new Error('delivery failure forced by FAIL_DELIVERIES=1')
      await mkdir(dirname(file), { recursive: true })
      await appendFile(file, JSON.stringify({ ...m, at: new Date().toISOString() }) + '\n')
    },
  }
}

let sender: MessageSender | undefined

export function currentSender(): MessageSender {
  sender ??= config.outboxFile ? outboxSender(config.outboxFile) : wechatSender
  return sender
}

/** Swaps the sender, e.g. for a test that makes WeChat fail and then recover. */
export function useSender(s: MessageSender | undefined): void {
  sender = s
}
