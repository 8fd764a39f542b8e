import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolBody, enrolled, recordVisit, visitBody } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff

const DINGHU = '341324102200'
const SHIDING = '341324102201'
const DAY = 86_400_000

beforeAll(async () => {
  ;[dinghu, shiding, town, county] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian'].map(signIn))
})

/** The overview as the API answers it, after the stream has applied everything written so far. */
async function overview(who: Staff, q = '') {
  await ctx.streamIdle()
  const res = await call('GET', `/staff/overview${q}`, { token: who.token })
  expect(res.status).toBe(200)
  return res.body
}
const villageOf = (o: any, code: string) => o.villages.find((v: any) => v.code === code)

/** A file made `daysAgo` days ago through the workflow (its first visit is long due). */
async function madeDaysAgo(daysAgo: number, over: Record<string, unknown>) {
  const { enrolChild } = await import('../../functions/src/workflows/children')
  const { EnrolChild } = await import('@shouhu/shared')
  const { child } = await enrolChild(EnrolChild.parse(enrolBody(over)), { id: dinghu.id, role: 'village_director', displayName: dinghu.displayName }, { now: new Date(Date.now() - daysAgo * DAY) })
  return child
}

async function countyRows() {
  const { areaCounters } = await import('../../functions/src/data/counters')
  return (await areaCounters('county', '341324000000')).map(({ updatedAt, ...r }) => r).sort((a, b) => a.villageCode.localeCompare(b.villageCode))
}

