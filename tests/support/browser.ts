import { afterAll, beforeAll } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Debian's Chromium, driven by playwright-core: browsers cannot be downloaded here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium not found: apt-get install -y chromium (.ci/run does this)')
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the background-networking flags Chromium floods the closed network with refused connections.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * One browser per test file, and phone-sized pages in separate contexts (separate people:
 * each has their own storage and session). Closed after the file.
 */
export function usePhoneBrowser() {
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
  })
  return {
    contexts,
    async newPage(): Promise<Page> {
      // A phone-sized screen, as the people who use this have.
      const context = await browser!.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' })
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      return page
    },
  }
}

/** Signs a staff member in on the H5 staff login page (demo password). */
export async function staffSignIn(page: Page, appUrl: string, username: string): Promise<void> {
  await page.goto(`${appUrl}#/staff/login/index`)
  await page.fill('#staff-username input', username)
  await page.fill('#staff-password input', 'shouhu123')
  await page.click('#staff-login-submit')
  await page.locator('#staff-name:visible').waitFor()
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

/**
 * Runs axe-core over the page as it is now and fails on any critical or serious violation,
 * naming the rule, the elements and the page. Grandparents on cheap phones use screen readers
 * and keyboards less often than we wish, but a control without a name or role is unusable to
 * the ones who do, and the same defects break large text and switch access.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Let the page finish its current render (a click's state change, a list arriving).
  await page.waitForLoadState('domcontentloaded')
  const first = await axeViolations(page)
  if (first.length === 0) return
  // axe reads the DOM over several turns of the event loop. A list refreshing under it (a
  // button fading while it reloads, then not) can be caught half-way: read in one state, drawn
  // in the other. Scan again once the page has settled and fail on what both scans found; a
  // real defect is there both times.
  await page.waitForTimeout(1_000)
  const second = await axeViolations(page)
  const key = (v: AxeViolation, n: AxeViolation['nodes'][number]) => `${v.id} ${JSON.stringify(n.target)}`
  const before = new Set(first.flatMap((v) => v.nodes.map((n) => key(v, n))))
  const bad = second.map((v) => ({ ...v, nodes: v.nodes.filter((n) => before.has(key(v, n))) })).filter((v) => v.nodes.length > 0)
  if (bad.length === 0) return
  const url = page.url()
  const lines = bad.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.slice(0, 8).map((n) => `    ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}` : ''}`),
  ])
  throw new Error(`Accessibility violations on ${label} (${url}):\n${lines.join('\n')}`)
}

/** axe-core's critical and serious violations on the page on screen. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')
  if (!injected) await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe
    // Taro's H5 keeps the pages below the current one in the DOM, hidden: only the page on screen is checked.
    const hidden = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).style.display === 'none')
    const result = await axe.run({ include: [document], exclude: hidden.map((h) => [h]) }, { resultTypes: ['violations'] })
    return result.violations as AxeViolation[]
  })
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
}

/**
 * Turns 大字模式 on for this page's app (stored setting, as the toggle on the home page does)
 * and reloads, so every page the test then reaches renders with the large text scale.
 */
export async function enableLargeText(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem('textScale', JSON.stringify({ data: 'large' })))
  await page.reload()
}

/** The page must fit the phone's width: no sideways scrolling, nothing cut off at the right edge. */
export async function expectNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const offenders: string[] = []
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0) continue
      if (box.right > width + 1) offenders.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String((el as HTMLElement).className).split(' ')[0]} right=${Math.round(box.right)}`)
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 10) }
  })
  if (overflow.scrollWidth > overflow.width + 1 || overflow.offenders.length) {
    throw new Error(`${label}: wider than the screen (${overflow.scrollWidth} > ${overflow.width}):\n${overflow.offenders.join('\n')}`)
  }
}

/**
 * Finds an item in a paged list as a user would: while it is not shown, taps 「加载更多」.
 * Fails if the list ends (no more button) without it.
 */
export async function scrollToItem(page: Page, item: string, more: string, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout
  while (Date.now() < until) {
    const found = await Promise.race([
      page.locator(item).waitFor({ timeout: 5_000 }).then(() => 'item' as const, () => undefined),
      page.locator(`${more}:not([disabled]):not([aria-disabled="true"])`).first().waitFor({ timeout: 5_000 }).then(() => 'more' as const, () => undefined),
    ])
    if (found === 'item' || (await page.locator(item).count()) > 0) return
    if (found === 'more') await page.locator(more).first().click()
  }
  throw new Error(`${item} not found in the list after loading every page`)
}
