import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type LedgerContext, type LedgerRowError, checkLedgerRow, ledgerCategoryChoices, policyForDivision } from '@shouhu/shared'
import { divisionsOfCounties } from '../local/divisions-import'
import { SAMPLE_AS_OF, badLedgerRows, sampleLedgerRows } from '../local/ledger-workbooks'
import { LedgerReadError, buildLedgerWorkbook, ledgerRows, scanLedger } from './ledger-workbook'

const repo = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url))

let cached: Promise<LedgerContext> | undefined
const sixianContext = () => (cached ??= loadContext())
async function loadContext(): Promise<LedgerContext> {
  const divisions = await divisionsOfCounties(['341324'])
  const townships = new Map(divisions.filter((d) => d.level === 'township').map((d) => [d.code, d.name]))
  const villages = new Map(divisions.filter((d) => d.level === 'village').map((d) => [d.code, { name: d.name, townshipName: townships.get(d.parentCode)! }]))
  return { today: '2026-11-28', areaCode: '341324000000', areaName: '泗县', villages, categories: ledgerCategoryChoices(policyForDivision('341324000000', SAMPLE_AS_OF)) }
}

async function check(bytes: Uint8Array, ctx: LedgerContext) {
  const ok: number[] = []
  const errors: LedgerRowError[] = []
  for await (const r of ledgerRows(bytes)) {
    const c = checkLedgerRow(r.row, r.cells, ctx)
    if (c.ok) ok.push(r.row)
    else errors.push(...c.errors)
  }
  return { ok, errors }
}

describe('the committed ledger workbooks', () => {
  it('every row of the 500-row sample ledger of 泗县 is valid and its rows are found in order', async () => {
    const bytes = readFileSync(repo('docs/ledger/泗县-示例台账-500行.xlsx'))
    const { ok, errors } = await check(bytes, await sixianContext())
    expect(errors).toEqual([])
    expect(ok).toHaveLength(500)
    expect(ok[0]).toBe(2)
    expect(ok.at(-1)).toBe(501)
  }, 60_000)

  it('the generator writes the committed sample (regenerating changes nothing)', async () => {
    const rows = await sampleLedgerRows()
    const { ok } = await check(await buildLedgerWorkbook(rows), await sixianContext())
    expect(ok).toHaveLength(500)
    const fromFile: string[] = []
    for await (const r of ledgerRows(readFileSync(repo('docs/ledger/泗县-示例台账-500行.xlsx')))) fromFile.push(r.cells.idNumber!)
    expect(fromFile).toEqual(rows.map((r) => r.idNumber))
  }, 60_000)

  it('a workbook whose parts are stored in another order (as other programs save them) reads the same', async () => {
    // The zip's order is the saving program's choice. exceljs's own one-pass reader parsed a
    // sheet stored after the shared strings but before xl/workbook.xml without the workbook
    // ("reading 'sheets'"), and refused a sound ledger; the ledger is read through the zip's
    // directory instead (xlsx-sheets.ts).
    const { default: JSZip } = await import('jszip')
    const rows = (await sampleLedgerRows()).slice(0, 3)
    const original = await JSZip.loadAsync(await buildLedgerWorkbook(rows))
    const paths = Object.keys(original.files).filter((p) => !original.files[p]!.dir)
    const last = ['xl/workbook.xml']
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']
    const reordered = new JSZip()
    for (const p of [...first, ...paths.filter((p) => !first.includes(p) && !last.includes(p)), ...last]) {
      reordered.file(p, await original.file(p)!.async('uint8array'))
    }
    const bytes = await reordered.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    expect(Object.keys((await JSZip.loadAsync(bytes)).files).at(-1)).toBe('xl/workbook.xml')
    const read: string[] = []
    for await (const r of ledgerRows(bytes)) read.push(`${r.row} ${r.cells.name} ${r.cells.idNumber}`)
    expect(read).toEqual(rows.map((r, i) => `${i + 2} ${r.name} ${r.idNumber}`))
  })

  it('the template has the header row and no data rows; an empty template scans as 0 rows', async () => {
    const scan = await scanLedger(readFileSync(repo('docs/ledger/儿童信息台账模板.xlsx')))
    expect(scan.total).toBe(0)
    expect(scan.layout.headerRow).toBe(1)
  })

  it('the bad workbook: each bad row is reported by row and column, the good rows pass', async () => {
    const rows = await sampleLedgerRows()
    const { ok, errors } = await check(await buildLedgerWorkbook(badLedgerRows(rows)), await sixianContext())
    // Row 10 repeats row 2's child: a duplicate is found across rows by the import, not per row.
    expect(ok).toEqual([2, 9, 10])
    const by = (row: number) => errors.filter((e) => e.row === row).map((e) => `${e.column}|${e.code}`)
    expect(by(3)).toEqual(['身份证号码|id_check_digit'])
    expect(errors.find((e) => e.row === 3)!.message).toBe('第 3 行「身份证号码」：校验位不对，请核对')
    expect(by(4)).toEqual(['现居住村（社区）代码|outside_area'])
    expect(by(5)).toEqual(['最近一次入户走访日期|future_date'])
    expect(by(6).sort()).toEqual(['儿童类别|invalid_choice', '风险等级|invalid_choice'])
    expect(by(7).sort()).toEqual(['出生日期|invalid_date', '姓名|required'])
    expect(by(8)).toEqual(['现居住村（社区）代码|unknown_village'])
  }, 60_000)
})

describe('reading a workbook', () => {
  it('a file that is not an .xlsx is refused as not_xlsx', async () => {
    await expect(scanLedger(new TextEncoder().encode('姓名,性别\n张三,男'))).rejects.toMatchObject({ reason: 'not_xlsx' })
    const zipNotWorkbook = Buffer.from('504b0304' + '00'.repeat(40), 'hex')
    await expect(scanLedger(zipNotWorkbook)).rejects.toBeInstanceOf(LedgerReadError)
  })

  it('a title row above the header is skipped; 18-digit IDs typed as numbers are flagged', async () => {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('台账')
    ws.addRow(['泗县儿童信息台账（2026 年）'])
    ws.addRow(['姓名', '性别', '出生日期', '身份证号码', '户口类型', '现居住村（社区）代码', '父亲情况', '母亲情况', '风险等级'])
    ws.addRow(['张三', '男', new Date('2015-09-01T00:00:00Z'), 341324201509011712, '农村户口', 341324102200, '在家', '在家', '绿色'])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const rows = []
    for await (const r of ledgerRows(bytes)) rows.push(r)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.row).toBe(3)
    expect(rows[0]!.cells.birthDate).toBe('2015-09-01')
    expect(rows[0]!.cells.villageCode).toBe('341324102200')
    const c = checkLedgerRow(3, rows[0]!.cells, await sixianContext())
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.errors.map((e) => e.code)).toEqual(['number_format'])
  }, 60_000)

  it('a sheet without the required columns names the missing ones', async () => {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('x').addRow(['姓名', '性别', '出生日期', '备注'])
    await expect(scanLedger(Buffer.from(await wb.xlsx.writeBuffer()))).rejects.toMatchObject({ reason: 'missing_columns', detail: ['户口类型', '现居住村（社区）代码', '父亲情况', '母亲情况', '风险等级'] })
  })
})
