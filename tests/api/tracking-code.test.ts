import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { rawReport, signIn } from './helpers'

/**
 * Issue 8: the confirmation tells a reporter to keep a code to follow the report. The code must
 * do that from any phone, signed in or not, while guessing one stays infeasible: 12 characters
 * of an unambiguous alphabet, lookups throttled per client (counters in DynamoDB with TTL).
 */
useApi()

let reporter: string
let otherPhone: string
let village: Awaited<ReturnType<typeof signIn>>

beforeAll(async () => {
  reporter = await residentToken('track-reporter')
  otherPhone = await residentToken('track-other')
  village = await signIn('dinghu')
})

const fromClient = (ip: string) => ({ 'x-forwarded-for': ip })
let nextIp = 10
const freshClient = () => fromClient(`198.51.100.${nextIp++}`)

describe('the tracking code', () => {
  it('is 12 characters without look-alikes (no I, L, O, U), in three groups of four for reading aloud', async () => {
    const codes = new Set<string>()
    for (let i = 0; i < 5; i++) codes.add((await fileReport(reporter, reportBody())).body.trackingCode)
    expect(codes.size).toBe(5)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  })

  it('follows an anonymous report from another phone, signed out, showing only what a reporter may see', async () => {
    const r = (await fileReport(reporter, reportBody({ situations: ['dropout'], description: '只有工作人员能看到的描述', childDescription: '男孩，八岁' }))).body
    const headers = freshClient()
    const signedOut = await call('GET', `/reports/track/${r.trackingCode}`, { headers })
    expect(signedOut.status).toBe(200)
    expect(signedOut.body).toMatchObject({ id: r.id, trackingCode: r.trackingCode, status: 'received', statusText: '已收到', villageName: '丁湖村' })
    expect(signedOut.body.situations).toEqual([{ id: 'dropout', label: expect.stringContaining('辍学') }])
    const text = JSON.stringify(signedOut.body)
    for (const hidden of ['只有工作人员能看到的描述', '男孩，八岁', 'colour', 'reporter', 'events']) expect(text).not.toContain(hidden)

    // Another account, with the code typed by hand: lower case, spaces instead of dashes, O for 0.
    const typed = r.trackingCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o')
    const other = await call('GET', `/reports/track/${encodeURIComponent(typed).replace(/%20/g, '-')}`, { token: otherPhone, headers })
    expect(other.status).toBe(200)
    expect(other.body.id).toBe(r.id)

    // Staff progress shows up for the code holder.
    expect((await call('POST', `/staff/reports/${r.id}/acknowledge`, { token: village.token, body: {} })).status).toBe(200)
    expect((await call('GET', `/reports/track/${r.trackingCode}`, { headers })).body.statusText).toBe('处理中')
  })

  it('an unknown code answers the same 404 as any other, in Chinese', async () => {
    const res = await call('GET', '/reports/track/ABCD-EFGH-JKMN', { headers: freshClient() })
    expect(res.status).toBe(404)
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: '没有找到这个查询码，请核对后再输入' })
  })
})

