import type ExcelJS from 'exceljs'
import {
  LEDGER_SPLIT_ADVICE,
  LEDGER_HELP_SHEET_NAME,
  LEDGER_SHEET_NAME,
  type HeaderMatch,
  type LedgerKey,
  isRealDate,
  ledgerColumns,
  matchHeaders,
} from '@shouhu/shared'
import { xlsxWorksheets } from './xlsx-sheets'

// Loaded on first use: only imports and exports parse workbooks, and exceljs (≈1 MB with its
// zip libraries) would otherwise be parsed on every cold start of every function (bench `bundle`).
const excel = async () => (await import('exceljs')).default

/**
 * The county's children's ledger as an .xlsx workbook (issue #7, 摸排建档): reading it row by
 * row with exceljs's streaming sheet reader, fed through the zip's directory (xlsx-sheets.ts: a
 * 4 MB workbook of ≈ 26,000 rows never sits in memory as a whole model), and writing the
 * template with its 说明 sheet and drop-down lists.
 */

/** What a cell holds, as the text a person would read in it. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    // exceljs reads a date serial as that calendar day at 00:00 UTC.
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  }
  if (typeof value === 'number') {
    // Excel keeps 15 significant digits: an 18-digit ID typed as a number has lost its last
    // digits. Say so in the form Excel shows it (3.41324E+17) so the check can explain it.
    return Math.abs(value) >= 1e15 ? value.toExponential().toUpperCase() : String(value)
  }
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? '是' : '否'
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
  if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text)
  return ''
}

/** `row.values` is 1-based and sparse: the texts of columns 1..n. */
function rowTexts(values: ExcelJS.CellValue[] | Record<string, ExcelJS.CellValue>): string[] {
  const arr = Array.isArray(values) ? values : []
  const out: string[] = []
  for (let i = 1; i < arr.length; i++) out.push(cellText(arr[i]).trim())
  return out
}

/** The workbook is not one we can read: not an .xlsx, or no sheet with the ledger's header row. */
export class LedgerReadError extends Error {
  constructor(
    readonly reason: 'not_xlsx' | 'no_header' | 'missing_columns' | 'duplicate_columns',
    readonly detail: string[] = [],
  ) {
    super(reason)
  }
}

export interface LedgerRowCells {
  /** The row number the sheet shows. */
  row: number
  cells: Partial<Record<LedgerKey, string>>
}

export interface LedgerLayout {
  /** 1-based sheet position (1 = the first sheet in the file). */
  sheet: number
  headerRow: number
  columns: HeaderMatch['columns']
}

/** A ledger may have a title row or two above the header; look this far down for it. */
const HEADER_SEARCH_ROWS = 5
/** A row counts as the header when it names at least this many known columns. */
const HEADER_MIN_MATCHES = 3

const isZip = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/**
 * Walks the ledger's data rows (blank rows skipped), starting at sheet row `fromRow`. The first
 * sheet whose first rows hold the header is the ledger; the 说明 sheet and others are skipped.
 * `onLayout` hears where the header was found before the first row.
 */
export async function* ledgerRows(
  bytes: Uint8Array,
  opts: { fromRow?: number; onLayout?: (layout: LedgerLayout) => void } = {},
): AsyncGenerator<LedgerRowCells> {
  if (!isZip(bytes)) throw new LedgerReadError('not_xlsx')
  let sheet = 0
  let found = false
  try {
    for await (const worksheet of xlsxWorksheets(bytes)) {
      sheet++
      let layout: LedgerLayout | undefined
      for await (const row of worksheet) {
        if (!layout) {
          if (row.number > HEADER_SEARCH_ROWS) break
          const texts = rowTexts(row.values)
          const match = matchHeaders(texts)
          if (Object.keys(match.columns).length < HEADER_MIN_MATCHES) continue
          if (match.missing.length) throw new LedgerReadError('missing_columns', match.missing)
          if (match.duplicated.length) throw new LedgerReadError('duplicate_columns', match.duplicated)
          layout = { sheet, headerRow: row.number, columns: match.columns }
          found = true
          opts.onLayout?.(layout)
          continue
        }
        if (row.number < (opts.fromRow ?? 0)) continue
        const texts = rowTexts(row.values)
        if (texts.every((t) => t === '')) continue
        const cells: Partial<Record<LedgerKey, string>> = {}
        for (const [key, col] of Object.entries(layout.columns) as [LedgerKey, number][]) {
          const t = texts[col - 1]
          if (t) cells[key] = t
        }
        // A row with only a 序号 typed ahead of time is a blank row.
        if (Object.keys(cells).every((k) => k === 'seq')) continue
        yield { row: row.number, cells }
      }
      if (found) return
    }
  } catch (e) {
    if (e instanceof LedgerReadError) throw e
    // A zip that is not a workbook (a .docx renamed, a damaged file) fails inside exceljs.
    throw new LedgerReadError('not_xlsx', [e instanceof Error ? e.message : String(e)])
  }
  throw new LedgerReadError('no_header')
}

