/**
 * Measures and prints figures; no thresholds, nothing passes or fails.
 *
 *   npm run bench                       every part
 *   npx tsx bench/run.ts api notify     only some: api, notify, bundle, size
 *
 * Figures are also written to bench/results/latest.json (gitignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopBenchStack } from './stack'
import { type ApiLatencyResult, overheadRatios, runApiLatency } from './api-latency'
import { type NotificationLatencyResult, runNotificationLatency } from './notification-latency'
import { type LambdaBundleResult, runLambdaBundle } from './lambda-bundle'
import { type MiniappSizeResult, runMiniappSize } from './miniapp-size'
import { type FirstScreenResult, runFirstScreen } from './first-screen'
import { kb, type LatencySummary } from './stats'

// The AWS SDK warns once that it will need Node 22 in 2027: noise here, other warnings still print.
process.removeAllListeners('warning')
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) console.warn(w)
})

const PARTS = ['api', 'notify', 'bundle', 'size', 'screen'] as const
type Part = (typeof PARTS)[number]

const asked = process.argv.slice(2)
const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a))
if (unknown.length) {
  console.error(`unknown part(s): ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`)
  process.exit(2)
}
const parts: Part[] = asked.length ? PARTS.filter((p) => asked.includes(p)) : [...PARTS]

interface Results {
  api?: ApiLatencyResult
  notify?: NotificationLatencyResult
  bundle?: LambdaBundleResult
  size?: MiniappSizeResult
  screen?: FirstScreenResult
}

const machine = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 2 ** 30),
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.error(`\n${signal}: stopping the local stack …`)
    await stopBenchStack().catch(() => {})
    process.exit(130)
  })
}

const runners: Record<Part, () => Promise<unknown>> = {
  api: runApiLatency,
  notify: runNotificationLatency,
  bundle: runLambdaBundle,
  size: runMiniappSize,
  screen: runFirstScreen,
}
const titles: Record<Part, string> = {
  api: 'API latency and throughput',
  notify: 'report → notification latency',
  bundle: 'Lambda bundle size and cold start',
  size: 'mini-program package size',
  screen: 'first screen on a cheap phone (H5)',
}

const results: Results = {}
const errors: Record<string, string> = {}
const durations: Record<string, number> = {}
/** Load average (1 min) before and after each part: other work on this machine skews the figures. */
const load: Record<string, [number, number]> = {}
const startedAt = new Date().toISOString()
console.log(`Shouhu bench — ${parts.join(', ')} — node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB`)
try {
  for (const part of parts) {
    console.log(`\n=== ${titles[part]} (${part}) ===`)
    const t0 = performance.now()
    const loadBefore = Math.round(loadavg()[0] * 100) / 100
    try {
      ;(results as Record<string, unknown>)[part] = await runners[part]()
    } catch (e) {
      errors[part] = e instanceof Error ? (e.stack ?? e.message) : String(e)
      console.error(`${part} failed: ${errors[part]}`)
    }
    durations[part] = Math.round(performance.now() - t0)
    load[part] = [loadBefore, Math.round(loadavg()[0] * 100) / 100]
  }
} finally {
  await stopBenchStack().catch((e) => console.error(`stopping the local stack: ${e}`))
}

printSummary(results)

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), machine, parts, durationsMs: durations, loadAverage1m: load, results, errors }, null, 2) + '\n')
console.log(`\nfigures written to ${out}`)
process.exit(Object.keys(errors).length ? 1 : 0)

