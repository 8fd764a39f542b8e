import type ExcelJS from 'exceljs'

// Loaded on first use: only imports and exports parse workbooks, and exceljs (≈1 MB with its
// zip libraries) would otherwise be parsed on every cold start of every function (bench `bundle`).
const excel = async () => (await import('exceljs')).default

/**
 * Writing the workbooks offices keep (台账, payment lists, lists to the mass organisations).
 * One writer so every export gets the same protections: text cells that Excel or WPS would run
 * as a formula are written as plain text, and ID-like numbers stay text (Excel keeps only 15
 * significant digits, so an 18-digit ID number or a bank account written as a number is lost).
 */

export type CellInput = string | number | Date | null | undefined

export interface Column {
  /** The heading offices know, in Chinese. */
  header: string
  key: string
  width?: number
}

export interface SheetSpec {
  name: string
  columns: Column[]
  rows: Iterable<Record<string, CellInput>>
  /** A line above the header (e.g. 「泗县 2026年11月 留守儿童台账 · 导出于 …」). */
  title?: string
}

/**
 * Spreadsheet formula injection (CWE-1236): a value that begins with = + - @ (or a tab or
 * carriage return, which some programs strip first) could run as a formula. Such values are
 * written as string cells (never exceljs formula objects) in the Text number format 「@」, so
 * Excel and WPS show them as typed and keep them as text even when someone edits the cell. The
 * value itself is not altered: a bank or a department reads exactly what the record holds.
 */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text)
}

function setCell(cell: ExcelJS.Cell, value: CellInput): void {
  if (value === null || value === undefined) return
  if (typeof value === 'string') {
    cell.value = value
    if (isFormulaLike(value) || /^\d{12,}$/.test(value)) cell.numFmt = '@'
    return
  }
  cell.value = value
}

/** A workbook with one sheet per spec, as the bytes of an .xlsx file. */
export async function writeWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook()
  workbook.creator = '守护'
  workbook.created = new Date()
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name)
    let headerRow = 1
    if (spec.title) {
      setCell(sheet.getCell(1, 1), spec.title)
      sheet.getRow(1).font = { bold: true }
      headerRow = 2
    }
    spec.columns.forEach((col, i) => {
      setCell(sheet.getCell(headerRow, i + 1), col.header)
      sheet.getColumn(i + 1).width = col.width ?? Math.max(10, col.header.length * 2 + 2)
    })
    sheet.getRow(headerRow).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: headerRow }]
    let r = headerRow + 1
    for (const row of spec.rows) {
      spec.columns.forEach((col, i) => setCell(sheet.getCell(r, i + 1), row[col.key]))
      r++
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export interface StreamSheetSpec extends Omit<SheetSpec, 'rows'> {
  rows: AsyncIterable<Record<string, CellInput>>
}

/**
 * The same workbook written row by row to `path` (exceljs's streaming writer): each row is
 * committed as soon as it is written, so a ledger of 20,000+ children never sits in memory
 * whole. Same protections as `writeWorkbook`. Returns the rows written per sheet.
 */
export async function writeWorkbookToFile(path: string, sheets: StreamSheetSpec[], onRow?: (written: number) => void | Promise<void>): Promise<number[]> {
  const workbook = new (await excel()).stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
  workbook.creator = '守护'
  workbook.created = new Date()
  const counts: number[] = []
  let written = 0
  for (const spec of sheets) {
    const headerRow = spec.title ? 2 : 1
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: headerRow }] })
    sheet.columns = spec.columns.map((col) => ({ key: col.key, width: col.width ?? Math.max(10, col.header.length * 2 + 2) }))
    if (spec.title) {
      const row = sheet.getRow(1)
      setCell(row.getCell(1), spec.title)
      row.font = { bold: true }
      row.commit()
    }
    const header = sheet.getRow(headerRow)
    spec.columns.forEach((col, i) => setCell(header.getCell(i + 1), col.header))
    header.font = { bold: true }
    header.commit()
    let r = headerRow + 1
    let count = 0
    for await (const values of spec.rows) {
      const row = sheet.getRow(r++)
      spec.columns.forEach((col, i) => setCell(row.getCell(i + 1), values[col.key]))
      row.commit()
      count++
      written++
      if (onRow) await onRow(written)
    }
    sheet.commit()
    counts.push(count)
  }
  await workbook.commit()
  return counts
}
