import { afterAll, beforeAll } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { existsSync } from 'node:fs'

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
