import { describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'

const stack = useApi()

describe('the staff queue pages through every report', () => {
  it('a director walks all pages with the cursor and sees every report once, in queue order', async () => {
    const resident = await residentToken()
    const filed = new Set<string>()
    for (let i = 0; i < 7; i++) filed.add((await fileReport(resident, reportBody({ situations: [i % 2 ? 'dropout' : 'other'] }))).body.id)
    const token = await staffToken('dinghu')
    const seen: any[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const res = await call('GET', `/staff/reports?status=open&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token })
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(3)
      seen.push(...res.body.items)
      cursor = res.body.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(new Set(seen.map((r) => r.id))).toEqual(filed)
    expect(seen).toHaveLength(filed.size)
    // Yellow (dropout) before green (other) across page boundaries.
    const colours = seen.map((r) => r.colour)
    expect(colours.lastIndexOf('yellow')).toBeLessThan(colours.indexOf('green'))
  })

  it("a cursor from another director's queue is refused, not followed", async () => {
    const resident = await residentToken()
    for (let i = 0; i < 3; i++) await fileReport(resident, reportBody({ villageCode: '341324102201' }))
    const other = await call('GET', '/staff/reports?limit=1', { token: await staffToken('shiding') })
    expect(other.body.nextCursor).toBeTruthy()
    const res = await call('GET', `/staff/reports?limit=1&cursor=${other.body.nextCursor}`, { token: await staffToken('dinghu') })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' })
  })

  it('rejects a page size outside 1–100', async () => {
    const res = await call('GET', '/staff/reports?limit=500', { token: await staffToken('dinghu') })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].field).toBe('limit')
  })
})

describe('a filtered page that matched nothing reads once more', () => {
  it('returns the match behind a page of non-matches in two reads, and an empty page only after two reads found nothing', async () => {
    const { batchPut, queryPage } = await import('../../functions/src/data/table')
    const { resetDynamoCalls } = await import('../../functions/src/data/client')
    const pk = `FILTERTEST#${Date.now()}`
    // Three that do not match, then one that does; then seven more that do not.
    const states = ['a', 'a', 'a', 'b', 'a', 'a', 'a', 'a', 'a', 'a', 'a']
    await batchPut(states.map((state, i) => ({ pk, sk: `ITEM#${i}`, row: { state } })))
    const filter = { path: ['row', 'state'], equals: 'b' }
    // The stream handler shares this process's DynamoDB call counter: let it finish first.
    await stack.streamIdle()

    resetDynamoCalls()
    const first = await queryPage<{ sk: string }>({ pk, limit: 3, filter })
    expect(resetDynamoCalls().byCommand.QueryCommand).toBe(2)
    expect(first.items.map((i) => i.sk)).toEqual(['ITEM#3'])
    expect(first.cursor).toBeTruthy()

    // From there (after ITEM#5): two reads of two non-matches each, then the answer is empty, with a cursor.
    resetDynamoCalls()
    const second = await queryPage<{ sk: string }>({ pk, limit: 2, filter, cursor: first.cursor })
    expect(resetDynamoCalls().byCommand.QueryCommand).toBe(2)
    expect(second.items).toEqual([])
    expect(second.cursor).toBeTruthy()
    const last = await queryPage<{ sk: string }>({ pk, limit: 2, filter, cursor: second.cursor })
    expect(last.items).toEqual([])
    expect(last.cursor).toBeUndefined()

    // Unfiltered pages never read twice.
    resetDynamoCalls()
    const plain = await queryPage<{ sk: string }>({ pk, limit: 3 })
    expect(resetDynamoCalls().byCommand.QueryCommand).toBe(1)
    expect(plain.items).toHaveLength(3)
  })
})
