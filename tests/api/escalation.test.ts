import { beforeAll, describe, expect, it, vi } from 'vitest'
import { call, fileReport, outbox, reportBody, residentToken, useApi } from '../support/api-harness'
import { at, inboxFor, linesFor, minutes, signIn, storedEvents, storedReport } from './helpers'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let neighbour: Staff
let resident: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  neighbour = await signIn('shiding')
  resident = await residentToken('escalation')
})

const escalation = () => import('../../functions/src/workflows/escalation')

async function newReport(situations: string[]) {
  const res = await fileReport(resident, reportBody({ situations: situations as any }))
  expect(res.status).toBe(201)
  return res.body as { id: string; trackingCode: string; createdAt: string; colour: string }
}

/** Runs the escalation check at `now` and returns what it did to this report only. */
async function escalate(reportId: string, now: Date, escalationMinutes?: number) {
  const { escalateOverdueReports } = await escalation()
  const done = await escalateOverdueReports(now, ...(escalationMinutes === undefined ? [] : [escalationMinutes]))
  return done.filter((e) => e.reportId === reportId).map((e) => e.level)
}

const intervention = (version = 0) => ({
  version,
  arrivedAt: new Date(Date.now() - minutes(5)).toISOString(),
  found: '孩子一个人在家，没有受伤',
  policeTold: false,
  policeNotToldReason: '没有侵害情况',
  childWhereNow: 'with_relatives',
  childSafeNow: true,
})
const escalatedEvents = async (id: string) => (await storedEvents(id)).filter((e) => e.kind === 'escalated')
const escalationNotes = (who: Staff, id: string) => inboxFor(who.token, id, 'report_escalated')

describe('a red report nobody acknowledges climbs village → township → county', () => {
  it('nothing happens before the 30-minute deadline; after it the township supervisor is told; 30 minutes later the county; then no more', async () => {
    const r = await newReport(['abuse_violence'])
    const stored = await storedReport(r.id)
    expect(stored).toMatchObject({ escalationLevel: 'village', escalationDueAt: at(r.createdAt, minutes(30)).toISOString() })

    // Before the deadline.
    expect(await escalate(r.id, at(r.createdAt, minutes(29)))).toEqual([])
    expect(await storedReport(r.id)).toMatchObject({ escalationLevel: 'village', version: 0 })

    // 31 minutes: up to the township.
    const t1 = at(r.createdAt, minutes(31))
    expect(await escalate(r.id, t1)).toEqual(['township'])
    expect(await storedReport(r.id)).toMatchObject({
      status: 'received',
      escalationLevel: 'township',
      escalationDueAt: new Date(t1.getTime() + minutes(30)).toISOString(),
    })
    await ctx.streamIdle()
    const toTownship = await escalationNotes(township, r.id)
    expect(toTownship).toHaveLength(1)
    expect(toTownship[0]).toMatchObject({ kind: 'report_escalated', colour: 'red', recipientId: township.id })
    expect(toTownship[0]!.title).toContain('超时未接收')
    expect(await escalationNotes(county, r.id)).toHaveLength(0)
    // The village was told when the report came in, and is not told again.
    expect(await escalationNotes(village, r.id)).toHaveLength(0)

    // Another 31 minutes: up to the county.
    const t2 = new Date(t1.getTime() + minutes(31))
    expect(await escalate(r.id, t2)).toEqual(['county'])
    const atCounty = await storedReport(r.id)
    expect(atCounty.escalationLevel).toBe('county')
    expect(atCounty.escalationDueAt).toBeUndefined()
    await ctx.streamIdle()
    expect(await escalationNotes(county, r.id)).toHaveLength(1)
    expect(await escalationNotes(township, r.id)).toHaveLength(1)
    expect(await escalationNotes(neighbour, r.id)).toHaveLength(0)

    // Nobody is left above the county.
    expect(await escalate(r.id, new Date(t2.getTime() + minutes(24 * 60)))).toEqual([])
    const { runScheduledChecks } = await import('../../functions/src/lambda/schedule')
    await runScheduledChecks(new Date(t2.getTime() + minutes(48 * 60)))
    await ctx.streamIdle()
    expect((await storedReport(r.id)).escalationLevel).toBe('county')
    expect((await escalatedEvents(r.id)).map((e) => e.level)).toEqual(['township', 'county'])
    expect(await escalationNotes(county, r.id)).toHaveLength(1)

    // Each step also went out by WeChat once.
    const lines = linesFor(outbox(ctx.outboxFile), r.id).filter((l) => String(l.data?.thing1).startsWith('超时未接收'))
    expect(lines.map((l) => l.toOpenid).sort()).toEqual(['demo-openid-dinghu-town', 'demo-openid-sixian'])
  })

  it('the staff detail shows the level and deadline, and the record says when it escalated', async () => {
    const r = await newReport(['missing_or_wandering'])
    const t1 = at(r.createdAt, minutes(31))
    expect(await escalate(r.id, t1)).toEqual(['township'])
    const detail = await call('GET', `/staff/reports/${r.id}`, { token: township.token })
    expect(detail.body).toMatchObject({ escalationLevel: 'township', escalationDueAt: new Date(t1.getTime() + minutes(30)).toISOString() })
    expect((detail.body.events as any[]).filter((e) => e.kind === 'escalated')).toEqual([
      expect.objectContaining({ kind: 'escalated', level: 'township', at: t1.toISOString() }),
    ])
  })

  it('two checks running at the same time escalate once and notify nobody twice', async () => {
    const r = await newReport(['self_harm'])
    const { escalateOverdueReports } = await escalation()
    const t1 = at(r.createdAt, minutes(31))
    const runs = await Promise.all([escalateOverdueReports(t1), escalateOverdueReports(t1), escalateOverdueReports(t1)])
    expect(runs.flat().filter((e) => e.reportId === r.id)).toEqual([{ reportId: r.id, level: 'township' }])
    // And once more at the same time, sequentially.
    expect(await escalate(r.id, t1)).toEqual([])
    await ctx.streamIdle()
    expect(await escalationNotes(township, r.id)).toHaveLength(1)
    expect(await escalatedEvents(r.id)).toHaveLength(1)
    const lines = linesFor(outbox(ctx.outboxFile), r.id, 'demo-openid-dinghu-town').filter((l) => String(l.data?.thing1).startsWith('超时未接收'))
    expect(lines).toHaveLength(1)
  })
})

