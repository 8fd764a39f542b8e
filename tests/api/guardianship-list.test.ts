import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { allPages, call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { addDays, chinaToday, enrolled } from './children-fixtures'

/**
 * The list of temporary guardianships (001 #5; 004 #6–7): the county officer sees every
 * placement of the county, the township supervisor those of their own villages; open ones
 * first and the earliest review first, so an overdue review leads; paged with a cursor.
 */
useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
type Json = Record<string, any>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff, edu: Staff

const CAOGOU = '341324103200' // 草沟镇草沟村: another township of the county

beforeAll(async () => {
  ;[dinghu, shiding, town, county, edu] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian', 'sixian-edu'].map(signIn))
})

const today = () => chinaToday()
const get = (who: Staff, path: string) => call('GET', path, { token: who.token })

async function place(villageCode: string, name: string, startOn: string, reviewOn: string): Promise<Json> {
  const child = await enrolled(county.token, { villageCode, name })
  const res = await call('POST', `/staff/cases/children/${child.id}/guardianship`, {
    token: county.token,
    headers: { 'idempotency-key': randomUUID() },
    body: { placement: 'welfare_institution', carerName: '泗县儿童福利院', reason: '父母均联系不上，孩子无人照料', startOn, reviewOn },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { ...res.body, childName: name }
}

const allRows = (who: Staff, query = '') => allPages(who.token, `/staff/cases/guardianships${query.replace(/^&/, '?')}`)

let overdue: Json, dueLater: Json, otherTownship: Json, ended: Json

beforeAll(async () => {
  overdue = await place('341324102200', '测逾期', addDays(today(), -40), addDays(today(), -10))
  dueLater = await place('341324102201', '测石丁', addDays(today(), -5), addDays(today(), 25))
  otherTownship = await place(CAOGOU, '测草沟', addDays(today(), -3), addDays(today(), 27))
  ended = await place('341324102200', '测已结束', addDays(today(), -60), addDays(today(), 5))
  const end = await call('POST', `/staff/cases/guardianships/${ended.id}/end`, {
    token: county.token,
    body: { version: ended.version, endOn: today(), outcome: '回到返乡的父亲身边', endReason: '父亲已返乡，能够照料' },
  })
  expect(end.status, JSON.stringify(end.body)).toBe(200)
})

describe('the list of temporary guardianships', () => {
  it('the county officer pages through every open placement of the county, the overdue review first', async () => {
    const rows = await allRows(county)
    const ids = rows.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([overdue.id, dueLater.id, otherTownship.id]))
    expect(ids).not.toContain(ended.id)
    expect(ids.indexOf(overdue.id)).toBe(0)
    expect(rows.map((r) => r.reviewOn)).toEqual([...rows.map((r) => r.reviewOn)].sort())
    // A row says who and where with the name only: no ID number, nothing of the file.
    expect(rows[0]).toMatchObject({ childName: '测逾期', villageName: '丁湖村', placement: 'welfare_institution', carerName: '泗县儿童福利院', startOn: addDays(today(), -40), reviewOn: addDays(today(), -10) })
    expect(JSON.stringify(rows)).not.toMatch(/idNumber|\*{3}/)
    // `all` adds the ended ones after the open ones.
    const all = await allRows(county, '&status=all')
    expect(all.map((r) => r.id).at(-1)).toBe(ended.id)
    expect(all.find((r) => r.id === ended.id)).toMatchObject({ endOn: today() })
  })

  it('the township supervisor sees the placements of their own villages only', async () => {
    const ids = (await allRows(town)).map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([overdue.id, dueLater.id]))
    expect(ids).not.toContain(otherTownship.id)
    // …and opens each of them (read-only), but not another township's.
    expect((await get(town, `/staff/cases/guardianships/${overdue.id}`)).status).toBe(200)
    expect((await get(town, `/staff/cases/guardianships/${otherTownship.id}`)).status).toBe(403)
  })

  it('a village director, the neighbouring village and a department get no list', async () => {
    for (const who of [dinghu, shiding, edu]) expect((await get(who, '/staff/cases/guardianships')).status).toBe(403)
    // The neighbouring village's director cannot open 丁湖村's placement either.
    expect((await get(shiding, `/staff/cases/guardianships/${overdue.id}`)).status).toBe(403)
  })

  it('bad paging and status are a clean 400 naming the field', async () => {
    const status = await get(county, '/staff/cases/guardianships?status=overdue')
    expect(status.status).toBe(400)
    expect(status.body.error.fields[0]).toMatchObject({ field: 'status', message: expect.stringContaining('状态') })
    for (const q of ['cursor=garbage', `cursor=${'x'.repeat(3000)}`, 'limit=0', 'limit=abc']) {
      const res = await get(town, `/staff/cases/guardianships?${q}`)
      expect(res.status, q).toBe(400)
      expect(res.body.error.fields[0].field).toBe(q.split('=')[0])
    }
  })
})

describe('placements saved before the township list existed', () => {
  it('the backfill gives them their township keys, once, and leaves the review reminder as it was', async () => {
    const old = await place('341324102201', '测旧安置', addDays(today(), -20), addDays(today(), 10))
    // The item as it was stored before: no byTownship keys.
    const { getItem, putItem } = await import('../../functions/src/data/table')
    const { townshipPk, townshipSk, ...before } = (await getItem<Json>(`GUARD#${old.id}`, 'GUARD', true))!
    expect(townshipPk).toBe('TOWNSHIP#341324102000')
    await putItem(before as any)
    expect((await allRows(town)).map((r) => r.id)).not.toContain(old.id)

    const { backfillGuardianshipTownships } = await import('../../functions/src/ops/guardianship-township-backfill')
    const first = await backfillGuardianshipTownships('341324')
    expect(first.added).toBe(1)
    expect((await allRows(town)).map((r) => r.id)).toContain(old.id)
    const after = (await getItem<Json>(`GUARD#${old.id}`, 'GUARD', true))!
    expect(after).toMatchObject({ townshipPk, townshipSk, duePk: before.duePk, dueSk: before.dueSk, version: before.version })
    expect((await backfillGuardianshipTownships('341324')).added).toBe(0)
  })
})
