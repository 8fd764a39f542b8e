/**
 * First screen on a cheap phone on a rural connection: the built H5 app, served by the local
 * stack's own server, in Chromium with a 4× CPU slowdown (CDP `Emulation.setCPUThrottlingRate`)
 * and a 400 ms round trip at 400 kbit/s each way (`Network.emulateNetworkConditions`).
 *
 *  - **usable first screen**: from `page.goto` until the screen's first control can be used
 *    (a resident's home: `#report-start`; a staff member's inbox: its first row or its empty
 *    state), with an empty HTTP cache each time (a new browser context per run);
 *  - **tap → response**: from the tap's `click` event until something on screen answers it (the
 *    tapped control's pressed / loading state, the 「正在打开…」 bar, or the next page itself),
 *    and until the next page is usable, for a tap that opens a page of another subpackage.
 *
 * Printed, not asserted. `npx tsx bench/run.ts screen`; `FIRST_SCREEN_WATERFALL=1` also prints each
 * first screen's requests (sent → first byte → done, ms from the document request), and
 * `FIRST_SCREEN_PROFILE=1` where its main thread spent its time (a CPU profile; it slows the run).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { api, benchStack } from './stack'
import { kb, ms, percentile, printTable, round } from './stats'

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)))
const h5Dir = process.env.H5_DIR ?? join(repoRoot, 'mini-app', 'dist', 'h5')
export const RUNS = Number(process.env.FIRST_SCREEN_RUNS ?? 3)
/** The cheap phone on rural 3G (SETUP-NOTES.md): 4× slower CPU, 400 ms round trip, 400 kbit/s. */
export const PHONE = { cpuSlowdown: 4, latencyMs: 400, kbitPerSecond: 400 }

interface Traffic {
  bytes: number
  requests: number
  /** Per request, CDP timestamps (seconds): for the waterfall (FIRST_SCREEN_WATERFALL=1). */
  log: Map<string, { url: string; sentAt: number; firstByteAt?: number; doneAt?: number; bytes?: number; encoding?: string }>
}

/** Prints when each request of a first screen started, first answered and ended, from the document's start. */
function printWaterfall(name: string, traffic: Traffic, usableMs: number) {
  const rows = [...traffic.log.values()].sort((a, b) => a.sentAt - b.sentAt)
  const t0 = rows[0]?.sentAt ?? 0
  const at = (t?: number) => (t === undefined ? '—' : `${Math.round((t - t0) * 1000)}`)
  console.log(`\nwaterfall, ${name} (ms from the document request; usable at ≈ ${Math.round(usableMs)} ms after goto):`)
  for (const r of rows) {
    const url = r.url.replace(/^https?:\/\/[^/]+/, '')
    console.log(`  ${at(r.sentAt).padStart(6)} → ${at(r.firstByteAt).padStart(6)} → ${at(r.doneAt).padStart(6)}  ${String(r.bytes ?? '?').padStart(7)} B ${(r.encoding ?? '').padEnd(4)} ${url.slice(0, 90)}`)
  }
}

interface Sample {
  usableMs: number
  /** First contentful paint, from the browser's own timing. */
  fcpMs: number
  /** Bytes over the wire (encoded) until the screen was usable, and requests. */
  bytes: number
  requests: number
}
export interface FirstScreenResult {
  phone: typeof PHONE
  h5: { jsCssBytes: number; files: number }
  screens: { name: string; runs: number; usableP50Ms: number; usableMaxMs: number; fcpP50Ms: number; bytes: number; requests: number }[]
  taps: { name: string; runs: number; feedbackP50Ms: number; feedbackMaxMs: number; feedbackKind: string; nextUsableP50Ms: number }[]
}

const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))

async function throttled(browser: Browser, storage?: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>) {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', storageState: storage })
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown })
  await cdp.send('Network.enable')
  const bytesPerSecond = (PHONE.kbitPerSecond * 1000) / 8
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PHONE.latencyMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond })
  const traffic: Traffic = { bytes: 0, requests: 0, log: new Map() }
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; request: { url: string } }) => {
    traffic.log.set(e.requestId, { url: e.request.url, sentAt: e.timestamp })
  })
  cdp.on('Network.responseReceived', (e: { requestId: string; timestamp: number; response: { headers: Record<string, string> } }) => {
    const r = traffic.log.get(e.requestId)
    if (r) {
      r.firstByteAt = e.timestamp
      r.encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1]
    }
  })
  cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    traffic.bytes += e.encodedDataLength
    traffic.requests++
    const r = traffic.log.get(e.requestId)
    if (r) Object.assign(r, { doneAt: e.timestamp, bytes: e.encodedDataLength })
  })
  return { context, page, traffic, cdp }
}

