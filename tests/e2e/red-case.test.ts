import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * A red report is taken on by a recorded intervention, not by a tap (issue #11, 004 §3 即时介入):
 * a resident reports a child living alone, the township sees it as 未记录处置, the village
 * director records the intervention with the exact time the police were called, and the
 * township no longer sees it as 未记录处置.
 */
const appUrl = inject('appUrl')
const apiUrl = inject('apiUrl')
const { newPage } = usePhoneBrowser()

let reportId = ''

async function staffApiToken(username: string): Promise<string> {
  const res = await fetch(`${apiUrl}/auth/staff-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'shouhu123' }) })
  return ((await res.json()) as { token: string }).token
}

/** The township's open queue, refreshed until the report shows. */
async function townshipItem(page: Page, id: string) {
  const item = page.locator(`#inbox-item-${id}:visible`)
  for (let i = 0; i < 20 && !(await item.count()); i++) {
    await page.click('#inbox-refresh:visible')
    await page.waitForTimeout(250)
  }
  return item
}

describe('a red report: the intervention, not the tap, takes it off 未记录处置', () => {
  it('a resident reports a child living alone', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.click('#report-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name').waitFor()
    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) await page.click(`#division-row-${code}`)
    await page.click('#situation-living_alone')
    await page.fill('#report-description textarea', '孩子一个人住在村东头老屋，已经三天没见大人了')
    await page.fill('#report-child textarea', '男孩，大约八岁')
    await page.click('#report-submit')
    await page.locator('#tracking-code').waitFor()
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('myReports') ?? '{}').data)
    reportId = stored[0].id
    expect(reportId).toBeTruthy()
  })

  it('the township (dinghu-town) sees it as 未记录处置', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-town')
    const item = await townshipItem(page, reportId)
    await expect.poll(() => item.locator(`#inbox-pending-${reportId}`).textContent()).toBe('未记录处置')
    await expectAccessible(page, 'township queue, intervention pending')
  })

  it('the dinghu director records the intervention with the police time; the time is kept exactly', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=red#/staff/report/index?id=${reportId}`)
    await expect.poll(() => page.textContent('#report-intervention-pending:visible')).toBe('未记录处置')
    // The tap alone does not take it off the list.
    await page.click('#ack-button:visible')
    await expect.poll(() => page.getAttribute('#report-status:visible', 'data-status')).toBe('acknowledged')
    expect(await page.locator('#report-intervention-pending:visible').count()).toBe(1)
    await expectAccessible(page, 'staff report, intervention pending')

    await page.click('#report-intervene:visible')
    await page.locator('#int-submit:visible').waitFor()
    await expectAccessible(page, 'intervention form')
    // Nothing filled: each missing answer is named.
    await page.click('#int-submit:visible')
    await page.locator('#error-int-found:visible').waitFor()
    await expectAccessible(page, 'intervention form, with messages')

    await page.click('#int-arrived-now:visible')
    await page.fill('#int-found:visible textarea', '孩子独自在家，饭菜已经吃完，没有受伤')
    await page.click('#int-police-yes:visible')
    await page.click('#int-police-now:visible')
    const policeDay = (await page.textContent('#int-police-date:visible'))!.trim()
    const policeTime = (await page.textContent('#int-police-time:visible'))!.trim()
    expect(policeTime).toMatch(/^\d{2}:\d{2}$/)
    await page.click('#int-where-with_relatives:visible')
    await page.click('#int-safe-yes:visible')
    await page.click('#int-submit:visible')

    await page.locator('#report-intervention:visible').waitFor()
    expect(await page.locator('#report-intervention-pending:visible').count()).toBe(0)
    expect(await page.textContent('#report-intervention-text:visible')).toContain(`${policeDay}T${policeTime}:00+08:00`)
    await expectAccessible(page, 'staff report, intervention recorded')

    const token = await staffApiToken('dinghu-town')
    const res = await fetch(`${apiUrl}/staff/reports/${reportId}`, { headers: { Authorization: `Bearer ${token}` } })
    const view = (await res.json()) as { intervention: { policeToldAt: string }; interventionPending: boolean }
    expect(view.interventionPending).toBe(false)
    expect(view.intervention.policeToldAt).toBe(`${policeDay}T${policeTime}:00+08:00`)
  })

  it('the township no longer sees it as 未记录处置', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-town')
    const item = await townshipItem(page, reportId)
    await expect.poll(() => item.count()).toBe(1)
    expect(await page.locator(`#inbox-pending-${reportId}`).count()).toBe(0)
    await expectAccessible(page, 'township queue, intervention recorded')
  })
})
