/**
 * Where a report stands, as plain data and words: no schema library here, so the staff inbox's
 * first screen names a report's state without loading the validator
 * (mini-app/config/h5-first-screen.ts). The zod enum is `ReportStatus` in report-workflow.ts.
 */
import type { ReportStatus } from './report-workflow'

/** Residents see these three as 已收到 / 处理中 / 已办结. */
export const REPORT_STATUSES = ['received', 'acknowledged', 'closed'] as const

export const reportStatusLabel: Record<ReportStatus, string> = {
  received: '已收到',
  acknowledged: '处理中',
  closed: '已办结',
}

/** The visible state of a red report nobody has recorded an intervention for yet. */
export const INTERVENTION_PENDING_LABEL = '未记录处置'

/** A red report still open and with no intervention recorded: it stays on the township's list and keeps escalating. */
export function interventionPending(r: { colour: string; status: string; interventionRecordedAt?: string }): boolean {
  return r.colour === 'red' && r.status !== 'closed' && !r.interventionRecordedAt
}
