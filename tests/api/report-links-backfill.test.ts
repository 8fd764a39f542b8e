import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled, timeline } from './children-fixtures'

/**
 * A report linked to a file before link items carried their byOwner keys: its intervention did
 * not reach the file's timeline. The operator's backfill (functions/src/ops/report-links-backfill.ts)
 * repairs both the link and the missed timeline line.
 */
useApi()

let village: Awaited<ReturnType<typeof signIn>>
let resident: string
beforeAll(async () => {
  village = await signIn('dinghu')
  resident = await residentToken('links-backfill')
})

const intervention = (version: number) => ({
  version,
  arrivedAt: '2026-11-28T09:10:00+08:00',
  found: '孩子在家，身上有伤',
  whatWasDone: '把孩子带到村委会',
  policeTold: true,
  policeToldAt: '2026-11-28T09:12:30+08:00',
  childWhereNow: 'with_relatives',
  childSafeNow: true,
})

describe('report links written before the intervention change', () => {
  it('the backfill gives the old link its keys and puts the missed intervention on the timeline, once', async () => {
    const report = (await fileReport(resident, reportBody({ situations: ['abuse_violence'] as any }))).body
    const child = await enrolled(village.token)
    expect((await call('POST', `/staff/children/${child.id}/reports`, { token: village.token, body: { reportId: report.id }, headers: { 'idempotency-key': randomUUID() } })).status).toBeLessThan(300)
    // The link as it was stored before: no byOwner keys.
    const { putItem } = await import('../../functions/src/data/table')
    await putItem({ pk: `CHILD#${child.id}`, sk: `LINK#REPORT#${report.id}`, reportId: report.id })
    const { childIdsForReport } = await import('../../functions/src/data/children')
    expect(await childIdsForReport(report.id)).toEqual([])

    expect((await call('POST', `/staff/reports/${report.id}/intervention`, { token: village.token, body: intervention(0) })).status).toBe(201)
    const lines = async () => (await timeline(village.token, child.id)).filter((e) => e.kind === 'intervention' && e.ref?.id === report.id)
    // The defect: the intervention is on the report, not on the file.
    expect(await lines()).toHaveLength(0)

    const { backfillReportLinks } = await import('../../functions/src/ops/report-links-backfill')
    const first = await backfillReportLinks('341324')
    expect(first.interventions).toBeGreaterThanOrEqual(1)
    const after = await lines()
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({ actorName: village.displayName, colour: 'red' })
    expect(after[0]!.text).toContain('2026-11-28T09:12:30+08:00')
    expect(await childIdsForReport(report.id)).toEqual([child.id])

    await backfillReportLinks('341324')
    expect(await lines()).toHaveLength(1)
    await expect(backfillReportLinks('34132')).rejects.toThrow(/6 位/)
  })
})
