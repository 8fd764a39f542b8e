import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, inject, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken } from '../support/stack-api'

/**
 * Every tap answers at once on a slow line (a cheap phone, a rural signal): on the H5 build with
 * the API held back, a tap opens the next page or marks its button busy before the API answers.
 * The API is held until the test lets it go, so a screen that waits for the answer fails here
 * however fast or slow the machine is.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
const DINGHU = '341324102200'

/** Holds back every API request from this page until `release()`; later ones wait ~2 s, as on a slow line. */
async function slowApi(page: Page) {
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  const held: string[] = []
  let open = false
  await page.route('**/api/**', async (route: Route) => {
    held.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`)
    await (open ? new Promise((r) => setTimeout(r, 2000)) : released)
    await route.continue().catch(() => undefined)
  })
  return {
    held,
    release: async () => {
      open = true
      release()
      await page.unroute('**/api/**')
    },
  }
}

/** Files a report in 丁湖村 and returns it once the village director's inbox has its notification. */
async function reportWithNotification(): Promise<{ report: { id: string; trackingCode: string; accessToken: string; createdAt: string }; notificationId: string; token: string }> {
  const resident = await api('POST', '/auth/dev-login', { body: { account: 'resident' } })
  const filed = await api('POST', '/reports', {
    token: resident.body.token,
    key: randomUUID(),
    body: { villageCode: DINGHU, situations: ['care_lacking'], description: '孩子放学后常常没人管，饭也吃不上', reporter: { anonymous: true } },
  })
  expect(filed.status).toBe(201)
  const token = await staffToken('dinghu')
  let notificationId = ''
  await expect
    .poll(
      async () => {
        const inbox = await api('GET', '/notifications', { token })
        const found = (inbox.body.items as { id: string; readAt?: string; subject: { id: string } }[]).find((n) => n.subject.id === filed.body.id)
        notificationId = found?.id ?? ''
        return Boolean(found && !found.readAt)
      },
      { timeout: 30_000 },
    )
    .toBe(true)
  return { report: filed.body as never, notificationId, token }
}

describe('a tap answers before a slow API does', () => {
  it('a director taps a message in the inbox: the report opens before the read mark is answered, and the message reads as read afterwards', async () => {
    const { notificationId, token } = await reportWithNotification()
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.click('#today-reports:visible')
    await page.click('#notifications-toggle:visible')
    const note = page.locator(`[id="notification-${notificationId}"]:visible`)
    await note.waitFor()
    expect(await note.getAttribute('class')).toContain('unread')

    const slow = await slowApi(page)
    await note.click()
    // The report's page is on screen (saying it is loading) while every API request, the read
    // mark included, is still held back.
    await page.locator('.taro_page[id^="/staff/report/index"]:visible').getByText('正在加载…').waitFor({ timeout: 10_000 })
    expect(page.url()).toContain('/staff/report/index')
    await expect.poll(() => slow.held).toContain(`POST /api/notifications/${notificationId}/read`)
    await slow.release()
    await page.locator('#report-colour:visible').waitFor()

    // The read mark went in the background and was kept: on screen after going back, and on the server.
    await page.goBack()
    await expect.poll(() => note.getAttribute('class')).not.toContain('unread')
    expect(await note.textContent()).toContain('已读')
    await expect.poll(() => readAt(token, notificationId)).toBeTruthy()
  })

  it('a parent taps 刷新 on 委托照护: the button says it is working at once, and stops when the list is back', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.click('#family-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name:visible').waitFor()
    await page.locator('#family-empty:visible, [id^="family-item-"]:visible').first().waitFor()

    const slow = await slowApi(page)
    await page.click('#family-refresh:visible')
    // Busy while the refresh has asked and nothing has been answered (every request is held).
    await expect.poll(() => page.getAttribute('#family-refresh:visible', 'aria-busy'), { timeout: 2_000 }).toBe('true')
    await expect.poll(() => slow.held.length).toBeGreaterThan(0)
    await slow.release()
    await expect.poll(() => page.getAttribute('#family-refresh:visible', 'aria-busy')).not.toBe('true')
  })
})

describe('我反映过的情况', () => {
  it('each row is read aloud with everything it shows, the 查询码 included', async () => {
    const resident = await api('POST', '/auth/dev-login', { body: { account: 'resident' } })
    const filed = await api('POST', '/reports', {
      token: resident.body.token,
      key: randomUUID(),
      body: { villageCode: DINGHU, situations: ['care_lacking'], description: '孩子常常一个人在家', reporter: { anonymous: true } },
    })
    expect(filed.status).toBe(201)
    const { id, trackingCode, accessToken, createdAt } = filed.body as Record<string, string>
    const page = await newPage()
    await page.goto(appUrl)
    // As the phone that filed it remembers it (an anonymous report is only listed from there).
    await page.evaluate((entry) => localStorage.setItem('myReports', JSON.stringify({ data: [entry] })), { id, trackingCode, accessToken, createdAt })
    await page.goto(`${appUrl}?fresh=1#/pages/mine/index`)
    const row = page.locator(`#my-report-${id}:visible`)
    await row.waitFor()
    await expect.poll(() => page.textContent(`#my-report-status-${id}:visible`)).not.toBe('暂时查不到进度')
    expect(await page.getByRole('link', { name: trackingCode }).count()).toBe(1)

    // axe's label-content-name-mismatch is off by default (experimental): asked for by name here.
    await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') })
    const mismatched = await page.evaluate(async (selector) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { nodes: unknown[] }[] }> } }).axe
      const result = await axe.run(selector, { runOnly: { type: 'rule', values: ['label-content-name-mismatch'] } })
      return result.violations.flatMap((v) => v.nodes).length
    }, `#my-report-${id}`)
    expect(mismatched).toBe(0)
  })
})

/** When the server says the notification was read, if it was. */
async function readAt(token: string, notificationId: string): Promise<string | undefined> {
  const inbox = await api('GET', '/notifications', { token })
  return (inbox.body.items as { id: string; readAt?: string }[]).find((n) => n.id === notificationId)?.readAt
}
