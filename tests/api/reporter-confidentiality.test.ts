import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { randomUUID } from 'node:crypto'

// Logging on for this file (the harness keeps an empty LOG_LEVEL), and every console line captured,
// so the last test can prove the reporter's full phone number never reached a log.
process.env.LOG_LEVEL = ''
const logged: string[] = []
for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
  })
}

import { DINGHU, call, fileReport, outbox, reportBody, residentToken, useApi } from '../support/api-harness'
import { idempotencyRecord, inboxFor, rawReport, reportPartition, signIn, storedEvents } from './helpers'

const ctx = useApi()

const PHONE = '13812345678'
const NAME = '王秀英'
const namedReporter = { anonymous: false as const, name: NAME, phone: PHONE, relation: 'teacher' as const, unit: '丁湖镇中心小学' }

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let neighbour: Staff
let township: Staff
let county: Staff
let resident: string
let residentId: string

beforeAll(async () => {
  village = await signIn('dinghu')
  neighbour = await signIn('shiding')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  resident = await residentToken('confidential')
  residentId = (await call('GET', '/me', { token: resident })).body.id
  expect(residentId).toBeTruthy()
})

afterAll(() => {
  vi.restoreAllMocks()
})

async function fileNamed(over: Record<string, unknown> = {}) {
  const res = await fileReport(resident, reportBody({ situations: ['carer_incapable'], reporter: namedReporter, ...over }))
  expect(res.status).toBe(201)
  return res.body as { id: string; trackingCode: string }
}

const contactViews = async (id: string) => (await storedEvents(id)).filter((e) => e.kind === 'contact_viewed')

describe('what is stored', () => {
  it('an anonymous report stores no reporter name, phone or account id, and its idempotency record holds no user id', async () => {
    const key = randomUUID()
    const res = await fileReport(resident, reportBody({ description: '匿名反映：孩子晚上一个人在家' }), key)
    expect(res.status).toBe(201)

    const raw = (await rawReport(res.body.id))!
    expect(raw.anonymous).toBe(true)
    for (const field of ['reporterName', 'reporterPhone', 'reporterRelation', 'ownerId', 'ownerPk', 'ownerSk']) {
      expect(raw, field).not.toHaveProperty(field)
    }
    // Nothing in the report's partition (report and events) points back at the account.
    for (const item of await reportPartition(res.body.id)) expect(JSON.stringify(item)).not.toContain(residentId)

    const idem = (await idempotencyRecord(key, residentId))!
    expect(idem).toBeDefined()
    expect(idem.reportId).toBe(res.body.id)
    expect(Object.keys(idem).sort()).toEqual(['bodyHash', 'expiresAt', 'pk', 'reportId', 'sk'])
    expect(JSON.stringify(idem)).not.toContain(residentId)
  })

  it('a named report, by contrast, keeps the reporter and the owning account (so the checks above can fail)', async () => {
    const key = randomUUID()
    const res = await fileReport(resident, reportBody({ reporter: namedReporter }), key)
    const raw = (await rawReport(res.body.id))!
    expect(raw).toMatchObject({ anonymous: false, reporterName: NAME, reporterPhone: PHONE, ownerId: residentId })
    // The idempotency record is the same shape either way: never the account.
    expect(JSON.stringify(await idempotencyRecord(key, residentId))).not.toContain(residentId)
  })
})

