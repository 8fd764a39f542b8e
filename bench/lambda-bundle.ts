import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { kb, ms, percentile, printTable, round } from './stats'
import { BUNDLE, LAZY_PACKAGES } from '../infra/lib/function-defaults'

/**
 * The Lambda bundles as infra builds them (the settings are read from infra/lib/function-defaults.ts:
 * minified ESM, UTF-8, the DynamoDB client inlined, the lazily loaded packages (S3, exceljs) left
 * out because infra installs them beside the bundle), their sizes, and the API handler's cold
 * start in a fresh `node`, as wall time and as CPU time (CPU time moves far less when other work
 * shares the machine).
 */
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const COLD_STARTS = 10

interface BundleSize {
  entry: string
  bytes: number
  gzipBytes: number
  sourceMapBytes: number
  buildMs: number
  /** zod's ~50 bundled error-message translations (zod/v4/locales), none of which the API uses. */
  zodLocalesBytes: number
  /** Biggest contributors to the minified output, by package. */
  largestInputs: { name: string; bytes: number }[]
}

interface ColdStart {
  /** Which function's bundle (api-public, api-staff). */
  fn?: string
  runs: number
  nodeOptions: string
  /** Node's own start-up, from process start until the script's first line (performance.now()). */
  bootP50Ms: number
  importP50Ms: number
  firstInvokeP50Ms: number
  secondInvokeP50Ms: number
  /** Process start to the end of the first invoke (boot + import + invoke). */
  totalP50Ms: number
  totalMaxMs: number
  /** Wall time the parent saw from spawn to exit. */
  spawnToExitP50Ms: number
  /** CPU time (user + system) of the same phases: what the cold start costs when the CPU is not shared. */
  cpuBootP50Ms: number
  cpuImportP50Ms: number
  cpuFirstInvokeP50Ms: number
  cpuTotalP50Ms: number
  statusCode: number
}

export interface LambdaBundleResult {
  bundles: BundleSize[]
  coldStart: ColdStart[]
}

const packageOf = (input: string) => {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  if (m) return m[1]
  if (input.startsWith('shared/')) return '@shouhu/shared'
  if (input.startsWith('functions/')) return 'functions/src'
  return input
}

/**
 * Packages infra installs beside a function's bundle instead of inlining it (`nodeModules` in
 * infra/lib/api.ts): left out here too, so the figure is what each cold start parses.
 */
const installedBeside: Record<string, string[]> = {
  // The API functions leave pdfkit out (the letter routes go to the letters function); the letters function installs it beside.
  'functions/src/lambda/api-public.ts': ['pdfkit', ...LAZY_PACKAGES],
  'functions/src/lambda/api-staff.ts': ['pdfkit', ...LAZY_PACKAGES],
  'functions/src/lambda/letters.ts': ['pdfkit', ...LAZY_PACKAGES],
}

async function bundle(entry: string, outDir: string): Promise<{ size: BundleSize; file: string }> {
  const outfile = join(outDir, 'index.mjs')
  const t0 = performance.now()
  const out = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    target: BUNDLE.target,
    format: 'esm',
    outfile,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    alias: Object.fromEntries(Object.entries(BUNDLE.aliases).map(([from, to]) => [from, join(repoRoot, to)])),
    charset: BUNDLE.charset,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    external: installedBeside[entry] ?? LAZY_PACKAGES,
    absWorkingDir: repoRoot,
    metafile: true,
    logLevel: 'error',
  })
  const buildMs = Math.round(performance.now() - t0)
  const code = readFileSync(outfile)
  const byPackage = new Map<string, number>()
  let zodLocalesBytes = 0
  const meta = out.metafile as Metafile
  const output = Object.entries(meta.outputs).find(([f]) => f.endsWith('index.mjs'))![1]
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput)
    if (/node_modules\/zod\/.*\/locales\//.test(input)) zodLocalesBytes += bytesInOutput
  }
  return {
    file: outfile,
    size: {
      entry,
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      sourceMapBytes: statSync(`${outfile}.map`).size,
      buildMs,
      zodLocalesBytes,
      largestInputs: [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, bytes]) => ({ name, bytes })),
    },
  }
}

/** An API Gateway HTTP API (payload 2.0) event for GET /api/health. */
const healthEvent = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/health',
  rawQueryString: '',
  headers: { accept: 'application/json', host: 'example.execute-api.cn-northwest-1.amazonaws.com.cn', 'user-agent': 'bench' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'example',
    domainName: 'example.execute-api.cn-northwest-1.amazonaws.com.cn',
    domainPrefix: 'example',
    http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench',
    routeKey: '$default',
    stage: '$default',
    time: '01/Jan/2025:00:00:00 +0000',
    timeEpoch: 1735689600000,
  },
  isBase64Encoded: false,
}