describe('what never escalates', () => {
  // Issue #11: a red report is taken on by recording the intervention (004 §3 即时介入), not
  // by the acknowledge tap alone (red-report-intervention.test.ts proves the tap does not stop it).
  it('a red report with its intervention recorded never escalates', async () => {
    const r = await newReport(['sexual_abuse'])
    const ack = await call('POST', `/staff/reports/${r.id}/intervention`, { token: village.token, body: intervention() })
    expect(ack.status).toBe(201)
    expect(ack.body.escalationDueAt).toBeUndefined()
    for (const h of [1, 5, 24, 24 * 7]) expect(await escalate(r.id, at(r.createdAt, minutes(60 * h)))).toEqual([])
    await ctx.streamIdle()
    expect(await storedReport(r.id)).toMatchObject({ status: 'acknowledged', escalationLevel: 'village' })
    expect(await escalatedEvents(r.id)).toHaveLength(0)
    expect(await escalationNotes(township, r.id)).toHaveLength(0)
    expect(await escalationNotes(county, r.id)).toHaveLength(0)
  })

  it('a red report whose intervention is recorded after reaching the township climbs no further', async () => {
    const r = await newReport(['living_alone'])
    expect(await escalate(r.id, at(r.createdAt, minutes(31)))).toEqual(['township'])
    expect((await call('POST', `/staff/reports/${r.id}/intervention`, { token: township.token, body: intervention(1) })).status).toBe(201)
    expect(await escalate(r.id, at(r.createdAt, minutes(24 * 60)))).toEqual([])
    await ctx.streamIdle()
    expect((await storedReport(r.id)).escalationLevel).toBe('township')
    expect(await escalationNotes(county, r.id)).toHaveLength(0)
  })

  it('a closed red report never escalates', async () => {
    const r = await newReport(['no_guardian'])
    // Closing a red report needs its intervention on record first (issue #11).
    expect((await call('POST', `/staff/reports/${r.id}/intervention`, { token: village.token, body: intervention() })).status).toBe(201)
    expect((await call('POST', `/staff/reports/${r.id}/close`, { token: village.token, body: { outcome: 'referred_to_police' } })).status).toBe(200)
    expect(await escalate(r.id, at(r.createdAt, minutes(24 * 60)))).toEqual([])
    expect(await escalatedEvents(r.id)).toHaveLength(0)
  })

  it.each([
    ['yellow', ['dropout']],
    ['blue', ['orphaned']],
    ['green', ['other']],
  ])('a %s report never escalates', async (colour, situations) => {
    const r = await newReport(situations)
    expect(r.colour).toBe(colour)
    const stored = await storedReport(r.id)
    expect(stored.escalationLevel).toBeUndefined()
    expect(stored.escalationDueAt).toBeUndefined()
    for (const h of [1, 24, 24 * 30]) expect(await escalate(r.id, at(r.createdAt, minutes(60 * h)))).toEqual([])
    await ctx.streamIdle()
    expect(await escalationNotes(township, r.id)).toHaveLength(0)
    expect(await escalationNotes(county, r.id)).toHaveLength(0)
    expect(await escalatedEvents(r.id)).toHaveLength(0)
  })
})