describe('who sees the reporter of a named report (003 §3(一))', () => {
  it("the child's village director sees the reporter as hidden and is refused the contact (403), with nothing audited", async () => {
    const r = await fileNamed()
    const detail = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    expect(detail.status).toBe(200)
    expect(detail.body.reporter).toEqual({ visibility: 'hidden' })
    const text = JSON.stringify(detail.body)
    expect(text).not.toContain(PHONE)
    expect(text).not.toContain('138****5678')
    expect(text).not.toContain('王')

    const list = await call('GET', '/staff/reports?status=all', { token: village.token })
    const summary = (list.body.items as any[]).find((s) => s.id === r.id)
    expect(summary).toBeDefined()
    expect(JSON.stringify(summary)).not.toContain(PHONE)
    expect(summary).not.toHaveProperty('reporter')

    const reveal = await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: village.token, body: {} })
    expect(reveal.status).toBe(403)
    expect(JSON.stringify(reveal.body)).not.toContain(PHONE)
    expect(await contactViews(r.id)).toEqual([])
  })

  it.each(['dinghu-town', 'sixian'])('%s (township / county) sees the name and phone masked: 王** and 138****5678', async (who) => {
    const viewer = who === 'sixian' ? county : township
    const r = await fileNamed()
    const detail = await call('GET', `/staff/reports/${r.id}`, { token: viewer.token })
    expect(detail.status).toBe(200)
    expect(detail.body.reporter).toEqual({ visibility: 'masked', name: '王**', phone: '138****5678', relation: '老师' })
    expect(JSON.stringify(detail.body)).not.toContain(PHONE)
    expect(JSON.stringify(detail.body)).not.toContain(NAME)
  })

  it.each(['dinghu-town', 'sixian'])('%s (township / county) gets the full phone from the audited reveal', async (who) => {
    const viewer = who === 'sixian' ? county : township
    const r = await fileNamed()
    const reveal = await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: viewer.token, body: {} })
    expect(reveal.status).toBe(200)
    expect(reveal.body).toEqual({ name: NAME, phone: PHONE, relation: '老师', unit: '丁湖镇中心小学' })
  })

  it('every township/county detail view and every reveal adds a contact_viewed event naming the actor and the time', async () => {
    const r = await fileNamed()
    const start = Date.now()
    const steps: [Staff, 'view' | 'reveal'][] = [
      [township, 'view'],
      [township, 'view'],
      [township, 'reveal'],
      [county, 'view'],
      [county, 'reveal'],
      [village, 'view'], // the village sees nothing of the reporter: nothing to audit
    ]
    for (const [who, what] of steps) {
      const res =
        what === 'view'
          ? await call('GET', `/staff/reports/${r.id}`, { token: who.token })
          : await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: who.token, body: {} })
      expect(res.status).toBe(200)
      if (what === 'view' && who !== village) {
        // The view that was audited already shows its own audit, as ONE plain line (issue 8:
        // it used to add a line to the history per look).
        expect(res.body.reporterViews).toContain(who.displayName)
        expect(res.body.reporterViews).toMatch(/^反映人信息已被查看 \d+ 次/)
        expect((res.body.events as any[]).filter((e) => e.kind === 'contact_viewed')).toEqual([])
      }
    }
    const end = Date.now()
    const views = (await contactViews(r.id)).sort((a, b) => a.at.localeCompare(b.at))
    expect(views).toHaveLength(5)
    expect(views.map((e) => e.actorId).sort()).toEqual([township.id, township.id, township.id, county.id, county.id].sort())
    for (const e of views) {
      const actor = e.actorId === township.id ? township : county
      expect(e.actorName).toBe(actor.displayName)
      expect(e.actorRole).toBe(actor === township ? 'township_supervisor' : 'county_officer')
      const t = Date.parse(e.at)
      expect(t).toBeGreaterThanOrEqual(start - 1000)
      expect(t).toBeLessThanOrEqual(end + 1000)
      expect(e.text ?? '').not.toContain(PHONE)
    }
    // A reveal is told apart from a masked view in the record.
    expect(views.filter((e) => e.text?.includes('完整'))).toHaveLength(2)
  })

  it('every township/county action answer that shows the masked reporter is audited like a detail view; village actions are not', async () => {
    const r = await fileNamed()
    const steps: [Staff, string, unknown][] = [
      [village, 'acknowledge', {}],
      [township, 'notes', { text: '已安排村里上门' }],
      // Not red: a red report cannot be closed before its intervention is recorded (issue #11).
      [county, 'regrade', { colour: 'blue', reason: '县级研判调整等级' }],
      [village, 'notes', { text: '村里已上门' }],
      [township, 'close', { outcome: 'family_contacted' }],
    ]
    for (const [who, action, body] of steps) {
      const res = await call('POST', `/staff/reports/${r.id}/${action}`, { token: who.token, body })
      expect(res.status, action).toBe(200)
      // The answer is a StaffReportView: masked for township/county, hidden for the village...
      expect(res.body.reporter.visibility).toBe(who === village ? 'hidden' : 'masked')
      expect(JSON.stringify(res.body)).not.toContain(PHONE)
    }
    // ...so each masked answer is on record, as for GET /staff/reports/ID.
    const views = await contactViews(r.id)
    expect(views.map((e) => e.actorId).sort()).toEqual([township.id, county.id, township.id].sort())
    for (const e of views) expect(e.actorName && e.at).toBeTruthy()
  })

  it('an anonymous report shows no reporter to anyone, audits nothing, and has no contact to reveal (404)', async () => {
    const res = await fileReport(resident, reportBody())
    const id = res.body.id
    for (const who of [village, township, county]) {
      const detail = await call('GET', `/staff/reports/${id}`, { token: who.token })
      expect(detail.body.reporter).toEqual({ visibility: 'anonymous' })
    }
    expect((await call('POST', `/staff/reports/${id}/reporter-contact`, { token: township.token, body: {} })).status).toBe(404)
    expect(await contactViews(id)).toEqual([])
  })

  it("staff notifications and WeChat messages never carry the reporter's name or phone", async () => {
    const r = await fileNamed({ situations: ['abandoned'] }) // red: village and township are both notified
    await ctx.streamIdle()
    const notes = [...(await inboxFor(village.token, r.id)), ...(await inboxFor(township.token, r.id))]
    expect(notes.length).toBe(2)
    const lines = outbox(ctx.outboxFile).filter((l) => String(l.page).endsWith(r.id))
    expect(lines.length).toBe(2)
    for (const text of [...notes, ...lines].map((x) => JSON.stringify(x))) {
      expect(text).not.toContain(PHONE)
      expect(text).not.toContain(NAME)
    }
  })
})

describe('logs', () => {
  it("the reporter's full phone never appears in anything logged during the whole flow", async () => {
    // One more pass over everything that could log, around a named report.
    const r = await fileNamed({ description: `联系人电话${PHONE}，孩子白天没人管` })
    // Refused attempts are logged (with ids only).
    expect((await call('GET', `/staff/reports/${r.id}`, { token: neighbour.token })).status).toBe(403)
    expect((await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: neighbour.token, body: {} })).status).toBe(403)
    // A bad submission that carries the phone.
    const bad = await fileReport(resident, { villageCode: DINGHU, situations: [], reporter: namedReporter })
    expect(bad.status).toBe(400)
    await call('GET', `/staff/reports/${r.id}`, { token: township.token })
    await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: county.token, body: {} })
    await call('POST', `/staff/reports/${r.id}/close`, { token: township.token, body: { outcome: 'family_contacted', note: `已回电 ${PHONE}` } })
    await ctx.streamIdle()

    // Logging was really on: the refusals were written.
    expect(logged.some((l) => l.includes('staff denied report outside jurisdiction') && l.includes(r.id))).toBe(true)
    const leaking = logged.filter((l) => l.includes(PHONE))
    expect(leaking).toEqual([])
  })
})
