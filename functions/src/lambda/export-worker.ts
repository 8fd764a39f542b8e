import { runExport } from '../workflows/exports'

/**
 * Writes one export (a ledger, a payment list) outside the stream function. A county's
 * children's ledger of 20,000 rows takes minutes; in the stream function it would hold up every
 * other table change behind it (a red report's notification among them) and be cut off by that
 * function's 10 s timeout. The stream handler hands the export id here with an asynchronous
 * invoke; `runExport` claims the job first, so a repeated invoke never writes it twice.
 */
export async function handler(event: { id: string }): Promise<void> {
  await runExport(event.id)
}
