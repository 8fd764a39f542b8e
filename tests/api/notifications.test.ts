import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { OTHER_TOWN_VILLAGE, call, fileReport, outbox, reportBody, residentToken, useApi } from '../support/api-harness'
import { addStaff, inbox, inboxFor, linesFor, minutes, signIn } from './helpers'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let neighbour: Staff
let township: Staff
let county: Staff
let caogouTown: Staff
let resident: string

const OPENID = {
  dinghu: 'demo-openid-dinghu',
  shiding: 'demo-openid-shiding',
  'dinghu-town': 'demo-openid-dinghu-town',
  sixian: 'demo-openid-sixian',
  caogou: 'test-openid-caogou-town',
}

beforeAll(async () => {
  village = await signIn('dinghu')
  neighbour = await signIn('shiding')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  // 草沟镇 has no child director account in its villages; give the township a supervisor.
  caogouTown = await addStaff({
    username: 'caogou-town',
    role: 'township_supervisor',
    displayName: '孙督导',
    divisionCode: '341324103000',
    divisionName: '草沟镇',
    openid: OPENID.caogou,
  })
  resident = await residentToken('notify')
})

afterEach(async () => {
  // Whatever a test did to the sender, the next one starts with the local outbox again.
  const { useSender, outboxSender } = await import('../../functions/src/notify/sender')
  useSender(outboxSender(ctx.outboxFile))
})

async function newReport(situations: string[], villageCode?: string) {
  const res = await fileReport(resident, reportBody({ situations: situations as any, ...(villageCode ? { villageCode } : {}) }))
  expect(res.status).toBe(201)
  return res.body as { id: string; trackingCode: string; colour: string }
}

/** Who was told about a report: inbox entries per staff member and outbox lines per openid. */
async function whoWasTold(reportId: string, people: Record<string, Staff>) {
  const inboxes: Record<string, number> = {}
  for (const [name, who] of Object.entries(people)) inboxes[name] = (await inboxFor(who.token, reportId)).length
  const lines = linesFor(outbox(ctx.outboxFile), reportId)
  const outboxByOpenid: Record<string, number> = {}
  for (const l of lines) outboxByOpenid[l.toOpenid] = (outboxByOpenid[l.toOpenid] ?? 0) + 1
  return { inboxes, outbox: outboxByOpenid }
}

const everyone = () => ({ dinghu: village, shiding: neighbour, 'dinghu-town': township, sixian: county, caogou: caogouTown })

describe('who is told about a new report', () => {
  it("a yellow report notifies only the child's village director: one inbox entry and one WeChat message", async () => {
    const r = await newReport(['dropout'])
    await ctx.streamIdle()
    expect(await whoWasTold(r.id, everyone())).toEqual({
      inboxes: { dinghu: 1, shiding: 0, 'dinghu-town': 0, sixian: 0, caogou: 0 },
      outbox: { [OPENID.dinghu]: 1 },
    })
    const [n] = await inboxFor(village.token, r.id)
    expect(n).toMatchObject({ kind: 'report_new', colour: 'yellow', recipientId: village.id, delivery: { status: 'sent', attempts: 1 } })
    expect(n.body).toContain(r.trackingCode)
    expect(n.readAt).toBeUndefined()
    expect(linesFor(outbox(ctx.outboxFile), r.id).map((l) => l.template)).toEqual(['report_alert'])
  })

  it('a red report also reaches the township supervisor at once; the neighbouring director and the county hear nothing', async () => {
    const r = await newReport(['sexual_abuse'])
    await ctx.streamIdle()
    expect(await whoWasTold(r.id, everyone())).toEqual({
      inboxes: { dinghu: 1, shiding: 0, 'dinghu-town': 1, sixian: 0, caogou: 0 },
      outbox: { [OPENID.dinghu]: 1, [OPENID['dinghu-town']]: 1 },
    })
    const [n] = await inboxFor(township.token, r.id)
    expect(n).toMatchObject({ kind: 'report_new', colour: 'red' })
    expect(n.title).toContain('红色')
  })

  it('a report from a village with no director account goes to that township\'s supervisor, and to nobody else', async () => {
    const r = await newReport(['care_lacking'], OTHER_TOWN_VILLAGE)
    await ctx.streamIdle()
    expect(await whoWasTold(r.id, everyone())).toEqual({
      inboxes: { dinghu: 0, shiding: 0, 'dinghu-town': 0, sixian: 0, caogou: 1 },
      outbox: { [OPENID.caogou]: 1 },
    })
    const [n] = await inboxFor(caogouTown.token, r.id)
    expect(n.body).toContain('草沟镇')
  })

  it('a report from a township with neither a director nor a supervisor account falls to the county officer', async () => {
    // 长沟镇 (341324104) has no staff accounts at all in the demo county.
    const r = await newReport(['care_lacking'], '341324104200')
    await ctx.streamIdle()
    expect(await whoWasTold(r.id, everyone())).toEqual({
      inboxes: { dinghu: 0, shiding: 0, 'dinghu-town': 0, sixian: 1, caogou: 0 },
      outbox: { [OPENID.sixian]: 1 },
    })
  })
})

