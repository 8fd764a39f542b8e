import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * 台账导出 on the H5 build (issue #12): the county officer opens the exports page, generates
 * the children's ledger, watches it finish in the background and downloads it through the
 * API; the workbook is opened here and its rows checked. Then the yearly spot check: start it,
 * record one file's checklist. axe on each page.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
let officer: Page

describe('the county officer takes the children’s ledger out', () => {
  it('generates the ledger, sees it finish, downloads it and the workbook holds the county’s children', async () => {
    officer = await newPage()
    officer.setDefaultTimeout(45_000)
    await staffSignIn(officer, appUrl, 'sixian')
    await officer.goto(`${appUrl}#/exports/index/index`)
    await officer.locator('#export-generate:visible').waitFor()
    await expectAccessible(officer, 'the exports page')

    await officer.click('#export-kind-children')
    await officer.click('#export-generate')
    const download = officer.locator('[id^="export-download-"]:visible').first()
    await download.waitFor({ timeout: 90_000 })
    await expectAccessible(officer, 'the exports page with a finished export')
    const [file] = await Promise.all([officer.waitForEvent('download'), download.click()])
    expect(file.suggestedFilename()).toMatch(/泗县.*儿童信息台账.*\.xlsx$/)
    const bytes = await readFile((await file.path())!)

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as any)
    const sheet = wb.worksheets[0]!
    expect(String(sheet.getCell(1, 1).value)).toContain('儿童信息台账')
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String)
    expect(header.slice(0, 4)).toEqual(['姓名', '性别', '出生日期', '身份证号（隐去中间位）'])
    const villages = new Set<string>()
    let rows = 0
    sheet.eachRow((row, n) => {
      if (n <= 2) return
      rows++
      villages.add(String(row.getCell(header.indexOf('村（社区）') + 1).value))
      expect(String(row.getCell(1).value).length).toBeGreaterThan(0)
    })
    // The demo county's children live in both demo villages: the county's ledger holds both.
    expect(rows).toBeGreaterThan(0)
    expect([...villages]).toEqual(expect.arrayContaining(['丁湖村', '石丁村']))
    const progress = await officer.locator('[id^="export-progress-"]:visible').first().textContent()
    expect(progress).toContain(`共 ${rows} 行`)
  })

  it('starts the year’s spot check and records one file’s checklist', async () => {
    await officer.click('#export-open-spot-check')
    await officer.locator('#spot-check-page:visible').waitFor()
    const start = officer.locator('#spot-check-start:visible')
    const firstFile = officer.locator('[id^="spot-file-"][id$="-open"]:visible').first()
    await Promise.race([start.waitFor(), firstFile.waitFor()])
    await expectAccessible(officer, 'the spot-check page before the draw')
    if (await start.isVisible()) {
      await officer.fill('#spot-check-size input', '2')
      await start.click()
    }
    await firstFile.waitFor()
    const id = (await firstFile.getAttribute('id'))!.replace(/-open$/, '')
    // What the button says is its whole accessible name, the child's name included (axe label-content-name-mismatch).
    const name = (await officer.locator(`#${id} .item-head .label`).textContent())!.trim()
    expect((await firstFile.textContent())!.trim()).toMatch(new RegExp(`^(记录|修改)${name}的检查结果$`))
    expect(await firstFile.getAttribute('aria-label')).toBeNull()
    await firstFile.click()
    await officer.click(`#${id}-complete-yes`)
    await officer.click(`#${id}-visitsOnCadence-yes`)
    await officer.click(`#${id}-problemsFollowedUp-no`)
    await expectAccessible(officer, 'the spot-check form')
    await officer.click(`#${id}-save`)
    // Any message the page shows is part of the failure, so a refused save says why.
    const shown = async () => `${await officer.textContent(`#${id}-result`)} ${(await officer.locator('[role="alert"]:visible').allTextContents()).join(' ')}`
    await expect.poll(shown, { timeout: 30_000 }).toContain('已检查')
    await expect.poll(() => officer.locator('[id$="-counts"]:visible').first().textContent(), { timeout: 30_000 }).toContain('已检查 1 份')
  })
})
