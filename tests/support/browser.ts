import { chromium, type Browser } from 'playwright-core'
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
