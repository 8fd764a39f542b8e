import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled, getFile } from './children-fixtures'

/**
 * 「可能重复」 for files saved before the duplicate key existed (issue #7): the ops backfill
 * (functions/src/ops/duplicate-keys-backfill.ts) sets the key on every file of the county that
 * has none, a bounded number per run, continuing from the cursor it printed; the suggestion then
 * finds them. It changes nothing else on a file and nothing on a second run.
 */
useApi()
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff

beforeAll(async () => {
  dinghu = await signIn('dinghu')
})

/** A file as it was stored before the change: no duplicate key on it. */
async function withoutKey(id: string) {
  const { UpdateItemCommand } = await import('@aws-sdk/client-dynamodb')
  const { dynamo, tableName } = await import('../../functions/src/data/client')
  await dynamo().send(new UpdateItemCommand({ TableName: tableName(), Key: { pk: { S: `CHILD#${id}` }, sk: { S: 'CHILD' } }, UpdateExpression: 'REMOVE ownerPk, ownerSk' }))
}
const suggestions = async (id: string) => {
  const res = await call('GET', `/staff/child-moves/${id}/duplicates`, { token: dinghu.token })
  expect(res.status).toBe(200)
  return (res.body.items as Record<string, any>[]).map((i) => i.id)
}

describe('duplicate-key backfill (ops)', () => {
  it('old files become suggestions after the backfill, run in bounded steps that continue from the cursor; nothing else changes and a second run writes nothing', async () => {
    const a = await enrolled(dinghu.token, { name: '回填甲', birthDate: '2012-05-05' })
    const b = await enrolled(dinghu.token, { name: '回填 甲', birthDate: '2012-05-05', idNumber: undefined })
    const c = await enrolled(dinghu.token, { name: '回填乙', birthDate: '2012-06-06' })
    expect(await suggestions(a.id)).toEqual([b.id])
    for (const f of [a, b, c]) await withoutKey(f.id)
    // Before: the two files of one child do not find each other.
    expect(await suggestions(a.id)).toEqual([])
    expect(await suggestions(b.id)).toEqual([])
    const stored = async () => Promise.all([a, b, c].map(async (f) => { const { version, updatedAt, name, villageCode } = (await getFile(dinghu.token, f.id)).body; return { version, updatedAt, name, villageCode } }))
    const before = await stored()

    const { backfillDuplicateKeys } = await import('../../functions/src/ops/duplicate-keys-backfill')
    // Two files per run, one page at a time: each run stops at its bound and says where.
    let cursor: string | undefined
    let runs = 0
    let set = 0
    let seen = 0
    do {
      const out = await backfillDuplicateKeys('341324', { cursor, maxFiles: 2, pageSize: 1 })
      expect(out.files).toBeLessThanOrEqual(2)
      seen += out.files
      set += out.set
      cursor = out.cursor
      runs++
      expect(runs).toBeLessThan(500)
    } while (cursor)
    expect(set).toBeGreaterThanOrEqual(3)
    expect(runs).toBeGreaterThanOrEqual(2)
    expect(seen).toBeGreaterThanOrEqual(3)

    expect(await suggestions(a.id)).toEqual([b.id])
    expect(await suggestions(b.id)).toEqual([a.id])
    expect(await suggestions(c.id)).toEqual([])
    // The files themselves are as they were: same version, same content.
    expect(await stored()).toEqual(before)

    // Run again from the start: every file already has its key.
    const again = await backfillDuplicateKeys('341324', { maxFiles: 100_000 })
    expect(again).toMatchObject({ set: 0, skipped: 0 })
    expect(again.alreadyKeyed).toBe(again.files)
    expect(again.cursor).toBeUndefined()
  })

  it('a file saved between the read and the write keeps the key its save gave it; bad arguments are refused before anything is read', async () => {
    const f = await enrolled(dinghu.token, { name: '回填丙', birthDate: '2013-07-07' })
    await withoutKey(f.id)
    const { countyFilesPage, setDuplicateKey } = await import('../../functions/src/data/child-duplicate-keys')
    const { getItem } = await import('../../functions/src/data/table')
    let cursor: string | undefined
    let read
    do {
      const page = await countyFilesPage('341324000000', { limit: 100, cursor })
      read = page.files.find((x) => x.pk === `CHILD#${f.id}`) ?? read
      cursor = page.cursor
    } while (cursor)
    expect(read).toBeDefined()
    // The file moves on (a newer version) after the backfill read it: the stale write is skipped.
    expect(await setDuplicateKey({ ...read!, version: read!.version - 1 })).toBe('skipped')
    expect((await getItem<Record<string, unknown>>(`CHILD#${f.id}`, 'CHILD', true))?.ownerPk).toBeUndefined()
    expect(await setDuplicateKey(read!)).toBe('set')
    expect(await setDuplicateKey(read!)).toBe('skipped')
    expect((await getItem<Record<string, unknown>>(`CHILD#${f.id}`, 'CHILD', true))?.ownerPk).toMatch(/^DUPE#341324#/)

    const { backfillDuplicateKeys } = await import('../../functions/src/ops/duplicate-keys-backfill')
    await expect(backfillDuplicateKeys('34132')).rejects.toThrow(/6 位/)
    await expect(backfillDuplicateKeys('341324', { maxFiles: 0 })).rejects.toThrow(/--max/)
    await expect(backfillDuplicateKeys('341324', { cursor: 'not a cursor!' })).rejects.toThrow(/--cursor/)
  })

  it('marks red files without an intervention that were saved before their row said so: counted and now listed under 「红色未记录处置」', async () => {
    const red = await enrolled(dinghu.token, { name: '回填红', birthDate: '2014-02-02', grade: { situations: ['living_alone'], reason: '独自居住' } })
    const listed = async () => {
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const res = await call('GET', `/staff/children?village=341324102200&redOpen=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: dinghu.token })
        expect(res.status).toBe(200)
        ids.push(...(res.body.items as Record<string, any>[]).map((i) => i.id))
        cursor = res.body.nextCursor
      } while (cursor)
      return ids
    }
    expect(await listed()).toContain(red.id)
    // As stored before the change: the row without the flag.
    const { UpdateItemCommand } = await import('@aws-sdk/client-dynamodb')
    const { dynamo, tableName } = await import('../../functions/src/data/client')
    await dynamo().send(new UpdateItemCommand({ TableName: tableName(), Key: { pk: { S: `CHILD#${red.id}` }, sk: { S: 'CHILD' } }, UpdateExpression: 'REMOVE #row.redOpen', ExpressionAttributeNames: { '#row': 'row' } }))
    expect(await listed()).not.toContain(red.id)
    const before = (await getFile(dinghu.token, red.id)).body.version

    const { backfillDuplicateKeys } = await import('../../functions/src/ops/duplicate-keys-backfill')
    const out = await backfillDuplicateKeys('341324', { maxFiles: 100_000 })
    expect(out.redOpenSet).toBeGreaterThanOrEqual(1)
    expect(await listed()).toContain(red.id)
    expect((await getFile(dinghu.token, red.id)).body.version).toBe(before)
    expect((await backfillDuplicateKeys('341324', { maxFiles: 100_000 })).redOpenSet).toBe(0)
  }, 120_000)
})
