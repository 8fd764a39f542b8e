import { beforeAll, describe, expect, it } from 'vitest'
import { errorMessages } from '@shouhu/shared'
import {
  DINGHU,
  OTHER_TOWN_VILLAGE,
  SHIDING,
  call,
  fileReport,
  reportBody,
  residentToken,
  useApi,
} from '../support/api-harness'
import { addStaff, signIn, storedEvents, storedReport } from './helpers'

useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
const staff: Record<string, Staff> = {}
let resident: string

beforeAll(async () => {
  for (const u of ['dinghu', 'shiding', 'dinghu-town', 'sixian']) staff[u] = await signIn(u)
  // A supervisor of another township of the same county (草沟镇) and an officer of another county (灵璧县).
  staff['caogou-town'] = await addStaff({
    username: 'caogou-town',
    role: 'township_supervisor',
    displayName: '孙督导',
    divisionCode: '341324103000',
    divisionName: '草沟镇',
  })
  staff['lingbi'] = await addStaff({
    username: 'lingbi',
    role: 'county_officer',
    displayName: '吴科长',
    divisionCode: '341323000000',
    divisionName: '灵璧县',
  })
  resident = await residentToken('access-a')
})

const named = (over: Record<string, unknown> = {}) =>
  reportBody({ situations: ['dropout'], reporter: { anonymous: false, name: '王秀英', phone: '13812345678', relation: 'teacher', unit: '丁湖镇中心小学' }, ...over })

async function newReport(villageCode = DINGHU) {
  const res = await fileReport(resident, named({ villageCode }))
  expect(res.status).toBe(201)
  return res.body as { id: string; trackingCode: string; accessToken: string }
}

async function listed(token: string, id: string) {
  const res = await call('GET', '/staff/reports?status=all', { token })
  expect(res.status).toBe(200)
  return (res.body.items as any[]).some((r) => r.id === id)
}

/** What must not move when a write is refused: the report itself and its event history. */
async function snapshot(id: string) {
  const r = await storedReport(id)
  const events = await storedEvents(id)
  return {
    version: r.version,
    status: r.status,
    colour: r.colour,
    outcome: r.outcome,
    events: events.length,
    // Actions taken, apart from audit entries of who looked at the reporter.
    actions: events.filter((e) => e.kind !== 'contact_viewed').length,
  }
}

const writes = {
  acknowledge: { body: {} },
  regrade: { body: { colour: 'red', reason: '核实后情况更严重' } },
  notes: { body: { text: '已电话联系孩子的奶奶' } },
  close: { body: { outcome: 'family_contacted', note: '已落实照护' } },
  'reporter-contact': { body: {} },
} as const
type Write = keyof typeof writes

const pairs = [
  {
    level: 'village',
    allowed: 'dinghu',
    allowedLabel: "the director of the child's village (丁湖村)",
    denied: 'shiding',
    deniedLabel: 'the director of the neighbouring village (石丁村)',
    deniedHome: SHIDING,
  },
  {
    level: 'township',
    allowed: 'dinghu-town',
    allowedLabel: "the supervisor of the child's township (丁湖镇)",
    denied: 'caogou-town',
    deniedLabel: 'the supervisor of another township (草沟镇)',
    deniedHome: OTHER_TOWN_VILLAGE,
  },
  {
    level: 'county',
    allowed: 'sixian',
    allowedLabel: "the officer of the child's county (泗县)",
    denied: 'lingbi',
    deniedLabel: 'the officer of another county (灵璧县)',
    deniedHome: undefined,
  },
] as const