type Cdp = Awaited<ReturnType<typeof throttled>>['cdp']

async function firstScreen(page: Page, traffic: Traffic, url: string, ready: string, name: string, cdp: Cdp): Promise<Sample> {
  const profiling = Boolean(process.env.FIRST_SCREEN_PROFILE)
  if (profiling) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  const t0 = performance.now()
  await page.goto(url, { waitUntil: 'commit' })
  await page.locator(ready).first().waitFor({ state: 'visible' })
  const usableMs = performance.now() - t0
  if (profiling) printProfile(name, ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile)
  if (process.env.FIRST_SCREEN_WATERFALL) printWaterfall(name, traffic, usableMs)
  const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
  return { usableMs, fcpMs, bytes: traffic.bytes, requests: traffic.requests }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** `FIRST_SCREEN_PROFILE=1`: the page's main-thread time until the screen was usable, by script and by function (self time, on the slowed CPU). */
function printProfile(name: string, profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const byFile = new Map<string, number>()
  const byFunction = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const file = frame.url.replace(/^https?:\/\/[^/]+/, '') || frame.functionName || '(native)'
    byFile.set(file, (byFile.get(file) ?? 0) + ms)
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms)
  })
  const top = (m: Map<string, number>, n: number) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n)
  console.log(`\nCPU profile, ${name} (self time, ms, CPU ${PHONE.cpuSlowdown}× slower):`)
  for (const [k, v] of top(byFile, 10)) console.log(`  ${v.toFixed(0).padStart(6)}  ${k}`)
  console.log('  by function:')
  for (const [k, v] of top(byFunction, 15)) console.log(`  ${v.toFixed(0).padStart(6)}  ${k.slice(0, 110)}`)
}

/** Installed in the page before a tap: resolves `window.__tap` with the time to the first answer. */
const TAP_WATCHER = `function (sel) {
  var target = document.querySelector(sel)
  window.__tapAt = undefined
  window.__tap = new Promise(function (done) {
    document.addEventListener('click', function () { window.__tapAt = performance.now() }, { capture: true, once: true })
    function check() {
      var at = window.__tapAt
      if (at !== undefined) {
        // The bar is position: fixed, whose offsetParent is always null: asked for its boxes instead.
        var bar = document.getElementById('nav-progress')
        var kind = bar && bar.isConnected && bar.getClientRects().length > 0 ? 'opening bar'
          : target && (target.matches('.is-pressed, .is-busy, .btn-busy, [aria-busy="true"]') || target.querySelector('.is-busy, [aria-busy="true"]')) ? 'pressed state'
          : !target || !target.isConnected || target.offsetParent === null ? 'next page' : ''
        if (kind) return done({ ms: performance.now() - at, kind: kind })
      }
      requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })
}`

/**
 * Taps `selector` and times, inside the page, the click event → the first animation frame in
 * which something answers (measured before that frame is painted), and → the next page usable.
 */
async function tap(page: Page, selector: string, nextReady: string): Promise<{ feedbackMs: number; kind: string; nextUsableMs: number }> {
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  await page.evaluate(`(${TAP_WATCHER})(${JSON.stringify(selector)})`)
  const t0 = performance.now()
  await page.locator(selector).first().click()
  const feedback = (await page.evaluate('window.__tap')) as { ms: number; kind: string }
  await page.locator(nextReady).first().waitFor({ state: 'visible' })
  return { feedbackMs: feedback.ms, kind: feedback.kind, nextUsableMs: performance.now() - t0 }
}

function h5Size() {
  let jsCssBytes = 0
  let files = 0
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(js|css)$/.test(f)) {
        jsCssBytes += statSync(p).size
        files++
      }
    }
  }
  walk(h5Dir)
  return { jsCssBytes, files }
}

