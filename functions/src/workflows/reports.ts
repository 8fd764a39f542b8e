import {
  type AddNote,
  type CloseReport,
  type Regrade,
  type Report,
  type ReportAction,
  type ReportCreate,
  type ReportEvent,
  type SessionUser,
  ancestorAt,
  canApply,
  mandatoryReporterRelations,
  colourLabel,
  reportOutcomeText,
  triage,
  type RecordReportIntervention,
  interventionPending,
  interventionText,
} from '@shouhu/shared'
import { newId, newReportTrackingCode } from '../ids'
import { HttpError } from '../errors'
import { escalationDeadline } from './escalation'

/**
 * A new report: triaged by what was seen (004 §3), routed by the village where the child
 * actually lives (000 §1), timed by the server (the time of a mandatory report matters).
 * An anonymous reporter leaves no trace: no name, no phone, no account id.
 */
export function newReport(input: ReportCreate, reporter: SessionUser, now: Date): Report {
  const colour = triage(input.situations)
  const createdAt = now.toISOString()
  const named = input.reporter.anonymous === false ? input.reporter : undefined
  return {
    id: newId(now.getTime()),
    trackingCode: newReportTrackingCode(),
    villageCode: input.villageCode,
    townshipCode: ancestorAt(input.villageCode, 'township'),
    countyCode: ancestorAt(input.villageCode, 'county'),
    situations: input.situations,
    description: input.description,
    childDescription: input.childDescription,
    triagedColour: colour,
    colour,
    status: 'received',
    anonymous: !named,
    reporterName: named?.name,
    reporterPhone: named?.phone,
    reporterRelation: named?.relation,
    contactPermission: named?.contactPermission,
    // Only a mandatory reporter's unit is kept: it is what their receipt must name (001 #6).
    reporterUnit: named && mandatoryReporterRelations.includes(named.relation) && named.unit ? named.unit : undefined,
    ownerId: named ? reporter.id : undefined,
    createdAt,
    updatedAt: createdAt,
    ...(colour === 'red' ? { escalationLevel: 'village' as const, escalationDueAt: escalationDeadline(now) } : {}),
    version: 0,
  }
}

type ActionInput = { acknowledge: unknown; regrade: Regrade; note: AddNote; close: CloseReport; intervene: RecordReportIntervention }

/**
 * Applies one staff action to a report, following the transition table in shared. Returns
 * the next state and the events that record who did what and when.
 */
export function applyReportAction<A extends ReportAction>(
  report: Report,
  action: A,
  input: ActionInput[A],
  actor: SessionUser,
  now: Date,
): { next: Report; events: ReportEvent[] } {
  if (!canApply(action, report.status)) throw new HttpError('INVALID_TRANSITION')
  const at = now.toISOString()
  const by = { actorId: actor.id, actorRole: actor.role, actorName: actor.displayName }
  const next: Report = { ...report, updatedAt: at }
  const events: ReportEvent[] = []

  switch (action) {
    case 'acknowledge': {
      next.status = 'acknowledged'
      next.acknowledgedAt = at
      // A red report is not taken on by a tap (004 §3 即时介入): its clock runs on until the
      // intervention is recorded (report-intervention.ts).
      if (!interventionPending(report)) next.escalationDueAt = undefined
      events.push({ at, kind: 'acknowledged', ...by })
      break
    }
    case 'regrade': {
      const { colour, reason } = input as Regrade
      if (colour === report.colour) throw new HttpError('INVALID_TRANSITION', `当前已是${colourLabel[colour]}`)
      next.colour = colour
      // A report regraded to red while nobody has taken it starts the escalation clock now;
      // one regraded away from red stops it.
      if (colour === 'red' && (report.status === 'received' || !report.interventionRecordedAt)) {
        next.escalationLevel = report.escalationLevel ?? 'village'
        next.escalationDueAt = escalationDeadline(now)
      } else if (colour !== 'red') {
        next.escalationDueAt = undefined
      }
      events.push({ at, kind: 'regraded', ...by, fromColour: report.colour, toColour: colour, text: reason })
      break
    }
    case 'note': {
      events.push({ at, kind: 'noted', ...by, text: (input as AddNote).text })
      break
    }
    case 'close': {
      const { outcome, note } = input as CloseReport
      if (interventionPending(report)) throw new HttpError('INVALID_TRANSITION', '红色报告要先记录处置情况，才能办结')
      next.status = 'closed'
      next.closedAt = at
      next.outcome = outcome
      next.escalationDueAt = undefined
      events.push({ at, kind: 'closed', ...by, text: note ? `${reportOutcomeText[outcome]}（${note}）` : reportOutcomeText[outcome] })
      break
    }
    case 'intervene': {
      const i = input as RecordReportIntervention
      const { version: _seen, ...entered } = i
      next.intervention = { ...entered, recordedAt: at, recordedById: actor.id, recordedByName: actor.displayName }
      next.interventionRecordedAt = at
      if (report.status === 'received') next.acknowledgedAt = at
      next.status = 'acknowledged'
      next.escalationDueAt = undefined
      events.push({ at, kind: 'intervened', ...by, text: interventionText(entered) })
      break
    }
  }
  return { next, events }
}
