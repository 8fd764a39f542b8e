import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { addDays, chinaToday, enrolBody, enrolled, getFile, rawChildItem, storedChild, timeline } from './children-fixtures'

/**
 * 恢复建档 (reopening a closed file, issue #7). Both ways: the file's own village and the
 * township and county over it may reopen, the neighbouring village 石丁村 (shiding) may not; a
 * decision on a stale version is refused, a retried one answered once; a file closed because
 * the child died is reopened only by the township or county; one closed at 18 only once the
 * birth date on file says the child is under 18. A reopened file is back on the lists, the due
 * timer, the duplicate key, the counts and the 16th-birthday timer, as an open file.
 */
useApi()
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff
let shiding: Staff
let town: Staff
let county: Staff
const DINGHU = '341324102200'

beforeAll(async () => {
  dinghu = await signIn('dinghu')
  shiding = await signIn('shiding')
  town = await signIn('dinghu-town')
  county = await signIn('sixian')
})

const post = (token: string, path: string, body: unknown, key?: string) => call('POST', `/staff/child-moves/${path}`, { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) })
const reopenBody = (version: number, reason = '孩子随奶奶回到本村居住，已上门核实') => ({ reason, version })

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

async function closedIds(token: string): Promise<string[]> {
  const res = await call('GET', '/staff/child-moves/closed?limit=100', { token })
  expect(res.status).toBe(200)
  return res.body.items.map((r: any) => r.id)
}

