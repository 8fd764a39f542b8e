import { isMain, runCommand, opsTarget, UsageError } from './target'

/**
 * Loads division data into a deployed table, with progress: the served counties with every
 * township and village (the report and staff pickers), and the national province / city /
 * county list (where parents work, for entrusted care). Safe to run again: items are replaced.
 *
 *   npm run load-divisions -w functions -- --stage prod --county 341324 [--county 341322]
 */
export async function loadDivisions(counties: string[], say: (line: string) => void = console.log) {
  for (const c of counties) if (!/^\d{6}$/.test(c)) throw new UsageError(`--county 应为 6 位县级区划代码（如 341324），收到 ${c}`)
  const { importCountyLevels, importDivisions } = await import('../local/divisions-import')
  const started = Date.now()
  const served = await importDivisions(counties, say)
  const national = await importCountyLevels(counties, say)
  say(`✓ 已导入 ${served + national} 条区划（${((Date.now() - started) / 1000).toFixed(1)} 秒）`)
  return { served, national }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { table, values } = opsTarget({ county: { type: 'string', multiple: true } })
    const counties = values.county as string[] | undefined
    if (!counties?.length) throw new UsageError('用法：npm run load-divisions -w functions -- --stage prod --county 341324')
    console.log(`表 ${table}`)
    await loadDivisions(counties)
  })
}
