import { beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { idempotencyRecord, signIn } from './helpers'
import { newApplication, storedApplication } from './application-helpers'

const ctx = useApi()
useDocuments()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let resident: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  resident = await residentToken('lists')
})

type Json = Record<string, any>

/** Reads every page of a list (`limit` rows each), calling `between` after each page. */
async function allPages(path: string, token: string, limit: number, between: () => Promise<void> = async () => {}) {
  const ids: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const sep = path.includes('?') ? '&' : '?'
    const res = await call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
    expect(res.status).toBe(200)
    expect(res.body.items.length).toBeLessThanOrEqual(limit)
    ids.push(...res.body.items.map((i: Json) => i.id))
    cursor = res.body.nextCursor
    pages++
    await between()
  } while (cursor)
  return { ids, pages }
}

/** The DynamoDB calls one API request makes, counted by the middleware on the SDK client. */
async function callsOf(path: string, token: string) {
  const { resetDynamoCalls } = await import('../../functions/src/data/client')
  // The stream poller shares the client: let it finish earlier work so only this request is counted.
  await ctx.streamIdle()
  resetDynamoCalls()
  const res = await call('GET', path, { token })
  expect(res.status).toBe(200)
  return resetDynamoCalls()
}

async function newReports(n: number) {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await fileReport(resident, reportBody({ situations: ['dropout'] as any }))
    expect(res.status).toBe(201)
    ids.push(res.body.id)
  }
  return ids
}

