/**
 * The children's ledger export at county scale (issue #12): 20,000 child files in the demo
 * county, then `POST /api/staff/exports {kind: 'children'}` as the county officer, and the
 * background job (the local stream poller, as Lambda's stream trigger would) until the record
 * says done. Prints: time to answer the request, time until the file is stored, the process's
 * memory peak while it ran (RSS and heap, sampled every 20 ms; DynamoDB Local's JVM is a
 * separate process and not in it), DynamoDB calls made, the file's size, and the rows checked
 * by reading the workbook back.
 *
 *   npx tsx bench/exports.ts            (CHILDREN=20000 by default)
 */
import { api, benchStack, staffToken, stopBenchStack } from './stack'
import { round } from './stats'

const TOTAL = Number(process.env.CHILDREN ?? 20_000)
const mb = (n: number) => round(n / 1024 / 1024, 1)

async function main() {
  const { stack } = await benchStack()
  const { dynamo } = await import('../functions/src/data/client')
  const counter = { n: 0, byCommand: new Map<string, number>() }
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      counter.n++
      const name = String(context.commandName ?? 'unknown')
      counter.byCommand.set(name, (counter.byCommand.get(name) ?? 0) + 1)
      return next(args)
    },
    { step: 'initialize', name: 'countExportCalls' },
  )
  const shared = await import('@shouhu/shared')
  const { childrenOf } = await import('../functions/src/data/divisions')
  const { batchPut } = await import('../functions/src/data/table')
  const { childItem } = await import('../functions/src/data/children')
  const { deriveChild } = await import('../functions/src/workflows/children')
  const { childClock } = await import('../functions/src/workflows/child-clock')
  const graceMs = childClock().graceMs

  const townships = (await childrenOf('341324000000')).map((t) => t.code)
  const villages = (await Promise.all(townships.map((t) => childrenOf(t)))).flat().map((v) => v.code)
  const today = shared.chinaToday()
  const colours = ['green', 'green', 'green', 'blue', 'blue', 'yellow', 'yellow', 'red'] as const
  const items: import('../functions/src/data/table').Item[] = []
  const now = new Date()
  for (let i = 0; i < TOTAL; i++) {
    const village = villages[i % villages.length]!
    const at = now.toISOString()
    const c = {
      id: `E${String(i).padStart(9, '0')}`,
      villageCode: village,
      townshipCode: shared.ancestorAt(village, 'township'),
      countyCode: '341324000000',
      name: i % 997 === 0 ? `=HYPERLINK("x")${i}` : `儿童${i}`,
      sex: i % 2 ? 'male' : 'female',
      birthDate: shared.addDays('2012-01-01', i % 3000),
      idMasked: '341***********1234',
      householdRegistration: 'rural',
      schooling: { stage: 'primary', school: '丁湖镇中心小学' },
      health: { disability: 'none', seriousIllness: false },
      parents: [
        { relation: 'father', name: '父亲', phone: '13912345678', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', name: '母亲', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      singleParent: false,
      caregiver: { name: '奶奶', relationship: 'paternal_grandparent', phone: '13700001111', livesWithChild: true },
      difficultyCategories: [],
      categories: [],
      grade: { colour: colours[i % colours.length], situations: [], reason: 'bench', gradedAt: at, gradedBy: 'bench', gradedByName: 'bench' },
      lastHomeVisitOn: shared.addDays(today, -(i % 25)),
      lastContactOn: shared.addDays(today, -(i % 25)),
      duties: [],
      openProblems: 0,
      problems: [],
      links: { entrustments: [], reports: [], applications: [] },
      origin: 'import',
      policyVersion: '',
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      version: 0,
    } as unknown as import('@shouhu/shared').ChildRecord
    const { child, row } = deriveChild(c, now)
    items.push(childItem(child, row, graceMs))
  }
  const t0 = performance.now()
  const slices = Array.from({ length: 8 }, (_, k) => items.filter((_, i) => i % 8 === k))
  await Promise.all(slices.map((slice) => batchPut(slice)))
  items.length = 0
  console.log(`loaded ${TOTAL} child files in ${round((performance.now() - t0) / 1000, 1)} s; waiting for the stream to settle…`)
  await stack.streamIdle()

  const county = await staffToken(stack.apiUrl, 'sixian')
  global.gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }, 20)
  counter.n = 0
  counter.byCommand.clear()
  const tReq = performance.now()
  const job = await api(stack.apiUrl, 'POST', '/staff/exports', { token: county, body: { kind: 'children' }, expect: [202] })
  const answerMs = performance.now() - tReq
  let state = job
  let lastRows = -1
  while (state.state === 'queued' || state.state === 'running') {
    await new Promise((r) => setTimeout(r, 250))
    state = await api(stack.apiUrl, 'GET', `/staff/exports/${job.id}`, { token: county })
    if (state.rows !== lastRows && state.rows % 5000 === 0 && state.rows) console.log(`  progress: ${state.rows} rows`)
    lastRows = state.rows
  }
  const doneMs = performance.now() - tReq
  clearInterval(sampler)
  const calls = counter.n
  const byCommand = Object.fromEntries(counter.byCommand)

  // Read the file back through the API and count its rows (outside the measured window).
  const res = await fetch(`${stack.apiUrl}/staff/exports/${job.id}/file`, { headers: { authorization: `Bearer ${county}` } })
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
  const sheetRows = wb.worksheets[0]!.rowCount - 2

  console.log('\nchildren’s ledger export, 泗县')
  console.table([
    {
      'child files': TOTAL,
      state: state.state,
      'rows written': state.rows,
      'rows read back': sheetRows,
      'POST answered (ms)': round(answerMs),
      'file stored (s)': round(doneMs / 1000, 1),
      'rows / s': round(state.rows / (doneMs / 1000)),
      'RSS base → peak (MB)': `${mb(base.rss)} → ${mb(peakRss)}`,
      'heap base → peak (MB)': `${mb(base.heapUsed)} → ${mb(peakHeap)}`,
      'file (MB)': mb(state.bytes ?? 0),
      'DynamoDB calls': calls,
    },
  ])
  console.log('DynamoDB calls by command (API + stream handler + export):', byCommand)
}

main()
  .catch((e) => {
    console.error(e)
    process.exitCode = 1
  })
  .finally(() => stopBenchStack())