describe.each(pairs)('jurisdiction at $level level', ({ level, allowed, allowedLabel, denied, deniedLabel, deniedHome }) => {
  it(`${allowedLabel} has the report in their list; ${deniedLabel} does not`, async () => {
    const r = await newReport()
    expect(await listed(staff[allowed]!.token, r.id)).toBe(true)
    expect(await listed(staff[denied]!.token, r.id)).toBe(false)
    if (deniedHome) {
      // The denied side's list works: a report from their own area is there, and not in the other's.
      const theirs = await newReport(deniedHome)
      expect(await listed(staff[denied]!.token, theirs.id)).toBe(true)
      expect(await listed(staff[allowed]!.token, theirs.id)).toBe(false)
    }
  })

  it(`${allowedLabel} may open the report; ${deniedLabel} is refused 403 and leaves no trace`, async () => {
    const r = await newReport()
    const before = await snapshot(r.id)
    const refused = await call('GET', `/staff/reports/${r.id}`, { token: staff[denied]!.token })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('FORBIDDEN')
    expect(JSON.stringify(refused.body)).not.toContain(r.trackingCode)
    expect(await snapshot(r.id)).toEqual(before)

    const ok = await call('GET', `/staff/reports/${r.id}`, { token: staff[allowed]!.token })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ id: r.id, trackingCode: r.trackingCode, villageCode: DINGHU, villageName: '丁湖村' })
  })

  it.each(Object.keys(writes) as Write[])(
    `POST %s: ${deniedLabel} is refused 403 and the report is unchanged; ${allowedLabel} is not stopped by jurisdiction`,
    async (action) => {
      const r = await newReport()
      const before = await snapshot(r.id)
      const refused = await call('POST', `/staff/reports/${r.id}/${action}`, { token: staff[denied]!.token, body: writes[action].body })
      expect(refused.status).toBe(403)
      expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', message: errorMessages.FORBIDDEN })
      expect(JSON.stringify(refused.body)).not.toContain('13812345678')
      expect(await snapshot(r.id)).toEqual(before)

      const res = await call('POST', `/staff/reports/${r.id}/${action}`, { token: staff[allowed]!.token, body: writes[action].body })
      const after = await snapshot(r.id)
      if (action === 'reporter-contact') {
        if (level === 'village') {
          // Not a jurisdiction refusal: the reporter is kept confidential from the village (003 §3(一)).
          expect(res.status).toBe(403)
          expect(res.body.error.message).toContain('对村级保密')
          expect(after).toEqual(before)
        } else {
          expect(res.status).toBe(200)
          expect(res.body).toEqual({ name: '王秀英', phone: '13812345678', relation: '老师', unit: '丁湖镇中心小学' })
          expect(after).toEqual({ ...before, events: before.events + 1 })
        }
        return
      }
      expect(res.status).toBe(200)
      expect(after.version).toBe(before.version + 1)
      expect(after.actions).toBe(before.actions + 1)
      const expected = {
        acknowledge: { status: 'acknowledged' },
        regrade: { colour: 'red', status: 'received' },
        notes: { status: 'received', colour: 'yellow' },
        close: { status: 'closed', outcome: 'family_contacted' },
      }[action]
      expect(after).toMatchObject(expected)
      expect(res.body).toMatchObject({ id: r.id, ...expected })
    },
  )
})