async function closeFile(file: { id: string; version: number }, reason: 'moved_out_of_county' | 'died' | 'turned_18' = 'moved_out_of_county', token = dinghu.token) {
  const body = { reason, effectiveOn: chinaToday(), note: '电话告知，已核实', version: file.version, ...(reason === 'moved_out_of_county' ? { destination: '江苏省宿迁市泗洪县' } : {}) }
  const res = await post(token, `${file.id}/close`, body)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

const reopenedLines = async (id: string) => (await timeline(dinghu.token, id)).filter((l) => l.kind === 'reopened')

describe('reopening a closed file (恢复建档)', () => {
  it('brings the file back exactly as an open file: list row, due timer, duplicate key, counts, age timer; the history says who, when and why', async () => {
    const file = await enrolled(dinghu.token, { name: '恢复甲', birthDate: '2015-03-03' })
    const before = (await rawChildItem(file.id))!
    const closed = await closeFile(file)
    expect(await listed(dinghu.token, file.id)).toBe(false)
    expect((await rawChildItem(file.id))!.duePk).toBeUndefined()
    const { getItem } = await import('../../functions/src/data/table')
    expect(await getItem(`CHILD#${file.id}`, 'AGE16', true)).toBeUndefined()

    const res = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version), 'reopen-key-0001')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.closed).toBeUndefined()
    expect(res.body.version).toBe(closed.version + 1)
    expect(res.body.duties.length).toBeGreaterThan(0)
    expect(res.body.duties).toEqual(file.duties)

    expect(await listed(dinghu.token, file.id)).toBe(true)
    expect(await closedIds(dinghu.token)).not.toContain(file.id)
    const raw = (await rawChildItem(file.id))!
    // The same keys as before closing: the due timer, the list sort key, the duplicate key.
    expect(raw.duePk).toBe(before.duePk)
    expect(raw.dueSk).toBe(before.dueSk)
    expect(raw.villageSk).toBe(before.villageSk)
    expect(raw.townshipSk).toBe(before.townshipSk)
    expect(raw.ownerPk).toBe(before.ownerPk)
    expect(raw.row).toEqual(before.row)
    expect(await getItem(`CHILD#${file.id}`, 'AGE16', true)).toMatchObject({ childId: file.id })
    const { childContribution } = await import('../../functions/src/workflows/counters')
    expect(childContribution((await storedChild(file.id)) as any).n).toMatchObject({ 'c.total': 1 })

    const lines = await reopenedLines(file.id)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ actorId: dinghu.id, actorName: dinghu.displayName, detail: { reason: '孩子随奶奶回到本村居住，已上门核实', closedReason: 'moved_out_of_county' } })
    expect(lines[0]!.text).toContain('孩子随奶奶回到本村居住，已上门核实')
    expect(lines[0]!.text).toContain('孩子搬到本县以外居住')
    expect(Date.parse(lines[0]!.at)).toBeGreaterThan(Date.now() - 60_000)
    // The closing stays on the history.
    expect((await timeline(dinghu.token, file.id)).some((l) => l.kind === 'closed')).toBe(true)
    // Open again: it can be closed again, and moves work.
    expect((await post(dinghu.token, `${file.id}/responsible`, { directorId: dinghu.id, version: res.body.version })).status).toBe(200)
  })

  it('the neighbouring village cannot reopen; the township and the county over the village can; bad input names each field', async () => {
    const file = await enrolled(dinghu.token, { name: '恢复乙', birthDate: '2014-04-04' })
    let closed = await closeFile(file)
    const denied = await post(shiding.token, `${file.id}/reopen`, reopenBody(closed.version), 'reopen-key-shiding1')
    expect(denied.status).toBe(403)
    expect((await storedChild(file.id)).closed).toBeTruthy()
    expect(await reopenedLines(file.id)).toHaveLength(0)

    const invalid = await post(dinghu.token, `${file.id}/reopen`, { reason: 'ok', version: 'x' })
    expect(invalid.status).toBe(400)
    expect((invalid.body.error.fields as any[]).map((f) => f.field).sort()).toEqual(['reason', 'version'])
    const english = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version, 'child came back home'))
    expect(english.status).toBe(400)
    expect(english.body.error.fields[0]).toMatchObject({ field: 'reason', message: '恢复原因：请用中文写清为什么恢复' })
    const long = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version, '回'.repeat(301)))
    expect(long.status).toBe(400)
    expect(long.body.error.fields[0]).toMatchObject({ field: 'reason', message: '恢复原因：不超过 300 字' })
    expect((await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version), 'bad key!')).status).toBe(400)
    expect((await post(dinghu.token, 'x'.repeat(300) + '/reopen', reopenBody(0))).status).toBe(404)
    expect((await post(dinghu.token, 'NOSUCHFILE/reopen', reopenBody(0))).status).toBe(404)

    const byTown = await post(town.token, `${file.id}/reopen`, reopenBody(closed.version, '乡镇核实：孩子仍在本村居住，结档有误'), 'reopen-key-town0001')
    expect(byTown.status).toBe(200)
    expect((await reopenedLines(file.id))[0]).toMatchObject({ actorId: town.id })
    // Not closed any more: a second reopen is refused plainly.
    const again = await post(dinghu.token, `${file.id}/reopen`, reopenBody(byTown.body.version))
    expect(again.status).toBe(409)
    expect(again.body.error.message).toBe('这份档案没有结档，不需要恢复')

    closed = await closeFile(byTown.body)
    expect((await post(county.token, `${file.id}/reopen`, reopenBody(closed.version, '县民政局核实：孩子已回本村'))).status).toBe(200)
    expect(await listed(dinghu.token, file.id)).toBe(true)
  })

  it('a stale decision is refused with the conflict error and not applied; a retry with the same key is answered once; another body with that key is refused', async () => {
    const file = await enrolled(dinghu.token, { name: '恢复丙', birthDate: '2016-06-06' })
    const closed = await closeFile(file)
    const stale = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version - 1), 'reopen-key-stale01')
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('CONFLICT')
    expect((await storedChild(file.id)).closed).toBeTruthy()
    expect(await reopenedLines(file.id)).toHaveLength(0)

    // Two taps at once and a retry after a lost answer: one reopening, the same answer each time.
    const key = 'reopen-key-retry01'
    const [a, b] = await Promise.all([post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version), key), post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version), key)])
    expect([a.status, b.status]).toEqual([200, 200])
    const c = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version), key)
    expect(c.status).toBe(200)
    expect(a.body.version).toBe(closed.version + 1)
    expect(b.body.version).toBe(closed.version + 1)
    expect(c.body.version).toBe(closed.version + 1)
    expect(c.body.closed).toBeUndefined()
    expect(await reopenedLines(file.id)).toHaveLength(1)

    const other = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version, '另一个原因：孩子回来了'), key)
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH')
    // Without a key a repeat is refused by the version, never applied twice.
    expect((await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version))).status).toBe(409)
    // Another person's key replays nothing of this one's.
    expect((await post(town.token, `${file.id}/reopen`, reopenBody(closed.version), key)).status).toBe(409)
    expect(await reopenedLines(file.id)).toHaveLength(1)
  })

  it('a file closed because the child died is reopened by the township or county, never by the village director', async () => {
    const file = await enrolled(dinghu.token, { name: '恢复丁', birthDate: '2013-08-08' })
    const closed = await closeFile(file, 'died')
    const byVillage = await post(dinghu.token, `${file.id}/reopen`, reopenBody(closed.version, '去世的消息有误，孩子在外婆家'), 'reopen-key-died001')
    expect(byVillage.status).toBe(403)
    expect(byVillage.body.error.message).toBe('因孩子去世结档的档案，村里不能自行恢复。如果去世的消息有误，请联系乡镇儿童督导员核实后恢复建档。')
    expect((await storedChild(file.id)).closed).toMatchObject({ reason: 'died' })
    expect(await listed(dinghu.token, file.id)).toBe(false)

    const byTown = await post(town.token, `${file.id}/reopen`, reopenBody(closed.version, '乡镇核实：去世的消息有误，孩子在外婆家'), 'reopen-key-died002')
    expect(byTown.status).toBe(200)
    expect(await listed(dinghu.token, file.id)).toBe(true)
    expect((await reopenedLines(file.id))[0]).toMatchObject({ actorId: town.id, detail: { closedReason: 'died' } })
  })

  it('a file closed at 18 is reopened only once the birth date on file makes the child under 18', async () => {
    // An enrolment refuses an 18-year-old; a file that grew up on the list is made here by its birth date.
    const young = enrolBody({ name: '恢复戊', birthDate: '2012-01-01' })
    delete young.idNumber
    const enrol = await call('POST', '/staff/children', { token: dinghu.token, body: young, headers: { 'idempotency-key': `reopen-18-${Date.now()}` } })
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(201)
    const { putItem } = await import('../../functions/src/data/table')
    const grown = addDays(chinaToday(), -(18 * 366))
    await putItem({ ...(await rawChildItem(enrol.body.id))!, birthDate: grown })
    const closed = await closeFile({ id: enrol.body.id, version: enrol.body.version }, 'turned_18')

    const refused = await post(dinghu.token, `${enrol.body.id}/reopen`, reopenBody(closed.version, '出生日期登记错了，孩子还没满 18 岁'))
    expect(refused.status).toBe(400)
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'reason', code: 'still_18' })
    expect(refused.body.error.fields[0].message).toContain('请先更正出生日期')
    expect((await storedChild(enrol.body.id)).closed).toMatchObject({ reason: 'turned_18' })

    // The birth date corrected (to the one the household register shows), then reopened.
    const fixed = await call('POST', `/staff/children/${enrol.body.id}/update`, { token: dinghu.token, body: { ...young, version: closed.version } })
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200)
    expect(fixed.body.closed).toBeTruthy()
    const ok = await post(dinghu.token, `${enrol.body.id}/reopen`, reopenBody(fixed.body.version, '出生日期登记错了，已按户口本更正，孩子还没满 18 岁'))
    expect(ok.status).toBe(200)
    expect(ok.body.birthDate).toBe('2012-01-01')
    expect(await listed(dinghu.token, enrol.body.id)).toBe(true)
    expect((await getFile(dinghu.token, enrol.body.id)).body.closed).toBeUndefined()
  })
})
