import { describe, expect, it } from 'vitest'
import { DINGHU, call, staffToken, useApi } from '../support/api-harness'
import { addStaff } from './helpers'

/**
 * Sign-in throttling (issue #10): failures slow an account's sign-in down, then lock it for a
 * while with a plain message and an audit entry; many failures from one address lock that
 * address; an unknown username costs as long as a known one. Smaller limits here than in
 * production (same code path) so the test does not take minutes.
 */
Object.assign(process.env, {
  SIGNIN_ACCOUNT_SLOW_AFTER: '3',
  SIGNIN_ACCOUNT_LOCK_AFTER: '6',
  SIGNIN_CLIENT_SLOW_AFTER: '100',
  SIGNIN_CLIENT_LOCK_AFTER: '8',
  SIGNIN_SLOW_STEP_MS: '300',
  SIGNIN_MAX_DELAY_MS: '3000',
})
useApi()

let ip = 0
const fresh = () => `10.9.${Math.floor(++ip / 250)}.${ip % 250}`
async function login(username: string, password: string, from = fresh()) {
  const started = performance.now()
  const res = await call('POST', '/auth/staff-login', { body: { username, password }, headers: { 'x-forwarded-for': from } })
  return { ...res, ms: performance.now() - started }
}
let n = 0
const account = () => addStaff({ username: `thr-${++n}`, role: 'village_director', displayName: '测试', divisionCode: DINGHU, divisionName: '丁湖村' })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

describe('an account', () => {
  it('slows down after a few failures, then locks with a plain message and an audit entry; a reset lifts the lock', async () => {
    const a = await account()
    const times: number[] = []
    for (let i = 1; i <= 5; i++) {
      const res = await login(a.username, 'wrong')
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('BAD_CREDENTIALS')
      times.push(res.ms)
    }
    // The 4th and 5th attempts wait at least 300 and 600 ms. Lower bounds only: a loaded machine
    // makes any attempt slower, so a difference between attempts proves nothing either way.
    expect(times[3]!).toBeGreaterThanOrEqual(300)
    expect(times[4]!).toBeGreaterThanOrEqual(600)

    const locking = await login(a.username, 'wrong')
    expect(locking.status).toBe(429)
    expect(locking.body.error.code).toBe('TOO_MANY_ATTEMPTS')
    expect(locking.body.error.message).toMatch(/已暂时锁定。请 15 分钟后再试，或请上级为您重置密码/)
    // Locked: even the right password, from another address, is refused without a check.
    const right = await login(a.username, 'shouhu123')
    expect(right.status).toBe(429)

    const county = await staffToken('sixian')
    const audit = await call('GET', `/staff-admin/accounts/${a.id}/audit`, { token: county })
    expect(audit.body.items[0]).toMatchObject({ action: 'sign_in_locked', text: '连续 6 次输错密码，锁定 15 分钟' })

    const reset = await call('POST', `/staff-admin/accounts/${a.id}/reset-password`, { token: county, body: { version: 1 } })
    expect(reset.status).toBe(200)
    expect((await login(a.username, reset.body.temporaryPassword)).status).toBe(200)
  })

  it('a success before the limit starts the count again', async () => {
    const a = await account()
    for (let i = 0; i < 5; i++) expect((await login(a.username, 'wrong')).status).toBe(401)
    expect((await login(a.username, 'shouhu123')).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await login(a.username, 'wrong')).status).toBe(401)
  })

  it('an unknown username is locked the same way (a lock tells nothing about which names exist)', async () => {
    for (let i = 0; i < 5; i++) expect((await login('nobody-here', 'wrong')).status).toBe(401)
    expect((await login('nobody-here', 'wrong')).status).toBe(429)
  })
})

describe('a client address', () => {
  it('trying many usernames from one address locks that address only', async () => {
    const from = '192.0.2.77'
    for (let i = 0; i < 7; i++) expect((await login(`spray-${i}`, 'wrong', from)).status).toBe(401)
    const locked = await login('spray-8', 'wrong', from)
    expect(locked.status).toBe(429)
    expect(locked.body.error.message).toBe('这台设备登录失败次数过多，请 15 分钟后再试。')
    expect((await login('dinghu', 'shouhu123', from)).status).toBe(429)
    expect((await login('dinghu', 'shouhu123', '192.0.2.78')).status).toBe(200)
  })
})

describe('timing', () => {
  it('an unknown username takes as long as a known one (a dummy password is hashed)', async () => {
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 7; i++) {
      const a = await account()
      // Each known account fails once only: no slow-down is involved on either side.
      known.push((await login(a.username, 'wrong-password')).ms)
      unknown.push((await login(`ghost-${i}`, 'wrong-password')).ms)
    }
    // Without the dummy hash an unknown name answers in a few milliseconds against scrypt's tens.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6)
    expect(median(unknown)).toBeLessThan(median(known) * 1.7)
  })
})
