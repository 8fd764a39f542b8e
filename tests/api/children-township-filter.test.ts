import { beforeAll, describe, expect, it } from 'vitest'
import { allPages, call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled } from './children-fixtures'

/**
 * `?township=` on the children's lists: the overview's township row opens its children and its
 * red children. The township must lie in the caller's jurisdiction (one rule:
 * middleware/area-filter.ts), is validated, and is read from the township's own index partition.
 */
useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
type Json = Record<string, any>
let dinghu: Staff, town: Staff, county: Staff

const DINGHU = '341324102200'
const SHIDING = '341324102201'
const DINGHU_TOWN = '341324102000'
const OTHER_TOWN = '341324103000'
const CAOGOU = '341324103200'

beforeAll(async () => {
  ;[dinghu, town, county] = await Promise.all(['dinghu', 'dinghu-town', 'sixian'].map(signIn))
})

const get = (who: Staff, path: string) => call('GET', path, { token: who.token })

const allRows = (who: Staff, path: string) => allPages(who.token, path)

let inDinghu: Json, inShiding: Json, inCaogou: Json, redInDinghu: Json

beforeAll(async () => {
  inDinghu = await enrolled(county.token, { villageCode: DINGHU, name: '测丁湖' })
  inShiding = await enrolled(county.token, { villageCode: SHIDING, name: '测石丁' })
  inCaogou = await enrolled(county.token, { villageCode: CAOGOU, name: '测草沟' })
  redInDinghu = await enrolled(county.token, { villageCode: DINGHU, name: '测红色' })
  const grade = await call('POST', `/staff/children/${redInDinghu.id}/grade`, { token: county.token, body: { situations: ['abandoned'], reason: '疑似被遗弃，无人照料' } })
  expect(grade.status, JSON.stringify(grade.body)).toBe(200)
})

describe('the children list narrowed to a township', () => {
  it('the county sees exactly one township\'s children, page by page, and its red ones', async () => {
    const dinghuTown = (await allRows(county, `/staff/children?township=${DINGHU_TOWN}`)).map((r) => r.id)
    expect(dinghuTown).toEqual(expect.arrayContaining([inDinghu.id, inShiding.id, redInDinghu.id]))
    expect(dinghuTown).not.toContain(inCaogou.id)
    const other = (await allRows(county, `/staff/children?township=${OTHER_TOWN}`)).map((r) => r.id)
    expect(other).toEqual([inCaogou.id])
    const red = await allRows(county, `/staff/children?township=${DINGHU_TOWN}&colour=red`)
    expect(red.map((r) => r.id)).toContain(redInDinghu.id)
    expect(red.map((r) => r.id)).not.toContain(inDinghu.id)
    expect(red.every((r) => r.colour === 'red' && r.villageCode.startsWith('341324102'))).toBe(true)
    // The overdue list takes the same narrowing (its counts from that township's counters).
    const overdue = await get(county, `/staff/children/overdue?township=${OTHER_TOWN}`)
    expect(overdue.status).toBe(200)
    expect(overdue.body.byVillage.every((v: Json) => v.code.startsWith('341324103'))).toBe(true)
  })

  it('the township supervisor: own township allowed, another township denied', async () => {
    const own = (await allRows(town, `/staff/children?township=${DINGHU_TOWN}`)).map((r) => r.id)
    expect(own).toEqual(expect.arrayContaining([inDinghu.id, inShiding.id]))
    for (const path of ['/staff/children', '/staff/children/overdue']) {
      expect((await get(town, `${path}?township=${OTHER_TOWN}`)).status).toBe(403)
      // A village director has no township to narrow to, not even their own.
      expect((await get(dinghu, `${path}?township=${DINGHU_TOWN}`)).status).toBe(403)
    }
  })

  it('a malformed township, or a village with it, is a 400 naming the field', async () => {
    for (const bad of ['abc', DINGHU, '341324', '9'.repeat(400), '341324000000']) {
      const res = await get(county, `/staff/children?township=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.body.error.fields[0]).toMatchObject({ field: 'township', message: expect.stringContaining('乡镇') })
    }
    const both = await get(county, `/staff/children?township=${DINGHU_TOWN}&village=${DINGHU}`)
    expect(both.status).toBe(400)
    expect(both.body.error.fields[0].field).toBe('township')
    // A cursor of another list does not fit the township's: a clean 400, never a 500.
    expect((await get(county, `/staff/children?township=${DINGHU_TOWN}&cursor=garbage`)).status).toBe(400)
  })
})