describe('every list pages with a cursor to its end', () => {
  it('the report queue: no report lost or repeated across pages while new reports arrive', async () => {
    const before = await newReports(7)
    const arrived: string[] = []
    const { ids, pages } = await allPages('/staff/reports?status=all', village.token, 3, async () => {
      arrived.push(...(await newReports(1)))
    })
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of before) expect(ids).toContain(id)
  })

  it('the inbox: every notification once across pages, and a real unread counter kept by the writes', async () => {
    const reports = await newReports(5)
    await ctx.streamIdle()
    const { ids } = await allPages('/notifications', village.token, 2)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of reports) expect(ids.some((id) => id.includes(r))).toBe(true)

    // The counter equals the unread entries of the whole inbox, not of a first page.
    const first = await call('GET', '/notifications?limit=1', { token: village.token })
    const everything: Json[] = []
    let cursor: string | undefined
    do {
      const page = await call('GET', `/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: village.token })
      everything.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor)
    const unread = everything.filter((n) => !n.readAt).length
    expect(unread).toBeGreaterThanOrEqual(5)
    expect(first.body.unread).toBe(unread)

    // Reading one takes exactly one off, however often it is marked.
    const one = everything.find((n) => !n.readAt)!
    for (let i = 0; i < 3; i++) expect((await call('POST', `/notifications/${one.id}/read`, { token: village.token })).status).toBe(200)
    expect((await call('GET', '/notifications?limit=1', { token: village.token })).body.unread).toBe(unread - 1)

    // A new notification counts at once; the badge is one GetItem beside the page's Query.
    await newReports(1)
    await ctx.streamIdle()
    expect((await call('GET', '/notifications?limit=1', { token: village.token })).body.unread).toBe(unread)
    const calls = await callsOf('/notifications?limit=20', village.token)
    expect(calls.byCommand).toEqual({ QueryCommand: 1, GetItemCommand: 1 })
    // Two waits for the stream, which now also keeps the overview's counters for each report.
  }, 90_000)

  it('a cursor from another list is a clean 400', async () => {
    const page = await call('GET', '/staff/reports?status=all&limit=1', { token: village.token })
    const cursor = page.body.nextCursor as string
    expect(cursor).toBeTruthy()
    for (const path of ['/notifications', '/staff/applications', '/applications/mine']) {
      const res = await call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token: path.startsWith('/staff') ? township.token : path === '/notifications' ? village.token : resident })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await call('GET', '/notifications?cursor=not-base64-json', { token: village.token })).status).toBe(400)
  })
})

describe('allowance queues: what a level holds, most overdue first, paged', () => {
  it('overdue applications come first at any size, and paging reaches every one exactly once', async () => {
    const { saveApplicationChange } = await import('../../functions/src/data/applications')
    const created: string[] = []
    for (let i = 0; i < 4; i++) created.push((await newApplication(resident)).id)
    // Two of them have waited far past the village's 5 days (moved back in time through the data layer).
    const overdue = created.slice(2)
    for (const [i, id] of overdue.entries()) {
      const a = await storedApplication(id)
      const since = new Date(Date.now() - (30 + i) * 86_400_000).toISOString()
      const past = { ...a, stageSince: since, stageDueAt: new Date(Date.parse(since) + 5 * 86_400_000).toISOString() }
      expect(await saveApplicationChange(a, past, [], {})).toBe(true)
    }
    const first = await call('GET', '/staff/applications?stage=mine&limit=2', { token: village.token })
    expect(first.body.items.map((a: Json) => a.id).sort()).toEqual([...overdue].sort())
    expect(first.body.items.every((a: Json) => a.overdue)).toBe(true)
    // The most overdue first.
    expect(first.body.items[0].id).toBe(overdue[1])

    const arrived: string[] = []
    const { ids } = await allPages('/staff/applications?stage=mine', village.token, 2, async () => {
      if (arrived.length < 2) arrived.push((await newApplication(resident)).id)
    })
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of created) expect(ids).toContain(id)
    // One stage and the whole queue page the same way.
    const submitted = await allPages('/staff/applications?stage=submitted', township.token, 3)
    for (const id of created) expect(submitted.ids).toContain(id)
    const all = await allPages('/staff/applications?stage=all', county.token, 3)
    for (const id of created) expect(all.ids).toContain(id)
    const mine = await allPages('/applications/mine', resident, 2)
    for (const id of created) expect(mine.ids).toContain(id)
  })
})

describe('no read per shown row', () => {
  it('every staff list page, for every level, makes at most 3 DynamoDB calls (names from the cache after the first)', async () => {
    const { clearDivisionNameCache } = await import('../../functions/src/data/divisions')
    const lists = ['/staff/reports?status=all&limit=50', '/staff/applications?stage=all&limit=50', '/staff/entrustments?filter=all&limit=50', '/notifications?limit=50']
    for (const who of [village, township, county]) {
      // The account check behind every session is one read per account per interval
      // (auth/sessions.ts), not a read of the list: refresh it before counting a list's reads.
      await call('GET', '/me', { token: who.token })
      for (const path of lists) {
        clearDivisionNameCache()
        const cold = await callsOf(path, who.token)
        expect(cold.total, `${who.username} ${path} cold: ${JSON.stringify(cold.byCommand)}`).toBeLessThanOrEqual(3)
        const warm = await callsOf(path, who.token)
        expect(warm.byCommand.BatchGetItemCommand ?? 0).toBe(0)
        expect(warm.byCommand.GetItemCommand ?? 0).toBeLessThanOrEqual(1)
        expect(warm.total).toBeLessThanOrEqual(2)
      }
    }
  })

  it('division names: misses are read in one batch, then served from the cache', async () => {
    const { clearDivisionNameCache, divisionNamesOf } = await import('../../functions/src/data/divisions')
    const { resetDynamoCalls } = await import('../../functions/src/data/client')
    clearDivisionNameCache()
    await ctx.streamIdle()
    resetDynamoCalls()
    const codes = ['341324102200', '341324102201', '341324102000', '341324000000', '341324103200']
    const names = await divisionNamesOf(codes)
    expect(names.get('341324102000')).toBe('丁湖镇')
    expect(resetDynamoCalls().byCommand).toEqual({ BatchGetItemCommand: 1 })
    expect((await divisionNamesOf(codes)).get('341324000000')).toBe('泗县')
    expect(resetDynamoCalls().total).toBe(0)
  })
})

describe('retention: each short-lived item carries its TTL', () => {
  const day = 86_400
  it('notifications 180 days, idempotency records 2 days, audit events 3 years and 30 days; case records none', async () => {
    const { getItem, query } = await import('../../functions/src/data/table')
    const key = randomUUID()
    const res = await call('POST', '/reports', { token: resident, body: reportBody({ reporter: { anonymous: false, name: '王大姐', phone: '13912345678', relation: 'neighbour' } as any }), headers: { 'idempotency-key': key } })
    expect(res.status).toBe(201)
    const now = Math.floor(Date.now() / 1000)
    const me = (await call('GET', '/me', { token: resident })).body
    const idem = await idempotencyRecord(key, me.id)
    expect(idem!.expiresAt).toBeGreaterThan(now + 2 * day - 120)
    expect(idem!.expiresAt).toBeLessThanOrEqual(now + 2 * day + 5)

    await ctx.streamIdle()
    const note = (await call('GET', '/notifications?limit=100', { token: village.token })).body.items.find((n: Json) => n.subject.id === res.body.id)
    const stored = await getItem<Json>(`NOTE#${note.id}`, 'NOTE', true)
    expect(stored!.expiresAt).toBe(Math.floor(Date.parse(stored!.createdAt) / 1000) + 180 * day)

    // The township reading a named reporter's masked contact is audit.
    expect((await call('GET', `/staff/reports/${res.body.id}`, { token: township.token })).status).toBe(200)
    const items = await query<Json>({ pk: `REPORT#${res.body.id}`, consistent: true })
    const audit = items.find((i) => i.kind === 'contact_viewed')!
    expect(audit.expiresAt).toBe(Math.floor(Date.parse(audit.at) / 1000) + (3 * 365 + 30) * day)
    const created = items.find((i) => i.kind === 'created')!
    expect(created.expiresAt).toBeUndefined()
    expect(items.find((i) => i.sk === 'REPORT')!.expiresAt).toBeUndefined()
  })
})