describe('the clock', () => {
  it('the next deadline honours the configured number of minutes', async () => {
    const r = await newReport(['trafficking'])
    const t1 = at(r.createdAt, minutes(31))
    expect(await escalate(r.id, t1, 5)).toEqual(['township'])
    expect((await storedReport(r.id)).escalationDueAt).toBe(new Date(t1.getTime() + minutes(5)).toISOString())
    // 4 minutes later: not yet; 6 minutes later: the county.
    expect(await escalate(r.id, new Date(t1.getTime() + minutes(4)), 5)).toEqual([])
    expect(await escalate(r.id, new Date(t1.getTime() + minutes(6)), 5)).toEqual(['county'])
    await ctx.streamIdle()
    expect(await escalationNotes(county, r.id)).toHaveLength(1)
  })

  it('a longer configured deadline holds the report back until it has passed', async () => {
    const r = await newReport(['abandoned'])
    const t1 = at(r.createdAt, minutes(31))
    expect(await escalate(r.id, t1, 120)).toEqual(['township'])
    expect(await escalate(r.id, new Date(t1.getTime() + minutes(119)), 120)).toEqual([])
    expect(await escalate(r.id, new Date(t1.getTime() + minutes(121)), 120)).toEqual(['county'])
  })

  it('regrading a yellow report to red starts the clock from the regrade', async () => {
    const r = await newReport(['carer_incapable'])
    // Yellow: an hour later nothing happens.
    expect(await escalate(r.id, at(r.createdAt, minutes(60)))).toEqual([])
    const regraded = await call('POST', `/staff/reports/${r.id}/regrade`, {
      token: village.token,
      body: { colour: 'red', reason: '入户发现孩子独自在家，无人照看' },
    })
    expect(regraded.status).toBe(200)
    const regradeTime = (await regradedAt(r.id))!
    const due = regraded.body.escalationDueAt as string
    expect(regraded.body).toMatchObject({ colour: 'red', escalationLevel: 'village' })
    expect(due).toBe(new Date(Date.parse(regradeTime) + minutes(30)).toISOString())

    expect(await escalate(r.id, new Date(Date.parse(due) - minutes(1)))).toEqual([])
    expect(await escalate(r.id, new Date(Date.parse(due) + minutes(1)))).toEqual(['township'])
    await ctx.streamIdle()
    expect(await escalationNotes(township, r.id)).toHaveLength(1)
  })

  it('regrading a red report away from red stops the clock', async () => {
    const r = await newReport(['abuse_violence'])
    const res = await call('POST', `/staff/reports/${r.id}/regrade`, { token: village.token, body: { colour: 'yellow', reason: '核实为误报，孩子由奶奶照看' } })
    expect(res.status).toBe(200)
    expect(res.body.escalationDueAt).toBeUndefined()
    expect(await escalate(r.id, at(r.createdAt, minutes(24 * 60)))).toEqual([])
    expect(await escalatedEvents(r.id)).toHaveLength(0)
  })
})

describe('configuration', () => {
  it('ESCALATION_MINUTES sets the first deadline of a new red report and every later one', async () => {
    // config.ts reads the environment once at import: load the product afresh with 10 minutes.
    const previous = process.env.ESCALATION_MINUTES
    process.env.ESCALATION_MINUTES = '10'
    vi.resetModules()
    try {
      const r = await newReport(['sexual_abuse'])
      expect((await storedReport(r.id)).escalationDueAt).toBe(at(r.createdAt, minutes(10)).toISOString())
      expect(await escalate(r.id, at(r.createdAt, minutes(9)))).toEqual([])
      expect(await escalate(r.id, at(r.createdAt, minutes(11)))).toEqual(['township'])
      expect((await storedReport(r.id)).escalationDueAt).toBe(at(r.createdAt, minutes(21)).toISOString())
      expect(await escalate(r.id, at(r.createdAt, minutes(22)))).toEqual(['county'])
    } finally {
      if (previous === undefined) delete process.env.ESCALATION_MINUTES
      else process.env.ESCALATION_MINUTES = previous
      vi.resetModules()
    }
  })
})

async function regradedAt(id: string) {
  return (await storedEvents(id)).find((e) => e.kind === 'regraded')?.at
}
