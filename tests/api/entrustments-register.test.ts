import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, residentToken, staffToken, useApi } from '../support/api-harness'
import {
  CONSENT_VERSION,
  GRANDMA,
  PHONES,
  addDays,
  addMonths,
  awayParent,
  caregiverBody,
  chinaToday,
  childBody,
  entrustmentBody,
  homeParent,
  register,
  registered,
  withCheckDigit,
} from '../support/entrustment-fixtures'

useApi()

type Json = Record<string, any>
let parent: string
let parentId: string

/** Everything stored for this account's entrustments: the owner index and the items themselves. */
async function storedFor(userId: string): Promise<Json[]> {
  const { query } = await import('../../functions/src/data/table')
  // The index projects each entrustment's list row (infra/lib/data.ts).
  return (await query<Json>({ index: 'byOwner', pk: `USER#${userId}`, skPrefix: 'ENTRUST#' })).map((i) => i.row ?? i)
}

async function rawEntrustment(id: string): Promise<Json | undefined> {
  const { getItem } = await import('../../functions/src/data/table')
  return getItem<Json>(`ENTRUST#${id}`, 'ENTRUST', true)
}

beforeAll(async () => {
  // Workplace names (the demo seed leaves other counties out of API tests).
  const { putDivisions } = await import('../../functions/src/data/divisions')
  await putDivisions([{ code: '310101000000', name: '黄浦区', level: 'county', parentCode: '310100000000', hasChildren: false }])
  parent = await residentToken('reg-parent')
  parentId = (await call('GET', '/me', { token: parent })).body.id
})

