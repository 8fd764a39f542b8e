import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * The Excel templates come from the app itself, through the API (never a file host): the county
 * officer downloads the ledger template on the import page with the mouse and the roster
 * template on the accounts page from the keyboard, and each workbook opens with its columns.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

async function workbook(file: { path(): Promise<string | null> }) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readFile((await file.path())!)) as any)
  return wb
}

describe('the county officer downloads the templates', () => {
  it('the ledger template on the import page, the roster template on the accounts page (by keyboard)', async () => {
    const page = await newPage()
    page.setDefaultTimeout(45_000)
    await staffSignIn(page, appUrl, 'sixian')

    await page.goto(`${appUrl}#/casework/import/index`)
    const ledger = page.locator('#import-template-download:visible')
    await ledger.waitFor()
    expect(await ledger.getAttribute('role')).toBe('button')
    expect(await ledger.textContent()).toBe('下载台账模板（Excel）')
    const [file] = await Promise.all([page.waitForEvent('download'), ledger.click()])
    expect(file.suggestedFilename()).toBe('儿童信息台账模板.xlsx')
    const wb = await workbook(file)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['儿童信息', '说明'])
    expect(String(wb.worksheets[0]!.getCell(1, 2).value)).toBe('姓名*')
    expect(await page.locator('#import-template-download-error').count()).toBe(0)
    await expectAccessible(page, 'the import page with the template button')

    await page.goto(`${appUrl}#/admin/staff/index`)
    const roster = page.locator('#admin-roster-template:visible')
    await roster.waitFor()
    await roster.focus()
    const [rosterFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(rosterFile.suggestedFilename()).toBe('工作人员花名册模板.xlsx')
    expect((await workbook(rosterFile)).worksheets.length).toBeGreaterThan(0)
    await expectAccessible(page, 'the accounts page with the template button')
  }, 180_000)
})
