/**
 * The county's ledger import at county size (issue #7): `npx tsx bench/child-import.ts 30000`
 * (default 30,000 rows; IMPORT_CHUNK_ROWS sets the rows per chunk, default 200).
 *
 * Builds a ledger of N rows for 泗县 with the sample generator, then drives the import exactly
 * as the cloud does, one step per stream delivery, and measures each step alone:
 *
 * - upload: `startLedgerImport` (the API's work: store the file, create the job);
 * - read: the one pass over the workbook that writes its rows back as parts;
 * - each chunk: one part's rows checked and written, and the checkpoint saved.
 *
 * Every step must stay well inside the stream function's 10 s on this loaded 2-core machine
 * (the cloud function has a core of its own). Prints time and DynamoDB calls per step, the
 * slowest chunk, the total, and checks every row landed once.
 */
import { loadavg } from 'node:os'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableOnly } from './ddb-only'

const rowsWanted = Number(process.argv[2] ?? 30_000)
const db = await tableOnly()
const { startLocalS3 } = await import('../functions/src/local/s3-local')
const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'shouhu-import-s3-')) })
Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: s3.bucket })
try {
  const { importDivisions } = await import('../functions/src/local/divisions-import')
  await importDivisions(['341324'])
  const { sampleLedgerRows } = await import('../functions/src/local/ledger-workbooks')
  const { buildLedgerWorkbook } = await import('../functions/src/documents/ledger-workbook')
  const { startLedgerImport, runImportChunk } = await import('../functions/src/workflows/child-import')
  const { getImportJob } = await import('../functions/src/data/child-imports')
  const { resetDynamoCalls } = await import('../functions/src/data/client')
  const { query } = await import('../functions/src/data/table')

  let t = performance.now()
  const rows = await sampleLedgerRows(rowsWanted)
  const bytes = await buildLedgerWorkbook(rows)
  console.log(`machine load ${loadavg()[0]!.toFixed(1)}; ledger of ${rows.length.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB, built in ${((performance.now() - t) / 1000).toFixed(1)} s`)

  const officer = { id: 'bench-officer', role: 'county_officer' as const, displayName: '周科长', divisionCode: '341324000000' }
  resetDynamoCalls()
  t = performance.now()
  const { job } = await startLedgerImport(bytes, 'bench.xlsx', officer)
  const uploadMs = performance.now() - t
  const uploadCalls = resetDynamoCalls().total

  const steps: { step: string; ms: number; calls: number }[] = []
  const started = performance.now()
  for (;;) {
    const now = await getImportJob(job.id, true)
    if (!now || now.state !== 'running') break
    resetDynamoCalls()
    const s0 = performance.now()
    await runImportChunk(job.id, now.version)
    steps.push({ step: now.phase === 'reading' ? 'read' : `chunk ${now.nextPart}`, ms: performance.now() - s0, calls: resetDynamoCalls().total })
  }
  const totalMs = performance.now() - started
  const done = (await getImportJob(job.id, true))!
  const chunks = steps.filter((s) => s.step.startsWith('chunk'))
  const sorted = [...chunks].sort((a, b) => a.ms - b.ms)
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  const onFile = (await query<Record<string, unknown>>({ index: 'byCounty', pk: 'COUNTY#341324000000', skPrefix: 'CHILD#' })).length
  console.log('\n| step | time | DynamoDB calls |\n|---|---|---|')
  console.log(`| upload (API) | ${uploadMs.toFixed(0)} ms | ${uploadCalls} |`)
  const read = steps.find((s) => s.step === 'read')!
  console.log(`| read the workbook once, write ${done.parts} parts | ${read.ms.toFixed(0)} ms | ${read.calls} |`)
  console.log(`| chunk (${process.env.IMPORT_CHUNK_ROWS ?? 200} rows), p50 | ${pct(50).ms.toFixed(0)} ms | ${pct(50).calls} |`)
  console.log(`| chunk, p99 / slowest | ${pct(99).ms.toFixed(0)} / ${sorted.at(-1)!.ms.toFixed(0)} ms | ${sorted.at(-1)!.calls} |`)
  console.log(`| all ${chunks.length} chunks | ${(totalMs / 1000).toFixed(1)} s | ${steps.reduce((a, s) => a + s.calls, 0)} (${(steps.reduce((a, s) => a + s.calls, 0) / rows.length).toFixed(1)} per row) |`)
  console.log(`\njob: ${done.state}, total ${done.total}, done ${done.done}, created ${done.created}, unchanged ${done.unchanged}, failed ${done.failed}; ${onFile} files on the county list`)
  if (done.state !== 'done' || done.done !== rows.length || onFile !== done.created) throw new Error('the import did not land every row once')
  console.log(`load ${loadavg()[0]!.toFixed(1)} at end`)
} finally {
  await s3.stop?.()
  await db.stop()
}
process.exit(0)
