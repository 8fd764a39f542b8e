import { beforeAll, describe, expect, it } from 'vitest'
import { reportOutcomeText } from '@shouhu/shared'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn, storedEvents, storedReport } from './helpers'

useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let resident: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  resident = await residentToken('actions')
})

/** A named report, so the resident can follow it from their account. */
async function newReport(situations = ['dropout']) {
  const res = await fileReport(resident, reportBody({ situations: situations as any, reporter: { anonymous: false, name: '张敏', phone: '13700001234', relation: 'relative' } }))
  expect(res.status).toBe(201)
  return res.body as { id: string; trackingCode: string }
}

const post = (who: Staff, id: string, action: string, body: unknown = {}) => call('POST', `/staff/reports/${id}/${action}`, { token: who.token, body })
const residentSees = async (trackingCode: string) => {
  const res = await call('GET', `/reports/track/${trackingCode}`, { token: resident })
  expect(res.status).toBe(200)
  return res.body
}

describe('acknowledge', () => {
  it("acknowledging moves the report to 'acknowledged' and the resident sees 处理中", async () => {
    const r = await newReport()
    expect((await residentSees(r.trackingCode)).statusText).toBe('已收到')
    const res = await post(village, r.id, 'acknowledge')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('acknowledged')
    expect(res.body.acknowledgedAt).toBeTruthy()
    const stored = await storedReport(r.id)
    expect(stored).toMatchObject({ status: 'acknowledged', version: 1 })
    expect(stored.acknowledgedAt).toBe(res.body.acknowledgedAt)
    const seen = await residentSees(r.trackingCode)
    expect(seen).toMatchObject({ status: 'acknowledged', statusText: '处理中' })
    const mine = (await call('GET', '/reports/mine', { token: resident })).body.items.find((x: any) => x.id === r.id)
    expect(mine.statusText).toBe('处理中')
  })

  it('acknowledging twice is refused with 409 INVALID_TRANSITION and changes nothing', async () => {
    const r = await newReport()
    expect((await post(village, r.id, 'acknowledge')).status).toBe(200)
    const before = await storedReport(r.id)
    const again = await post(township, r.id, 'acknowledge')
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('INVALID_TRANSITION')
    const after = await storedReport(r.id)
    expect(after.version).toBe(before.version)
    expect(after.acknowledgedAt).toBe(before.acknowledgedAt)
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'acknowledged')).toHaveLength(1)
  })

  it('of two acknowledgements at the same moment exactly one succeeds; the other is told 409', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await newReport(['abandoned'])
      const results = await Promise.all([post(village, r.id, 'acknowledge'), post(township, r.id, 'acknowledge')])
      const statuses = results.map((x) => x.status).sort()
      expect(statuses).toEqual([200, 409])
      // Both acted on version 0: the loser is told the report changed, with the fresh report
      // (issue 8: it used to be re-tried on the new state).
      const loser = results.find((x) => x.status === 409)!.body.error
      expect(loser.code).toBe('STALE_VERSION')
      expect(loser.current).toMatchObject({ id: r.id, status: 'acknowledged', version: 1 })
      const acks = (await storedEvents(r.id)).filter((e) => e.kind === 'acknowledged')
      expect(acks).toHaveLength(1)
      const winner = results.findIndex((x) => x.status === 200) === 0 ? village : township
      expect(acks[0]!.actorId).toBe(winner.id)
      expect(await storedReport(r.id)).toMatchObject({ status: 'acknowledged', version: 1 })
    }
  })
})

describe('regrade', () => {
  it('regrading requires a reason: 400 naming `reason`, colour unchanged', async () => {
    const r = await newReport()
    for (const body of [{ colour: 'red' }, { colour: 'red', reason: ' ' }, { colour: 'red', reason: '急' }]) {
      const res = await post(village, r.id, 'regrade', body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
      const field = res.body.error.fields.find((f: any) => f.field === 'reason')
      expect(field).toBeDefined()
      expect(field.message).toContain('调整原因')
    }
    expect(await storedReport(r.id)).toMatchObject({ colour: 'yellow', version: 0 })
  })

  it('regrading records the colour it moved from and to, with the reason; the triaged colour stays', async () => {
    const r = await newReport()
    const res = await post(township, r.id, 'regrade', { colour: 'blue', reason: '入户核实后，爷爷身体尚可' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ colour: 'blue', triagedColour: 'yellow', status: 'received' })
    expect(await storedReport(r.id)).toMatchObject({ colour: 'blue', triagedColour: 'yellow' })
    const regraded = (await storedEvents(r.id)).filter((e) => e.kind === 'regraded')
    expect(regraded).toEqual([
      expect.objectContaining({ fromColour: 'yellow', toColour: 'blue', text: '入户核实后，爷爷身体尚可', actorId: township.id }),
    ])
  })

  it('regrading to the colour it already has is refused (409) and records nothing', async () => {
    const r = await newReport()
    const res = await post(village, r.id, 'regrade', { colour: 'yellow', reason: '保持不变' })
    expect(res.status).toBe(409)
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'regraded')).toHaveLength(0)
  })

  it('regrading to a colour that does not exist is refused with 400 naming `colour`', async () => {
    const r = await newReport()
    const res = await post(village, r.id, 'regrade', { colour: 'purple', reason: '无效颜色' })
    expect(res.status).toBe(400)
    expect(res.body.error.fields.map((f: any) => f.field)).toEqual(['colour'])
  })
})