describe('throttling per client', () => {
  it('after 20 wrong codes a client is refused (429, in Chinese) even for a right code; another client is not', async () => {
    const r = (await fileReport(reporter, reportBody())).body
    const guesser = freshClient()
    for (let i = 0; i < 20; i++) {
      const miss = await call('GET', `/reports/track/ZZZZ-ZZZZ-${String(1000 + i)}`, { headers: guesser })
      expect(miss.status).toBe(404)
    }
    const refused = await call('GET', `/reports/track/${r.trackingCode}`, { headers: guesser })
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS')
    expect(refused.body.error.message).toMatch(/查询太频繁了，请 \d+ 分钟后再试/)
    expect((await call('GET', `/reports/track/${r.trackingCode}`, { headers: freshClient() })).status).toBe(200)
  })

  it('behind API Gateway the request context source IP counts, not a forwarded header the client can vary', async () => {
    const { app } = await import('../../functions/src/app')
    const env = { requestContext: { http: { sourceIp: '203.0.113.99' } } }
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      const res = await app.request(`/api/reports/track/YYYY-YYYY-${1000 + i}`, { headers: { 'x-forwarded-for': `192.0.2.${i}` } }, env)
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it('keeps its counters in the table with an expiry (TTL), keyed by a hash, not the address', async () => {
    const { query } = await import('../../functions/src/data/table')
    const { hmac } = await import('../../functions/src/ids')
    const client = hmac(process.env.SESSION_SECRET!, 'throttle:203.0.113.99').slice(0, 22)
    const items = await query<Record<string, any>>({ pk: `THROTTLE#track-miss#${client}` })
    expect(items.length).toBeGreaterThan(0)
    expect(items[0]!.hits).toBeGreaterThanOrEqual(20)
    expect(items[0]!.expiresAt).toBeGreaterThan(Date.now() / 1000)
    expect(JSON.stringify(items)).not.toContain('203.0.113.99')
  })

  it('invitation-code lookups (entrusted care) are throttled by the same middleware', async () => {
    const headers = freshClient()
    for (let i = 0; i < 20; i++) {
      expect((await call('GET', `/entrustments/invitations/QQQQ-${1000 + i}`, { token: otherPhone, headers })).status).toBe(404)
    }
    const refused = await call('GET', '/entrustments/invitations/QQQQ-2000', { token: otherPhone, headers })
    expect(refused.status).toBe(429)
    expect(refused.body.error.message).toContain('查询太频繁了')
  })
})

describe('rotating and expiring access', () => {
  it('a new code and device token replace the old ones, which stop working at once', async () => {
    const r = (await fileReport(reporter, reportBody())).body
    const headers = freshClient()
    const rotated = await call('POST', `/reports/track/${r.trackingCode}/rotate`, { headers })
    expect(rotated.status).toBe(200)
    expect(rotated.body.trackingCode).not.toBe(r.trackingCode)
    expect(rotated.body.accessToken).not.toBe(r.accessToken)
    expect((await call('GET', `/reports/track/${r.trackingCode}`, { headers })).status).toBe(404)
    expect((await call('GET', `/reports/track/${rotated.body.trackingCode}`, { headers: { ...headers, 'x-report-token': r.accessToken } })).status).toBe(404)
    const fresh = await call('GET', `/reports/track/${rotated.body.trackingCode}`, { headers: { ...headers, 'x-report-token': rotated.body.accessToken } })
    expect(fresh.status).toBe(200)
    expect(fresh.body.id).toBe(r.id)
  })

  it('following by code or token ends 90 days after the report is closed; the named reporter still sees it in their own list', async () => {
    const named = { anonymous: false, name: '张敏', phone: '13700001234', relation: 'relative' }
    const r = (await fileReport(reporter, reportBody({ reporter: named as any }))).body
    expect((await call('POST', `/staff/reports/${r.id}/close`, { token: village.token, body: { outcome: 'family_contacted' } })).status).toBe(200)
    const headers = { ...freshClient(), 'x-report-token': r.accessToken }
    expect((await call('GET', `/reports/track/${r.trackingCode}`, { headers })).status).toBe(200)

    // Move the closing date back 91 days.
    const { putItem } = await import('../../functions/src/data/table')
    const raw = (await rawReport(r.id))!
    await putItem({ ...raw, closedAt: new Date(Date.now() - 91 * 86_400_000).toISOString() } as any)
    const expired = await call('GET', `/reports/track/${r.trackingCode}`, { token: otherPhone, headers })
    expect(expired.status).toBe(404)
    expect(expired.body.error.message).toContain('已办结超过 90 天')
    const mine = await call('GET', '/reports/mine', { token: reporter })
    expect(mine.body.items.map((x: any) => x.id)).toContain(r.id)
  })
})
