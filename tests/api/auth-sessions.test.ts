import { afterEach, describe, expect, it, vi } from 'vitest'
import { DINGHU, SHIDING, call, fileReport, outbox, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'
import { addStaff, linesFor } from './helpers'

/**
 * Sessions follow the account (issue #10): deactivation, a role or division change, a password
 * reset and 退出所有设备 end open sessions within 60 s — at once in the process that made the
 * change, and within the session-check interval (≤ 60 s) in every other one. Staff bind WeChat.
 */
const ctx = useApi()
afterEach(() => vi.useRealTimers())

let n = 0
async function director(villageCode = DINGHU) {
  return addStaff({ username: `sess-${++n}`, role: 'village_director', displayName: '测试主任', divisionCode: villageCode, divisionName: '村' })
}
const me = (token: string) => call('GET', '/me', { token })
async function version(id: string) {
  const { getUser } = await import('../../functions/src/data/users')
  return (await getUser(id))!.version ?? 0
}

describe('ending sessions', () => {
  it('deactivating an account refuses its open session at once, with a plain message', async () => {
    const county = await staffToken('sixian')
    const d = await director()
    expect((await me(d.token)).status).toBe(200)
    const res = await call('POST', `/staff-admin/accounts/${d.id}/deactivate`, { token: county, body: { version: await version(d.id) } })
    expect(res.status).toBe(200)
    const refused = await me(d.token)
    expect(refused.status).toBe(401)
    expect(refused.body.error).toEqual({ code: 'SESSION_ENDED', message: '此账号已停用，请联系县民政局或乡镇儿童督导员' })
    const again = await call('POST', '/auth/staff-login', { body: { username: d.username, password: 'shouhu123' } })
    expect(again.status).toBe(403)
    expect(again.body.error.code).toBe('ACCOUNT_DISABLED')
  })

  it('a change made by another process reaches this one within the check interval, never more than 60 s', async () => {
    const { config } = await import('../../functions/src/config')
    expect(config.sessionCheckSeconds).toBeLessThanOrEqual(60)
    const d = await director()
    expect((await me(d.token)).status).toBe(200)
    // Another Lambda container deactivates the account: this process's cache is not told.
    const { getUser, saveAccount } = await import('../../functions/src/data/users')
    const before = (await getUser(d.id))!
    expect(await saveAccount(before, { ...before, active: false, sessionVersion: (before.sessionVersion ?? 0) + 1 }, { at: new Date().toISOString(), action: 'deactivated' })).toBe(true)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + config.sessionCheckSeconds * 1000)
    expect((await me(d.token)).status).toBe(401)
  })

  it('moving a director to another village ends the session that carried the old village', async () => {
    const county = await staffToken('sixian')
    const d = await director()
    const res = await call('POST', `/staff-admin/accounts/${d.id}/update`, { token: county, body: { version: await version(d.id), role: 'village_director', divisionCode: SHIDING } })
    expect(res.status).toBe(200)
    expect((await call('GET', '/staff/reports', { token: d.token })).status).toBe(401)
    const fresh = await call('POST', '/auth/staff-login', { body: { username: d.username, password: 'shouhu123' } })
    expect(fresh.body.user.divisionCode).toBe(SHIDING)
  })

  it('a name change alone keeps the session', async () => {
    const county = await staffToken('sixian')
    const d = await director()
    await call('POST', `/staff-admin/accounts/${d.id}/update`, { token: county, body: { version: await version(d.id), displayName: '新名字' } })
    expect((await me(d.token)).status).toBe(200)
  })

  it('a password reset ends every session of the account', async () => {
    const town = await staffToken('dinghu-town')
    const d = await director()
    const reset = await call('POST', `/staff-admin/accounts/${d.id}/reset-password`, { token: town, body: { version: await version(d.id) } })
    expect(reset.status).toBe(200)
    expect((await me(d.token)).status).toBe(401)
    expect((await call('POST', '/auth/staff-login', { body: { username: d.username, password: 'shouhu123' } })).status).toBe(401)
  })

  it('退出所有设备 ends the sessions on every device, and a new sign-in works', async () => {
    const d = await director()
    const phone = await staffToken(d.username)
    const out = await call('POST', '/auth/sign-out-everywhere', { token: d.token })
    expect(out.status).toBe(200)
    expect((await me(d.token)).status).toBe(401)
    expect((await me(phone)).status).toBe(401)
    expect((await me(await staffToken(d.username))).status).toBe(200)
    const audit = await call('GET', `/staff-admin/accounts/${d.id}/audit`, { token: await staffToken('sixian') })
    expect(audit.body.items.map((e: any) => e.action)).toContain('signed_out_everywhere')
  })

  it('changing one\'s own password needs the current one, and ends the other sessions', async () => {
    const d = await director()
    const other = await staffToken(d.username)
    const wrong = await call('POST', '/auth/change-password', { token: d.token, body: { currentPassword: 'nope', newPassword: 'abc12345x' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.fields[0]).toMatchObject({ field: 'currentPassword', message: '当前密码：不正确' })
    const ok = await call('POST', '/auth/change-password', { token: d.token, body: { currentPassword: 'shouhu123', newPassword: 'abc12345x' } })
    expect(ok.status).toBe(200)
    expect((await me(other)).status).toBe(401)
    expect((await me(ok.body.token)).status).toBe(200)
  })

  it('residents keep their sessions and cannot use the staff account actions', async () => {
    const resident = await residentToken('sess-resident')
    expect((await me(resident)).status).toBe(200)
    expect((await call('POST', '/auth/sign-out-everywhere', { token: resident })).status).toBe(403)
    expect((await call('POST', '/auth/wechat-bind', { token: resident, body: { code: 'dev-x' } })).status).toBe(403)
  })
})

describe('binding WeChat to a staff account', () => {
  it('a director binds their WeChat and then receives the subscription message for a report in their village', async () => {
    const d = await director(SHIDING)
    const bind = await call('POST', '/auth/wechat-bind', { token: d.token, body: { code: 'dev-bind-shiding' } })
    expect(bind.status).toBe(200)
    const { getUser } = await import('../../functions/src/data/users')
    expect((await getUser(d.id))!.openid).toBe('dev-bind-shiding')

    const resident = await residentToken('bind-reporter')
    const report = await fileReport(resident, reportBody({ villageCode: SHIDING, situations: ['living_alone'] as any }))
    expect(report.status).toBe(201)
    await ctx.streamIdle()
    expect(linesFor(outbox(ctx.outboxFile), report.body.id, 'dev-bind-shiding')).toHaveLength(1)

    const county = await staffToken('sixian')
    const row = await call('GET', `/staff-admin/accounts/${d.id}`, { token: county })
    expect(row.body.wechatBound).toBe(true)
    const audit = await call('GET', `/staff-admin/accounts/${d.id}/audit`, { token: county })
    expect(audit.body.items[0].action).toBe('wechat_bound')
  })

  it('one WeChat cannot serve two staff accounts; the empty code is a 400', async () => {
    const a = await director()
    const b = await director()
    expect((await call('POST', '/auth/wechat-bind', { token: a.token, body: { code: 'dev-shared' } })).status).toBe(200)
    const taken = await call('POST', '/auth/wechat-bind', { token: b.token, body: { code: 'dev-shared' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.message).toContain('已绑定')
    expect((await call('POST', '/auth/wechat-bind', { token: b.token, body: { code: '' } })).status).toBe(400)
  })
})
