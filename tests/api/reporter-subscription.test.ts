import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, outbox, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'

/**
 * A reporter who allowed WeChat's prompt hears, on WeChat, when the village took up their
 * report and when it was closed (issue #10): one subscription message per 「允许」 (WeChat's
 * one-off subscriptions), fields formatted as WeChat requires, nothing about the child, the
 * place or the tracking code in it; a refusal is remembered by the server, not only the phone.
 */
const ctx = useApi()

type Json = Record<string, any>
let dinghu: string

beforeAll(async () => {
  dinghu = await staffToken('dinghu')
})

const named = { anonymous: false, name: '刘芳', phone: '13912345678', relation: 'neighbour' }
const CHILD_WORDS = '孩子小明七岁，奶奶卧床，一个人在丁湖村口'

async function reporter(account: string) {
  return { token: await residentToken(account), openid: `dev-${account}` }
}
async function namedReport(token: string, anonymous = false): Promise<Json> {
  const res = await fileReport(token, reportBody({ childDescription: CHILD_WORDS, reporter: (anonymous ? { anonymous: true } : named) as any }))
  expect(res.status).toBe(201)
  return res.body
}
const subscribe = (token: string, decision: 'accept' | 'reject', template = 'report_update') => call('POST', '/subscriptions', { token, body: { template, decision } })
const act = (id: string, action: 'acknowledge' | 'close') =>
  call('POST', `/staff/reports/${id}/${action}`, { token: dinghu, body: action === 'close' ? { outcome: 'family_contacted', note: '已联系家长' } : {} })
const messagesTo = (openid: string) => outbox(ctx.outboxFile).filter((l) => l.toOpenid === openid)

describe('the reporter’s progress message', () => {
  it('accepted once: one message when the village takes the report up, in WeChat’s field formats, with nothing identifying in it', async () => {
    const me = await reporter('sub-once')
    const r = await namedReport(me.token)
    const accepted = await subscribe(me.token, 'accept')
    expect(accepted.status).toBe(200)
    expect(accepted.body).toEqual({ template: 'report_update', credits: 1 })

    expect((await act(r.id, 'acknowledge')).status).toBe(200)
    await ctx.streamIdle()
    const [line, ...more] = messagesTo(me.openid)
    expect(more).toEqual([])
    expect(line).toMatchObject({ template: 'report_update', page: 'pages/mine/index' })
    expect(line.data.thing1).toBe('您反映的儿童情况')
    expect(line.data.phrase2).toBe('已接收')
    expect(line.data.time3).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
    for (const [k, v] of Object.entries<string>(line.data)) {
      if (k.startsWith('thing')) expect([...v].length, k).toBeLessThanOrEqual(20)
      if (k.startsWith('phrase')) expect([...v].length, k).toBeLessThanOrEqual(5)
    }
    const text = JSON.stringify(line)
    for (const secret of [r.trackingCode, '小明', '丁湖', '刘芳', '13912345678']) expect(text).not.toContain(secret)

    // The one 「允许」 is used up: the closing goes to the inbox (「我的」) only, no WeChat message WeChat would refuse.
    expect((await act(r.id, 'close')).status).toBe(200)
    await ctx.streamIdle()
    expect(messagesTo(me.openid)).toHaveLength(1)
    const inbox = (await call('GET', '/notifications', { token: me.token })).body.items.filter((n: Json) => n.subject.id === r.id)
    expect(inbox.map((n: Json) => [n.kind, n.delivery.status]).sort()).toEqual([
      ['report_acknowledged', 'sent'],
      ['report_closed', 'skipped'],
    ])
  })

  it('accepted twice: told when it is taken up and when it is closed', async () => {
    const me = await reporter('sub-twice')
    const r = await namedReport(me.token)
    await subscribe(me.token, 'accept')
    expect((await subscribe(me.token, 'accept')).body.credits).toBe(2)
    expect((await act(r.id, 'acknowledge')).status).toBe(200)
    await ctx.streamIdle()
    expect((await act(r.id, 'close')).status).toBe(200)
    await ctx.streamIdle()
    expect(messagesTo(me.openid).map((l) => l.data.phrase2)).toEqual(['已接收', '已办结'])
  })

  it('a refusal is remembered: nothing is sent, even after an earlier 「允许」', async () => {
    const me = await reporter('sub-refused')
    const r = await namedReport(me.token)
    await subscribe(me.token, 'accept')
    const refused = await subscribe(me.token, 'reject')
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ template: 'report_update', credits: 0 })
    expect(refused.body.refusedAt).toBeTruthy()
    expect((await act(r.id, 'acknowledge')).status).toBe(200)
    await ctx.streamIdle()
    expect(messagesTo(me.openid)).toEqual([])
  })

  it('an anonymous reporter has no account to tell: no message, however they answered', async () => {
    const me = await reporter('sub-anonymous')
    const r = await namedReport(me.token, true)
    await subscribe(me.token, 'accept')
    expect((await act(r.id, 'acknowledge')).status).toBe(200)
    await ctx.streamIdle()
    expect(messagesTo(me.openid)).toEqual([])
  })

  it('the answer is validated and needs a session', async () => {
    const me = await reporter('sub-bad')
    const bad = await call('POST', '/subscriptions', { token: me.token, body: { template: 'x'.repeat(500), decision: 'maybe' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: Json) => f.field).sort()).toEqual(['decision', 'template'])
    expect((await call('POST', '/subscriptions', { body: { template: 'report_update', decision: 'accept' } })).status).toBe(401)
  })
})
