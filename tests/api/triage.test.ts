import { beforeAll, describe, expect, it } from 'vitest'
import { type RiskColour, type SituationId, situationCatalog } from '@shouhu/shared'
import { SHIDING, call, fileReport, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'

useApi()

let resident: string
let dinghu: string
let shiding: string
let township: string

beforeAll(async () => {
  resident = await residentToken()
  dinghu = await staffToken('dinghu')
  shiding = await staffToken('shiding')
  township = await staffToken('dinghu-town')
})

async function file(situations: SituationId[], villageCode?: string) {
  const res = await fileReport(resident, reportBody({ situations, ...(villageCode ? { villageCode } : {}) }))
  expect(res.status).toBe(201)
  return res.body
}

describe('triage: 分级分色 from what was seen (seed 004 §3)', () => {
  it('the catalogue covers all four colours, so the per-situation checks below span every grade', () => {
    expect(new Set(situationCatalog.map((s) => s.colour))).toEqual(new Set(['red', 'yellow', 'blue', 'green']))
    expect(situationCatalog.length).toBeGreaterThanOrEqual(20)
  })

  it.each(situationCatalog.map((s) => [s.id, s.colour, s.label] as const))(
    'a report of only "%s" is graded %s, and the reporter is told to call 110 exactly when red',
    async (id, colour, label) => {
      const created = await file([id])
      expect(created.colour).toBe(colour)
      expect(created.callPoliceNow).toBe(colour === 'red')

      const detail = await call('GET', `/staff/reports/${created.id}`, { token: dinghu })
      expect(detail.status).toBe(200)
      expect(detail.body.colour).toBe(colour)
      expect(detail.body.triagedColour).toBe(colour)
      expect(detail.body.callPoliceNow).toBe(colour === 'red')
      expect(detail.body.situations).toEqual([{ id, label, colour }])

      const tracked = await call('GET', `/reports/track/${created.trackingCode}`, {
        token: resident,
        headers: { 'x-report-token': created.accessToken },
      })
      expect(tracked.status).toBe(200)
      expect(tracked.body.callPoliceNow).toBe(colour === 'red')
    },
  )

  const mixed: [SituationId[], RiskColour][] = [
    [['other', 'orphaned'], 'blue'],
    [['orphaned', 'other'], 'blue'],
    [['other', 'care_lacking', 'dropout'], 'yellow'],
    [['one_parent_addiction', 'parents_addiction'], 'yellow'],
    [['dropout', 'orphaned', 'living_alone', 'other'], 'red'],
    [['other', 'behaviour_concern', 'mental_distress', 'self_harm'], 'red'],
  ]
  it.each(mixed)('mixed situations %j take the most urgent colour (%s)', async (situations, colour) => {
    const created = await file(situations)
    expect(created.colour).toBe(colour)
    expect(created.callPoliceNow).toBe(colour === 'red')
    const detail = await call('GET', `/staff/reports/${created.id}`, { token: dinghu })
    expect(detail.body).toMatchObject({ colour, triagedColour: colour, callPoliceNow: colour === 'red' })
    // Each situation still shows its own colour, so staff see why the report got its grade.
    expect(detail.body.situations.map((s: any) => s.colour)).toEqual(
      situations.map((id) => situationCatalog.find((s) => s.id === id)!.colour),
    )
  })
})

describe('queue order', () => {
  it('open reports come red first (newest first within a colour), then yellow, blue, green; closed ones last', async () => {
    // Filed in this order, into 石丁村 so the queue holds nothing else from this file.
    const a = await file(['other'], SHIDING) // green, oldest
    const b = await file(['abandoned'], SHIDING) // red
    const c = await file(['orphaned'], SHIDING) // blue
    const d = await file(['dropout'], SHIDING) // yellow
    const e = await file(['no_guardian'], SHIDING) // red, newer than b
    const f = await file(['other'], SHIDING) // green, newer than a
    const g = await file(['carer_incapable'], SHIDING) // yellow, will be closed
    const h = await file(['trafficking'], SHIDING) // red, the newest: will be closed
    const i = await file(['care_lacking'], SHIDING) // blue, newer than c: acknowledged, still open

    const close = (id: string) =>
      call('POST', `/staff/reports/${id}/close`, { token: shiding, body: { outcome: 'visited_child_cared_for' } })
    expect((await close(g.id)).status).toBe(200)
    // A red report is closed only once its intervention is on record (issue #11).
    const intervention = { arrivedAt: new Date().toISOString(), found: '孩子已由亲属照看', policeTold: true, policeToldAt: new Date().toISOString(), childWhereNow: 'with_relatives', childSafeNow: true }
    expect((await call('POST', `/staff/reports/${h.id}/intervention`, { token: shiding, body: intervention })).status).toBe(201)
    expect((await close(h.id)).status).toBe(200)
    expect((await call('POST', `/staff/reports/${i.id}/acknowledge`, { token: shiding, body: {} })).status).toBe(200)

    const mine = new Set([a, b, c, d, e, f, g, h, i].map((r) => r.id))
    const queue = async (token: string, status: string) => {
      const res = await call('GET', `/staff/reports?status=${status}`, { token })
      expect(res.status).toBe(200)
      return (res.body.items as any[]).filter((r) => mine.has(r.id))
    }

    const all = await queue(shiding, 'all')
    expect(all.map((r) => r.id)).toEqual([e.id, b.id, d.id, i.id, c.id, f.id, a.id, h.id, g.id])
    expect(all.map((r) => `${r.status}:${r.colour}`)).toEqual([
      'received:red',
      'received:red',
      'received:yellow',
      'acknowledged:blue',
      'received:blue',
      'received:green',
      'received:green',
      'closed:red',
      'closed:yellow',
    ])

    // The township reads the same order across its villages.
    expect((await queue(township, 'all')).map((r) => r.id)).toEqual(all.map((r) => r.id))
    // The default queue is the open one; closed reports are listed only when asked for.
    const open = (await call('GET', '/staff/reports', { token: shiding })).body.items.filter((r: any) => mine.has(r.id))
    expect(open.map((r: any) => r.id)).toEqual([e.id, b.id, d.id, i.id, c.id, f.id, a.id])
    expect((await queue(shiding, 'closed')).map((r) => r.id)).toEqual([h.id, g.id])
  })

  it('a regraded report moves to the place of its new colour', async () => {
    const red = await file(['living_alone'], SHIDING)
    const green = await file(['other'], SHIDING) // newer than red
    const ids = new Set([red.id, green.id])
    const order = async () =>
      ((await call('GET', '/staff/reports?status=all', { token: shiding })).body.items as any[]).filter((r) => ids.has(r.id)).map((r) => r.id)
    expect(await order()).toEqual([red.id, green.id])
    const regraded = await call('POST', `/staff/reports/${green.id}/regrade`, {
      token: shiding,
      body: { colour: 'red', reason: '入户核实：孩子实际独自居住' },
    })
    expect(regraded.status).toBe(200)
    expect(regraded.body).toMatchObject({ colour: 'red', triagedColour: 'green' })
    // Both red now: the newer one first.
    expect(await order()).toEqual([green.id, red.id])
  })

  it('rejects an unknown queue filter with 400 naming `status`', async () => {
    const res = await call('GET', '/staff/reports?status=everything', { token: dinghu })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].field).toBe('status')
  })
})
