import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { enableLargeText, expectAccessible, expectNoHorizontalOverflow, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * The promises to grandparents on cheap phones (issue 8): a failed submit shows its first
 * message where the eye is, dates come from a picker, the village list can be searched and
 * starts at its top, every choice works from a keyboard, 大字模式 enlarges text without pushing
 * anything off the screen, and a tap answers at once even while the next page is loading.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

async function signedInPreCheck(page: Page) {
  await page.goto(`${appUrl}#/allowance/precheck/index`)
  await page.click('#dev-account-resident')
  await page.locator('#resident-name:visible').waitFor()
}

/** True when the element's box is at least partly on the screen. */
const onScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.bottom > 0 && r.top < window.innerHeight && r.height > 0
  })

const focusedId = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('[id]')?.id ?? '')

describe('accessibility of the shared components', () => {
  it('an empty pre-check brings its first message into view and focus, in plain words; fixing a field clears its message', async () => {
    const page = await newPage()
    await signedInPreCheck(page)
    // The button is at the bottom: the first question is far above it.
    await page.locator('#precheck-submit').scrollIntoViewIfNeeded()
    expect(await onScreen(page, '#error-precheck-village, .division-picker')).toBe(false)
    await page.click('#precheck-submit')

    await page.locator('#error-precheck-village').waitFor()
    await expect.poll(() => onScreen(page, '#error-precheck-village')).toBe(true)
    // Focus moved to the question the message is about (a row of the village list).
    await expect.poll(() => focusedId(page)).toMatch(/^division-/)
    const messages = (await page.locator('.field-errors:visible').allTextContents()).join(' ')
    expect(messages).toContain('请选择孩子居住的村（社区）')
    expect(messages).not.toMatch(/代码|位数字|格式|code|null|undefined/i)
    // And a message next to the button too.
    expect(await page.textContent('#precheck-error')).toContain('还有几个问题没有回答')

    await page.fill('#precheck-birth input', '2016-05-04')
    await expect.poll(() => page.locator('#error-precheck-birth').count()).toBe(0)
    // Other messages stay until their own field is fixed.
    expect(await page.locator('#error-precheck-father').count()).toBe(1)
    await expectAccessible(page, 'pre-check with errors')
  })

  it('the registration form scrolls to its first of many messages', async () => {
    const page = await newPage()
    await page.goto(`${appUrl}#/family/new/index`)
    await page.click('#dev-account-resident')
    await page.locator('#resident-name:visible').waitFor()
    await page.locator('#ent-submit').scrollIntoViewIfNeeded()
    await page.click('#ent-submit')
    await page.locator('#error-ent-registrant').waitFor()
    const count = await page.locator('.field-errors:visible').count()
    expect(count).toBeGreaterThan(10)
    await expect.poll(() => onScreen(page, '#error-ent-registrant')).toBe(true)
    await expect.poll(() => focusedId(page)).toMatch(/^ent-registrant-/)
  })

  it('dates come from the platform date picker, named after their question', async () => {
    const page = await newPage()
    await signedInPreCheck(page)
    const input = page.locator('#precheck-birth input')
    expect(await input.getAttribute('type')).toBe('date')
    expect(await input.getAttribute('aria-label')).toBe('出生日期')
    // Not typed as text: the browser's date control takes only real dates.
    await input.fill('2015-06-01')
    expect(await input.inputValue()).toBe('2015-06-01')
  })

  it('the village picker starts each level at its top and can be searched by name', async () => {
    const page = await newPage()
    await signedInPreCheck(page)
    for (const code of ['340000000000', '341300000000']) await page.click(`#division-row-${code}:visible`)
    // 泗县's list is long; scroll to its bottom and go down from there.
    await page.locator('#division-row-341324000000').scrollIntoViewIfNeeded()
    await page.click('#division-row-341324000000')
    await page.locator('#division-search').waitFor()
    const rows = page.locator('[id^="division-row-"]:visible')
    expect(await rows.count()).toBeGreaterThan(8)
    await page.locator('[id^="division-row-"]:visible >> nth=-1').scrollIntoViewIfNeeded()
    await page.click('#division-row-341324102000')
    await expect.poll(() => page.locator('#division-row-341324102200:visible').count()).toBe(1)
    // The new level is shown from its top: the prompt and the first villages are on screen.
    await expect.poll(() => onScreen(page, '[id^="division-row-"]:visible >> nth=0')).toBe(true)

    if (await page.locator('#division-search:visible').count()) {
      await page.fill('#division-search input', '石丁')
      await expect.poll(() => rows.count()).toBe(1)
      expect(await rows.first().getAttribute('id')).toBe('division-row-341324102201')
      await page.fill('#division-search input', '没有这个村')
      await page.locator('#division-no-match').waitFor()
      await page.fill('#division-search input', '')
    }
    // Searching at the township level (泗县 has more than eight).
    await page.click('#division-crumb-341324000000')
    await page.fill('#division-search input', '丁湖')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await page.getAttribute('#division-search input', 'aria-label')).toContain('按名称查找')
    await expectAccessible(page, 'village picker, searched')
  })

  it('a choice group is operated from the keyboard: Tab reaches it, Space and Enter choose', async () => {
    const page = await newPage()
    await signedInPreCheck(page)
    const option = page.locator('#precheck-father-deceased')
    expect(await option.getAttribute('role')).toBe('radio')
    expect(await option.getAttribute('tabindex')).toBe('0')
    expect(await option.getAttribute('aria-checked')).toBe('false')
    await page.focus('#precheck-father-present')
    await page.keyboard.press('Tab')
    expect(await focusedId(page)).toBe('precheck-father-deceased')
    await page.keyboard.press('Space')
    await expect.poll(() => option.getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getAttribute('#precheck-father-missing', 'aria-checked')).toBe('true')
    expect(await option.getAttribute('aria-checked')).toBe('false')
    // The focused control shows a visible ring.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')
  })

  it('大字模式 enlarges all text, and the main pages still fit the screen with it and at 200 % zoom', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.lead')!).fontSize))
    await page.click('#text-size-toggle')
    expect(await page.getAttribute('#text-size-toggle', 'aria-checked')).toBe('true')
    // The larger size lands on the page root a frame after the switch reports checked: wait for it.
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.lead')!).fontSize))
    await expect.poll(async () => (await size()) / before).toBeGreaterThanOrEqual(1.3)
    await expectAccessible(page, 'home, 大字模式')

    const pages = ['', '#/pages/report/new/index', '#/allowance/precheck/index', '#/family/new/index', '#/family/invite/index', '#/pages/mine/index', '#/staff/login/index']
    for (const width of [375, 188]) {
      // 188 CSS px wide is a 375-px phone at 200 % zoom.
      await page.setViewportSize({ width, height: 740 })
      for (const p of pages) {
        await page.goto(`${appUrl}?w=${width}${p}`)
        await page.locator('.page:visible').first().waitFor()
        await page.waitForTimeout(300)
        expect(await page.locator('.page.text-large:visible').count()).toBe(1)
        await expectNoHorizontalOverflow(page, `${p || 'home'} at ${width}px with 大字模式`)
      }
    }
    await page.setViewportSize({ width: 375, height: 740 })
    // The township supervisor lands on the staff inbox, where the switch is (a director lands on today's visits).
    await staffSignIn(page, appUrl, 'dinghu-town')
    await expectNoHorizontalOverflow(page, 'staff inbox with 大字模式')
    await page.click('#text-size-toggle:visible')
    expect(await page.getAttribute('#text-size-toggle:visible', 'aria-checked')).toBe('false')
  })

  it('a tap answers at once even while the next page is still loading', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.locator('#allowance-start').waitFor()
    // A slow network: the allowance pages' code arrives a second and a half late.
    await page.route('**/js/**', async (route) => {
      await new Promise((r) => setTimeout(r, 1500))
      await route.continue()
    })
    // Measured inside the page, from the tap to the button saying it is busy.
    await page.evaluate(() => {
      const w = window as unknown as { tapAt?: number; busyAt?: number }
      const button = document.querySelector('#allowance-start')!
      button.addEventListener('click', () => (w.tapAt ??= performance.now()), { capture: true })
      new MutationObserver(() => {
        if (button.getAttribute('aria-busy') === 'true') w.busyAt ??= performance.now()
      }).observe(button, { attributes: true })
    })
    await page.click('#allowance-start')
    await expect.poll(() => page.evaluate(() => (window as unknown as { busyAt?: number }).busyAt ?? null)).not.toBeNull()
    const { tapAt, busyAt } = await page.evaluate(() => {
      const w = window as unknown as { tapAt: number; busyAt: number }
      return { tapAt: w.tapAt, busyAt: w.busyAt }
    })
    expect(busyAt - tapAt).toBeLessThan(100)
    // While the page's code is on its way, the screen says so; the bar goes once the page is there.
    await page.waitForTimeout(500)
    if ((await page.locator('#precheck-submit:visible').count()) === 0) expect(await page.textContent('#nav-progress')).toBe('正在打开…')
    await page.locator('#precheck-submit:visible').waitFor()
    await expect.poll(() => page.locator('#nav-progress').count()).toBe(0)
    await page.unroute('**/js/**')
  })
})

describe('large text setting', () => {
  it('is remembered on the device', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await enableLargeText(page)
    await page.locator('#text-size-toggle').waitFor()
    expect(await page.getAttribute('#text-size-toggle', 'aria-checked')).toBe('true')
    expect(await page.locator('.page.text-large').count()).toBeGreaterThan(0)
  })
})