/** A whole-sheet pass: where the header is and how many data rows follow. */
export async function scanLedger(bytes: Uint8Array, onRow?: (row: LedgerRowCells) => void): Promise<{ layout: LedgerLayout; total: number; lastRow: number }> {
  let layout: LedgerLayout | undefined
  let total = 0
  let lastRow = 0
  for await (const r of ledgerRows(bytes, { onLayout: (l) => (layout = l) })) {
    total++
    lastRow = r.row
    onRow?.(r)
  }
  if (!layout) throw new LedgerReadError('no_header')
  return { layout, total, lastRow }
}

/**
 * The template: the header row (required columns marked *), text-formatted ID, code and phone
 * columns so Excel keeps every digit, drop-down lists for fixed choices, and a 说明 sheet
 * explaining each column. `rows` fills it (the sample ledger).
 */
export async function buildLedgerWorkbook(
  rows: Partial<Record<LedgerKey, string>>[] = [],
  opts: { validationRows?: number; categoryLabels?: readonly string[] } = {},
): Promise<Buffer> {
  const wb = new (await excel()).Workbook()
  wb.creator = '守护 Shouhu'
  // A fixed date keeps the generated files byte-stable between runs of the generator.
  wb.created = new Date('2026-01-01T00:00:00Z')
  wb.modified = wb.created
  const ws = wb.addWorksheet(LEDGER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = ledgerColumns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: c.width,
    style: c.text ? { numFmt: '@' } : c.date ? { numFmt: 'yyyy-mm-dd' } : {},
  }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', wrapText: true }
  ledgerColumns.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFDE9D9' : 'FFF2F2F2' } }
    cell.note = c.help
  })
  for (const r of rows) {
    const values: Record<string, string | Date> = {}
    for (const c of ledgerColumns) {
      const v = r[c.key]
      if (v === undefined || v === '') continue
      // Dates as real date cells (what a ledger kept in Excel has), everything else as text.
      values[c.key] = c.date && isRealDate(v) ? new Date(`${v}T00:00:00Z`) : v
    }
    ws.addRow(values)
  }
  const last = Math.max(rows.length + 1, opts.validationRows ?? 1000)
  ledgerColumns.forEach((c, i) => {
    if (!c.choices || c.multiple) return
    const letter = ws.getColumn(i + 1).letter
    // exceljs has worksheet.dataValidations (ranges as one entry) but its typings lack it.
    ;(ws as ExcelJS.Worksheet & { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`"${c.choices.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: `请从下拉列表中选择：${c.choices.join('、')}`,
    })
  })

  const help = wb.addWorksheet(LEDGER_HELP_SHEET_NAME)
  help.columns = [
    { header: '列名', key: 'header', width: 22 },
    { header: '必填', key: 'required', width: 6 },
    { header: '怎么填', key: 'help', width: 70 },
    { header: '可选内容', key: 'choices', width: 50 },
    { header: '例子', key: 'example', width: 22 },
  ]
  help.getRow(1).font = { bold: true }
  for (const c of ledgerColumns) {
    const choices = c.key === 'categories' ? opts.categoryLabels : c.choices
    help.addRow({ header: c.header, required: c.required ? '是' : '', help: c.help, choices: choices?.join(c.multiple ? '\n' : '、') ?? '', example: c.example })
  }
  help.addRow({})
  for (const line of [
    '一行填一个孩子，从第 2 行开始填，不要改动第 1 行的列名（带 * 的必须填写）。',
    '身份证号码、区划代码和电话请保持「文本」格式，否则表格会把后几位改成 0。',
    '导入时逐行检查：有问题的行不会导入，并会告诉您第几行、哪一列、什么问题；改好后把整个表格再导入一次即可，已经导入的孩子不会重复建档。',
    `只能导入本辖区（本县或本乡镇）的孩子。${LEDGER_SPLIT_ADVICE}。`,
  ]) {
    const r = help.addRow({ header: line })
    help.mergeCells(`A${r.number}:E${r.number}`)
  }
  for (const key of ['help', 'choices']) help.getColumn(key).alignment = { wrapText: true, vertical: 'top' }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
