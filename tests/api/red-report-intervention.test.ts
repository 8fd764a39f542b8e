import { beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { at, minutes, signIn, storedEvents, storedReport } from './helpers'
import { enrolled, timeline } from './children-fixtures'

useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let neighbour: Staff
let resident: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  neighbour = await signIn('shiding')
  resident = await residentToken('red-intervention')
})

async function redReport() {
  const res = await fileReport(resident, reportBody({ situations: ['abuse_violence'] as any }))
  expect(res.status).toBe(201)
  expect(res.body.colour).toBe('red')
  return res.body as { id: string; trackingCode: string; createdAt: string }
}

const iso = (msAgo: number, offset = '+08:00') => {
  const d = new Date(Date.now() - msAgo + 8 * 3600_000)
  return d.toISOString().slice(0, 19) + offset
}

function interventionBody(version: number, over: Record<string, unknown> = {}) {
  return {
    version,
    arrivedAt: iso(minutes(20)),
    found: '孩子在家，身上有新伤，爷爷情绪激动',
    whatWasDone: '把孩子带到村委会，联系了孩子的姑姑',
    policeTold: true,
    // Seconds and an offset other than the server's: kept exactly as entered.
    policeToldAt: '2026-11-28T17:03:27+08:00',
    childWhereNow: 'with_relatives',
    childSafeNow: true,
    ...over,
  }
}

const openQueue = async (who: Staff) => (await call('GET', '/staff/reports?status=open&limit=100', { token: who.token })).body.items as any[]
const intervene = (who: Staff, id: string, body: unknown) => call('POST', `/staff/reports/${id}/intervention`, { token: who.token, body })

describe('a red report is taken on by a recorded intervention, not by the acknowledge tap', () => {
  it('acknowledged but not intervened: still on the township list as 未记录处置, and it keeps escalating', async () => {
    const r = await redReport()
    expect((await openQueue(township)).find((i) => i.id === r.id)).toMatchObject({ interventionPending: true })

    const ack = await call('POST', `/staff/reports/${r.id}/acknowledge`, { token: village.token, body: {} })
    expect(ack.status).toBe(200)
    expect(ack.body).toMatchObject({ status: 'acknowledged', interventionPending: true })
    const stored = await storedReport(r.id)
    // The clock is not stopped by the tap.
    expect(stored.escalationDueAt).toBe(at(r.createdAt, minutes(30)).toISOString())
    expect((await openQueue(township)).find((i) => i.id === r.id)).toMatchObject({ status: 'acknowledged', interventionPending: true })

    const { escalateOverdueReports } = await import('../../functions/src/workflows/escalation')
    const done = await escalateOverdueReports(at(r.createdAt, minutes(31)))
    expect(done.filter((d) => d.reportId === r.id).map((d) => d.level)).toEqual(['township'])

    // Nor can it be closed before the intervention is on record.
    const close = await call('POST', `/staff/reports/${r.id}/close`, { token: village.token, body: { outcome: 'family_contacted' } })
    expect(close.status).toBe(409)
    expect(close.body.error.message).toContain('处置')
  })

  it('recording the intervention keeps the police time exactly, stops the escalation and clears 未记录处置', async () => {
    const r = await redReport()
    const before = await storedReport(r.id)
    const res = await intervene(village, r.id, interventionBody(before.version))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'acknowledged', interventionPending: false, intervention: { policeTold: true, policeToldAt: '2026-11-28T17:03:27+08:00', childWhereNow: 'with_relatives', recordedByName: village.displayName } })
    const stored = await storedReport(r.id)
    expect(stored.intervention!.policeToldAt).toBe('2026-11-28T17:03:27+08:00')
    expect(stored.escalationDueAt).toBeUndefined()
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'intervened')).toHaveLength(1)
    expect((await openQueue(township)).find((i) => i.id === r.id)).toMatchObject({ interventionPending: false })

    const { escalateOverdueReports } = await import('../../functions/src/workflows/escalation')
    expect((await escalateOverdueReports(at(r.createdAt, minutes(120)))).filter((d) => d.reportId === r.id)).toEqual([])

    // Now it may be closed.
    expect((await call('POST', `/staff/reports/${r.id}/close`, { token: village.token, body: { outcome: 'referred_to_police' } })).status).toBe(200)
  })

  it('a retried submission of the same facts records nothing new; a stale version with other facts is refused with the fresh report', async () => {
    const r = await redReport()
    const body = interventionBody(0)
    expect((await intervene(village, r.id, body)).status).toBe(201)
    const again = await intervene(village, r.id, body)
    expect(again.status).toBe(200)
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'intervened')).toHaveLength(1)
    expect((await storedReport(r.id)).version).toBe(1)

    const other = await intervene(township, r.id, interventionBody(0, { found: '另一种说法，孩子不在家' }))
    expect(other.status).toBe(409)
    expect(other.body.error).toMatchObject({ code: 'STALE_VERSION', current: { id: r.id, interventionPending: false } })
  })

  it('bad input is answered field by field in Chinese and nothing is stored', async () => {
    const r = await redReport()
    const res = await intervene(village, r.id, { version: 0, arrivedAt: 'yesterday', found: '', policeTold: true, childWhereNow: 'moon' })
    expect(res.status).toBe(400)
    const fields = Object.fromEntries((res.body.error.fields as any[]).map((f) => [f.field, f.message]))
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['arrivedAt', 'found', 'childWhereNow', 'childSafeNow']))
    for (const m of Object.values(fields)) expect(m).toMatch(/[\u4e00-\u9fa5]/)
    const noTime = await intervene(village, r.id, interventionBody(0, { policeToldAt: '' }))
    expect(noTime.status).toBe(400)
    expect(noTime.body.error.fields).toEqual([expect.objectContaining({ field: 'policeToldAt', message: expect.stringContaining('报警时间') })])
    const notTold = await intervene(village, r.id, interventionBody(0, { policeTold: false, policeToldAt: undefined }))
    expect(notTold.body.error.fields).toEqual([expect.objectContaining({ field: 'policeNotToldReason' })])
    const future = await intervene(village, r.id, interventionBody(0, { policeToldAt: new Date(Date.now() + 3600_000).toISOString() }))
    expect(future.body.error.fields).toEqual([expect.objectContaining({ field: 'policeToldAt', message: '报警时间：不能晚于现在' })])
    expect((await storedReport(r.id)).intervention).toBeUndefined()
  })

  it('the neighbouring village director cannot record it; the township can', async () => {
    const r = await redReport()
    const denied = await intervene(neighbour, r.id, interventionBody(0))
    expect(denied.status).toBe(403)
    expect((await storedReport(r.id)).intervention).toBeUndefined()
    expect((await intervene(township, r.id, interventionBody(0))).status).toBe(201)
  })

  it("a report linked to a child's file puts the intervention on the child's timeline", async () => {
    const r = await redReport()
    const child = await enrolled(village.token)
    const link = await call('POST', `/staff/children/${child.id}/reports`, { token: village.token, body: { reportId: r.id }, headers: { 'idempotency-key': randomUUID() } })
    expect(link.status).toBeLessThan(300)
    expect((await intervene(village, r.id, interventionBody(0))).status).toBe(201)
    const entries = await timeline(village.token, child.id)
    const line = entries.find((e) => e.kind === 'intervention')
    expect(line).toMatchObject({ ref: { type: 'report', id: r.id }, actorName: village.displayName })
    expect(line!.text).toContain('2026-11-28T17:03:27+08:00')
  })
})