const childScript = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const c0 = cpu()
const t0 = performance.now()
const { handler } = await import(process.argv[2])
const t1 = performance.now()
const c1 = cpu()
const event = JSON.parse(process.argv[3])
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 }
const res = await handler(event, context)
const t2 = performance.now()
const c2 = cpu()
await handler(event, context)
const t3 = performance.now()
console.log(JSON.stringify({ boot: t0, importMs: t1 - t0, invokeMs: t2 - t1, secondMs: t3 - t2, cpuBoot: c0, cpuImport: c1 - c0, cpuInvoke: c2 - c1, status: res.statusCode, body: res.body }))
`

function coldStarts(bundleFile: string, dir: string, nodeOptions: string): ColdStart {
  const script = join(dir, 'invoke.mjs')
  writeFileSync(script, childScript)
  const runs: { boot: number; importMs: number; invokeMs: number; secondMs: number; cpuBoot: number; cpuImport: number; cpuInvoke: number; status: number; wall: number }[] = []
  for (let i = 0; i < COLD_STARTS; i++) {
    const t0 = performance.now()
    const p = spawnSync(process.execPath, [script, bundleFile, JSON.stringify(healthEvent)], {
      encoding: 'utf8',
      timeout: 30_000,
      // What the Lambda sees (function-defaults.ts), minus the secrets' ARNs: /health needs none.
      env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions, TABLE_NAME: 'Main', AWS_REGION: 'cn-northwest-1', ESCALATION_MINUTES: '30' },
    })
    const wall = performance.now() - t0
    const line = p.stdout.trim().split('\n').pop() ?? ''
    if (p.status !== 0 || !line.startsWith('{')) throw new Error(`cold start run failed (${p.status}): ${p.stderr.slice(-1000)}`)
    runs.push({ ...JSON.parse(line), wall })
  }
  const p50 = (xs: number[]) => round(percentile([...xs].sort((a, b) => a - b), 50), 1)
  const totals = runs.map((r) => r.boot + r.importMs + r.invokeMs)
  return {
    runs: runs.length,
    nodeOptions: nodeOptions || '(none)',
    bootP50Ms: p50(runs.map((r) => r.boot)),
    importP50Ms: p50(runs.map((r) => r.importMs)),
    firstInvokeP50Ms: p50(runs.map((r) => r.invokeMs)),
    secondInvokeP50Ms: p50(runs.map((r) => r.secondMs)),
    totalP50Ms: p50(totals),
    totalMaxMs: round(Math.max(...totals), 1),
    spawnToExitP50Ms: p50(runs.map((r) => r.wall)),
    cpuBootP50Ms: p50(runs.map((r) => r.cpuBoot)),
    cpuImportP50Ms: p50(runs.map((r) => r.cpuImport)),
    cpuFirstInvokeP50Ms: p50(runs.map((r) => r.cpuInvoke)),
    cpuTotalP50Ms: p50(runs.map((r) => r.cpuBoot + r.cpuImport + r.cpuInvoke)),
    statusCode: runs[0].status,
  }
}

export async function runLambdaBundle(): Promise<LambdaBundleResult> {
  // Inside the repo, so the packages infra installs beside the bundle resolve from node_modules.
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
  const root = mkdtempSync(join(repoRoot, 'bench', 'results', 'bundle-'))
  try {
    const bundles: BundleSize[] = []
    const files = new Map<string, string>()
    for (const name of ['api-public', 'api-staff', 'letters', 'stream', 'schedule', 'due-worker', 'export-worker']) {
      const dir = join(root, name)
      const { size, file } = await bundle(`functions/src/lambda/${name}.ts`, dir)
      bundles.push(size)
      files.set(name, file)
    }
    // The floor: the API shell and the DynamoDB client, no routes (bench/lambda-floor.ts).
    {
      const { size, file } = await bundle('bench/lambda-floor.ts', join(root, 'floor'))
      bundles.push(size)
      files.set('floor', file)
    }
    const coldStart: ColdStart[] = []
    // The two functions behind the HTTP API's request path (the letters function serves only letters and the document).
    for (const name of ['api-public', 'api-staff']) {
      console.log(`cold-starting ${name} ${COLD_STARTS}× in fresh node processes …`)
      // As deployed: function-defaults.ts sets NODE_OPTIONS=--enable-source-maps.
      coldStart.push({ fn: name, ...coldStarts(files.get(name)!, join(root, name), '--enable-source-maps') })
      coldStart.push({ fn: name, ...coldStarts(files.get(name)!, join(root, name), '') })
    }
    console.log(`cold-starting the floor (no routes) ${COLD_STARTS}× …`)
    coldStart.push({ fn: 'floor (no routes)', ...coldStarts(files.get('floor')!, join(root, 'floor'), '') })
    const result = { bundles, coldStart }
    printLambdaBundle(result)
    return result
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

export function printLambdaBundle(r: LambdaBundleResult) {
  printTable(
    `Lambda bundles (esbuild as in infra/lib/function-defaults.ts: minified ESM, ${BUNDLE.target}, UTF-8, DynamoDB client inlined; installed beside, not counted: ${LAZY_PACKAGES.join(', ')})`,
    ['entry', 'bytes', 'size', 'gzip', 'source map', 'of which zod locales', 'largest parts'],
    r.bundles.map((b) => [
      b.entry,
      b.bytes,
      kb(b.bytes),
      kb(b.gzipBytes),
      kb(b.sourceMapBytes),
      kb(b.zodLocalesBytes),
      b.largestInputs
        .slice(0, 4)
        .map((x) => `${x.name} ${kb(x.bytes)}`)
        .join(', '),
    ]),
  )
  printTable(
    `API handler cold start: fresh node ${process.version} per run, GET /api/health as an HTTP API v2 event (p50 of ${r.coldStart[0]?.runs} runs)`,
    ['function', 'NODE_OPTIONS', 'node boot', 'import bundle', '1st invoke', '2nd invoke', 'boot+import+invoke', 'max', 'spawn→exit', 'CPU: boot', 'import', '1st invoke', 'total'],
    r.coldStart.map((c) => [
      c.fn ?? 'api',
      c.nodeOptions,
      ms(c.bootP50Ms),
      ms(c.importP50Ms),
      ms(c.firstInvokeP50Ms),
      ms(c.secondInvokeP50Ms),
      ms(c.totalP50Ms),
      ms(c.totalMaxMs),
      ms(c.spawnToExitP50Ms),
      ms(c.cpuBootP50Ms),
      ms(c.cpuImportP50Ms),
      ms(c.cpuFirstInvokeP50Ms),
      ms(c.cpuTotalP50Ms),
    ]),
  )
}
