import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { inbox, signIn } from './helpers'
import { enrolBody, recordVisit, runChildDue, storedChild, timeline, visitBody } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, town: Staff, county: Staff

beforeAll(async () => {
  ;[dinghu, town, county] = await Promise.all(['dinghu', 'dinghu-town', 'sixian'].map(signIn))
})
afterEach(() => {
  delete process.env.VISIT_GRACE_MS
})

const DAY = 86_400_000
const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs)

/** A file made `daysAgo` days ago (as a ledger import or an old survey would have), through the workflow. */
async function madeDaysAgo(daysAgo: number, over: Record<string, unknown>) {
  const { enrolChild } = await import('../../functions/src/workflows/children')
  const { EnrolChild } = await import('@shouhu/shared')
  const { child } = await enrolChild(EnrolChild.parse(enrolBody(over)), { id: dinghu.id, role: 'village_director', displayName: dinghu.displayName }, { now: new Date(Date.now() - daysAgo * DAY) })
  return child
}

async function notes(who: Staff, childId: string, kind?: string) {
  await ctx.streamIdle()
  return (await inbox(who.token)).items.filter((n) => n.subject.type === 'child' && n.subject.id === childId && (!kind || n.kind === kind))
}

// The counts come from the overview's counters, which the stream keeps: wait for it first.
const overdueList = async (who: Staff, q = '') => (await ctx.streamIdle(), (await call('GET', `/staff/children/overdue?limit=100${q}`, { token: who.token })).body)

describe('a due contact not done climbs: director → township after the grace → county after another', () => {
  it('reminds at the moment it is overdue, the township one grace later, the county two; running twice notifies once', async () => {
    const child = await madeDaysAgo(40, { name: '逾期甲', birthDate: '2014-03-01', grade: { situations: ['dropout'], reason: '旷课' } })
    const d = child.duties[0]!
    expect(d.ruleId).toBe('yellow_home_visit')

    await runChildDue(at(d.overdueAt, -1000))
    expect(await notes(dinghu, child.id)).toHaveLength(0)

    await runChildDue(at(d.overdueAt, 1000))
    const reminded = await notes(dinghu, child.id, 'child_overdue')
    expect(reminded).toHaveLength(1)
    expect(reminded[0].body).toContain('黄色：至少每月入户走访一次')
    expect(await notes(town, child.id)).toHaveLength(0)
    expect((await storedChild(child.id)).overdue).toMatchObject({ level: 'director', ruleId: 'yellow_home_visit' })

    await runChildDue(at(d.overdueAt, 2000))
    expect(await notes(dinghu, child.id, 'child_overdue')).toHaveLength(1)

    await runChildDue(at(d.overdueAt, 7 * DAY - 1000))
    expect(await notes(town, child.id)).toHaveLength(0)
    await runChildDue(at(d.overdueAt, 7 * DAY + 1000))
    expect(await notes(town, child.id, 'child_overdue_escalated')).toHaveLength(1)
    expect(await notes(county, child.id)).toHaveLength(0)
    await runChildDue(at(d.overdueAt, 14 * DAY + 1000))
    expect(await notes(county, child.id, 'child_overdue_escalated')).toHaveLength(1)
    await runChildDue(at(d.overdueAt, 30 * DAY))
    expect(await notes(county, child.id)).toHaveLength(1)
    // Past the county nothing is due any more: the item left the due index.
    const { getItem } = await import('../../functions/src/data/table')
    expect((await getItem<any>(`CHILD#${child.id}`, 'CHILD', true))!.duePk).toBeUndefined()
    expect((await timeline(dinghu.token, child.id)).filter((e) => e.kind === 'overdue')).toHaveLength(3)
  })

  it('a red intervention not recorded within the day escalates the same way', async () => {
    const child = await madeDaysAgo(3, { name: '逾期红', birthDate: '2014-03-02', grade: { situations: ['abandoned'], reason: '疑似被遗弃' } })
    const d = child.duties[0]!
    expect(d.kind).toBe('intervention')
    expect(Date.parse(d.overdueAt) - Date.parse(child.redSince!)).toBe(DAY)
    await runChildDue(at(child.redSince!, 23 * 3600_000))
    expect(await notes(dinghu, child.id)).toHaveLength(0)
    await runChildDue(at(d.overdueAt, 1000))
    expect((await notes(dinghu, child.id, 'child_overdue'))[0].title).toContain('即时介入处置')
    await runChildDue(at(d.overdueAt, 7 * DAY + 1000))
    expect(await notes(town, child.id, 'child_overdue_escalated')).toHaveLength(1)
  })
})

