import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * 按花名册批量开设账号 on the H5 build (issue #10): the county officer sends a roster with one
 * wrong row and is told the row and the column, with nothing created; the corrected roster opens
 * every account, each shown with its temporary password once, and a new director signs in with it.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const stamp = Date.now().toString(36)
const director = `ros-${stamp}-a`
const supervisor = `ros-${stamp}-b`

/** A roster as an office fills it in: the template's headings, one person a row. */
async function roster(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('花名册')
  sheet.addRow(['账号', '姓名', '岗位', '区划代码', '学校编号', '所在单位', '部门'])
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function choose(page: Page, name: string, buffer: Buffer) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#roster-choose:visible')])
  await chooser.setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await expect.poll(() => page.textContent('#roster-file-name:visible')).toBe(name)
}

describe('the county officer opens accounts from an Excel roster', () => {
  it('a wrong row is named by row and column and nothing is created; the corrected roster opens every account once', async () => {
    const page = await newPage()
    // Sign-in and account creation hash passwords (scrypt) on a shared two-core machine.
    page.setDefaultTimeout(45_000)
    await staffSignIn(page, appUrl, 'sixian')
    await page.goto(`${appUrl}#/admin/staff/index`)
    await page.locator('#admin-roster-template:visible').waitFor()
    await page.click('#admin-roster:visible')
    await page.locator('#roster-choose:visible').waitFor()

    // Row 3's 岗位 is not one the roster takes: the whole file is refused.
    await choose(
      page,
      '花名册-有误.xlsx',
      await roster([
        [director, '孙主任', '儿童主任', '341324102200'],
        [supervisor, '周督导', '厨师', '341324102000'],
      ]),
    )
    await page.click('#roster-upload:visible')
    const problem = page.locator('#roster-problems:visible [role="listitem"][data-row="3"][data-column="岗位"]')
    await problem.first().waitFor()
    expect(await problem.first().textContent()).toMatch(/^第 3 行.岗位.：/)
    // Row 2 is right: only the wrong row is named.
    expect(await page.locator('#roster-problems [data-row="2"]').count()).toBe(0)
    expect(await page.locator('#roster-error:visible').getAttribute('role')).toBe('alert')
    expect(await page.textContent('#roster-error:visible')).toContain('没有创建任何账号')
    expect(await page.locator('#roster-result').count()).toBe(0)
    await expectAccessible(page, 'the roster page with a refused roster')

    // Corrected and sent from the keyboard. Row 2's account opening now proves the refused
    // file created nothing: a taken account name would have been refused row by row.
    await choose(
      page,
      '花名册.xlsx',
      await roster([
        [director, '孙主任', '儿童主任', '341324102200'],
        [supervisor, '周督导', '儿童督导员', '341324102000'],
      ]),
    )
    await page.locator('#roster-upload:visible').focus()
    await page.keyboard.press('Enter')
    await page.locator(`#roster-created-${director}:visible`).waitFor()
    expect(await page.textContent('#roster-done:visible')).toContain('已开设 2 个账号')
    expect(await page.textContent(`#roster-created-${supervisor}:visible`)).toContain('周督导')
    expect(await page.locator('#roster-problems').count()).toBe(0)
    const password = (await page.textContent(`#roster-temp-${director}-password:visible`))!.trim()
    expect(password).toMatch(/^[a-z0-9]{10}$/)
    // Sent once: choosing is needed before anything is sent again.
    expect(await page.locator('#roster-upload:visible').count()).toBe(0)
    await expectAccessible(page, 'the roster page with the accounts opened')

    // The temporary password works, and must be changed at once.
    const other = await newPage()
    other.setDefaultTimeout(45_000)
    await other.goto(`${appUrl}#/staff/login/index`)
    await other.fill('#staff-username input', director)
    await other.fill('#staff-password input', password)
    await other.click('#staff-login-submit')
    await other.locator('#password-temporary:visible').waitFor()
  }, 240_000)

  it('a village director is not offered the roster', async () => {
    const page = await newPage()
    page.setDefaultTimeout(45_000)
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}#/admin/roster/index`)
    await page.locator('#roster-not-allowed:visible').waitFor()
    expect(await page.locator('#roster-choose').count()).toBe(0)
  }, 120_000)
})
