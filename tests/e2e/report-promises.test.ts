import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * Issue 8, the promises the report screens make, kept on the H5 build against the local stack:
 * one report however fast the button is tapped, the tracking code opens the report on another
 * phone (a second browser context, never signed in), and the reporter's choice about the
 * village is what the village director sees; a teacher gets a duty receipt.
 */
const appUrl = inject('appUrl')
const apiUrl = inject('apiUrl')
const { newPage } = usePhoneBrowser()

async function openSignedInForm(page: Page) {
  await page.goto(appUrl)
  await page.click('#report-start')
  await page.click('#dev-account-resident')
  await page.locator('#resident-name').waitFor()
  for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) {
    await page.click(`#division-row-${code}`)
  }
  await expect.poll(() => page.textContent('#division-path')).toContain('丁湖镇 / 丁湖村')
}

async function staffApi(username: string) {
  const login = await fetch(`${apiUrl}/auth/staff-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'shouhu123' }),
  })
  return ((await login.json()) as { token: string }).token
}

/** The village's reports whose child description is `marker` (the staff list shows it). */
async function reportsMarked(marker: string): Promise<{ id: string }[]> {
  const token = await staffApi('dinghu')
  const res = await fetch(`${apiUrl}/staff/reports?status=all&limit=100`, { headers: { authorization: `Bearer ${token}` } })
  const body = (await res.json()) as { items: { id: string; childDescription: string }[] }
  return body.items.filter((r) => r.childDescription === marker)
}

let tracked: { code: string } = { code: '' }

describe('a quick double tap', () => {
  it('two taps 50 ms apart on 提交 file one report, not two', async () => {
    const page = await newPage()
    await openSignedInForm(page)
    const marker = `双击测试 ${Date.now()}`
    await page.click('#situation-dropout')
    await page.fill('#report-child textarea', marker)
    // Two taps as a hurried thumb makes them: the second lands 50 ms after the first.
    await page.evaluate(() => {
      const button = document.querySelector('#report-submit') as HTMLElement
      button.click()
      setTimeout(() => (document.querySelector('#report-submit') as HTMLElement | null)?.click(), 50)
    })
    await page.locator('#tracking-code').waitFor()
    await page.waitForTimeout(1500)
    expect(await reportsMarked(marker)).toHaveLength(1)
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('myReports') ?? '{}').data as { childDescription?: string }[])
    tracked = { code: (await page.textContent('#tracking-code'))!.trim() }
    expect(tracked.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(stored.length).toBeGreaterThan(0)
    expect(await page.textContent('#tracking-code-hint')).toContain('用查询码查看反映进展')
  })
})

describe('the tracking code on another phone', () => {
  it('opens the report on a second browser that never signed in, typed by hand', async () => {
    const phone = await newPage()
    await phone.goto(appUrl)
    await phone.click('#track-start')
    await phone.fill('#lookup-code input', tracked.code.toLowerCase().replace(/-/g, ' '))
    await phone.click('#lookup-submit')
    await expect.poll(() => phone.textContent('#status-text:visible')).toBe('已收到')
    expect(await phone.textContent('#status-village:visible')).toBe('丁湖村')
    expect(await phone.textContent('body')).not.toContain('请先登录')
  })

  it('a mistyped code is told in plain words, not 请先登录', async () => {
    const phone = await newPage()
    await phone.goto(appUrl)
    await phone.click('#track-start')
    await phone.fill('#lookup-code input', '1234')
    await phone.click('#lookup-submit')
    await expect.poll(() => phone.textContent('#error-lookup-code')).toContain('12 位')
  })
})

describe("the reporter's choice and a teacher's receipt", () => {
  it('a teacher who allows contact gets a receipt, and the village director sees who to call', async () => {
    const page = await newPage()
    await openSignedInForm(page)
    const marker = `老师报告 ${Date.now()}`
    await page.click('#situation-accidental_injury')
    await page.fill('#report-child textarea', marker)
    await page.click('#anonymous-switch')
    await page.fill('#reporter-name input', '孙老师')
    await page.fill('#reporter-phone input', '13966667777')
    await page.click('#relation-teacher')
    // Not chosen yet: the form asks rather than assumes.
    await page.click('#report-submit')
    await expect.poll(() => page.textContent('#error-reporter-contactPermission')).toContain('请选择村里能否联系您')
    await page.fill('#reporter-unit input', '丁湖镇中心小学')
    await page.click('#contact-may_contact')
    await page.click('#report-submit')
    await page.locator('#duty-receipt').waitFor()
    const receipt = await page.textContent('#duty-receipt')
    expect(receipt).toContain('丁湖镇中心小学')
    expect(receipt).toContain('已履行强制报告义务')
    const [report] = await reportsMarked(marker)
    expect(report).toBeDefined()

    const staff = await newPage()
    await staffSignIn(staff, appUrl, 'dinghu')
    await staff.goto(`${appUrl}?fresh=1#/staff/report/index?id=${report!.id}`)
    await expect.poll(() => staff.textContent('#reporter-phone-shown:visible')).toBe('13966667777')
    await expect.poll(() => staff.textContent('#reporter-views:visible')).toContain('反映人信息已被查看')
  })
})

describe('a stale decision on the staff page', () => {
  it('acknowledging a report someone else acknowledged meanwhile shows 「记录已被他人更新，已为你刷新」 and the fresh report', async () => {
    const resident = (await (await fetch(`${apiUrl}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'resident' }),
    })).json()) as { token: string }
    const filed = (await (await fetch(`${apiUrl}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${resident.token}`, 'idempotency-key': `stale-e2e-${Date.now()}` },
      body: JSON.stringify({ villageCode: '341324102200', situations: ['dropout'], reporter: { anonymous: true } }),
    })).json()) as { id: string }

    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=2#/staff/report/index?id=${filed.id}`)
    await page.locator('#ack-button:visible').waitFor()

    // The township supervisor takes it while the director's screen still shows version 0.
    const town = await staffApi('dinghu-town')
    const ack = await fetch(`${apiUrl}/staff/reports/${filed.id}/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${town}` },
      body: JSON.stringify({ version: 0 }),
    })
    expect(ack.status).toBe(200)

    await page.click('#ack-button:visible')
    await expect.poll(() => page.textContent('#action-error:visible')).toBe('记录已被他人更新，已为你刷新')
    await expect.poll(() => page.getAttribute('#report-status:visible', 'data-status')).toBe('acknowledged')
    expect(await page.locator('#ack-button:visible').count()).toBe(0)
  })
})