describe('registering an entrustment: validation (nothing is stored when refused)', () => {
  const cases: [string, (b: Json) => void, string, string][] = [
    ['a child ID number with a wrong check digit', (b) => (b.children[0].idNumber = b.children[0].idNumber.slice(0, 17) + (b.children[0].idNumber[17] === '0' ? '1' : '0')), 'children.0.idNumber', '校验位不正确'],
    ['a caregiver ID number of 17 digits', (b) => (b.caregiver.idNumber = GRANDMA.idNumber.slice(0, 17)), 'caregiver.idNumber', '18 位'],
    ['a child ID number with an impossible birth date', (b) => (b.children[0].idNumber = withCheckDigit('34132420160230002')), 'children.0.idNumber', '出生日期'],
    ['a birth date that differs from the ID number', (b) => (b.children[0].birthDate = '2016-03-11'), 'children.0.birthDate', '与身份证号码不一致'],
    ['a 10-digit phone number', (b) => (b.parents[0].phone = '1391234567'), 'parents.0.phone', '11 位手机号码'],
    ['a phone number starting 12', (b) => (b.caregiver.phone = '12700001111'), 'caregiver.phone', '11 位手机号码'],
    ['an end date before the start date', (b) => (b.endDate = addDays(b.startDate, -1)), 'endDate', '晚于开始日期'],
    ['an end date more than three years on', (b) => (b.endDate = addDays(addMonths(b.startDate, 36), 1)), 'endDate', '最长委托 3 年'],
    ['an unreal date', (b) => (b.startDate = '2026-02-30'), 'startDate', '真实的日期'],
    ['a departure date in the future', (b) => (b.parents[1].awaySince = addDays(chinaToday(), 5)), 'parents.1.awaySince', '不能晚于今天'],
    ['a caregiver under 18', (b) => Object.assign(b.caregiver, { birthDate: '2010-01-05', idNumber: withCheckDigit('34132420100105002') }), 'caregiver.birthDate', '年满十八周岁'],
  ]
  it.each(cases)('%s → 400 naming the field in Chinese', async (_, mutate, field, message) => {
    const body = entrustmentBody()
    mutate(body)
    const res = await register(parent, body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    const f = (res.body.error.fields as Json[]).find((e) => e.field === field)
    expect(f, JSON.stringify(res.body.error.fields)).toBeDefined()
    expect(f!.message).toContain(message)
    expect(await storedFor(parentId)).toEqual([])
  })

  it('a village that does not exist is refused', async () => {
    const res = await register(parent, entrustmentBody({ children: [childBody({ villageCode: '341324199299' })] }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].field).toBe('children.0.villageCode')
    expect(await storedFor(parentId)).toEqual([])
  })
})

describe('consent (PIPL: children under 14 are sensitive personal information)', () => {
  it.each([
    ['missing', (b: Json) => delete b.consent, 'consent'],
    ['not ticked', (b: Json) => (b.consent.agreed = false), 'consent.agreed'],
    ['given to an older text', (b: Json) => (b.consent.version = 'entrustment-consent-2020-v0'), 'consent'],
  ])('consent %s → 400 and nothing at all is stored', async (_, mutate, field) => {
    const body = entrustmentBody()
    mutate(body)
    const res = await register(parent, body)
    expect(res.status).toBe(400)
    expect((res.body.error.fields as Json[]).map((f) => f.field)).toContain(field)
    expect(await storedFor(parentId)).toEqual([])
  })

  it('with consent, the version and the time are recorded with the entrustment', async () => {
    const before = new Date().toISOString()
    const view = await registered(parent)
    const stored = await rawEntrustment(view.id)
    expect(stored!.consent).toMatchObject({ version: CONSENT_VERSION, recordedBy: parentId, guardianName: '王秀兰' })
    expect(stored!.consent.agreedAt >= before).toBe(true)
  })
})

describe('a registered entrustment', () => {
  it('waits for the caregiver and tells the parent what to do next, with the invitation code', async () => {
    const view = await registered(parent)
    expect(view).toMatchObject({
      status: 'pending_caregiver',
      statusText: '等待照护人确认',
      viewer: 'parent',
      villageName: '丁湖村',
      townshipName: '丁湖镇',
      actions: ['replace_caregiver', 'end'],
    })
    expect(view.nextStep).toContain('邀请码')
    expect(view.invitationCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(view.children[0]).toMatchObject({ name: '刘小雨', schoolName: '丁湖镇中心小学' })
    expect(view.parents[0].situationText).toBe('外出务工（黄浦区）')
    const stored = await rawEntrustment(view.id)
    expect(stored).toMatchObject({ status: 'pending_caregiver', villageCode: '341324102200', townshipCode: '341324102000', ownerId: parentId, version: 0 })
    const { getItem } = await import('../../functions/src/data/table')
    expect(await getItem(`INVITE#${view.invitationCode}`, 'INVITE', true)).toMatchObject({ entrustmentId: view.id, round: 1 })
  })

  it('masks every phone and ID number in what the API answers, and never labels the child', async () => {
    const body = entrustmentBody()
    const view = await registered(parent, body)
    const again = await call('GET', `/entrustments/${view.id}`, { token: parent })
    const mine = await call('GET', '/entrustments/mine', { token: parent })
    for (const answer of [view, again.body, mine.body]) {
      const text = JSON.stringify(answer)
      for (const secret of [PHONES.father, PHONES.mother, PHONES.caregiver, GRANDMA.idNumber, body.children[0].idNumber]) expect(text).not.toContain(secret)
      expect(text).not.toMatch(/留守|困境|leftBehind/)
    }
    expect(again.body.caregiver.phone).toBe('137****1111')
    expect(again.body.caregiver.idNumber).toBe(`341${'*'.repeat(11)}${GRANDMA.idNumber.slice(-4)}`)
  })

  it('a retry with the same Idempotency-Key returns the same entrustment; a different body with it is refused', async () => {
    const key = randomUUID()
    const body = entrustmentBody()
    const first = await register(parent, body, key)
    const second = await register(parent, body, key)
    expect(first.status).toBe(201)
    expect(second.status).toBe(200)
    expect(second.body.id).toBe(first.body.id)
    const changed = await register(parent, { ...body, endDate: addDays(body.endDate, -1) }, key)
    expect(changed.status).toBe(422)
    const mine = (await storedFor(parentId)).filter((i) => i.id === first.body.id)
    expect(mine).toHaveLength(1)
    expect((await register(parent, body, '')).status).toBe(400)
  })

  it('a child whose other parent is at home and able is accepted (the village decides about the label, not the form)', async () => {
    const res = await register(parent, entrustmentBody({ parents: [awayParent('father'), homeParent('mother')] }))
    expect(res.status).toBe(201)
  })

  it('only the parent (and later the caregiver) can open it: another resident gets 404, staff use their own routes', async () => {
    const view = await registered(parent)
    const other = await residentToken('reg-other')
    expect((await call('GET', `/entrustments/${view.id}`, { token: other })).status).toBe(404)
    expect((await call('GET', '/entrustments/mine', { token: other })).body.items).toEqual([])
    expect((await call('POST', `/entrustments/${view.id}/end`, { token: other, body: { reason: 'other' } })).status).toBe(404)
    expect((await rawEntrustment(view.id))!.status).toBe('pending_caregiver')
    const staff = await staffToken('dinghu')
    expect((await call('POST', '/entrustments', { token: staff, body: entrustmentBody(), headers: { 'idempotency-key': randomUUID() } })).status).toBe(403)
  })

  it('lists the schools of the county for the picker', async () => {
    const res = await call('GET', '/entrustments/schools?village=341324102200', { token: parent })
    expect(res.status).toBe(200)
    expect(res.body.items.map((s: Json) => s.name).sort()).toEqual(['丁湖镇中学', '丁湖镇中心小学'].sort())
    expect((await call('GET', '/entrustments/schools?village=34', { token: parent })).status).toBe(400)
  })

  it('a school picked by id is stored under its own name; a typed school keeps the typed name', async () => {
    const body = entrustmentBody({
      children: [
        childBody({ school: { id: 'dinghu-primary', name: '随便写的名字' } }),
        childBody({ name: '刘小明', sex: 'male', birthDate: '2012-06-01', seq: 3, school: { name: '泗县第一中学' } }),
      ],
    })
    const view = await registered(parent, body)
    const stored = await rawEntrustment(view.id)
    expect(stored!.children[0].school).toEqual({ id: 'dinghu-primary', name: '丁湖镇中心小学' })
    expect(stored!.children[1].school).toEqual({ name: '泗县第一中学' })
  })

  it('the parent ends it before anyone answered: ended, the invitation no longer works', async () => {
    const view = await registered(parent)
    const ended = await call('POST', `/entrustments/${view.id}/end`, { token: parent, body: { reason: 'other', note: '改变计划' } })
    expect(ended.status).toBe(200)
    expect(ended.body).toMatchObject({ status: 'ended', actions: [] })
    const caregiver = await residentToken('reg-caregiver')
    const accept = await call('POST', `/entrustments/invitations/${view.invitationCode}/accept`, { token: caregiver })
    expect(accept.status).toBe(409)
    expect(accept.body.error.message).toContain('已结束')
    // An ended entrustment cannot be ended again.
    expect((await call('POST', `/entrustments/${view.id}/end`, { token: parent, body: { reason: 'returned' } })).status).toBe(409)
  })
})

describe('phone and ID numbers never reach the logs', () => {
  it('a full registration, a refused one and a view log nothing that contains them', async () => {
    const lines: string[] = []
    const original = { log: console.log, error: console.error, level: process.env.LOG_LEVEL }
    console.log = (...a: unknown[]) => void lines.push(a.join(' '))
    console.error = (...a: unknown[]) => void lines.push(a.join(' '))
    process.env.LOG_LEVEL = 'info'
    try {
      const body = entrustmentBody()
      const view = await registered(parent, body)
      await register(parent, { ...body, caregiver: caregiverBody({ phone: '1370000111' }) })
      await call('GET', `/entrustments/${view.id}`, { token: await residentToken('reg-log-other') })
      const shiding = await staffToken('shiding')
      await call('GET', `/staff/entrustments/${view.id}`, { token: shiding })
    } finally {
      console.log = original.log
      console.error = original.error
      process.env.LOG_LEVEL = original.level
    }
    expect(lines.length).toBeGreaterThan(0)
    const all = lines.join('\n')
    for (const secret of [PHONES.father, PHONES.mother, PHONES.caregiver, GRANDMA.idNumber]) expect(all).not.toContain(secret)
  })
})