describe('notes', () => {
  it('a note appends an event and leaves status and colour alone; an empty note is refused naming `text`', async () => {
    const r = await newReport()
    const empty = await post(village, r.id, 'notes', { text: '  ' })
    expect(empty.status).toBe(400)
    expect(empty.body.error.fields[0].field).toBe('text')

    const res = await post(village, r.id, 'notes', { text: '已电话联系孩子的奶奶，明天上门' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'received', colour: 'yellow' })
    const noted = (res.body.events as any[]).filter((e) => e.kind === 'noted')
    expect(noted).toEqual([expect.objectContaining({ text: '已电话联系孩子的奶奶，明天上门', actorId: village.id })])
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'noted')).toHaveLength(1)
  })
})

describe('close', () => {
  it('closing requires a valid outcome: 400 naming `outcome`, report still open', async () => {
    const r = await newReport()
    for (const body of [{}, { outcome: 'solved' }, { note: '处理完毕' }]) {
      const res = await post(village, r.id, 'close', body)
      expect(res.status).toBe(400)
      expect(res.body.error.fields.map((f: any) => f.field)).toContain('outcome')
    }
    expect(await storedReport(r.id)).toMatchObject({ status: 'received', version: 0 })
    expect((await residentSees(r.trackingCode)).status).toBe('received')
  })

  it('after closing, the resident sees the chosen outcome text and none of the staff notes', async () => {
    const r = await newReport()
    const staffOnly = ['奶奶患有脑梗后遗症，需要关注', '核实后风险较高', '父亲在浙江务工，已电话联系']
    expect((await post(village, r.id, 'acknowledge')).status).toBe(200)
    expect((await post(village, r.id, 'notes', { text: staffOnly[0] })).status).toBe(200)
    // Not red: a red report cannot be closed before its intervention is recorded (issue #11).
    expect((await post(township, r.id, 'regrade', { colour: 'blue', reason: staffOnly[1] })).status).toBe(200)
    const closed = await post(village, r.id, 'close', { outcome: 'family_contacted', note: staffOnly[2] })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'family_contacted' })
    expect(closed.body.closedAt).toBeTruthy()

    const seen = await residentSees(r.trackingCode)
    expect(seen).toMatchObject({ status: 'closed', statusText: '已办结', outcomeText: reportOutcomeText.family_contacted })
    const mine = (await call('GET', '/reports/mine', { token: resident })).body.items.find((x: any) => x.id === r.id)
    expect(mine.outcomeText).toBe(reportOutcomeText.family_contacted)
    for (const view of [seen, mine]) {
      const text = JSON.stringify(view)
      for (const note of staffOnly) expect(text).not.toContain(note)
      expect(view).not.toHaveProperty('events')
      expect(view).not.toHaveProperty('colour')
    }
  })

  it('a closed report refuses acknowledge, regrade, notes and close with 409 INVALID_TRANSITION, unchanged', async () => {
    const r = await newReport()
    expect((await post(county, r.id, 'close', { outcome: 'no_concern_found' })).status).toBe(200)
    const before = await storedReport(r.id)
    const eventsBefore = (await storedEvents(r.id)).length
    const attempts: [string, unknown][] = [
      ['acknowledge', {}],
      ['regrade', { colour: 'red', reason: '补充情况' }],
      ['notes', { text: '补充记录' }],
      ['close', { outcome: 'family_contacted' }],
    ]
    for (const [action, body] of attempts) {
      const res = await post(village, r.id, action, body)
      expect(res.status, action).toBe(409)
      expect(res.body.error.code).toBe('INVALID_TRANSITION')
    }
    const after = await storedReport(r.id)
    expect(after).toMatchObject({ status: 'closed', outcome: 'no_concern_found', colour: before.colour, version: before.version })
    expect((await storedEvents(r.id)).length).toBe(eventsBefore)
  })
})

describe('the record', () => {
  it('every staff event records actorId, actorName, role and an ISO time; the filing has a time and no actor', async () => {
    const r = await newReport()
    const start = Date.now()
    const steps: [Staff, string, unknown][] = [
      [village, 'acknowledge', {}],
      [village, 'notes', { text: '上门看望' }],
      [township, 'regrade', { colour: 'green', reason: '已有亲属照看' }],
      [county, 'notes', { text: '县级知悉' }],
      [township, 'close', { outcome: 'visited_child_cared_for' }],
    ]
    for (const [who, action, body] of steps) expect((await post(who, r.id, action, body)).status).toBe(200)
    const end = Date.now()

    const detail = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    const events = detail.body.events as any[]
    const created = events.filter((e) => e.kind === 'created')
    expect(created).toHaveLength(1)
    expect(created[0].at).toBe((await storedReport(r.id)).createdAt)
    expect(created[0]).not.toHaveProperty('actorId')

    const acted = events.filter((e) => e.kind !== 'created')
    // (contact_viewed audit entries, if any, must carry an actor too; they are checked in reporter-confidentiality)
    expect(acted.map((e) => e.kind).filter((k) => k !== 'contact_viewed').sort()).toEqual(['acknowledged', 'closed', 'noted', 'noted', 'regraded'])
    for (const e of acted) {
      expect(e.actorId, e.kind).toBeTruthy()
      expect(e.actorName, e.kind).toBeTruthy()
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(start - 1000)
      expect(Date.parse(e.at)).toBeLessThanOrEqual(end + 1000)
    }
    const byKind = (k: string) => acted.filter((e) => e.kind === k)
    expect(byKind('acknowledged')[0]).toMatchObject({ actorId: village.id, actorName: '李主任', actorRole: 'village_director' })
    expect(byKind('regraded')[0]).toMatchObject({ actorId: township.id, actorName: '陈督导', actorRole: 'township_supervisor' })
    expect(byKind('noted').map((e) => e.actorId).sort()).toEqual([village.id, county.id].sort())
    expect(byKind('closed')[0]).toMatchObject({ actorId: township.id, text: reportOutcomeText.visited_child_cared_for })
  })
})
