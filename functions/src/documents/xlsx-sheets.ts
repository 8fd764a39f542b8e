import type { Readable } from 'node:stream'
import type ExcelJS from 'exceljs'

// Loaded on first use, like exceljs itself: only the ledger import reads workbooks this way.
const excel = async () => (await import('exceljs')).default
const unzipper = async () => (await import('unzipper')).default

/** The parts of exceljs's streaming reader this module drives (not in its type declarations). */
interface ReaderInternals {
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(rows: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>
}

export type WorksheetRows = AsyncIterable<ExcelJS.Row>

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/

/**
 * The worksheets of an .xlsx, in sheet order, each read row by row by exceljs's streaming
 * worksheet reader — but with the workbook's parts found through the zip's central directory,
 * not in one pass over the zip stream as exceljs's own WorkbookReader does.
 *
 * Why: that one pass (unzipper's Parse) intermittently loses or reorders entries on Node ≥ 18
 * (exceljs issues #3064 and #683). A worksheet then reaches the row reader before
 * `xl/workbook.xml` ("Cannot read properties of undefined (reading 'sheets')") or before the
 * shared strings (every text cell comes back as `{ sharedString: n }`). Either way a sound
 * ledger was refused as 「不是 Excel 表格」 or 「没有找到列名」: seen once in CI, and reported at
 * most reads on Node 22, older than the Lambdas' Node 24. Here the relationships, the workbook,
 * the shared strings and the styles are always read first, then each sheet; no temporary files.
 *
 * Throws when the bytes are not a zip or a part is damaged; the caller says what that means.
 */
export async function* xlsxWorksheets(bytes: Uint8Array): AsyncGenerator<WorksheetRows> {
  const [ExcelJS, { Open }] = await Promise.all([excel(), unzipper()])
  const directory = await Open.buffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const files = new Map(directory.files.map((f) => [f.path, f]))
  const stream = (path: string) => files.get(path)?.stream() as Readable | undefined

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals

  const rels = stream('xl/_rels/workbook.xml.rels')
  if (rels) await reader._parseRels(rels)
  const workbook = stream('xl/workbook.xml')
  if (!workbook) throw new Error('xl/workbook.xml is missing')
  await reader._parseWorkbook(workbook)
  const strings = stream('xl/sharedStrings.xml')
  // The generator only yields when shared strings are emitted; with 'cache' it fills the cache.
  if (strings) for await (const _ of reader._parseSharedStrings(strings));
  const styles = stream('xl/styles.xml')
  if (styles) await reader._parseStyles(styles)

  const sheets = [...files.keys()]
    .map((path) => ({ path, no: Number(SHEET.exec(path)?.[1]) }))
    .filter((s) => Number.isInteger(s.no))
    .sort((a, b) => a.no - b.no)
  for (const sheet of sheets) {
    for (const { eventType, value } of reader._parseWorksheet(stream(sheet.path)!, String(sheet.no))) {
      if (eventType === 'worksheet') yield value as WorksheetRows
    }
  }
}
