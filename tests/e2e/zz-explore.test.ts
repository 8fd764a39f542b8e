import { it, inject } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { staffSignIn, usePhoneBrowser } from '../support/browser'
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
async function dump(page: any, label: string) {
  await page.waitForTimeout(800)
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.addScriptTag({ content: axeSource })
  const v = await page.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations)
  console.log(`==== ${label}`)
  for (const x of v) console.log(`${x.id} ${x.impact} ${x.nodes.length} ${JSON.stringify(x.nodes.slice(0, 4).map((n: any) => n.target))} :: ${x.nodes[0].failureSummary?.split('\n').slice(1,2).join('')}`)
}
it('explore', async () => {
  const page = await newPage()
  await page.goto(appUrl); await dump(page, 'home')
  await page.click('#report-start'); await dump(page, 'report new')
  await page.click('#dev-account-resident'); await page.locator('#resident-name').waitFor(); await dump(page, 'report new signed in')
  await page.click('#report-submit'); await dump(page, 'report errors')
  await page.goto(`${appUrl}#/allowance/precheck/index`); await dump(page, 'precheck')
  await page.goto(`${appUrl}#/family/new/index`); await dump(page, 'family new')
  await page.goto(`${appUrl}#/family/invite/index`); await dump(page, 'invite')
  await page.goto(`${appUrl}#/pages/mine/index`); await dump(page, 'mine')
  const s = await newPage()
  await s.goto(`${appUrl}#/staff/login/index`); await dump(s, 'staff login')
  await staffSignIn(s, appUrl, 'dinghu'); await dump(s, 'inbox')
  await s.click('#inbox-applications:visible'); await dump(s, 'apps')
}, 120_000)