describe('a delivery is on the due list only after a failed send', () => {
  it('a sent notification never carries due keys; a failed one does, in its shard, until the retry sends it', async () => {
    const { getItem } = await import('../../functions/src/data/table')
    const { useSender, outboxSender } = await import('../../functions/src/notify/sender')
    const { retryDueDeliveries } = await import('../../functions/src/workflows/notifications')
    const [ok] = await newReports(1)
    await ctx.streamIdle()
    const sent = (await call('GET', '/notifications?limit=100', { token: village.token })).body.items.find((n: Json) => n.subject.id === ok)
    expect(sent.delivery.status).toBe('sent')
    const sentItem = await getItem<Json>(`NOTE#${sent.id}`, 'NOTE', true)
    expect(sentItem!.duePk).toBeUndefined()

    useSender({
      async send() {
        throw new Error('WeChat down')
      },
    })
    try {
      const [bad] = await newReports(1)
      await ctx.streamIdle()
      const failed = (await call('GET', '/notifications?limit=100', { token: village.token })).body.items.find((n: Json) => n.subject.id === bad)
      expect(failed.delivery.status).toBe('failed')
      const failedItem = await getItem<Json>(`NOTE#${failed.id}`, 'NOTE', true)
      expect(failedItem!.duePk).toMatch(/^DUE#DELIVERY#\d{2}$/)
      useSender(outboxSender(ctx.outboxFile))
      expect(await retryDueDeliveries(new Date(Date.now() + 10 * 60_000))).toContain('sent')
      expect((await getItem<Json>(`NOTE#${failed.id}`, 'NOTE', true))!.duePk).toBeUndefined()
    } finally {
      useSender(outboxSender(ctx.outboxFile))
    }
  })
})
