import { type Report, interventionPending, nextEscalation } from '@shouhu/shared'
import { ESCALATION_DUE, getReport, reportIdOfKey, saveReportChange } from '../data/reports'
import type { DueItem } from '../data/due'
import { type DueKind, runDueKind } from '../due/registry'
import { config } from '../config'
import { log } from '../log'

const minutes = (n: number) => n * 60_000

/** When a red report must be acknowledged by, counted from `from`. */
export function escalationDeadline(from: Date | string, escalationMinutes = config.escalationMinutes): string {
  return new Date(new Date(from).getTime() + minutes(escalationMinutes)).toISOString()
}

/**
 * Red cases demand immediate intervention (004 §3.1). A red report nobody acknowledged in
 * time climbs: village → township supervisor → county officer. Each step is a versioned write;
 * the stream handler sees the level change and notifies the new level, so the scheduler
 * running twice cannot notify twice.
 */
async function escalateOne(item: DueItem, now: Date, escalationMinutes: number): Promise<{ reportId: string; level: string } | boolean> {
  const report = await getReport(reportIdOfKey(item.pk))
  // The index lags the record a little: act on the record as it is now.
  if (!report?.escalationDueAt || report.escalationDueAt > now.toISOString()) return false
  const next: Report = { ...report, updatedAt: now.toISOString() }
  // Acknowledged but with no intervention recorded still climbs: a tap is not an intervention.
  const waiting = report.status === 'received' || interventionPending(report)
  const level = waiting && report.escalationLevel ? nextEscalation[report.escalationLevel] : null
  if (level) {
    next.escalationLevel = level
    // The county is the last level: after it nobody is left to escalate to.
    next.escalationDueAt = nextEscalation[level] ? escalationDeadline(now, escalationMinutes) : undefined
  } else {
    next.escalationDueAt = undefined
  }
  const saved = await saveReportChange(report, next, level ? [{ at: now.toISOString(), kind: 'escalated', level }] : [])
  if (!saved) log.info('escalation skipped: report changed meanwhile', { reportId: report.id })
  return saved && level ? { reportId: report.id, level } : saved
}

export const escalationDue = (escalationMinutes = config.escalationMinutes): DueKind => ({
  kind: ESCALATION_DUE,
  fire: (item, now) => escalateOne(item, now, escalationMinutes),
})

/** Every red report past its deadline, all shards: what escalated, to which level. */
export async function escalateOverdueReports(now = new Date(), escalationMinutes = config.escalationMinutes) {
  const run = await runDueKind(escalationDue(escalationMinutes), now)
  return (run.outcomes[ESCALATION_DUE] ?? []) as { reportId: string; level: string }[]
}
