import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { type Department, reasonsFor } from '@shouhu/shared'
import { signIn } from './helpers'
import { enrolled } from './children-fixtures'

/**
 * The overview's drill-downs (issue #12): each figure opens its queue narrowed to the division
 * and status behind it. The narrowing is checked against the user's jurisdiction both ways, is
 * validated, and pages with a cursor. Open referrals are counted per department by the stream
 * (exactly once, and rebuilt by the command), and the referral list's per-department counts
 * come from those counters.
 */
const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
type Json = Record<string, any>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff, edu: Staff

const DINGHU = '341324102200'
const SHIDING = '341324102201'
const DINGHU_TOWN = '341324102000'
const OTHER_TOWN = '341324103000'

beforeAll(async () => {
  ;[dinghu, shiding, town, county, edu] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian', 'sixian-edu'].map(signIn))
})

const get = (who: Staff, path: string) => call('GET', path, { token: who.token })

/** Every row of a paged list (a filtered page may be short and still have a cursor). */
async function allRows(who: Staff, path: string): Promise<Json[]> {
  const rows: Json[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const res = await get(who, `${path}${path.includes('?') ? '&' : '?'}limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    rows.push(...res.body.items)
    cursor = res.body.nextCursor
    if (++pages > 200) throw new Error('paging never ended')
  } while (cursor)
  return rows
}

async function overview(who: Staff, q = '') {
  await ctx.streamIdle()
  const res = await get(who, `/staff/overview${q}`)
  expect(res.status).toBe(200)
  return res.body
}

async function countyRows() {
  const { areaCounters } = await import('../../functions/src/data/counters')
  return (await areaCounters('county', '341324000000')).map(({ updatedAt, ...r }) => r).sort((a, b) => a.villageCode.localeCompare(b.villageCode))
}

/** A referral to `department` for its first reason, sharing exactly that reason's minimum. */
function dropoutReferral(childId: string, department: Department = 'education'): Json {
  const reason = reasonsFor(department)[0]!
  return {
    childId,
    department,
    reasons: [reason.id],
    note: '开学两周没去学校',
    urgency: 'routine',
    shared: [...reason.minimumFacts],
    consent: { basis: 'guardian', givenBy: '测奶奶', relation: '奶奶', givenOn: '2026-11-20' },
  }
}
async function referred(token: string, body: Json): Promise<Json> {
  const res = await call('POST', '/staff/referrals', { token, body, headers: { 'idempotency-key': randomUUID() } })
  if (res.status !== 201) throw new Error(`refer: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

describe('reports: a figure opens the queue of that village and that status', () => {
  it('own area allowed (village, township, county); the neighbouring village and township refused; bad values are 400', async () => {
    const resident = await residentToken('drill-resident')
    const waiting = await fileReport(resident, reportBody())
    const handled = await fileReport(resident, reportBody())
    expect(waiting.status).toBe(201)
    expect((await call('POST', `/staff/reports/${handled.body.id}/acknowledge`, { token: dinghu.token, body: {} })).status).toBe(200)

    for (const who of [town, county]) {
      const received = await allRows(who, `/staff/reports?village=${DINGHU}&status=received`)
      expect(received.map((r) => r.id)).toContain(waiting.body.id)
      expect(received.map((r) => r.id)).not.toContain(handled.body.id)
      expect(received.every((r) => r.status === 'received' && r.villageCode === DINGHU)).toBe(true)
      const acknowledged = await allRows(who, `/staff/reports?village=${DINGHU}&status=acknowledged`)
      expect(acknowledged.map((r) => r.id)).toContain(handled.body.id)
      expect(acknowledged.every((r) => r.status === 'acknowledged')).toBe(true)
    }
    // A county narrows to a township; the report of 丁湖村 is in 丁湖镇, not in another township.
    expect((await allRows(county, `/staff/reports?township=${DINGHU_TOWN}&status=received`)).map((r) => r.id)).toContain(waiting.body.id)
    expect((await allRows(county, `/staff/reports?township=${OTHER_TOWN}&status=received`)).map((r) => r.id)).not.toContain(waiting.body.id)
    // The village director: their own village is fine, the neighbouring one is not theirs.
    expect((await allRows(dinghu, `/staff/reports?village=${DINGHU}&status=received`)).map((r) => r.id)).toContain(waiting.body.id)
    expect((await get(shiding, `/staff/reports?village=${DINGHU}&status=received`)).status).toBe(403)
    expect((await get(dinghu, `/staff/reports?village=${SHIDING}`)).status).toBe(403)
    expect((await get(town, `/staff/reports?township=${OTHER_TOWN}`)).status).toBe(403)
    expect((await get(dinghu, `/staff/reports?township=${DINGHU_TOWN}`)).status).toBe(403)

    const bad = await get(town, `/staff/reports?village=${'9'.repeat(400)}`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'village', message: expect.stringContaining('村') })
    expect((await get(town, `/staff/reports?village=${DINGHU_TOWN}`)).body.error.fields[0].field).toBe('village')
    expect((await get(county, `/staff/reports?township=${DINGHU}`)).body.error.fields[0].field).toBe('township')
    expect((await get(town, '/staff/reports?status=waiting')).body.error.fields[0].field).toBe('status')
    // A cursor of the unfiltered queue does not fit the narrowed one: a clean 400, never a 500.
    expect((await get(town, `/staff/reports?village=${DINGHU}&cursor=garbage`)).status).toBe(400)
  })
})

describe('entrustments and applications: narrowed the same way', () => {
  it('own area allowed, the neighbouring village refused, bad values 400', async () => {
    for (const path of ['/staff/entrustments?filter=todo', '/staff/applications?stage=submitted', '/staff/applications?stage=all']) {
      const rows = await allRows(town, `${path}&village=${DINGHU}`)
      expect(rows.every((r) => r.villageName === undefined || r.villageName === '丁湖村')).toBe(true)
      expect((await get(dinghu, `${path}&village=${DINGHU}`)).status).toBe(200)
      expect((await get(county, `${path}&township=${DINGHU_TOWN}`)).status).toBe(200)
      expect((await get(dinghu, `${path}&village=${SHIDING}`)).status).toBe(403)
      expect((await get(town, `${path}&township=${OTHER_TOWN}`)).status).toBe(403)
      expect((await get(town, `${path}&village=12`)).body.error.fields[0].field).toBe('village')
    }
  })
})

describe('children: 红色未记录处置 lists exactly the red children without a recorded intervention', () => {
  it('filters on the server; a recorded intervention takes the child off; the neighbouring village is refused', async () => {
    const red = await enrolled(dinghu.token, { name: '红未处置', birthDate: '2014-02-02', grade: { situations: ['living_alone'], reason: '独自居住' } })
    const green = await enrolled(dinghu.token, { name: '绿孩子', birthDate: '2014-02-03' })
    const listed = async (who: Staff, q: string) => (await allRows(who, `/staff/children?redOpen=true${q}`)).map((r) => r.id)
    for (const [who, q] of [[dinghu, ''], [town, `&village=${DINGHU}`], [county, '']] as const) {
      const ids = await listed(who, q)
      expect(ids).toContain(red.id)
      expect(ids).not.toContain(green.id)
    }
    const rows = await allRows(town, `/staff/children?redOpen=true&village=${DINGHU}`)
    expect(rows.every((r) => r.colour === 'red')).toBe(true)
    // The list and the figure agree: both come from the same fact on the file.
    expect(rows.length).toBe((await overview(dinghu)).figures.redWithoutIntervention)

    expect((await get(shiding, `/staff/children?redOpen=true&village=${DINGHU}`)).status).toBe(403)
    expect(await listed(shiding, '')).not.toContain(red.id)
    expect((await get(town, '/staff/children?redOpen=yes')).body.error.fields[0]).toMatchObject({ field: 'redOpen' })

    const done = await call('POST', `/staff/children/${red.id}/interventions`, {
      token: dinghu.token,
      headers: { 'idempotency-key': randomUUID() },
      body: { actedAt: new Date(Date.now() - 600_000).toISOString(), whatWasDone: '上门将孩子接到亲戚家', policeToldAt: new Date(Date.now() - 300_000).toISOString(), childSafeNow: true },
    })
    expect(done.status).toBe(201)
    expect(await listed(town, `&village=${DINGHU}`)).not.toContain(red.id)
    expect((await get(town, `/staff/children?colour=red&village=${DINGHU}&limit=100`)).body.items.map((r: Json) => r.id)).toContain(red.id)
  })
})

describe('referrals on the overview: open referrals by department, counted by the stream', () => {
  it('counts per department and village, drills down to that department, the list’s counts come from the counters; closing takes it off', async () => {
    const before = await overview(town)
    const beforeEdu = before.figures.referrals.find((r: Json) => r.department === 'education')?.count ?? 0
    const child = await enrolled(dinghu.token, { name: '转介计数', birthDate: '2013-05-05' })
    const r = await referred(dinghu.token, dropoutReferral(child.id))
    const policeChild = await enrolled(dinghu.token, { name: '转介计数乙', birthDate: '2013-05-06' })
    await referred(dinghu.token, dropoutReferral(policeChild.id, 'police'))

    const after = await overview(town)
    expect(after.figures.referrals.find((x: Json) => x.department === 'education')).toMatchObject({ label: '教育局', count: beforeEdu + 1 })
    const village = after.villages.find((v: Json) => v.code === DINGHU)
    expect(village.figures.referrals.find((x: Json) => x.department === 'education').count).toBeGreaterThanOrEqual(1)
    expect((await overview(county)).figures.referrals.find((x: Json) => x.department === 'education').count).toBe(beforeEdu + 1)

    // The referral list's per-department counts are the counters' (the same numbers as the overview).
    const list = await get(town, '/staff/referrals?state=open')
    expect(list.status).toBe(200)
    const eduCount = list.body.byDepartment.find((d: Json) => d.department === 'education')
    expect(eduCount).toMatchObject({ label: '教育局', count: beforeEdu + 1, oldestDays: expect.any(Number) })
    expect(list.body.byDepartment.map((d: Json) => d.count)).toEqual(after.figures.referrals.map((x: Json) => x.count))
    // Village staff: their village's counter only.
    const own = await get(dinghu, '/staff/referrals?state=open')
    expect(own.body.byDepartment.find((d: Json) => d.department === 'education').count).toBe(village.figures.referrals.find((x: Json) => x.department === 'education').count)

    // Drill-down: that department (and that village), nothing else.
    const edus = await allRows(town, `/staff/referrals?state=open&department=education&village=${DINGHU}`)
    expect(edus.map((x) => x.id)).toContain(r.id)
    expect(edus.every((x) => x.department === 'education')).toBe(true)
    expect((await allRows(county, '/staff/referrals?state=open&department=police')).map((x) => x.id)).not.toContain(r.id)
    expect((await get(shiding, `/staff/referrals?department=education&village=${DINGHU}`)).status).toBe(403)
    expect((await get(town, `/staff/referrals?township=${OTHER_TOWN}`)).status).toBe(403)
    expect((await get(town, '/staff/referrals?department=weather')).body.error.fields[0]).toMatchObject({ field: 'department' })
    expect((await get(shiding, '/staff/referrals?state=open')).body.byDepartment.find((d: Json) => d.department === 'education')).toBeUndefined()

    // The department closes it: off the open counts.
    const ack = await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: edu.token, body: { version: r.version } })
    expect(ack.status).toBe(200)
    const closed = await call('POST', `/staff/referrals/department/${r.id}/close`, { token: edu.token, body: { version: ack.body.version, outcome: 'resolved', text: '孩子已返校上课' } })
    expect(closed.status).toBe(200)
    expect((await overview(town)).figures.referrals.find((x: Json) => x.department === 'education')?.count ?? 0).toBe(beforeEdu)
  })

  it('a replayed stream batch of a referral counts once; the rebuild gives the same counters', async () => {
    const child = await enrolled(dinghu.token, { name: '转介重放', birthDate: '2013-06-06' })
    const r = await referred(dinghu.token, dropoutReferral(child.id, 'health'))
    await ctx.streamIdle()
    const { getItem } = await import('../../functions/src/data/table')
    const { handleTableChange } = await import('../../functions/src/workflows/stream')
    const v1 = (await getItem<Json>(`REFERRAL#${r.id}`, 'REFERRAL', true))!
    const settled = await countyRows()
    const healthNow = (await overview(county)).figures.referrals.find((x: Json) => x.department === 'health').count
    for (let i = 0; i < 2; i++) await handleTableChange({ eventName: 'INSERT', newImage: v1 as any })
    expect(await countyRows()).toEqual(settled)
    expect((await overview(county)).figures.referrals.find((x: Json) => x.department === 'health').count).toBe(healthNow)

    const { rebuildCounters } = await import('../../functions/src/ops/counters-rebuild')
    await rebuildCounters('341324')
    expect(await countyRows()).toEqual(settled)
    expect(settled.find((row) => row.villageCode === DINGHU)!.n['ref.health']).toBeGreaterThanOrEqual(1)
  })
})
