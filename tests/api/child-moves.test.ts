import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { inbox, signIn } from './helpers'
import { enrolled, getFile, timeline } from './children-fixtures'

/**
 * A child who moves (转出 → 接收) and two files that are one child (合并), issue #7. Each route
 * both ways: the own village allowed, the neighbouring village 石丁村 (shiding) refused; a
 * decision on a stale version refused.
 */
const ctx = useApi()
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff
let shiding: Staff
const SHIDING = '341324102201'

beforeAll(async () => {
  dinghu = await signIn('dinghu')
  shiding = await signIn('shiding')
})

const post = (token: string, path: string, body: unknown) => call('POST', `/staff/child-moves/${path}`, { token, body })
const incoming = async (token: string) => (await call('GET', '/staff/child-moves/incoming', { token })).body.items as Record<string, any>[]

describe('transfer to another village', () => {
  it('the own village asks, the receiving village accepts; the old village loses access, both are told, the timeline keeps who moved it', async () => {
    const file = await enrolled(dinghu.token, { name: '搬家甲', birthDate: '2014-03-01' })
    // The neighbouring village cannot move a file it does not hold.
    expect((await post(shiding.token, `${file.id}/transfer`, { toVillageCode: SHIDING, reason: '随奶奶搬到石丁村居住', version: file.version })).status).toBe(403)
    const invalid = await post(dinghu.token, `${file.id}/transfer`, { toVillageCode: '12', reason: '', version: 'x' })
    expect(invalid.status).toBe(400)
    expect(invalid.body.error.fields.map((f: any) => f.field).sort()).toEqual(['reason', 'toVillageCode', 'version'])
    expect((await post(dinghu.token, `${file.id}/transfer`, { toVillageCode: SHIDING, reason: '随奶奶搬到石丁村居住', version: file.version + 1 })).status).toBe(409)
    const asked = await post(dinghu.token, `${file.id}/transfer`, { toVillageCode: SHIDING, reason: '随奶奶搬到石丁村居住', version: file.version })
    expect(asked.status).toBe(200)
    expect(asked.body).toMatchObject({ villageCode: '341324102200', transfer: { toVillageCode: SHIDING, toVillageName: '石丁村', fromVillageName: '丁湖村', requestedBy: { name: dinghu.displayName } } })
    // Until accepted the file stays with 丁湖村: the neighbour cannot open it yet.
    expect((await getFile(shiding.token, file.id)).status).toBe(403)
    expect((await getFile(dinghu.token, file.id)).status).toBe(200)
    const waiting = await incoming(shiding.token)
    expect(waiting.find((r) => r.childId === file.id)).toMatchObject({ name: '搬家甲', fromVillageName: '丁湖村', requestedBy: dinghu.displayName, version: asked.body.version })
    expect((await incoming(dinghu.token)).map((r) => r.childId)).not.toContain(file.id)
    // Only the receiving village decides; on the version it was shown.
    expect((await post(dinghu.token, `${file.id}/accept`, { version: asked.body.version })).status).toBe(403)
    expect((await post(shiding.token, `${file.id}/accept`, { version: asked.body.version + 1 })).status).toBe(409)
    const accepted = await post(shiding.token, `${file.id}/accept`, { version: asked.body.version })
    expect(accepted.status).toBe(200)
    expect(accepted.body.villageCode).toBe(SHIDING)
    expect(accepted.body.transfer).toBeUndefined()
    expect((await getFile(dinghu.token, file.id)).status).toBe(403)
    expect((await getFile(shiding.token, file.id)).status).toBe(200)
    expect((await incoming(shiding.token)).map((r) => r.childId)).not.toContain(file.id)
    const lines = await timeline(shiding.token, file.id)
    expect(lines.find((l) => l.kind === 'transfer_requested')).toMatchObject({ actorName: dinghu.displayName })
    expect(lines.find((l) => l.kind === 'transferred')).toMatchObject({ actorName: shiding.displayName, detail: { from: '341324102200', to: SHIDING, requestedBy: dinghu.displayName } })
    // Accepting again changes nothing (no transfer is waiting any more).
    expect((await post(shiding.token, `${file.id}/accept`, { version: accepted.body.version })).status).toBe(409)
    await ctx.streamIdle()
    for (const who of [dinghu, shiding]) {
      expect((await inbox(who.token)).items.filter((n) => n.subject.id === file.id && n.kind === 'child_transferred')).toHaveLength(1)
    }
    expect((await inbox(shiding.token)).items.filter((n) => n.subject.id === file.id && n.kind === 'child_transfer_requested')).toHaveLength(1)
  })

  it('the receiving village may send it back; the file stays where it was', async () => {
    const file = await enrolled(dinghu.token, { name: '搬家乙', birthDate: '2014-04-01' })
    const asked = await post(dinghu.token, `${file.id}/transfer`, { toVillageCode: SHIDING, reason: '听说搬去石丁村了', version: file.version })
    expect(asked.status).toBe(200)
    const back = await post(shiding.token, `${file.id}/decline`, { version: asked.body.version, note: '孩子没有住在本村' })
    expect(back.status).toBe(200)
    expect(back.body).toMatchObject({ villageCode: '341324102200' })
    expect(back.body.transfer).toBeUndefined()
    expect((await incoming(shiding.token)).map((r) => r.childId)).not.toContain(file.id)
    expect((await timeline(dinghu.token, file.id)).map((l) => l.kind)).toContain('transfer_declined')
  })
})

