import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * The whole path on the H5 build against the local stack (DynamoDB Local, stream poller,
 * real API): a resident's red report reaches the child director of the child's village, and
 * only them.
 */
const appUrl = inject('appUrl')
const { newPage, contexts } = usePhoneBrowser()


/** Waits until the report shows in the visible inbox, refreshing as a director would. */
async function inboxItems(page: Page, reportId: string) {
  const item = page.locator(`#inbox-item-${reportId}:visible`)
  for (let i = 0; i < 20 && !(await item.count()); i++) {
    await page.click('#inbox-refresh:visible')
    await page.waitForTimeout(250)
  }
  return page.locator('[id^="inbox-item-"]:visible')
}

let report: { id: string; trackingCode: string }


describe('a neighbour reports a child living alone', () => {
  it('the resident files a red report and is told to call 110 now, with a tracking code', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await expectAccessible(page, 'home')
    await page.click('#report-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name').waitFor()

    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) {
      await page.click(`#division-row-${code}`)
    }
    await expect.poll(() => page.textContent('#division-path')).toContain('丁湖镇 / 丁湖村')

    await page.click('#situation-living_alone')
    await page.fill('#report-description textarea', '孩子一个人住在村东头老屋，已经三天没见大人了')
    await page.fill('#report-child textarea', '男孩，大约八岁')
    expect(await page.getAttribute('#anonymous-switch', 'aria-checked')).toBe('true')
    await expectAccessible(page, 'report form, filled in')
    await page.click('#report-submit')

    await page.locator('#tracking-code').waitFor()
    const guidance = await page.textContent('#police-guidance')
    expect(guidance).toContain('110')
    expect(await page.getAttribute('#police-call-110', 'href')).toBe('tel:110')
    expect(await page.getAttribute('#police-call-12355', 'href')).toBe('tel:12355')
    await expectAccessible(page, 'report submitted')

    const trackingCode = (await page.textContent('#tracking-code'))!.trim()
    expect(trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('myReports') ?? '{}').data)
    report = { id: stored[0].id, trackingCode }
    expect(stored[0].trackingCode).toBe(trackingCode)

    // The public screens never label the child.
    expect(await page.textContent('body')).not.toMatch(/留守|困境/)

    await page.click('#to-status')
    await expect.poll(() => page.textContent('#status-text:visible')).toBe('已收到')
    await expectAccessible(page, 'report status')
  })

  it("the village's child director finds it at the top of the inbox, notified, and acknowledges it", async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    // A director lands on today's visits; reports are one tap away.
    await page.click('#today-reports:visible')
    const items = await inboxItems(page, report.id)
    expect(await items.first().getAttribute('id')).toBe(`inbox-item-${report.id}`)
    await expectAccessible(page, 'staff inbox')

    await expect.poll(() => page.textContent('#notifications-count:visible'), { timeout: 10_000 }).toMatch(/^[1-9]\d* 条未读$/)

    await items.first().click()
    await expect.poll(() => page.textContent('#report-colour:visible')).toContain('红色')
    expect(await page.textContent('#reporter-block:visible')).toContain('匿名')
    await page.click('#ack-button:visible')
    await expect.poll(() => page.getAttribute('#report-status:visible', 'data-status')).toBe('acknowledged')
    await expectAccessible(page, 'staff report')
  })

  it("the resident's status page now says it is being handled", async () => {
    const page = contexts[0]!.pages()[0]!
    // The resident comes back to the app later: its window is in front again.
    await page.bringToFront()
    await page.click('#status-refresh:visible')
    await expect.poll(() => page.textContent('#status-text:visible')).toBe('处理中')
  })

  it("the director of the neighbouring village does not see it, even by its address", async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'shiding')
    await page.click('#today-reports:visible')
    await page.locator('#inbox-empty:visible, [id^="inbox-item-"]:visible').first().waitFor()
    expect(await page.locator(`#inbox-item-${report.id}`).count()).toBe(0)

    await page.goto(`${appUrl}?fresh=1#/staff/report/index?id=${report.id}`)
    await expect.poll(() => page.textContent('#report-error:visible')).toContain('没有权限')
    expect(await page.locator('#ack-button:visible').count()).toBe(0)
    await expectAccessible(page, 'staff report, denied')
  })
})