describe('at most once', () => {
  it('replaying the same stream change twice creates no duplicate notification and sends no second message', async () => {
    const { handleTableChange } = await import('../../functions/src/workflows/stream')
    const { getItem } = await import('../../functions/src/data/table')
    const r = await newReport(['trafficking'])
    await ctx.streamIdle()
    const before = await whoWasTold(r.id, everyone())
    expect(before.outbox).toEqual({ [OPENID.dinghu]: 1, [OPENID['dinghu-town']]: 1 })

    // The report's INSERT, delivered again (a retried stream batch) — twice.
    const item = (await getItem<Record<string, unknown>>(`REPORT#${r.id}`, 'REPORT', true))!
    await handleTableChange({ eventName: 'INSERT', newImage: item })
    await handleTableChange({ eventName: 'INSERT', newImage: item })
    // And each notification's INSERT replayed too: the message must not go out again.
    const notes = [...(await inboxFor(village.token, r.id)), ...(await inboxFor(township.token, r.id))]
    expect(notes).toHaveLength(2)
    for (const n of notes) {
      const noteItem = (await getItem<Record<string, unknown>>(`NOTE#${n.id}`, 'NOTE', true))!
      await handleTableChange({ eventName: 'INSERT', newImage: noteItem })
      await handleTableChange({ eventName: 'INSERT', newImage: noteItem })
    }
    await ctx.streamIdle()
    expect(await whoWasTold(r.id, everyone())).toEqual(before)
  })

  it("a failing WeChat send is recorded as 'failed' with attempts and the error, then sent exactly once after recovery", async () => {
    const { useSender, outboxSender } = await import('../../functions/src/notify/sender')
    const { retryDueDeliveries } = await import('../../functions/src/workflows/notifications')
    const { getNotification } = await import('../../functions/src/data/notifications')
    let tried = 0
    useSender({
      async send() {
        tried++
        throw new Error('subscribeMessage.send failed: 43101 user refuse to accept the msg')
      },
    })
    const r = await newReport(['parents_imprisoned'])
    await ctx.streamIdle()
    expect(tried).toBe(1)
    const [n] = await inboxFor(village.token, r.id)
    expect(n.delivery).toMatchObject({ status: 'failed', attempts: 1 })
    expect(n.delivery.lastError).toContain('43101')
    expect(Date.parse(n.delivery.nextAttemptAt)).toBeGreaterThan(Date.now())
    expect(linesFor(outbox(ctx.outboxFile), r.id)).toHaveLength(0)
    // The inbox entry is there regardless of WeChat.
    expect((await inbox(village.token)).unread).toBeGreaterThan(0)

    // Not yet due: a retry now does not touch it.
    await retryDueDeliveries(new Date())
    expect((await getNotification(n.id))!.delivery).toMatchObject({ status: 'failed', attempts: 1 })

    // WeChat recovers; the scheduler runs later.
    useSender(outboxSender(ctx.outboxFile))
    const later = new Date(Date.now() + minutes(5))
    await retryDueDeliveries(later)
    const after = (await getNotification(n.id))!
    expect(after.delivery).toMatchObject({ status: 'sent', attempts: 2 })
    expect(after.delivery.sentAt).toBeTruthy()
    expect(linesFor(outbox(ctx.outboxFile), r.id)).toHaveLength(1)
    expect(linesFor(outbox(ctx.outboxFile), r.id)[0]!.toOpenid).toBe(OPENID.dinghu)

    // Running the scheduler again (or two of them) sends nothing more.
    await Promise.all([retryDueDeliveries(new Date(later.getTime() + minutes(60))), retryDueDeliveries(new Date(later.getTime() + minutes(60)))])
    await ctx.streamIdle()
    expect(linesFor(outbox(ctx.outboxFile), r.id)).toHaveLength(1)
    expect((await getNotification(n.id))!.delivery).toMatchObject({ status: 'sent', attempts: 2 })
  })
})

describe('reading', () => {
  it('marking a notification read works only for its recipient', async () => {
    const r = await newReport(['mental_distress'])
    await ctx.streamIdle()
    const [n] = await inboxFor(village.token, r.id)
    const unreadBefore = (await inbox(village.token)).unread

    for (const other of [neighbour, township, county]) {
      const res = await call('POST', `/notifications/${n.id}/read`, { token: other.token })
      expect(res.status).toBe(404)
    }
    expect((await inboxFor(village.token, r.id))[0]!.readAt).toBeUndefined()
    expect((await inbox(village.token)).unread).toBe(unreadBefore)
    const byResident = await call('POST', `/notifications/${n.id}/read`, { token: resident })
    expect(byResident.status).toBe(404)

    const res = await call('POST', `/notifications/${n.id}/read`, { token: village.token })
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(n.id)
    expect(res.body.readAt).toBeTruthy()
    expect(res.body).not.toHaveProperty('version')
    const after = await inbox(village.token)
    expect(after.unread).toBe(unreadBefore - 1)
    expect(after.items.find((x) => x.id === n.id)!.readAt).toBe(res.body.readAt)

    // Reading again keeps the first time.
    const again = await call('POST', `/notifications/${n.id}/read`, { token: village.token })
    expect(again.status).toBe(200)
    expect(again.body.readAt).toBe(res.body.readAt)
  })

  it('a staff inbox lists only that person\'s notifications, newest first', async () => {
    const a = await newReport(['dropout'])
    const b = await newReport(['dropout'])
    await ctx.streamIdle()
    const mine = (await inbox(village.token)).items
    expect(mine.every((n) => n.recipientId === village.id)).toBe(true)
    const ids = mine.map((n) => n.subject.id)
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id))
    expect(ids.indexOf(a.id)).toBeGreaterThanOrEqual(0)
    expect((await inbox(neighbour.token)).items.some((n) => n.subject.id === a.id || n.subject.id === b.id)).toBe(false)
  })
})