describe('residents', () => {
  it('a resident sees only their own named reports in /reports/mine (anonymous ones are not linked to them)', async () => {
    const a = resident
    const b = await residentToken('access-b')
    const aNamed = (await fileReport(a, named())).body
    const aAnon = (await fileReport(a, reportBody())).body
    const bNamed = (await fileReport(b, named({ reporter: { anonymous: false, name: '刘强', phone: '13900001111' } }))).body

    const mineA = await call('GET', '/reports/mine', { token: a })
    const mineB = await call('GET', '/reports/mine', { token: b })
    expect(mineA.status).toBe(200)
    const idsA = (mineA.body.items as any[]).map((r) => r.id)
    const idsB = (mineB.body.items as any[]).map((r) => r.id)
    expect(idsA).toContain(aNamed.id)
    expect(idsA).not.toContain(aAnon.id)
    expect(idsA).not.toContain(bNamed.id)
    expect(idsB).toEqual([bNamed.id])
    // What a resident sees has no colour and no staff-only fields.
    const view = (mineA.body.items as any[]).find((r) => r.id === aNamed.id)
    expect(view).toMatchObject({ status: 'received', statusText: '已收到', villageName: '丁湖村' })
    expect(view).not.toHaveProperty('colour')
    expect(view).not.toHaveProperty('reporter')
  })

  // Changed with issue 8: the tracking code the reporter is told to keep is itself the way to
  // follow the report from any phone (the old rule, device token only, broke that promise).
  it("any phone holding a report's tracking code can follow it; a made-up code or a stale device token is 404", async () => {
    const other = await residentToken('access-c')
    const r = (await fileReport(resident, named())).body
    const path = `/reports/track/${r.trackingCode}`

    const byCode = await call('GET', path, { token: other })
    expect(byCode.status).toBe(200)
    expect(byCode.body.id).toBe(r.id)
    expect(byCode.body).not.toHaveProperty('dutyReceipt')
    const signedOut = await call('GET', path)
    expect(signedOut.status).toBe(200)
    const wrongToken = await call('GET', path, { token: other, headers: { 'x-report-token': 'not-the-token' } })
    expect(wrongToken.status).toBe(404)
    const madeUp = await call('GET', '/reports/track/ABCD-EFGH-JKMN', { token: other })
    expect(madeUp.status).toBe(404)
    expect(madeUp.body.error.code).toBe('NOT_FOUND')

    const owner = await call('GET', path, { token: resident })
    expect(owner.status).toBe(200)
    expect(owner.body.id).toBe(r.id)
  })

  it('an anonymous report is followed by its code from any phone; another report\'s device token does not open it', async () => {
    const other = await residentToken('access-d')
    const r = (await fileReport(resident, reportBody())).body
    const another = (await fileReport(resident, reportBody({ description: '另一条' }))).body
    const path = `/reports/track/${r.trackingCode}`

    expect((await call('GET', path, { token: other })).status).toBe(200)
    expect((await call('GET', path, { token: resident, headers: { 'x-report-token': another.accessToken } })).status).toBe(404)

    const withToken = await call('GET', path, { token: resident, headers: { 'x-report-token': r.accessToken } })
    expect(withToken.status).toBe(200)
    expect(withToken.body).toMatchObject({ id: r.id, trackingCode: r.trackingCode, status: 'received' })
    // Lower-case code as typed by hand, without dashes, works too.
    const lower = await call('GET', `/reports/track/${r.trackingCode.toLowerCase().replace(/-/g, '')}`, { token: other })
    expect(lower.status).toBe(200)
  })

  it('a resident cannot use any staff route (403) and changes nothing', async () => {
    const r = (await fileReport(resident, named())).body
    const before = await snapshot(r.id)
    const routes: [string, string, unknown][] = [
      ['GET', '/staff/reports?status=all', undefined],
      ['GET', `/staff/reports/${r.id}`, undefined],
      ...(Object.keys(writes) as Write[]).map((w) => ['POST', `/staff/reports/${r.id}/${w}`, writes[w].body] as [string, string, unknown]),
    ]
    for (const [method, path, body] of routes) {
      const res = await call(method, path, { token: resident, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
      expect(JSON.stringify(res.body)).not.toContain('13812345678')
    }
    expect(await snapshot(r.id)).toEqual(before)
    // Their own inbox holds nothing about the staff's work on the report.
    const own = await call('GET', '/notifications', { token: resident })
    expect(own.status).toBe(200)
    expect(own.body.items.filter((n: any) => n.subject.id === r.id)).toEqual([])
  })

  it('staff routes refuse a caller without a session (401), and staff cannot use resident routes (403)', async () => {
    const r = (await fileReport(resident, named())).body
    expect((await call('GET', `/staff/reports/${r.id}`)).status).toBe(401)
    expect((await call('POST', `/staff/reports/${r.id}/acknowledge`, { body: {} })).status).toBe(401)
    expect((await call('GET', '/reports/mine', { token: staff.dinghu!.token })).status).toBe(403)
    // A staff account holding the code sees only what a reporter sees (changed with issue 8: any account may follow by code).
    const tracked = await call('GET', `/reports/track/${r.trackingCode}`, { token: staff.dinghu!.token, headers: { 'x-report-token': r.accessToken } })
    expect(tracked.status).toBe(200)
    expect(tracked.body).not.toHaveProperty('colour')
    expect(tracked.body).not.toHaveProperty('reporter')
  })
})
