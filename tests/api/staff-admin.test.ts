import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { DINGHU, DINGHU_TOWN, allPages, OTHER_TOWN_VILLAGE, SHIDING, call, residentToken, staffToken, useApi } from '../support/api-harness'

/**
 * Staff administration (issue #10): a county officer runs the accounts of the county, a
 * township supervisor the village directors of the township; both ways tested, every change
 * audited, temporary passwords must be changed first.
 */
useApi()

async function signInWith(username: string, password: string) {
  return call('POST', '/auth/staff-login', { body: { username, password }, headers: { 'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } })
}

async function createDirector(token: string, username: string, divisionCode = DINGHU) {
  return call('POST', '/staff-admin/accounts', { token, body: { username, displayName: '钱主任', role: 'village_director', divisionCode } })
}

/** Every account the administrator manages, two a page so the cursor is crossed (no row twice). */
const allRows = (token: string) => allPages(token, '/staff-admin/accounts')

describe('a county officer administers the county', () => {
  it('creates a village director with a temporary password that must be changed at first sign-in', async () => {
    const county = await staffToken('sixian')
    const res = await createDirector(county, 'qian-dinghu')
    expect(res.status).toBe(201)
    expect(res.body.account).toMatchObject({ username: 'qian-dinghu', role: 'village_director', divisionCode: DINGHU, divisionName: '丁湖村', active: true, mustChangePassword: true })
    const temp = res.body.temporaryPassword as string
    expect(temp).toMatch(/^(?=.*[a-z])(?=.*\d)[a-z0-9]{10}$/)

    const login = await signInWith('qian-dinghu', temp)
    expect(login.status).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const tempToken = login.body.token
    // A temporary session may only change the password.
    const queue = await call('GET', '/staff/reports', { token: tempToken })
    expect(queue.status).toBe(403)
    expect(queue.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')

    const weak = await call('POST', '/auth/change-password', { token: tempToken, body: { currentPassword: temp, newPassword: 'short' } })
    expect(weak.status).toBe(400)
    expect(weak.body.error.fields[0]).toMatchObject({ field: 'newPassword', message: expect.stringContaining('新密码') })

    const changed = await call('POST', '/auth/change-password', { token: tempToken, body: { currentPassword: temp, newPassword: 'dinghu2026' } })
    expect(changed.status).toBe(200)
    expect(changed.body.mustChangePassword).toBeUndefined()
    expect((await call('GET', '/staff/reports', { token: changed.body.token })).status).toBe(200)
    // The temporary session ended with the change.
    expect((await call('GET', '/me', { token: tempToken })).status).toBe(401)
    expect((await signInWith('qian-dinghu', temp)).status).toBe(401)
    expect((await signInWith('qian-dinghu', 'dinghu2026')).status).toBe(200)
  })

  it('lists the county staff a page at a time with the new account, and the neighbouring township supervisor sees only theirs', async () => {
    const county = await staffToken('sixian')
    await createDirector(county, 'list-shiding', SHIDING)
    await createDirector(county, 'list-caogou', OTHER_TOWN_VILLAGE)
    const rows = await allRows(county)
    const names = rows.map((r) => r.username)
    expect(names).toEqual(expect.arrayContaining(['dinghu', 'shiding', 'dinghu-town', 'sixian', 'dinghu-school', 'sixian-police', 'list-shiding', 'list-caogou']))
    expect(rows.every((r) => typeof r.version === 'number' && !('passwordHash' in r))).toBe(true)

    const town = await staffToken('dinghu-town')
    const townRows = (await allRows(town)).map((r) => r.username)
    expect(townRows).toEqual(expect.arrayContaining(['dinghu', 'shiding', 'list-shiding', 'dinghu-town']))
    expect(townRows).not.toContain('list-caogou')
    expect(townRows).not.toContain('sixian')
  })

  it('creates a township supervisor, a school liaison and a police account; refuses a division of the wrong level', async () => {
    const county = await staffToken('sixian')
    const sup = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'dinghu-town2', displayName: '吴督导', role: 'township_supervisor', divisionCode: DINGHU_TOWN } })
    expect(sup.status).toBe(201)
    const school = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'dinghu-school2', displayName: '周老师', role: 'school_liaison', divisionCode: DINGHU_TOWN, schoolId: 'dinghu-primary' } })
    expect(school.status).toBe(201)
    expect(school.body.account.schoolId).toBe('dinghu-primary')
    const police = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'sixian-police2', displayName: '郑警官', role: 'police_officer', divisionCode: '341324000000', unit: '泗县看守所' } })
    expect(police.status).toBe(201)
    const wrongLevel = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'wrong-level', displayName: '错', role: 'village_director', divisionCode: DINGHU_TOWN } })
    expect(wrongLevel.status).toBe(400)
    expect(wrongLevel.body.error.fields[0]).toMatchObject({ field: 'divisionCode', message: expect.stringContaining('村（社区）') })
    const noSchool = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'no-school', displayName: '错', role: 'school_liaison', divisionCode: DINGHU_TOWN, schoolId: 'nowhere' } })
    expect(noSchool.status).toBe(400)
    expect(noSchool.body.error.fields[0].field).toBe('schoolId')
    const taken = await createDirector(county, 'dinghu')
    expect(taken.status).toBe(409)
  })

  it('refuses another county, another county officer, and bad input with Chinese field messages', async () => {
    const county = await staffToken('sixian')
    const otherCounty = await createDirector(county, 'other-county', '341322100200')
    expect(otherCounty.status).toBe(403)
    const officer = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'sixian2', displayName: '县', role: 'county_officer', divisionCode: '341324000000' } })
    expect(officer.status).toBe(400)
    const bad = await call('POST', '/staff-admin/accounts', { token: county, body: { username: 'A', displayName: '', role: 'mayor', divisionCode: '12' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: any) => f.field).sort()).toEqual(['displayName', 'divisionCode', 'role', 'username'])
    expect(bad.body.error.fields.find((f: any) => f.field === 'username').message).toMatch(/^账号用 3 到 32 个/)
    for (const id of ['x', 'X'.repeat(5000), '../../etc', '01ABCDEF']) {
      const res = await call('POST', `/staff-admin/accounts/${encodeURIComponent(id)}/deactivate`, { token: county, body: { version: 1 } })
      expect(res.status, id.slice(0, 20)).toBe(404)
    }
    // A cursor from elsewhere and a page size out of range are named, like every other list's.
    const badCursor = await call('GET', '/staff-admin/accounts?cursor=not-a-cursor', { token: county })
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error.fields[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' })
    const badLimit = await call('GET', '/staff-admin/accounts?limit=1000', { token: county })
    expect(badLimit.status).toBe(400)
    expect(badLimit.body.error.fields[0]).toMatchObject({ field: 'limit' })
  })

  it('edits, deactivates, reactivates and resets, each change audited with who did it', async () => {
    const county = await staffToken('sixian')
    const { body } = await createDirector(county, 'audit-me')
    const id = body.account.id
    const renamed = await call('POST', `/staff-admin/accounts/${id}/update`, { token: county, body: { version: body.account.version, displayName: '钱小华' } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.displayName).toBe('钱小华')
    const stale = await call('POST', `/staff-admin/accounts/${id}/update`, { token: county, body: { version: body.account.version, displayName: '旧' } })
    expect(stale.status).toBe(409)
    const moved = await call('POST', `/staff-admin/accounts/${id}/update`, { token: county, body: { version: renamed.body.version, role: 'village_director', divisionCode: SHIDING } })
    expect(moved.body).toMatchObject({ divisionCode: SHIDING, divisionName: '石丁村' })
    const off = await call('POST', `/staff-admin/accounts/${id}/deactivate`, { token: county, body: { version: moved.body.version } })
    expect(off.body.active).toBe(false)
    const on = await call('POST', `/staff-admin/accounts/${id}/reactivate`, { token: county, body: { version: off.body.version } })
    expect(on.body.active).toBe(true)
    const reset = await call('POST', `/staff-admin/accounts/${id}/reset-password`, { token: county, body: { version: on.body.version } })
    expect(reset.status).toBe(200)
    expect(reset.body.account.mustChangePassword).toBe(true)

    const audit = await call('GET', `/staff-admin/accounts/${id}/audit`, { token: county })
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['password_reset', 'reactivated', 'deactivated', 'updated', 'updated', 'created'])
    expect(audit.body.items.every((e: any) => e.actorName === '周科长')).toBe(true)
    expect(audit.body.items[3].text).toContain('石丁村')
    expect(JSON.stringify(audit.body)).not.toContain(reset.body.temporaryPassword)
    // Two a page: the same six entries in the same order, the last page without a next cursor.
    const actions: string[] = []
    let cursor: string | undefined
    do {
      const page = await call('GET', `/staff-admin/accounts/${id}/audit?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: county })
      expect(page.status).toBe(200)
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      actions.push(...page.body.items.map((e: any) => e.action))
      cursor = page.body.nextCursor
    } while (cursor && actions.length < 20)
    expect(actions).toEqual(audit.body.items.map((e: any) => e.action))
  })
})

describe('a township supervisor administers the village directors of the township only', () => {
  it('creates and resets a director of their own village', async () => {
    const town = await staffToken('dinghu-town')
    const res = await createDirector(town, 'town-made', SHIDING)
    expect(res.status).toBe(201)
    const reset = await call('POST', `/staff-admin/accounts/${res.body.account.id}/reset-password`, { token: town, body: { version: res.body.account.version } })
    expect(reset.status).toBe(200)
  })

  it('is refused a village of another township, a township supervisor, and accounts outside the township', async () => {
    const town = await staffToken('dinghu-town')
    expect((await createDirector(town, 'town-other', OTHER_TOWN_VILLAGE)).status).toBe(403)
    const sup = await call('POST', '/staff-admin/accounts', { token: town, body: { username: 'town-sup', displayName: '督', role: 'township_supervisor', divisionCode: DINGHU_TOWN } })
    expect(sup.status).toBe(403)
    const county = await staffToken('sixian')
    const elsewhere = await createDirector(county, 'caogou-dir', OTHER_TOWN_VILLAGE)
    const id = elsewhere.body.account.id
    expect((await call('GET', `/staff-admin/accounts/${id}`, { token: town })).status).toBe(403)
    expect((await call('POST', `/staff-admin/accounts/${id}/deactivate`, { token: town, body: { version: 1 } })).status).toBe(403)
    // Moving one of their own directors out of the township is refused too.
    const own = await createDirector(town, 'town-own', DINGHU)
    const move = await call('POST', `/staff-admin/accounts/${own.body.account.id}/update`, { token: town, body: { version: 1, role: 'village_director', divisionCode: OTHER_TOWN_VILLAGE } })
    expect(move.status).toBe(403)
  })

  it('village directors, partners and residents administer nobody', async () => {
    for (const username of ['dinghu', 'dinghu-school', 'sixian-police']) {
      const token = await staffToken(username)
      expect((await call('GET', '/staff-admin/accounts', { token })).status, username).toBe(403)
      expect((await createDirector(token, `by-${username}`)).status, username).toBe(403)
    }
    const resident = await residentToken()
    expect((await call('GET', '/staff-admin/accounts', { token: resident })).status).toBe(403)
  })
})

describe('bulk-create from an Excel roster', () => {
  async function roster(rows: (string | number)[][], headings = ['账号', '姓名', '岗位', '区划代码', '学校编号', '所在单位']) {
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('花名册')
    sheet.addRow(headings)
    for (const r of rows) sheet.addRow(r)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  async function upload(token: string, file: Buffer) {
    const { app } = await import('../../functions/src/app')
    const res = await app.request('/api/staff-admin/accounts/roster', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: file,
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }

  it('names every wrong row and column in Chinese and creates nobody', async () => {
    const county = await staffToken('sixian')
    const file = await roster([
      ['roster-a', '甲', '儿童主任', DINGHU],
      ['roster-b', '乙', '村长', DINGHU],
      ['roster-a', '丙', '儿童主任', SHIDING],
      ['roster-c', '丁', '儿童主任', '341322100200'],
    ])
    const res = await upload(county, file)
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { row: 3, column: '岗位', message: expect.stringMatching(/^第 3 行“岗位”：岗位应为/) },
      { row: 4, column: '账号', message: '第 4 行“账号”：与第 2 行重复' },
      { row: 5, column: '区划代码', message: expect.stringMatching(/^第 5 行“区划代码”：/) },
    ])
    expect((await signInWith('roster-a', 'x')).status).toBe(401)
    const rows = await allRows(county)
    expect(rows.some((r) => r.username.startsWith('roster-'))).toBe(false)
  })

  it('a missing heading is named; a correct roster creates every account with its own temporary password', async () => {
    const county = await staffToken('sixian')
    const missing = await upload(county, await roster([['x', 'y', '儿童主任', DINGHU]], ['账号', '姓名', '区划代码']))
    expect(missing.body.errors).toEqual([{ row: 1, column: '岗位', message: '第 1 行缺少“岗位”这一列' }])
    const ok = await upload(
      county,
      await roster([
        ['roster-d', '戊', '儿童主任', DINGHU],
        ['roster-e', '己', '儿童督导员', DINGHU_TOWN],
        ['roster-f', '庚', '学校联络人', DINGHU_TOWN, 'dinghu-primary'],
      ]),
    )
    expect(ok.status).toBe(201)
    expect(ok.body.created.map((c: any) => [c.row, c.account.username, c.account.role])).toEqual([
      [2, 'roster-d', 'village_director'],
      [3, 'roster-e', 'township_supervisor'],
      [4, 'roster-f', 'school_liaison'],
    ])
    const login = await signInWith('roster-e', ok.body.created[1].temporaryPassword)
    expect(login.body.mustChangePassword).toBe(true)
    const notXlsx = await upload(county, Buffer.from('hello'))
    expect(notXlsx.status).toBe(400)
    expect(notXlsx.body.errors[0].message).toContain('Excel')
  })

  const withDepartment = ['账号', '姓名', '岗位', '区划代码', '学校编号', '所在单位', '部门']
  const COUNTY = '341324000000'

  it('the 部门 column: a liaison without one, an unknown department and a department on another role are named by row and column; nobody is created', async () => {
    const county = await staffToken('sixian')
    const res = await upload(
      county,
      await roster(
        [
          ['roster-g', '辛', '部门联络人', COUNTY],
          ['roster-h', '壬', '部门联络人', COUNTY, '', '', '民政局'],
          ['roster-i', '癸', '儿童主任', DINGHU, '', '', '教育局'],
          ['roster-j', '子', '部门联络人', COUNTY, '', '', '教育局'],
        ],
        withDepartment,
      ),
    )
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { row: 2, column: '部门', message: expect.stringMatching(/^第 2 行“部门”：部门联络人要填写部门（教育局、医保局、/) },
      { row: 3, column: '部门', message: expect.stringMatching(/^第 3 行“部门”：部门应为：教育局、/) },
      { row: 4, column: '部门', message: '第 4 行“部门”：只有岗位是“部门联络人”的人员填写部门' },
    ])
    expect((await allRows(county)).some((r) => ['roster-g', 'roster-j'].includes(r.username))).toBe(false)
  })

  it('a roster with 部门 creates department liaisons who reach their department\'s referral list and not the child lists; a township supervisor cannot create them', async () => {
    const county = await staffToken('sixian')
    const ok = await upload(
      county,
      await roster(
        [
          ['roster-k', '丑', '部门联络人', COUNTY, '', '', '教育局'],
          ['roster-l', '寅', '部门联络人', COUNTY, '', '', '公安'],
          ['roster-m', '卯', '儿童主任', DINGHU],
        ],
        withDepartment,
      ),
    )
    expect(ok.status).toBe(201)
    expect(ok.body.created.map((c: any) => [c.row, c.account.username, c.account.role, c.account.department])).toEqual([
      [2, 'roster-k', 'department_liaison', 'education'],
      [3, 'roster-l', 'department_liaison', 'police'],
      [4, 'roster-m', 'village_director', undefined],
    ])
    // Signed in (after the first-time password change) the education liaison reaches the education referrals, not the staff lists.
    const temp = ok.body.created[0].temporaryPassword
    const first = await signInWith('roster-k', temp)
    const changed = await call('POST', '/auth/change-password', { token: first.body.token, body: { currentPassword: temp, newPassword: 'jiaoyu2026' } })
    expect(changed.status).toBeLessThan(300)
    const edu = (await signInWith('roster-k', 'jiaoyu2026')).body.token
    expect((await call('GET', '/me', { token: edu })).body).toMatchObject({ role: 'department_liaison', department: 'education' })
    expect((await call('GET', '/staff/referrals/department?state=open', { token: edu })).status).toBe(200)
    expect((await call('GET', '/staff/children', { token: edu })).status).toBe(403)

    // A township supervisor administers its villages' directors only: a liaison row is refused by row and column.
    const town = await staffToken('dinghu-town')
    const refused = await upload(town, await roster([['roster-n', '辰', '部门联络人', COUNTY, '', '', '教育局']], withDepartment))
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0]).toMatchObject({ row: 2, message: expect.stringMatching(/^第 2 行/) })
    expect((await signInWith('roster-n', 'x')).status).toBe(401)
  })

  it('the template downloads for administrators only and imports as it is', async () => {
    const { app } = await import('../../functions/src/app')
    const get = (token: string) => app.request('/api/staff-admin/accounts/roster/template', { headers: { authorization: `Bearer ${token}` } })
    expect((await get(await staffToken('dinghu'))).status).toBe(403)
    const res = await get(await staffToken('sixian'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, ...withDepartment])
    expect(JSON.stringify(wb.getWorksheet('填写说明')!.getSheetValues())).toContain('部门联络人')
    // The example rows, renamed, import unchanged (区划代码 stays text).
    for (let r = 2; r <= sheet.rowCount; r++) sheet.getRow(r).getCell(1).value = `tpl-${r}`
    const again = await upload(await staffToken('sixian'), Buffer.from(await wb.xlsx.writeBuffer()))
    expect(again.status).toBe(201)
    expect(again.body.created.map((c: any) => c.account.role)).toEqual(['village_director', 'township_supervisor', 'department_liaison'])
  })
})
