/**
 * The county's ledger import at county size (issue #7): `npx tsx bench/child-import.ts 30000`
 * (default 30,000 rows; IMPORT_CHUNK_ROWS sets the rows per chunk, default 200).
 *
 * A county's 30,000 rows do not fit one 4 MB upload (≈ 6,600 sample rows per MB), so the ledger
 * is split as the page tells the officer to: by township, into as few workbooks as fit under
 * the limit. Each workbook is then imported exactly as the cloud does it, one step at a time:
 *
 * - upload: `startLedgerImport` (the API's work: store the file, create the job);
 * - read: the import worker's handler (lambda/import-worker.ts), run in a child process of its
 *   own so its peak memory (maxRSS) and CPU are the read step's alone, as the worker Lambda's;
 * - each chunk: one part's rows checked and written, and the checkpoint saved (the stream).
 *
 * Prints rows/s, the total time, DynamoDB calls and write units per row (ConsumedCapacity as
 * DynamoDB Local returns it for every write), per-step times, and checks every row landed once.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { loadavg } from 'node:os'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The read step alone, in this child process: `tsx bench/child-import.ts --read <id> <version>`.
if (process.argv[2] === '--read') {
  process.env.LOG_LEVEL = 'silent'
  const { handler } = await import('../functions/src/lambda/import-worker')
  const rssBefore = process.memoryUsage().rss
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let heapPeak = 0
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20)
  await handler({ id: process.argv[3]!, version: Number(process.argv[4]) })
  clearInterval(sampler)
  const cpu = process.cpuUsage(cpu0)
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rssBeforeMb: rssBefore / 1048576, maxRssMb: process.resourceUsage().maxRSS / 1024, heapPeakMb: heapPeak / 1048576 }))
  process.exit(0)
}

const { tableOnly } = await import('./ddb-only')
const rowsWanted = Number(process.argv[2] ?? 30_000)
const db = await tableOnly()
const { startLocalS3 } = await import('../functions/src/local/s3-local')
const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'shouhu-import-s3-')) })
// The child files' ID-number lookups are keyed from the session secret (CHILD_ID_KEY unset).
Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: s3.bucket, SESSION_SECRET: 'bench-import' })
try {
  const { importDivisions } = await import('../functions/src/local/divisions-import')
  await importDivisions(['341324'])
  const { MAX_LEDGER_BYTES } = await import('@shouhu/shared')
  const { sampleLedgerRows } = await import('../functions/src/local/ledger-workbooks')
  const { buildLedgerWorkbook } = await import('../functions/src/documents/ledger-workbook')
  const { startLedgerImport, runImportChunk } = await import('../functions/src/workflows/child-import')
  const { getImportJob } = await import('../functions/src/data/child-imports')
  const { dynamo, resetDynamoCalls } = await import('../functions/src/data/client')
  const { query } = await import('../functions/src/data/table')

  // Write units as DynamoDB reports them: every write asks for its ConsumedCapacity.
  let writeUnits = 0
  let writesWithoutCapacity = 0
  dynamo().middlewareStack.add(
    (next, context) => async (args: any) => {
      const name = context.commandName ?? ''
      if (!['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand', 'BatchWriteItemCommand'].includes(name)) return next(args)
      args.input.ReturnConsumedCapacity = 'TOTAL'
      const out: any = await next(args)
      const cc = out.output?.ConsumedCapacity
      const list = cc === undefined ? [] : Array.isArray(cc) ? cc : [cc]
      if (!list.length) writesWithoutCapacity++
      for (const c of list) writeUnits += c.CapacityUnits ?? c.WriteCapacityUnits ?? 0
      return out
    },
    { step: 'initialize', name: 'benchWriteUnits' },
  )

  const load0 = loadavg().map((l) => l.toFixed(1)).join(' ')
  let t = performance.now()
  const rows = await sampleLedgerRows(rowsWanted)
  // Split as the officer is told to: whole townships per workbook, as few workbooks as fit.
  const byTownship = new Map<string, typeof rows>()
  for (const r of rows) {
    const k = String(r.villageCode).slice(0, 9)
    byTownship.set(k, [...(byTownship.get(k) ?? []), r])
  }
  const bytesPerRow = 170 // measured ≈ 158–183 B per sample row; a little over, so each file fits
  const files: (typeof rows)[] = [[]]
  for (const group of byTownship.values()) {
    if ((files.at(-1)!.length + group.length) * bytesPerRow > MAX_LEDGER_BYTES) files.push([])
    files.at(-1)!.push(...group)
  }
  const workbooks = await Promise.all(files.map((f) => buildLedgerWorkbook(f)))
  for (const b of workbooks) if (b.length > MAX_LEDGER_BYTES) throw new Error(`a workbook of ${b.length} bytes is over the upload limit`)
  console.log(`load (1/5/15 min) ${load0}; ledger of ${rows.length.toLocaleString('en')} rows in ${workbooks.length} workbooks by township (${files.map((f, i) => `${f.length.toLocaleString('en')} rows, ${(workbooks[i]!.length / 1048576).toFixed(2)} MB`).join('; ')}), built in ${((performance.now() - t) / 1000).toFixed(1)} s`)

  const officer = { id: 'bench-officer', role: 'county_officer' as const, displayName: '周科长', divisionCode: '341324000000' }
  const here = fileURLToPath(import.meta.url)
  const steps: { file: number; step: string; ms: number; calls: number; units: number }[] = []
  const reads: { cpuMs: number; ms: number; rssBeforeMb: number; maxRssMb: number; heapPeakMb: number; bytes: number; rows: number }[] = []
  const results: { state: string; total: number; done: number; created: number; unchanged: number; failed: number }[] = []
  resetDynamoCalls()
  writeUnits = 0
  const started = performance.now()
  for (const [i, bytes] of workbooks.entries()) {
    let s0 = performance.now()
    let u0 = writeUnits
    const { job } = await startLedgerImport(bytes, `泗县台账-${i + 1}.xlsx`, officer)
    steps.push({ file: i, step: 'upload', ms: performance.now() - s0, calls: resetDynamoCalls().total, units: writeUnits - u0 })
    for (;;) {
      const now = await getImportJob(job.id, true)
      if (!now || now.state !== 'running') break
      s0 = performance.now()
      u0 = writeUnits
      if (now.phase === 'reading') {
        // The worker Lambda's work, in a process of its own (its DynamoDB calls are its own: counted from its job save, 2).
        // Asynchronously: the local S3 server answering its reads runs in this process.
        const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', here, '--read', job.id, String(now.version)], { env: process.env, encoding: 'utf8', maxBuffer: 1 << 20 })
        const r = JSON.parse(stdout.trim().split('\n').at(-1)!)
        reads.push({ ...r, bytes: bytes.length, rows: files[i]!.length })
        steps.push({ file: i, step: 'read', ms: performance.now() - s0, calls: 2, units: 0 })
      } else {
        await runImportChunk(job.id, now.version)
        steps.push({ file: i, step: 'chunk', ms: performance.now() - s0, calls: resetDynamoCalls().total, units: writeUnits - u0 })
      }
    }
    results.push((await getImportJob(job.id, true))!)
  }
  const totalMs = performance.now() - started
  const chunks = steps.filter((s) => s.step === 'chunk')
  const sorted = [...chunks].sort((a, b) => a.ms - b.ms)
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  const calls = steps.reduce((a, s) => a + s.calls, 0)
  const units = steps.reduce((a, s) => a + s.units, 0)
  const onFile = (await query<Record<string, unknown>>({ index: 'byCounty', pk: 'COUNTY#341324000000', skPrefix: 'CHILD#' })).length
  console.log('\n| step | time | DynamoDB calls |\n|---|---|---|')
  for (const s of steps.filter((s) => s.step === 'upload')) console.log(`| upload ${s.file + 1} (API) | ${s.ms.toFixed(0)} ms | ${s.calls} |`)
  for (const r of reads) {
    console.log(`| read ${r.rows.toLocaleString('en')} rows, ${(r.bytes / 1048576).toFixed(2)} MB (worker, own process) | ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU; RSS ${r.rssBeforeMb.toFixed(0)} MB loaded → peak ${r.maxRssMb.toFixed(0)} MB, heap peak ${r.heapPeakMb.toFixed(0)} MB | 2 |`)
  }
  console.log(`| chunk (${process.env.IMPORT_CHUNK_ROWS ?? 200} rows), p50 | ${pct(50).ms.toFixed(0)} ms | ${pct(50).calls} |`)
  console.log(`| chunk, p99 / slowest | ${pct(99).ms.toFixed(0)} / ${sorted.at(-1)!.ms.toFixed(0)} ms | ${sorted.at(-1)!.calls} |`)
  console.log(`| all ${workbooks.length} workbooks, ${chunks.length} chunks | ${(totalMs / 1000).toFixed(1)} s | ${calls} |`)
  console.log(`\n${rows.length.toLocaleString('en')} rows in ${(totalMs / 1000).toFixed(1)} s: ${(rows.length / (totalMs / 1000)).toFixed(1)} rows/s; ${(calls / rows.length).toFixed(2)} DynamoDB calls per row; ${(units / rows.length).toFixed(2)} write units per row (${units.toFixed(0)} in all${writesWithoutCapacity ? `; ${writesWithoutCapacity} writes came back without ConsumedCapacity` : ''})`)
  const sum = (k: 'total' | 'done' | 'created' | 'unchanged' | 'failed') => results.reduce((a, j) => a + j[k], 0)
  console.log(`jobs: ${results.map((j) => j.state).join(', ')}; total ${sum('total')}, done ${sum('done')}, created ${sum('created')}, unchanged ${sum('unchanged')}, failed ${sum('failed')}; ${onFile} files on the county list`)
  if (results.some((j) => j.state !== 'done') || sum('done') !== rows.length || onFile !== sum('created')) throw new Error('the import did not land every row once')
  console.log(`load (1/5/15 min) ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end`)
} finally {
  await s3.stop?.()
  await db.stop()
}
process.exit(0)
