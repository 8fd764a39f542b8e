import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken } from '../support/stack-api'

/**
 * A roster upload whose answer is lost (issue #10), on the H5 build: the server opens the
 * accounts but the phone never hears back. The county officer is told to tap again, taps, and
 * sees the same accounts with their passwords — none opened twice, no 「已被使用」 — because the
 * page sends one Idempotency-Key per chosen file.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const stamp = Date.now().toString(36)
const director = `rrt-${stamp}-a`
const supervisor = `rrt-${stamp}-b`

async function roster(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('花名册')
  sheet.addRow(['账号', '姓名', '岗位', '区划代码', '学校编号', '所在单位', '部门'])
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('a roster sent again after its answer was lost', () => {
  it('opens each account once and shows the same accounts and passwords on the second tap', async () => {
    const page = await newPage()
    page.setDefaultTimeout(45_000)
    await staffSignIn(page, appUrl, 'sixian')
    await page.goto(`${appUrl}#/admin/roster/index`)
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#roster-choose:visible')])
    await chooser.setFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await roster([
        [director, '吴主任', '儿童主任', '341324102200'],
        [supervisor, '郑督导', '儿童督导员', '341324102000'],
      ]),
    })
    await expect.poll(() => page.textContent('#roster-file-name:visible')).toBe('花名册.xlsx')

    // The first sending reaches the server, which opens the accounts; the answer never arrives.
    const keys: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/staff-admin/accounts/roster')) keys.push(r.headers()['idempotency-key'] ?? '')
    })
    await page.route('**/staff-admin/accounts/roster', async (route) => {
      const answered = await route.fetch()
      expect(answered.status()).toBe(201)
      await route.abort('connectionreset')
    }, { times: 1 })
    await page.click('#roster-upload:visible')
    await expect.poll(() => page.textContent('#roster-error:visible'), { timeout: 60_000 }).toContain('不会重复开设')
    const county = await staffToken('sixian')
    const opened = async () => {
      let n = 0
      let cursor: string | undefined
      do {
        const res = await api('GET', `/staff-admin/accounts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token: county })
        expect(res.status).toBe(200)
        n += (res.body.items as { username: string }[]).filter((r) => r.username === director || r.username === supervisor).length
        cursor = res.body.cursor
      } while (cursor)
      return n
    }
    // Opened already, though the page could not know.
    await expect.poll(opened, { timeout: 20_000 }).toBe(2)
    await expectAccessible(page, 'the roster page after a lost answer')

    // The second tap: the same key, the accounts shown with their passwords, nothing opened twice.
    await page.locator('#roster-upload:visible').focus()
    await page.keyboard.press('Enter')
    await page.locator(`#roster-created-${director}:visible`).waitFor({ timeout: 60_000 })
    expect(await page.textContent('#roster-done:visible')).toContain('已开设 2 个账号')
    expect(await page.locator('#roster-problems').count()).toBe(0)
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe(keys[0])
    expect(await opened()).toBe(2)
    const password = (await page.textContent(`#roster-temp-${director}-password:visible`))!.trim()
    const login = await api('POST', '/auth/staff-login', { body: { username: director, password } })
    expect(login.status).toBe(200)
    await expectAccessible(page, 'the roster page with the accounts shown after the retry')
  }, 240_000)
})