describe('overdue lists per level, with counts per village and per director', () => {
  it('the township sees what is a grace past due; the county what is two; the director everything overdue; a visit takes it off', async () => {
    const long = await madeDaysAgo(40, { name: '逾期久', birthDate: '2014-04-01', grade: { situations: ['dropout'], reason: '旷课' } })
    const fresh = await madeDaysAgo(33, { name: '逾期新', birthDate: '2014-04-02', grade: { situations: ['dropout'], reason: '旷课' } })
    const mine = await overdueList(dinghu)
    expect(mine.level).toBe('director')
    expect(mine.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([long.id, fresh.id]))
    const township = await overdueList(town)
    expect(township.level).toBe('township')
    const ids = township.items.map((i: any) => i.id)
    expect(ids).toContain(long.id)
    expect(ids).not.toContain(fresh.id)
    const dinghuCount = township.byVillage.find((v: any) => v.code === '341324102200')
    expect(dinghuCount).toMatchObject({ name: '丁湖村' })
    expect(dinghuCount.count).toBe(township.items.filter((i: any) => i.villageCode === '341324102200').length)
    expect(township.byDirector.find((x: any) => x.id === dinghu.id)).toMatchObject({ name: dinghu.displayName, count: dinghuCount.count })
    expect(township.total).toBe(township.byVillage.reduce((n: number, v: any) => n + v.count, 0))
    expect((await overdueList(county)).items.map((i: any) => i.id)).not.toContain(long.id)
    // Filter by village; another township's village is refused.
    expect((await overdueList(town, '&village=341324102200')).items.map((i: any) => i.id)).toContain(long.id)
    expect((await call('GET', '/staff/children/overdue?village=341324103200', { token: town.token })).status).toBe(403)
    // Filter by colour on the server: only that colour's children, the counts unchanged.
    const yellow = await overdueList(town, '&colour=yellow')
    expect(yellow.items.map((i: any) => i.id)).toContain(long.id)
    expect(yellow.items.every((i: any) => i.colour === 'yellow')).toBe(true)
    expect(yellow.total).toBe(township.total)
    expect((await overdueList(town, '&colour=red')).items.map((i: any) => i.id)).not.toContain(long.id)
    const badColour = await call('GET', '/staff/children/overdue?colour=purple', { token: town.token })
    expect(badColour.status).toBe(400)
    expect(badColour.body.error.fields.map((f: any) => [f.field, f.code])).toEqual([['colour', 'invalid_colour']])

    // A short grace (as the browser test runs it): the county sees it too.
    process.env.VISIT_GRACE_MS = String(60_000)
    expect((await overdueList(county)).items.map((i: any) => i.id)).toContain(long.id)
    delete process.env.VISIT_GRACE_MS

    const done = await recordVisit(dinghu.token, long.id, visitBody())
    expect(done.status).toBe(201)
    expect(done.body.child.overdue).toBeUndefined()
    expect((await overdueList(town)).items.map((i: any) => i.id)).not.toContain(long.id)
  })

  it('the director’s today page: overdue first, then due today, then this week', async () => {
    const res = await call('GET', '/staff/children/today', { token: dinghu.token })
    expect(res.status).toBe(200)
    const all = [...res.body.overdue, ...res.body.dueToday, ...res.body.thisWeek]
    expect(res.body.overdue.every((i: any) => i.dueState === 'overdue' && i.overdue)).toBe(true)
    expect(res.body.dueToday.every((i: any) => i.next.dueOn === res.body.today)).toBe(true)
    expect(all.every((i: any) => i.villageCode === '341324102200')).toBe(true)
    for (const i of all) expect(i.next).toMatchObject({ what: expect.any(String), why: expect.any(String) })
    // 王小红 of the demo seed was visited a month ago today.
    expect(res.body.dueToday.map((i: any) => i.name)).toContain('王小红')
  })
})