describe('merging two files of one child', () => {
  it('suggested by name and birth date in the county; a person confirms; timeline and categories move to the kept file; the other becomes a pointer', async () => {
    const withId = await enrolled(dinghu.token, { name: '重复丙', birthDate: '2013-09-09' })
    const noId = await enrolled(dinghu.token, { name: '重 复丙', birthDate: '2013-09-09', idNumber: undefined, singleParent: true })
    expect(noId.idMasked).toBeUndefined()
    const sugg = await call('GET', `/staff/child-moves/${withId.id}/duplicates`, { token: dinghu.token })
    expect(sugg.status).toBe(200)
    expect(sugg.body.items).toEqual([expect.objectContaining({ id: noId.id, name: '重 复丙', basis: 'name_birth', version: noId.version, villageName: '丁湖村' })])
    expect((await call('GET', `/staff/child-moves/${withId.id}/duplicates`, { token: shiding.token })).status).toBe(403)
    const body = { otherId: noId.id, version: withId.version, otherVersion: noId.version }
    expect((await post(shiding.token, `${withId.id}/merge`, body)).status).toBe(403)
    expect((await post(dinghu.token, `${withId.id}/merge`, { ...body, otherVersion: noId.version + 1 })).status).toBe(409)
    const wrongWay = await post(dinghu.token, `${noId.id}/merge`, { otherId: withId.id, version: noId.version, otherVersion: withId.version })
    expect(wrongWay.status).toBe(400)
    expect(wrongWay.body.error.fields[0].code).toBe('keep_the_one_with_id')
    expect((await post(dinghu.token, `${withId.id}/merge`, { ...body, otherId: 'x'.repeat(5000) })).status).toBe(400)

    const merged = await post(dinghu.token, `${withId.id}/merge`, body)
    expect(merged.status).toBe(200)
    expect(merged.body.categories.map((k: any) => k.id)).toContain('single_parent')
    const pointer = await getFile(dinghu.token, noId.id)
    expect(pointer.body.mergedInto).toBe(withId.id)
    const kinds = (await timeline(dinghu.token, withId.id)).map((l) => l.kind)
    expect(kinds.filter((k) => k === 'created')).toHaveLength(2)
    expect(kinds).toContain('merged')
    // The pointer is on no list and suggests nothing any more; merging again is refused.
    const list = await call('GET', '/staff/children?limit=100', { token: dinghu.token })
    const ids: string[] = list.body.items.map((i: any) => i.id)
    expect(ids).toContain(withId.id)
    expect(ids).not.toContain(noId.id)
    expect((await call('GET', `/staff/child-moves/${withId.id}/duplicates`, { token: dinghu.token })).body.items).toEqual([])
    expect((await post(dinghu.token, `${withId.id}/merge`, { otherId: noId.id, version: merged.body.version, otherVersion: pointer.body.version })).status).toBe(409)
  })

  it('two files with two ID numbers are two children: refused', async () => {
    const a = await enrolled(dinghu.token, { name: '重复丁', birthDate: '2012-02-02' })
    const b = await enrolled(dinghu.token, { name: '重复丁', birthDate: '2012-02-02' })
    const res = await post(dinghu.token, `${a.id}/merge`, { otherId: b.id, version: a.version, otherVersion: b.version })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].code).toBe('different_ids')
  })
})
