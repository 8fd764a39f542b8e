import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { benchChildItem, countyVillages } from '../../bench/county-files'

/**
 * 004 §4(三)'s lists for a large county: every listed child recorded across several id items
 * (`CHILD_IDS_PER_ITEM` each, well under DynamoDB's 400 KB item). The children's list rows are
 * built as the workflows build them (bench/county-files.ts) and bulk-written, not sent through
 * 10,000 requests. 10,000 crosses two item boundaries, which is what the chunking needs; a
 * 20,000-row county took 27 s alone but over 240 s beside the browser suites in CI.
 * No stream poller: these rows are only the county list's index entries, which no stream
 * consumer acts on.
 */
useApi({ streams: false })

const LISTED = 10_000
const GREEN = 200

describe('the lists of a county with 10,000 red, yellow and blue children', () => {
  it('downloads every child on its sheet and records all 10,000 ids', { timeout: 600_000 }, async () => {
    const { batchPut } = await import('../../functions/src/data/table')
    const { villages } = await countyVillages()
    const now = new Date()
    const colours = ['red', 'yellow', 'blue'] as const
    const t0 = Date.now()
    // Only what the county list index holds (its keys and `row`, which is all the export reads),
    // under a base key the overview counters and the due runner do not watch: writing whole files
    // makes the stream and the counters work for minutes on this shared machine.
    // One file per colour built as the workflows build it, then its row copied per child with the
    // child's own id, name and village: building 20,000 whole files costs more than the export.
    const template = Object.fromEntries(
      await Promise.all(
        (['red', 'yellow', 'blue', 'green'] as const).map(async (colour) => {
          const full = await benchChildItem(0, villages[0]!, {
            now,
            idPrefix: 'MASS',
            extra: { grade: { colour, situations: [], reason: 'bench', gradedAt: now.toISOString(), gradedBy: 'bench', gradedByName: 'bench' }, lastInterventionAt: now.toISOString() },
          })
          return [colour, full] as const
        }),
      ),
    )
    const items = Array.from({ length: LISTED + GREEN }, (_, n) => {
      const colour = n < LISTED ? colours[n % 3]! : 'green'
      const full = template[colour]!
      const id = `MASS${String(n).padStart(9, '0')}`
      const villageCode = villages[n % villages.length]!
      return {
        pk: `MASSBENCH#${n}`,
        sk: 'ROW',
        countyPk: full.countyPk,
        countySk: String(full.countySk).replace(/MASS0+$/, id),
        row: { ...(full.row as object), id, name: `儿童${n}`, villageCode },
      }
    })
    const built = Date.now() - t0
    // Four writers in parallel: DynamoDB Local takes ≈ 350 puts/s from one.
    const slice = Math.ceil(items.length / 4)
    await Promise.all([0, 1, 2, 3].map((w) => batchPut(items.slice(w * slice, (w + 1) * slice))))
    const loaded = Date.now() - t0

    const county = await signIn('sixian')
    const { app } = await import('../../functions/src/app')
    const t1 = Date.now()
    const res = await app.request('/api/staff/cases/mass-lists/workbook', { headers: { authorization: `Bearer ${county.token}` } })
    const exported = Date.now() - t1
    expect(res.status).toBe(200)
    console.info(`mass lists at ${LISTED} listed children: rows built in ${built} ms, written in ${loaded - built} ms, exported in ${exported} ms`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)

    const { exportsOf, exportChildIds, CHILD_IDS_PER_ITEM } = await import('../../functions/src/data/mass-lists')
    const record = (await exportsOf('341324000000', { limit: 1 })).exports[0]!
    expect(record.id).toBe(res.headers.get('x-export-id'))
    // Two title lines above each sheet's rows; the demo county's own children are on the lists too.
    expect(wb.worksheets.map((w) => w.actualRowCount - 2)).toEqual([record.counts.red, record.counts.yellow, record.counts.blue])
    expect(record.rows).toBe(record.counts.red + record.counts.yellow + record.counts.blue)
    expect(record.rows).toBeGreaterThanOrEqual(LISTED)
    const ids = await exportChildIds(record)
    expect(ids).toHaveLength(record.rows)
    expect(new Set(ids).size).toBe(record.rows)
    const bench = ids.filter((id) => id.startsWith('MASS'))
    expect(bench).toHaveLength(LISTED) // every red, yellow and blue one, no green one
    expect(record.rows).toBeGreaterThan(2 * CHILD_IDS_PER_ITEM)
  })
})