export async function runFirstScreen(): Promise<FirstScreenResult> {
  if (!chromiumPath) throw new Error('Chromium not found: apt-get install -y chromium')
  if (!existsSync(join(h5Dir, 'index.html'))) {
    console.log('no H5 build: npm run build:h5 -w mini-app …')
    const b = spawnSync('npm', ['run', 'build:h5', '-w', 'mini-app'], { cwd: repoRoot, stdio: 'inherit' })
    if (b.status !== 0) throw new Error('H5 build failed')
  }
  const { stack } = await benchStack({ h5Dir })
  const app = stack.appUrl
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    // A staff session, as after signing in once: the token in the app's storage, the HTTP cache empty.
    const login = await api(stack.apiUrl, 'POST', '/auth/staff-login', { body: { username: 'dinghu', password: 'shouhu123' } })
    const signIn = await browser.newContext()
    const p = await signIn.newPage()
    await p.goto(app)
    // Taro's H5 storage keeps { data } under each key (mini-app/src/storage.ts names them).
    await p.evaluate((login) => localStorage.setItem('session.staff', JSON.stringify({ data: login })), login)
    const staffStorage = await signIn.storageState()
    await signIn.close()

    const screens: { name: string; samples: Sample[] }[] = [
      { name: "resident's home (#/pages/index/index)", samples: [] },
      { name: "staff inbox (#/staff/inbox/index, 丁湖村 director)", samples: [] },
    ]
    const taps: { name: string; samples: { feedbackMs: number; kind: string; nextUsableMs: number }[] }[] = [
      { name: 'home → 委托照护 (family subpackage)', samples: [] },
      { name: 'inbox → 补贴申请 (staff subpackage)', samples: [] },
    ]
    for (let i = 0; i < RUNS; i++) {
      console.log(`run ${i + 1}/${RUNS} …`)
      {
        const { context, page, traffic, cdp } = await throttled(browser)
        screens[0]!.samples.push(await firstScreen(page, traffic, `${app}#/pages/index/index`, '#report-start', screens[0]!.name, cdp))
        taps[0]!.samples.push(await tap(page, '#family-start', '#family-new:visible, #dev-login:visible'))
        await context.close()
      }
      {
        const { context, page, traffic, cdp } = await throttled(browser, staffStorage)
        screens[1]!.samples.push(await firstScreen(page, traffic, `${app}#/staff/inbox/index`, '#inbox-empty:visible, [id^="inbox-item-"]:visible', screens[1]!.name, cdp))
        taps[1]!.samples.push(await tap(page, '#inbox-applications', '[id^="app-item-"]:visible, #apps-empty:visible'))
        await context.close()
      }
    }
    const p50 = (xs: number[]) => round(percentile([...xs].sort((a, b) => a - b), 50), 0)
    const result: FirstScreenResult = {
      phone: PHONE,
      h5: h5Size(),
      screens: screens.map((s) => ({
        name: s.name,
        runs: s.samples.length,
        usableP50Ms: p50(s.samples.map((x) => x.usableMs)),
        usableMaxMs: round(Math.max(...s.samples.map((x) => x.usableMs)), 0),
        fcpP50Ms: p50(s.samples.map((x) => x.fcpMs)),
        bytes: p50(s.samples.map((x) => x.bytes)),
        requests: p50(s.samples.map((x) => x.requests)),
      })),
      taps: taps.map((t) => ({
        name: t.name,
        runs: t.samples.length,
        feedbackP50Ms: p50(t.samples.map((x) => x.feedbackMs)),
        feedbackMaxMs: round(Math.max(...t.samples.map((x) => x.feedbackMs)), 0),
        feedbackKind: [...new Set(t.samples.map((x) => x.kind))].join(' / '),
        nextUsableP50Ms: p50(t.samples.map((x) => x.nextUsableMs)),
      })),
    }
    printFirstScreen(result)
    return result
  } finally {
    await browser.close()
  }
}

export function printFirstScreen(r: FirstScreenResult) {
  printTable(
    `First screen: Chromium, CPU ${r.phone.cpuSlowdown}× slower, ${r.phone.latencyMs} ms round trip, ${r.phone.kbitPerSecond} kbit/s, empty cache (H5 JS+CSS ${kb(r.h5.jsCssBytes)} in ${r.h5.files} files)`,
    ['screen', 'runs', 'usable p50', 'max', 'first paint p50', 'bytes on the wire', 'requests'],
    r.screens.map((s) => [s.name, s.runs, ms(s.usableP50Ms), ms(s.usableMaxMs), ms(s.fcpP50Ms), kb(s.bytes), s.requests]),
  )
  printTable(
    'Tap → visible response while the next page loads (same conditions)',
    ['tap', 'runs', 'response p50', 'max', 'what answered', 'next page usable p50'],
    r.taps.map((t) => [t.name, t.runs, ms(t.feedbackP50Ms), ms(t.feedbackMaxMs), t.feedbackKind, ms(t.nextUsableP50Ms)]),
  )
}