function printSummary(r: Results) {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—')
  const lat = (s: LatencySummary) => `p50 ${f(s.p50Ms).padStart(6)} ms  p99 ${f(s.p99Ms).padStart(6)} ms  ${String(Math.round(s.perSecond)).padStart(4)} req/s`
  const ddb = (s: LatencySummary) => `p50 ${f(s.p50Ms)} ms ${Math.round(s.perSecond)}/s`
  const lines: string[] = []
  if (r.api) {
    const a = r.api
    lines.push(`report submit  c=1   ${lat(a.reportSubmit.c1)}   | DynamoDB PutItem c=1  ${ddb(a.dynamoPutItem.c1)}`)
    lines.push(`report submit  c=16  ${lat(a.reportSubmit.c16)}   | DynamoDB PutItem c=16 ${ddb(a.dynamoPutItem.c16)}`)
    const o = overheadRatios(a)
    lines.push(`API ÷ own DynamoDB work  c=1 p50 ${o.c1.p50}× p99 ${o.c1.p99}×   c=16 p50 ${o.c16.p50}× p99 ${o.c16.p99}×   (budget ≤ 1.3×)`)
    lines.push(`HTTP floor     GET /api/health c=1 p50 ${f(a.health.c1.p50Ms)} ms p99 ${f(a.health.c1.p99Ms)} ms`)
    lines.push(`report data path (in-process, no HTTP)  c=1 ${ddb(a.reportDataPath.c1)}   c=16 ${ddb(a.reportDataPath.c16)}`)
    lines.push(`staff list     c=1   ${lat(a.staffList.c1)}   | ${a.staffList.itemsReturned} items, ${kb(a.staffList.responseBytes)} per response`)
    lines.push(
      `stream drain once let go: ${(a.streamDrainMs.afterC1 / 1000).toFixed(1)} s (c=1, ${a.streamDrainMs.reportsC1} reports), ` +
        `${(a.streamDrainMs.afterC16 / 1000).toFixed(1)} s (c=16, ${a.streamDrainMs.reportsC16} reports)`,
    )
  }
  if (r.notify) {
    const n = r.notify
    lines.push(
      `notification   inbox visible p50 ${f(n.inboxVisible.p50Ms)} ms p95 ${f(n.inboxVisible.p95Ms)} ms | ` +
        `WeChat outbox p50 ${f(n.wechatOutbox.p50Ms)} ms p95 ${f(n.wechatOutbox.p95Ms)} ms  (${n.reports} red reports, poller idle ${n.streamPollerIdleIntervalMs} ms)`,
    )
  }
  if (r.bundle) {
    const b = r.bundle
    const size = (e: string) => b.bundles.find((x) => x.entry.endsWith(`/${e}.ts`))
    const pub = size('api-public')!
    const staff = size('api-staff')!
    const stream = size('stream')!
    lines.push(`lambda bundle  api-public ${kb(pub.bytes)} (gzip ${kb(pub.gzipBytes)})   api-staff ${kb(staff.bytes)} (gzip ${kb(staff.gzipBytes)})   stream ${kb(stream.bytes)} (gzip ${kb(stream.gzipBytes)})`)
    for (const c of b.coldStart) {
      lines.push(
        `cold start     ${c.fn ?? 'api'} NODE_OPTIONS=${c.nodeOptions}: boot ${f(c.bootP50Ms)} ms + import ${f(c.importP50Ms)} ms + 1st invoke ${f(c.firstInvokeP50Ms)} ms = ${f(c.totalP50Ms)} ms (p50 of ${c.runs}); CPU time ${f(c.cpuTotalP50Ms)} ms`,
      )
    }
  }
  if (r.size?.weapp) {
    const w = r.size.weapp
    lines.push(
      `weapp main package ${kb(w.mainPackageBytes)} of 2048 KB (${w.mainPackageShareOfLimit}%)` +
        (w.subPackages.length ? `; subpackages ${w.subPackages.map((s) => `${s.root} ${kb(s.bytes)}`).join(', ')}` : '; no subpackages'),
    )
  }
  if (r.size?.h5) lines.push(`h5 build       ${kb(r.size.h5.totalBytes)} total, JS+CSS ${kb(r.size.h5.jsBytes + r.size.h5.cssBytes)} (gzip ${kb(r.size.h5.jsCssGzipBytes)})`)
  if (r.screen) {
    for (const s of r.screen.screens) lines.push(`first screen   ${s.name}: usable p50 ${f(s.usableP50Ms)} ms (max ${f(s.usableMaxMs)}), ${kb(s.bytes)} on the wire`)
    for (const t of r.screen.taps) lines.push(`tap response   ${t.name}: ${f(t.feedbackP50Ms)} ms p50 (max ${f(t.feedbackMaxMs)}, ${t.feedbackKind}); next page usable ${f(t.nextUsableP50Ms)} ms`)
  }
  lines.push(
    `machine        ${machine.cpus} CPUs; 1-min load average before→after each part: ` +
      Object.entries(load).map(([p, [a, b]]) => `${p} ${a}→${b}`).join(', '),
  )
  for (const [part, e] of Object.entries(errors)) lines.push(`${part}: FAILED — ${e.split('\n')[0]}`)
  console.log(`\n=== summary ===\n${lines.join('\n')}`)
}