describe('counters kept by the stream', () => {
  it('a new child counts in its village, township and county; changing colour moves it between counts', async () => {
    const before = await overview(town)
    const file = await enrolled(dinghu.token, { name: '计数甲', birthDate: '2014-03-03' })
    const after = await overview(town)
    expect(after.figures.children.total).toBe(before.figures.children.total + 1)
    expect(after.figures.children.byColour.green).toBe(before.figures.children.byColour.green + 1)
    expect(villageOf(after, DINGHU).figures.children.total).toBe(villageOf(before, DINGHU)?.figures.children.total + 1 || 1)
    expect(after.figures.children.byCategory.find((k: any) => k.id === 'left_behind')).toMatchObject({ label: expect.stringContaining('留守') })
    expect(after.updatedAt).toBeTruthy()

    const graded = await call('POST', `/staff/children/${file.id}/grade`, { token: dinghu.token, body: { situations: ['dropout'], reason: '本学期旷课' } })
    expect(graded.status).toBe(200)
    const moved = await overview(town)
    expect(moved.figures.children.byColour.green).toBe(before.figures.children.byColour.green)
    expect(moved.figures.children.byColour.yellow).toBe(before.figures.children.byColour.yellow + 1)
    expect(moved.figures.children.total).toBe(before.figures.children.total + 1)

    const red = await call('POST', `/staff/children/${file.id}/grade`, { token: dinghu.token, body: { situations: ['living_alone'], reason: '独自居住' } })
    expect(red.status).toBe(200)
    const redNow = await overview(county)
    expect(redNow.figures.redWithoutIntervention).toBe(before.figures.redWithoutIntervention + 1)
    const intervened = await call('POST', `/staff/children/${file.id}/interventions`, {
      token: dinghu.token,
      headers: { 'idempotency-key': 'overview-intervene-1' },
      body: { actedAt: new Date(Date.now() - 600_000).toISOString(), whatWasDone: '上门将孩子接到亲戚家', policeToldAt: new Date(Date.now() - 300_000).toISOString(), childSafeNow: true },
    })
    expect(intervened.status).toBe(201)
    expect((await overview(county)).figures.redWithoutIntervention).toBe(before.figures.redWithoutIntervention)
  })

  it('a replayed stream batch counts once; an older image replayed after a newer one changes nothing', async () => {
    const file = await enrolled(dinghu.token, { name: '重放甲', birthDate: '2014-04-04' })
    await ctx.streamIdle()
    const { getItem } = await import('../../functions/src/data/table')
    const { handleTableChange } = await import('../../functions/src/workflows/stream')
    const v0 = (await getItem<Record<string, unknown>>(`CHILD#${file.id}`, 'CHILD', true))!
    const regraded = await call('POST', `/staff/children/${file.id}/grade`, { token: dinghu.token, body: { situations: ['care_lacking'], reason: '照护不足' } })
    expect(regraded.body.grade.colour).toBe('blue')
    await ctx.streamIdle()
    const v1 = (await getItem<Record<string, unknown>>(`CHILD#${file.id}`, 'CHILD', true))!
    const settled = await countyRows()

    // The same batch again (Lambda retries a batch after a later record failed), twice.
    for (let i = 0; i < 2; i++) {
      await handleTableChange({ eventName: 'INSERT', newImage: v0 })
      await handleTableChange({ eventName: 'MODIFY', oldImage: v0, newImage: v1 })
    }
    expect(await countyRows()).toEqual(settled)
    // Only the newer record replayed: still nothing.
    await handleTableChange({ eventName: 'MODIFY', oldImage: v0, newImage: v1 })
    expect(await countyRows()).toEqual(settled)
    const o = await overview(dinghu)
    expect(o.level).toBe('village')
    expect(o.villages.map((v: any) => v.code)).toEqual([DINGHU])
  })

  it('overdue by time: a visit counts as overdue the moment it is, without any write, and the township figure one grace later', async () => {
    const { overviewFor } = await import('../../functions/src/workflows/counters')
    const child = await madeDaysAgo(40, { name: '逾期计数', birthDate: '2014-05-05', grade: { situations: ['dropout'], reason: '旷课' } })
    const d = child.duties[0]!
    await ctx.streamIdle()
    const user = { role: 'township_supervisor' as const, divisionCode: '341324102000' }
    const at = (ms: number) => overviewFor(user, {}, new Date(Date.parse(d.overdueAt) + ms))
    const justBefore = await at(-1000)
    const justAfter = await at(1000)
    expect(justAfter.figures.visits.overdue).toBe(justBefore.figures.visits.overdue + 1)
    expect(justAfter.figures.visits.overdueTownship).toBe(justBefore.figures.visits.overdueTownship)
    const graceBefore = await at(7 * DAY - 1000)
    const graceLater = await at(7 * DAY + 1000)
    expect(graceLater.figures.visits.overdueTownship).toBe(graceBefore.figures.visits.overdueTownship + 1)
    expect(graceLater.byDirector.find((x) => x.id === dinghu.id)!.overdue).toBeGreaterThanOrEqual(1)

    // The overdue list and its counts agree (the counts come from the counters now).
    const list = (await call('GET', '/staff/children/overdue?limit=100', { token: town.token })).body
    const inDinghu = list.items.filter((i: any) => i.villageCode === DINGHU).length
    expect(list.byVillage.find((v: any) => v.code === DINGHU).count).toBe(inDinghu)
    expect(list.total).toBe(list.items.length)
    expect(list.byDirector.find((x: any) => x.id === dinghu.id).count).toBe(inDinghu)

    // A visit takes it off the counts.
    const before = await overview(town)
    expect((await recordVisit(dinghu.token, child.id, visitBody())).status).toBe(201)
    expect((await overview(town)).figures.visits.overdue).toBe(before.figures.visits.overdue - 1)
  })

  it('reports by status with the time to acknowledge; entrustment and application figures are there', async () => {
    const resident = await residentToken('overview-resident')
    const before = await overview(dinghu)
    const filed = await fileReport(resident, reportBody())
    expect(filed.status).toBe(201)
    const mid = await overview(dinghu)
    expect(mid.figures.reports.received).toBe(before.figures.reports.received + 1)
    expect(mid.figures.reports.waitingOldestMinutes).not.toBeNull()
    const ack = await call('POST', `/staff/reports/${filed.body.id}/acknowledge`, { token: dinghu.token, body: {} })
    expect(ack.status).toBe(200)
    const after = await overview(dinghu)
    expect(after.figures.reports.received).toBe(before.figures.reports.received)
    expect(after.figures.reports.acknowledged).toBe(before.figures.reports.acknowledged + 1)
    expect(after.figures.reports.ackMedianMinutes).toBe(5)
    expect(after.figures.entrustments).toHaveProperty('pendingVerification')
    expect(after.figures.applications.find((a: any) => a.state === 'submitted')).toMatchObject({ label: '待村级核查', targetDays: 5 })
  })
})

