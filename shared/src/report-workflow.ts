import * as z from 'zod'
import { REPORT_STATUSES } from './report-status'

/** Where a report stands (the list and its words are in report-status.ts). */
export const ReportStatus = z.enum(REPORT_STATUSES)
export type ReportStatus = z.infer<typeof ReportStatus>

export const ReportAction = z.enum(['acknowledge', 'regrade', 'note', 'close', 'intervene'])
export type ReportAction = z.infer<typeof ReportAction>

/**
 * The report workflow, written once. `to` absent means the action records something
 * without moving the report. Every staff role may act, within its jurisdiction.
 */
export const reportTransitions: Record<ReportAction, { from: readonly ReportStatus[]; to?: ReportStatus; label: string }> = {
  acknowledge: { from: ['received'], to: 'acknowledged', label: '确认接收' },
  regrade: { from: ['received', 'acknowledged'], label: '调整风险等级' },
  note: { from: ['received', 'acknowledged'], label: '添加记录' },
  close: { from: ['received', 'acknowledged'], to: 'closed', label: '办结' },
  /** 记录处置 (004 §3 即时介入): a red report is taken on by this, not by the acknowledge tap alone. */
  intervene: { from: ['received', 'acknowledged'], to: 'acknowledged', label: '记录处置' },
}

export function canApply(action: ReportAction, status: ReportStatus): boolean {
  return reportTransitions[action].from.includes(status)
}

/**
 * Levels a red report climbs when nobody acknowledges it in time (brief, issue "escalation"):
 * the village first, then the township supervisor, then the county officer.
 */
export const EscalationLevel = z.enum(['village', 'township', 'county'])
export type EscalationLevel = z.infer<typeof EscalationLevel>
export const nextEscalation: Record<EscalationLevel, EscalationLevel | null> = {
  village: 'township',
  township: 'county',
  county: null,
}
