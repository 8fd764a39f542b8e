import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { addStaff, inbox, signIn } from './helpers'
import { addDays, chinaToday, enrol, enrolBody, enrolled, getFile, rawChildItem, storedChild, timeline } from './children-fixtures'

/**
 * 负责的儿童主任 and 结档 (issue #7). Each route both ways: the file's own village (and the
 * township over it) allowed, the neighbouring village 石丁村 (shiding) refused; a decision on a
 * stale version refused; a closed file off every due list and count, still readable.
 */
useApi()
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff
let shiding: Staff
let town: Staff
const DINGHU = '341324102200'

beforeAll(async () => {
  dinghu = await signIn('dinghu')
  shiding = await signIn('shiding')
  town = await signIn('dinghu-town')
})

const post = (token: string, path: string, body: unknown) => call('POST', `/staff/child-moves/${path}`, { token, body })
const get = (token: string, path: string) => call('GET', `/staff/child-moves/${path}`, { token })
const fields = (res: { body: any }) => (res.body.error?.fields ?? []).map((f: any) => f.field).sort()

async function listed(token: string, id: string): Promise<boolean> {
  let cursor: string | undefined
  do {
    const res = await call('GET', `/staff/children?village=${DINGHU}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
    expect(res.status).toBe(200)
    if ((res.body.items as any[]).some((c) => c.id === id)) return true
    cursor = res.body.nextCursor
  } while (cursor)
  return false
}

describe('the responsible director (负责的儿童主任)', () => {
  it('the own village lists its directors and names one; the neighbouring village cannot; only a director of this village may be named', async () => {
    const file = await enrolled(dinghu.token, { name: '负责甲', birthDate: '2014-05-05' })
    const directors = await get(dinghu.token, `${file.id}/directors`)
    expect(directors.status).toBe(200)
    expect(directors.body.items.map((d: any) => d.id)).toContain(dinghu.id)
    expect(directors.body.items.map((d: any) => d.id)).not.toContain(shiding.id)
    expect(directors.body.currentId).toBeUndefined()
    expect((await get(shiding.token, `${file.id}/directors`)).status).toBe(403)
    expect((await post(shiding.token, `${file.id}/responsible`, { directorId: shiding.id, version: file.version })).status).toBe(403)

    const invalid = await post(dinghu.token, `${file.id}/responsible`, { directorId: '', version: 'x' })
    expect(invalid.status).toBe(400)
    expect(fields(invalid)).toEqual(['directorId', 'version'])
    const neighbour = await post(dinghu.token, `${file.id}/responsible`, { directorId: shiding.id, version: file.version })
    expect(neighbour.status).toBe(400)
    expect(neighbour.body.error.fields[0]).toMatchObject({ field: 'directorId', code: 'not_a_director_here' })
    expect((await post(dinghu.token, `${file.id}/responsible`, { directorId: dinghu.id, version: file.version + 1 })).status).toBe(409)
    expect((await post(dinghu.token, 'x'.repeat(300) + '/responsible', { directorId: dinghu.id, version: 0 })).status).toBe(404)

    const set = await post(dinghu.token, `${file.id}/responsible`, { directorId: dinghu.id, version: file.version })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ responsibleDirectorId: dinghu.id, responsibleDirectorName: dinghu.displayName, version: file.version + 1 })
    expect((await get(dinghu.token, `${file.id}/directors`)).body.currentId).toBe(dinghu.id)
    expect((await timeline(dinghu.token, file.id)).find((l) => l.kind === 'responsible_set')).toMatchObject({ actorName: dinghu.displayName, text: `负责的儿童主任定为${dinghu.displayName}` })
    // The township over the village may name one too.
    expect((await post(town.token, `${file.id}/responsible`, { directorId: dinghu.id, version: set.body.version })).status).toBe(200)
    // The per-director overdue count now follows this file's first duty.
    const { childContribution } = await import('../../functions/src/workflows/counters')
    expect(Object.keys(childContribution((await storedChild(file.id)) as any).t)).toContain(`due@${dinghu.id}`)
  })
})

describe('closing a file (结档)', () => {
  it('the neighbouring village cannot close it; bad input names each field; a child not yet 18 cannot be closed as grown up', async () => {
    const file = await enrolled(dinghu.token, { name: '结档甲', birthDate: '2015-02-02' })
    const body = { reason: 'moved_out_of_county', effectiveOn: chinaToday(), destination: '江苏省宿迁市泗洪县', note: '奶奶电话告知，已核实', version: file.version }
    expect((await post(shiding.token, `${file.id}/close`, body)).status).toBe(403)
    const invalid = await post(dinghu.token, `${file.id}/close`, { reason: 'bored', effectiveOn: '2024-02-31', note: '', version: -1 })
    expect(invalid.status).toBe(400)
    expect(fields(invalid)).toEqual(['effectiveOn', 'note', 'reason', 'version'])
    const young = await post(dinghu.token, `${file.id}/close`, { ...body, reason: 'turned_18' })
    expect(young.status).toBe(400)
    expect(young.body.error.fields[0]).toMatchObject({ field: 'reason', code: 'not_18_yet' })
    const nowhere = await post(dinghu.token, `${file.id}/close`, { ...body, destination: '' })
    expect(nowhere.status).toBe(400)
    expect(nowhere.body.error.fields[0]).toMatchObject({ field: 'destination', code: 'required' })
    const future = await post(dinghu.token, `${file.id}/close`, { ...body, effectiveOn: addDays(chinaToday(), 2) })
    expect(future.status).toBe(400)
    expect(future.body.error.fields[0]).toMatchObject({ field: 'effectiveOn', code: 'in_future' })
    expect((await post(dinghu.token, `${file.id}/close`, { ...body, version: file.version + 1 })).status).toBe(409)
    expect((await getFile(dinghu.token, file.id)).body.closed).toBeUndefined()
  })

  it('a closed file leaves the lists, the due timer and the counts, stays readable with its reason, and takes no further moves', async () => {
    const file = await enrolled(dinghu.token, { name: '结档乙', birthDate: '2014-07-07' })
    expect(await listed(dinghu.token, file.id)).toBe(true)
    expect((await rawChildItem(file.id))?.duePk).toBeTruthy()
    const closed = await post(dinghu.token, `${file.id}/close`, { reason: 'moved_out_of_county', effectiveOn: chinaToday(), destination: '江苏省宿迁市泗洪县', note: '奶奶电话告知，已上门核实', version: file.version })
    expect(closed.status).toBe(200)
    expect(closed.body.closed).toMatchObject({ reason: 'moved_out_of_county', reasonLabel: '孩子搬到本县以外居住', clause: '002 §4(三); 004 #8', destination: '江苏省宿迁市泗洪县', closedBy: { id: dinghu.id, name: dinghu.displayName } })
    expect(closed.body.duties).toEqual([])

    expect(await listed(dinghu.token, file.id)).toBe(false)
    const raw = (await rawChildItem(file.id))!
    expect(raw.duePk).toBeUndefined()
    expect(raw.ownerPk).toBeUndefined()
    expect(String(raw.villageSk)).toMatch(/^CLOSED#/)
    const { childContribution } = await import('../../functions/src/workflows/counters')
    expect(childContribution((await storedChild(file.id)) as any)).toMatchObject({ n: {}, t: {} })

    // Still readable (and the read audited), on the area's 「已结档」 list; not for the neighbour.
    expect((await getFile(dinghu.token, file.id)).status).toBe(200)
    const { childReadAudit } = await import('../../functions/src/data/children')
    expect((await childReadAudit(file.id)).map((a: any) => a.userId)).toContain(dinghu.id)
    expect((await get(dinghu.token, 'closed')).body.items.find((r: any) => r.id === file.id)).toMatchObject({ name: '结档乙', reasonLabel: '孩子搬到本县以外居住' })
    expect((await get(town.token, `closed?village=${DINGHU}`)).body.items.map((r: any) => r.id)).toContain(file.id)
    expect((await get(shiding.token, 'closed')).body.items.map((r: any) => r.id)).not.toContain(file.id)
    expect((await get(shiding.token, `closed?village=${DINGHU}`)).status).toBe(403)
    expect((await get(dinghu.token, 'closed?village=12')).status).toBe(400)
    expect((await getFile(shiding.token, file.id)).status).toBe(403)
    expect((await timeline(dinghu.token, file.id)).find((l) => l.kind === 'closed')).toMatchObject({ actorName: dinghu.displayName, detail: { reason: 'moved_out_of_county', clause: '002 §4(三); 004 #8' } })

    // Closed is final for moves: no second close, no transfer, no new responsible director.
    expect((await post(dinghu.token, `${file.id}/close`, { reason: 'died', effectiveOn: chinaToday(), note: '重复提交', version: closed.body.version })).status).toBe(409)
    expect((await post(dinghu.token, `${file.id}/transfer`, { toVillageCode: '341324102201', reason: '搬到石丁村居住', version: closed.body.version })).status).toBe(409)
    expect((await post(dinghu.token, `${file.id}/responsible`, { directorId: dinghu.id, version: closed.body.version })).status).toBe(409)
  })
})

describe('a move out of the county tells the county the child moved to (004 #8)', () => {
  // API tests load 泗县 only; the running stack has every county of the country.
  beforeAll(async () => {
    const { putDivisions } = await import('../../functions/src/data/divisions')
    await putDivisions([
      { code: '341323000000', name: '灵璧县', level: 'county', parentCode: '341300000000', hasChildren: true },
      { code: '341323100000', name: '灵城镇', level: 'township', parentCode: '341323000000', hasChildren: true },
      { code: '341323100001', name: '灵城社区', level: 'village', parentCode: '341323100000', hasChildren: false },
      { code: '341321000000', name: '砀山县', level: 'county', parentCode: '341300000000', hasChildren: false },
    ])
  })

  it('its civil-affairs officers get the least a search needs and open the new-file form; they cannot read the file; the file says who was told', async () => {
    const lingbi = await addStaff({ username: 'lingbi-close', role: 'county_officer', displayName: '吴科长', divisionCode: '341323000000', divisionName: '灵璧县' })
    const enrolledBody = enrolBody({ name: '迁出甲', birthDate: '2014-08-08' })
    const file = (await enrol(dinghu.token, enrolledBody)).body
    const body = { reason: 'moved_out_of_county', effectiveOn: chinaToday(), destination: '灵璧县城关镇', destinationCountyCode: '341323000000', note: '妈妈电话告知，已上门核实', version: file.version }

    // Not this county (that is a transfer), not a province, and nothing is stored when refused.
    const same = await post(dinghu.token, `${file.id}/close`, { ...body, destinationCountyCode: '341324000000' })
    expect(same.status).toBe(400)
    expect(same.body.error.fields).toEqual([expect.objectContaining({ field: 'destinationCountyCode', code: 'same_county' })])
    const province = await post(dinghu.token, `${file.id}/close`, { ...body, destinationCountyCode: '340000000000' })
    expect(province.status).toBe(400)
    expect(province.body.error.fields).toEqual([expect.objectContaining({ field: 'destinationCountyCode', message: '搬到的县（区）：请选到县（区）一级' })])
    expect((await storedChild(file.id)).closed).toBeUndefined()
    expect((await inbox(lingbi.token)).items.filter((n) => n.kind === 'child_moved_in')).toHaveLength(0)

    const closed = await post(dinghu.token, `${file.id}/close`, body)
    expect(closed.status).toBe(200)
    expect(closed.body.closed.handover).toEqual({ countyCode: '341323000000', countyName: '灵璧县', told: 1 })
    const told = (await inbox(lingbi.token)).items.filter((n) => n.kind === 'child_moved_in')
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ title: '有孩子搬到本县，请核实建档', page: 'casework/enrol/index', subject: { type: 'county', id: '341323000000' } })
    expect(told[0]!.body).toContain('迁出甲（男，2014-08-08 出生）')
    expect(told[0]!.body).toContain('泗县丁湖村')
    expect(told[0]!.body).toContain(dinghu.displayName)
    // Nothing of the file goes with it: no colour, category, family or ID number; and the file stays the sending county's.
    for (const word of ['红', '黄', '蓝', '绿', '留守', '困境', 'idNumber']) expect(JSON.stringify(told[0])).not.toContain(word)
    expect((await getFile(lingbi.token, file.id)).status).toBe(403)
    // A retried close (the same version) is refused and tells nobody again.
    expect((await post(dinghu.token, `${file.id}/close`, body)).status).toBe(409)
    expect((await inbox(lingbi.token)).items.filter((n) => n.kind === 'child_moved_in')).toHaveLength(1)

    // 灵璧县 finds the child and enrols it with the same ID number: a new file of its own, not the
    // closed one (which it still cannot read); the file says where the child came from.
    const there = await enrol(lingbi.token, { ...enrolledBody, villageCode: '341323100001', schooling: { stage: 'primary', school: '灵城小学', grade: '五年级' } })
    expect(there.status).toBe(201)
    expect(there.body.id).not.toBe(file.id)
    expect(there.body.villageCode).toBe('341323100001')
    expect((await timeline(lingbi.token, there.body.id)).find((l) => l.kind === 'transferred')!.text).toContain('从泗县搬来')
    expect((await getFile(lingbi.token, file.id)).status).toBe(403)
    // 泗县 learns the child was found: on the closed file, and the director who closed it is told.
    expect((await timeline(dinghu.token, file.id)).find((l) => l.kind === 'transferred')!.text).toContain('孩子已在灵璧县建档关爱')
    const found = (await inbox(dinghu.token)).items.filter((n) => n.kind === 'child_transferred' && n.subject.id === file.id)
    expect(found).toMatchObject([{ title: '搬走的孩子已在新的县建档', page: `casework/child/index?id=${file.id}` }])
    const closedNow = (await getFile(dinghu.token, file.id)).body
    expect(closedNow.closed.foundIn).toEqual({ countyName: '灵璧县', on: chinaToday() })
    // Two live files for one child would split the duty: the closed one can no longer be reopened here.
    const reopen = await post(dinghu.token, `${file.id}/reopen`, { reason: '孩子又回来了', version: closedNow.version })
    expect(reopen.status).toBe(409)
    expect(reopen.body.error.message).toContain('孩子已在灵璧县建档关爱')
    expect((await storedChild(file.id)).closed).toBeTruthy()
    // The ID number now belongs to the new file: enrolling it again there finds that file, not a third.
    const again = await enrol(lingbi.token, { ...enrolledBody, villageCode: '341323100001' })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(there.body.id)
  })

  it('the same ID number enrolled again in the county that closed it finds the closed file, never a second one', async () => {
    const b = enrolBody({ name: '迁出丙', birthDate: '2014-10-10' })
    const file = (await enrol(dinghu.token, b)).body
    expect((await post(dinghu.token, `${file.id}/close`, { reason: 'moved_out_of_county', effectiveOn: chinaToday(), destination: '南京', note: '妈妈电话告知，已上门核实', version: file.version })).status).toBe(200)
    const again = await enrol(dinghu.token, b)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(file.id)
  })

  it('a county with nobody on the system yet: the file says to tell it by hand', async () => {
    const file = await enrolled(dinghu.token, { name: '迁出乙', birthDate: '2014-09-09' })
    const closed = await post(dinghu.token, `${file.id}/close`, { reason: 'moved_out_of_county', effectiveOn: chinaToday(), destination: '砀山县', destinationCountyCode: '341321000000', note: '邻居告知，已电话核实', version: file.version })
    expect(closed.status).toBe(200)
    expect(closed.body.closed.handover).toEqual({ countyCode: '341321000000', countyName: '砀山县', told: 0 })
  })
})
