import { type Report, nextEscalation } from '@shouhu/shared'
import { reportsDueForEscalation, saveReportChange } from '../data/reports'
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
export async function escalateOverdueReports(now = new Date(), escalationMinutes = config.escalationMinutes) {
  const due = await reportsDueForEscalation(now.toISOString())
  const escalated: { reportId: string; level: string }[] = []
  for (const report of due) {
    const next: Report = { ...report, updatedAt: now.toISOString() }
    const level = report.status === 'received' && report.escalationLevel ? nextEscalation[report.escalationLevel] : null
    if (level) {
      next.escalationLevel = level
      // The county is the last level: after it nobody is left to escalate to.
      next.escalationDueAt = nextEscalation[level] ? escalationDeadline(now, escalationMinutes) : undefined
    } else {
      next.escalationDueAt = undefined
    }
    const saved = await saveReportChange(report, next, level ? [{ at: now.toISOString(), kind: 'escalated', level }] : [])
    if (saved && level) escalated.push({ reportId: report.id, level })
    if (!saved) log.info('escalation skipped: report changed meanwhile', { reportId: report.id })
  }
  return escalated
}