describe('who sees what', () => {
  it('a township sees only its own villages; a county narrows to one township; others are refused', async () => {
    await enrolled(dinghu.token, { name: '范围甲', birthDate: '2014-06-06' })
    const t = await overview(town)
    expect(t.level).toBe('township')
    expect(t.villages.length).toBeGreaterThan(0)
    expect(t.villages.every((v: any) => v.code.startsWith('341324102'))).toBe(true)
    expect(t.townships).toEqual([])
    expect((await call('GET', '/staff/overview?township=341324103000', { token: town.token })).status).toBe(403)

    const c = await overview(county)
    expect(c.level).toBe('county')
    expect(c.townships.map((x: any) => x.code)).toContain('341324102000')
    expect(c.villages).toEqual([])
    const narrowed = await overview(county, '?township=341324102000')
    expect(narrowed.villages.every((v: any) => v.code.startsWith('341324102'))).toBe(true)
    expect(narrowed.byDirector.find((x: any) => x.id === dinghu.id)).toMatchObject({ villageName: '丁湖村' })
    expect(narrowed.figures.children.total).toBe(c.figures.children.total)

    const bad = await call('GET', '/staff/overview?township=abc', { token: county.token })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'township' })
    expect(bad.body.error.fields[0].message).toContain('乡镇')
    expect((await call('GET', '/staff/overview?township=341324102000', { token: dinghu.token })).status).toBe(403)
    expect((await call('GET', '/staff/overview', {})).status).toBe(401)
  })

  it('village staff see their own village only; the neighbouring village’s figures and lists are not theirs', async () => {
    const mineBefore = await overview(shiding)
    expect(mineBefore.villages.map((v: any) => v.code)).toEqual([SHIDING])
    await enrolled(dinghu.token, { name: '邻村甲', birthDate: '2014-07-07' })
    const mineAfter = await overview(shiding)
    expect(mineAfter.figures.children.total).toBe(mineBefore.figures.children.total)
    expect(JSON.stringify(mineAfter)).not.toContain(DINGHU)
    expect((await call('GET', `/staff/children/overdue?village=${DINGHU}`, { token: shiding.token })).status).toBe(403)
    expect((await call('GET', `/staff/children?village=${DINGHU}`, { token: shiding.token })).status).toBe(403)
    const resident = await residentToken('overview-nosy')
    expect((await call('GET', '/staff/overview', { token: resident })).status).toBe(403)
  })
})

describe('weekly trend and rebuild', () => {
  it('the weekly snapshot is taken once per week, even when two runs overlap, and shows on the trend', async () => {
    await ctx.streamIdle()
    await import('../../functions/src/due/kinds')
    const { runAllDue } = await import('../../functions/src/due/registry')
    const { snapshotTimer, recentSnapshots } = await import('../../functions/src/data/counters')
    const timer = await snapshotTimer('341324000000')
    expect(timer).toBeTruthy()
    const at = new Date(Date.parse(timer!.at) + 60_000)
    const [a, b] = await Promise.all([runAllDue(at, { only: ['OVERVIEW_SNAPSHOT'] }), runAllDue(at, { only: ['OVERVIEW_SNAPSHOT'] })])
    expect((a.OVERVIEW_SNAPSHOT ?? 0) + (b.OVERVIEW_SNAPSHOT ?? 0)).toBe(1)
    const snaps = await recentSnapshots('341324000000', 5)
    expect(snaps).toHaveLength(1)
    expect(Date.parse((await snapshotTimer('341324000000'))!.at) - Date.parse(timer!.at)).toBe(7 * DAY)
    const o = await overview(county)
    expect(o.trend.map((p: any) => p.week)).toContain(snaps[0]!.week)
    expect(o.trend.at(-1).live).toBe(true)
  })

  it('the rebuild command recomputes exactly what the stream counted', async () => {
    await enrolled(dinghu.token, { name: '重算甲', birthDate: '2014-08-08', grade: { situations: ['dropout'], reason: '旷课' } })
    await madeDaysAgo(50, { name: '重算乙', birthDate: '2014-09-09' })
    await ctx.streamIdle()
    const incremental = await countyRows()
    expect(incremental.length).toBeGreaterThan(0)
    const { rebuildCounters } = await import('../../functions/src/ops/counters-rebuild')
    const out = await rebuildCounters('341324')
    expect(out.records).toBeGreaterThan(0)
    expect(await countyRows()).toEqual(incremental)
    // Counting carries on from the rebuilt state without double counting.
    const before = await overview(county)
    await enrolled(dinghu.token, { name: '重算丙', birthDate: '2014-10-10' })
    expect((await overview(county)).figures.children.total).toBe(before.figures.children.total + 1)
    expect((await call('GET', '/staff/overview', { token: county.token })).body.figures.children.total).toBe(before.figures.children.total + 1)
    await expect(rebuildCounters('34132')).rejects.toThrow(/6 位/)
  })
})
