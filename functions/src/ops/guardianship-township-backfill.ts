import { parseArgs } from 'node:util'
import { addTownshipKeys } from '../data/guardianships'
import { isMain, runCommand, UsageError } from './target'

/**
 * 临时监护名单 for the township (byTownship) lists the placements written since it existed. This
 * gives a county's older placements their township keys, 100 at a time from the county's index;
 * running it twice changes nothing.
 *
 *   npx tsx functions/src/ops/guardianship-township-backfill.ts --county 341324 [--stage prod | --table T --endpoint URL]
 */
export async function backfillGuardianshipTownships(county6: string, say: (line: string) => void = () => {}): Promise<{ seen: number; added: number }> {
  if (!/^\d{6}$/.test(county6)) throw new UsageError(`--county 应为 6 位县级区划代码（如 341324），收到 ${county6}`)
  let seen = 0
  let added = 0
  let cursor: string | undefined
  do {
    const page = await addTownshipKeys(`${county6}000000`, { limit: 100, cursor })
    seen += page.seen
    added += page.added
    cursor = page.cursor
    say(`已检查 ${seen} 次临时监护，补上乡镇索引 ${added} 次`)
  } while (cursor)
  return { seen, added }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values } = parseArgs({
      options: { county: { type: 'string' }, stage: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' } },
    })
    if (!values.county) throw new UsageError('用法：npx tsx functions/src/ops/guardianship-township-backfill.ts --county 341324 [--stage prod]')
    const table = values.table ?? (values.stage ? `shouhu-${values.stage}` : process.env.TABLE_NAME)
    if (table) process.env.TABLE_NAME = table
    if (values.endpoint) process.env.DYNAMODB_ENDPOINT = values.endpoint
    if (values.region) process.env.AWS_REGION = values.region
    console.log(`表 ${process.env.TABLE_NAME ?? 'Main'}`)
    await backfillGuardianshipTownships(values.county, console.log)
  })
}
