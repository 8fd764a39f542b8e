import { parseArgs } from 'node:util'
import { type ChildRecord, interventionText } from '@shouhu/shared'
import { childTimeline, eventItem, reportLinkItem } from '../data/children'
import { countyRecordsPage } from '../data/counters'
import { getReport } from '../data/reports'
import { batchPut, type Item } from '../data/table'
import { isMain, runCommand, UsageError } from './target'

/**
 * Report links written before red-case interventions (issue #11) carry no byOwner keys, so a
 * red report's intervention cannot find the files it is linked to and never reaches their
 * timelines. This rewrites every link of a county's files with its keys (a link is the same item
 * either way, so running it twice changes nothing), and puts on each file's timeline the
 * intervention of a linked report that is not there yet, dated when it was recorded.
 *
 * Paged and bounded: the county's files 100 at a time (keys from the county index, records by
 * BatchGet), one timeline read per linked report with an intervention.
 *
 *   npx tsx functions/src/ops/report-links-backfill.ts --county 341324 [--stage prod | --table T --endpoint URL]
 */
export async function backfillReportLinks(county6: string, say: (line: string) => void = () => {}): Promise<{ files: number; links: number; interventions: number }> {
  if (!/^\d{6}$/.test(county6)) throw new UsageError(`--county 应为 6 位县级区划代码（如 341324），收到 ${county6}`)
  const county = `${county6}000000`
  let files = 0
  let links = 0
  let interventions = 0
  let cursor: string | undefined
  do {
    const page = await countyRecordsPage(county, 'CHILD#', { limit: 100, cursor })
    const puts: Item[] = []
    for (const item of page.items) {
      if (item.sk !== 'CHILD') continue
      const child = item as unknown as ChildRecord
      files++
      for (const reportId of child.links?.reports ?? []) {
        puts.push(reportLinkItem(child.id, reportId))
        links++
        const report = await getReport(reportId)
        const iv = report?.intervention
        if (!report || !iv) continue
        if (await hasInterventionLine(child.id, reportId)) continue
        const { recordedAt, recordedById, recordedByName, ...entered } = iv
        puts.push(
          eventItem(child.id, {
            at: recordedAt,
            kind: 'intervention',
            actorId: recordedById,
            actorName: recordedByName,
            colour: 'red',
            text: `${interventionText(entered)}（发现报告 ${report.trackingCode}）`,
            detail: { ...entered },
            ref: { type: 'report', id: report.id },
          }),
        )
        interventions++
      }
    }
    await batchPut(puts)
    cursor = page.cursor
    say(`已检查 ${files} 份档案、${links} 个报告关联，补记处置 ${interventions} 条`)
  } while (cursor)
  return { files, links, interventions }
}

async function hasInterventionLine(childId: string, reportId: string): Promise<boolean> {
  let cursor: string | undefined
  do {
    const page = await childTimeline(childId, { limit: 100, cursor })
    if (page.items.some((e) => e.kind === 'intervention' && e.ref?.type === 'report' && e.ref.id === reportId)) return true
    cursor = page.cursor
  } while (cursor)
  return false
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values } = parseArgs({
      options: { county: { type: 'string' }, stage: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' } },
    })
    if (!values.county) throw new UsageError('用法：npx tsx functions/src/ops/report-links-backfill.ts --county 341324 [--stage prod]')
    const table = values.table ?? (values.stage ? `shouhu-${values.stage}` : process.env.TABLE_NAME)
    if (table) process.env.TABLE_NAME = table
    if (values.endpoint) process.env.DYNAMODB_ENDPOINT = values.endpoint
    if (values.region) process.env.AWS_REGION = values.region
    console.log(`表 ${process.env.TABLE_NAME ?? 'Main'}`)
    await backfillReportLinks(values.county, console.log)
  })
}
