import { type RecordReportIntervention, type Report, type SessionUser, interventionText } from '@shouhu/shared'
import { childIdsForReport, eventItem } from '../data/children'
import { getReport, saveReportChange } from '../data/reports'
import { tx } from '../data/table'
import { HttpError } from '../errors'
import { applyReportAction } from './reports'

/** The facts entered, compared canonically (DynamoDB keeps neither key order nor undefined). */
const sameFacts = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const norm = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)))
  return norm(a) === norm(b)
}

export type InterventionOutcome = { kind: 'saved' | 'replayed'; report: Report } | { kind: 'stale'; report: Report }

/**
 * 即时介入处置 on a red report (004 §3: 高风险 发现后立即介入; 001 #6: abuse goes to the police at
 * once). Recording it is what takes a red report off the 未记录处置 state and stops its
 * escalation; the acknowledge tap alone does not. If the report is linked to a child's file the
 * same record goes on the child's timeline, in the same transaction as the report's change.
 * A retried submission of the very same facts answers with the report as it is (no second record).
 */
export async function recordReportIntervention(report: Report, input: RecordReportIntervention, actor: SessionUser, now = new Date()): Promise<InterventionOutcome> {
  const { version, ...entered } = input
  if (report.intervention) {
    const { recordedAt: _a, recordedById: _b, recordedByName: _c, ...stored } = report.intervention
    if (sameFacts(stored, entered)) return { kind: 'replayed', report }
    if (version === report.version) throw new HttpError('INVALID_TRANSITION', '这份报告的处置情况已经记录过了')
  }
  if (version !== report.version) return { kind: 'stale', report }
  const { next, events } = applyReportAction(report, 'intervene', input, actor, now)
  const at = now.toISOString()
  const childEntries = (await childIdsForReport(report.id)).map((childId) =>
    tx.put(
      eventItem(childId, {
        at,
        kind: 'intervention',
        actorId: actor.id,
        actorName: actor.displayName,
        colour: 'red',
        text: `${interventionText(entered)}（发现报告 ${report.trackingCode}）`,
        detail: { ...entered },
        ref: { type: 'report', id: report.id },
      }),
    ),
  )
  if (!(await saveReportChange(report, next, events, childEntries))) return { kind: 'stale', report: (await getReport(report.id)) ?? report }
  return { kind: 'saved', report: { ...next, version: report.version + 1 } }
}
