import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { MessageTemplate } from '@shouhu/shared'
import { config } from '../config'
import { wechatCredentials } from '../secrets'

/**
 * Our subscription-message templates (shared/src/notification.ts). WeChat users subscribe to
 * each template separately (wx.requestSubscribeMessage), so staff alerts and family updates
 * must not share one.
 */
export type { MessageTemplate }

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

const templateKey: Record<MessageTemplate, 'reportAlert' | 'reportUpdate' | 'entrustmentUpdate' | 'applicationUpdate'> = {
  report_alert: 'reportAlert',
  report_update: 'reportUpdate',
  entrustment_update: 'entrustmentUpdate',
  application_update: 'applicationUpdate',
}

/** China Standard Time has no daylight saving: UTC+8 all year. */
const CST_OFFSET_MS = 8 * 3600_000
const pad = (n: number) => String(n).padStart(2, '0')

/** 「2026年11月28日 09:30」 in Beijing time, the form WeChat's `time` and `date` fields accept. */
export function wechatTime(iso: string): string {
  const t = new Date(Date.parse(iso) + CST_OFFSET_MS)
  if (Number.isNaN(t.getTime())) return iso
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

/**
 * Each template field's value as WeChat requires for its kind (named by the key's prefix):
 * times as 「2026年11月28日 09:30」, `thing` at most 20 characters, `phrase` 5, numbers and
 * codes 32; a value WeChat refuses would lose the whole message (errcode 47003).
 */
export function wechatFieldValue(key: string, value: string): string {
  const kind = key.replace(/\d+$/, '')
  const cut = (n: number) => [...value].slice(0, n).join('')
  if (kind === 'time' || kind === 'date') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? wechatTime(value) : value
  if (kind === 'thing') return cut(20)
  if (kind === 'phrase') return cut(5)
  if (kind === 'name') return cut(10)
  if (kind === 'character_string' || kind === 'number' || kind === 'letter' || kind === 'symbol') return cut(32)
  return value
}

export const wechatData = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, wechatFieldValue(k, v)]))

/** The cloud sender: subscribeMessage.send. */
export const wechatSender: MessageSender = {
  async send(m) {
    // From the WeChat secret (changed without a redeploy), else the deploy-time environment.
    const fromSecret = (await wechatCredentials()).templates?.[templateKey[m.template]]
    const templateId = fromSecret ?? process.env[`WECHAT_TEMPLATE_${m.template.toUpperCase()}`]
    if (!templateId || templateId === 'unset') throw new Error(`no WeChat template configured for ${m.template}`)
    const res = await fetch(`https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=${await accessToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: m.toOpenid,
        template_id: templateId,
        page: m.page,
        data: Object.fromEntries(Object.entries(wechatData(m.data)).map(([k, v]) => [k, { value: v }])),
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
      await appendFile(file, JSON.stringify({ ...m, data: wechatData(m.data), at: new Date().toISOString() }) + '\n')
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
