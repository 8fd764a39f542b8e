import { runImportRead } from '../workflows/child-import'

/**
 * Reads one uploaded ledger workbook (issue #7) outside the stream function: parsing a county's
 * 4 MB .xlsx with exceljs takes seconds of CPU and hundreds of MB, which the stream function
 * (256 MB, 10 s, every other table change queued behind it) cannot spare. The stream hands the
 * job here with an asynchronous invoke; the rows come back as parts under `imports/` and the
 * job's next version starts the chunks in the stream. `runImportRead` acts only on the version
 * it was handed, so a repeated invoke never counts a read twice.
 */
export async function handler(event: { id: string; version: number }): Promise<void> {
  await runImportRead(event.id, event.version)
}
