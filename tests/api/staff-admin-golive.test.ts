import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { DINGHU, DINGHU_TOWN, call, staffToken, useApi } from '../support/api-harness'

/**
 * Staff administration, what going live adds (issue #10): partner accounts change a temporary
 * password first just as staff do, and a retried account create (the administrator's answer
 * lost on a bad network) returns the same account and the same one-time password instead of a
 * second account or an account nobody can sign in to.
 */
useApi()

type Json = Record<string, any>
let county: string

beforeAll(async () => {
  county = await staffToken('sixian')
})

const signInWith = (username: string, password: string) =>
  call('POST', '/auth/staff-login', { body: { username, password }, headers: { 'x-forwarded-for': `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } })
const director = (username: string, over: Json = {}) => ({ username, displayName: '钱主任', role: 'village_director', divisionCode: DINGHU, ...over })
const create = (token: string, body: Json, key?: string) => call('POST', '/staff-admin/accounts', { token, body, headers: key ? { 'idempotency-key': key } : {} })

describe('partner accounts change a temporary password first, like staff', () => {
  async function mustChangeFirst(username: string, temp: string, probe: string) {
    const login = await signInWith(username, temp)
    expect(login.status, username).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const refused = await call('GET', probe, { token: login.body.token })
    expect(refused.status, probe).toBe(403)
    expect(refused.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    expect((await call('GET', '/me', { token: login.body.token })).status).toBe(200)
    const changed = await call('POST', '/auth/change-password', { token: login.body.token, body: { currentPassword: temp, newPassword: 'partner2026' } })
    expect(changed.status).toBe(200)
    expect(changed.body.mustChangePassword).toBeUndefined()
    return changed.body.token as string
  }

  it('a school liaison and a police officer created by the county', async () => {
    const school = await create(county, { username: 'golive-school', displayName: '周老师', role: 'school_liaison', divisionCode: DINGHU_TOWN, schoolId: 'dinghu-primary' })
    const police = await create(county, { username: 'golive-police', displayName: '郑警官', role: 'police_officer', divisionCode: '341324000000', unit: '泗县看守所' })
    expect([school.status, police.status]).toEqual([201, 201])
    for (const [res, username] of [
      [school, 'golive-school'],
      [police, 'golive-police'],
    ] as const) {
      const token = await mustChangeFirst(username, res.body.temporaryPassword, '/staff/entrustments?filter=todo')
      expect((await call('GET', '/staff/entrustments?filter=todo', { token })).status).toBe(200)
    }
  })

  it('a department liaison (an account made with a temporary password, as bootstrap and a reset make them)', async () => {
    const { createAccount } = await import('../../functions/src/data/users')
    const { hashPassword } = await import('../../functions/src/auth/passwords')
    const temp = 'tempo2345x'
    const made = await createAccount(
      { role: 'department_liaison', department: 'education', displayName: '教育局联络人', divisionCode: '341324000000', divisionName: '泗县', mustChangePassword: true },
      { username: 'golive-dept', passwordHash: await hashPassword(temp) },
    )
    expect(made).toBeTruthy()
    const token = await mustChangeFirst('golive-dept', temp, '/staff/referrals/department')
    expect((await call('GET', '/me', { token })).body).toMatchObject({ role: 'department_liaison', department: 'education' })
    // Their own list opens once the password is changed.
    expect((await call('GET', '/staff/referrals/department', { token })).status).toBe(200)
  })
})

describe('a retried create (same Idempotency-Key) keeps the temporary password', () => {
  it('the retry returns the same account and the same password; one account exists and the password signs in', async () => {
    const key = randomUUID()
    const first = await create(county, director('idem-retry'), key)
    const again = await create(county, director('idem-retry'), key)
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body.account.id).toBe(first.body.account.id)
    expect(again.body.temporaryPassword).toBe(first.body.temporaryPassword)
    const { findLogin } = await import('../../functions/src/data/users')
    expect((await findLogin('idem-retry'))?.userId).toBe(first.body.account.id)
    expect((await signInWith('idem-retry', first.body.temporaryPassword)).status).toBe(200)
    // Without the key the same body is a new create: the name is taken, and no password is shown.
    const unkeyed = await create(county, director('idem-retry'))
    expect(unkeyed.status).toBe(409)
    expect(JSON.stringify(unkeyed.body)).not.toContain(first.body.temporaryPassword)
  })

  it('two copies of the same create racing: one account, both answers carry its password', async () => {
    const key = randomUUID()
    const [a, b] = await Promise.all([create(county, director('idem-race'), key), create(county, director('idem-race'), key)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.body.account.id).toBe(a.body.account.id)
    expect(b.body.temporaryPassword).toBe(a.body.temporaryPassword)
  })

  it('the password is kept only sealed and only for minutes; afterwards the retry says how to get a new one', async () => {
    const key = randomUUID()
    const first = await create(county, director('idem-late'), key)
    expect(first.status).toBe(201)
    const temp = first.body.temporaryPassword as string
    const { hmac } = await import('../../functions/src/ids')
    const { getItem, putItem } = await import('../../functions/src/data/table')
    const sixian = (await call('GET', '/me', { token: county })).body
    const keyHash = hmac(process.env.SESSION_SECRET!, `staff-create:${sixian.id}:${key}`)
    const record = await getItem<Json>(`IDEM#${keyHash}`, 'IDEM', true)
    const sealed = await getItem<Json>(`IDEM#${keyHash}`, 'PASSWORD', true)
    expect(record).toMatchObject({ accountId: first.body.account.id })
    expect(sealed).toBeTruthy()
    // Never the plain password; the sealed copy expires (TTL) 15 minutes after the create.
    expect(JSON.stringify([record, sealed])).not.toContain(temp)
    expect(sealed!.expiresAt * 1000 - Date.now()).toBeGreaterThan(14 * 60_000)
    expect(sealed!.expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000)

    // The window has passed (DynamoDB's TTL may not have run yet).
    await putItem({ ...sealed!, pk: sealed!.pk, sk: sealed!.sk, until: new Date(Date.now() - 1000).toISOString() })
    const late = await create(county, director('idem-late'), key)
    expect(late.status).toBe(409)
    expect(late.body.error.message).toContain('钱主任（idem-late）的账号已经建好')
    expect(late.body.error.message).toContain('重置密码')
    expect(JSON.stringify(late.body)).not.toContain(temp)
    expect(await getItem(`IDEM#${keyHash}`, 'PASSWORD', true)).toBeUndefined()
  })

  it('once the password was changed, a retry no longer shows the old one', async () => {
    const key = randomUUID()
    const first = await create(county, director('idem-changed'), key)
    const login = await signInWith('idem-changed', first.body.temporaryPassword)
    expect((await call('POST', '/auth/change-password', { token: login.body.token, body: { currentPassword: first.body.temporaryPassword, newPassword: 'changed2026' } })).status).toBe(200)
    const retry = await create(county, director('idem-changed'), key)
    expect(retry.status).toBe(409)
    expect(JSON.stringify(retry.body)).not.toContain(first.body.temporaryPassword)
  })

  it('a key is the administrator’s own and names one create: another body or another administrator gets no password', async () => {
    const key = randomUUID()
    const first = await create(county, director('idem-owner'), key)
    expect(first.status).toBe(201)
    const changedBody = await create(county, director('idem-owner', { displayName: '别人' }), key)
    expect(changedBody.status).toBe(422)
    expect(changedBody.body.error.code).toBe('IDEMPOTENCY_MISMATCH')
    const town = await staffToken('dinghu-town')
    const other = await create(town, director('idem-owner'), key)
    expect(other.status).toBe(409)
    expect(JSON.stringify(other.body)).not.toContain(first.body.temporaryPassword)
  })

  it('a malformed key is a clean 400 naming it, and nothing is created', async () => {
    for (const key of ['short', 'x'.repeat(101), 'has spaces in it']) {
      const res = await create(county, director('idem-badkey'), key)
      expect(res.status, key).toBe(400)
      expect(res.body.error.fields.map((f: Json) => f.field)).toEqual(['Idempotency-Key'])
    }
    const { findLogin } = await import('../../functions/src/data/users')
    expect(await findLogin('idem-badkey')).toBeUndefined()
  })
})
