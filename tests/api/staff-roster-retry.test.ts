import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { DINGHU, DINGHU_TOWN, allPages, call, staffToken, useApi } from '../support/api-harness'

/**
 * A retried roster upload (issue #10): two taps or an answer lost on a weak network never open
 * an account twice nor show a misleading 「已被使用」. The same Idempotency-Key with the same
 * file answers with the same accounts and temporary passwords; another file under that key is
 * refused (422 IDEMPOTENCY_MISMATCH, the convention of every create); a retry long after the
 * password window gets a plain 409 saying the accounts are open.
 */
useApi()

const tag = String(Date.now()).slice(-6)

async function roster(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('花名册')
  sheet.addRow(['账号', '姓名', '岗位', '区划代码', '学校编号', '所在单位'])
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function upload(token: string, file: Buffer, key?: string, multipart = false) {
  const { app } = await import('../../functions/src/app')
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) }
  let body: BodyInit
  if (multipart) {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(file)]), 'roster.xlsx')
    form.set('fileName', '花名册.xlsx')
    body = form
  } else {
    headers['content-type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    body = new Uint8Array(file)
  }
  const res = await app.request('/api/staff-admin/accounts/roster', { method: 'POST', headers, body })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

/** Every account of the county directory with this username (one expected). */
async function accountsNamed(token: string, username: string) {
  return (await allPages(token, '/staff-admin/accounts')).filter((r) => r.username === username)
}

async function createdAudits(token: string, id: string) {
  const res = await call('GET', `/staff-admin/accounts/${id}/audit`, { token })
  expect(res.status).toBe(200)
  return (res.body.items as any[]).filter((e) => e.action === 'created')
}

const summary = (body: Record<string, any>) => body.created.map((c: any) => [c.row, c.account.id, c.account.username, c.temporaryPassword])

describe('a retried roster upload', () => {
  it('the same key and file twice — one after the other and two at once — answer with the same accounts, each created once', async () => {
    const county = await staffToken('sixian')
    const file = await roster([
      [`rr-a-${tag}`, '甲', '儿童主任', DINGHU],
      [`rr-b-${tag}`, '乙', '儿童督导员', DINGHU_TOWN],
    ])
    const key = `roster-retry-${tag}-1`
    const first = await upload(county, file, key)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.errors).toEqual([])
    expect(first.body.created).toHaveLength(2)

    const again = await upload(county, file, key)
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect(summary(again.body)).toEqual(summary(first.body))

    // Over multipart (how the phone sends it) and twice at once: the same answer.
    const [x, y] = await Promise.all([upload(county, file, key, true), upload(county, file, key, true)])
    expect([x.status, y.status]).toEqual([201, 201])
    expect(summary(x.body)).toEqual(summary(first.body))
    expect(summary(y.body)).toEqual(summary(first.body))

    for (const c of first.body.created) {
      const named = await accountsNamed(county, c.account.username)
      expect(named.map((r) => r.id)).toEqual([c.account.id])
      expect(await createdAudits(county, c.account.id)).toHaveLength(1)
    }
    // The replayed password is the account's own.
    const login = await call('POST', '/auth/staff-login', { body: { username: `rr-a-${tag}`, password: again.body.created[0].temporaryPassword }, headers: { 'x-forwarded-for': '10.9.1.1' } })
    expect(login.status).toBe(200)
  })

  it('the first two taps at once, before either has answered: both answer 201 with the same accounts', async () => {
    const county = await staffToken('sixian')
    const file = await roster([
      [`rr-c-${tag}`, '丙', '儿童主任', DINGHU],
      [`rr-d-${tag}`, '丁', '儿童主任', DINGHU],
      [`rr-e-${tag}`, '戊', '儿童主任', DINGHU],
    ])
    const key = `roster-retry-${tag}-2`
    const [a, b] = await Promise.all([upload(county, file, key), upload(county, file, key)])
    expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([201, 201])
    expect(summary(a.body)).toEqual(summary(b.body))
    expect(a.body.created).toHaveLength(3)
    for (const c of a.body.created) expect((await accountsNamed(county, c.account.username)).map((r) => r.id)).toEqual([c.account.id])
  })

  it('another file under the same key is refused and opens nothing; a malformed key is a 400; another administrator’s key replays nothing', async () => {
    const county = await staffToken('sixian')
    const key = `roster-retry-${tag}-3`
    const first = await upload(county, await roster([[`rr-f-${tag}`, '己', '儿童主任', DINGHU]]), key)
    expect(first.status).toBe(201)
    const other = await upload(county, await roster([[`rr-g-${tag}`, '庚', '儿童主任', DINGHU]]), key)
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH')
    expect(await accountsNamed(county, `rr-g-${tag}`)).toEqual([])

    const bad = await upload(county, await roster([[`rr-h-${tag}`, '辛', '儿童主任', DINGHU]]), 'no!')
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'Idempotency-Key' })
    expect(await accountsNamed(county, `rr-h-${tag}`)).toEqual([])

    // The township supervisor's same key is their own: the names are taken, and said so.
    const town = await staffToken('dinghu-town')
    const theirs = await upload(town, await roster([[`rr-f-${tag}`, '己', '儿童主任', DINGHU]]), key)
    expect(theirs.status).toBe(400)
    expect(theirs.body.errors[0].message).toContain('已被使用')
  })

  it('without a key a second sending is refused as taken (as before); a retry after the password window is told plainly and opens nothing', async () => {
    const county = await staffToken('sixian')
    const file = await roster([[`rr-i-${tag}`, '壬', '儿童主任', DINGHU]])
    expect((await upload(county, file)).status).toBe(201)
    const twice = await upload(county, file)
    expect(twice.status).toBe(400)
    expect(twice.body.errors[0].message).toContain('已被使用')

    const key = `roster-retry-${tag}-4`
    const late = await roster([[`rr-j-${tag}`, '癸', '儿童主任', DINGHU]])
    const first = await upload(county, late, key)
    expect(first.status).toBe(201)
    // The upload finished 20 minutes ago (past PASSWORD_REPLAY_MINUTES).
    const { hmac } = await import('../../functions/src/ids')
    const { sessionSecret } = await import('../../functions/src/secrets')
    const { getUser } = await import('../../functions/src/data/users')
    const { finishRosterUpload } = await import('../../functions/src/data/account-creates')
    const me = await call('GET', '/me', { token: county })
    const keyHash = hmac(await sessionSecret(), `staff-roster:${me.body.id}:${key}`)
    const { createHash } = await import('node:crypto')
    await finishRosterUpload(keyHash, createHash('sha256').update(new Uint8Array(late)).digest('hex'), new Date(Date.now() - 20 * 60_000).toISOString())
    const retry = await upload(county, late, key)
    expect(retry.status).toBe(409)
    expect(retry.body.error.message).toContain('账号都已开设好')
    expect(retry.body.error.message).toContain('重置密码')
    expect((await accountsNamed(county, `rr-j-${tag}`)).map((r) => r.id)).toEqual([first.body.created[0].account.id])
    expect(await getUser(first.body.created[0].account.id)).toBeTruthy()
  })
})
