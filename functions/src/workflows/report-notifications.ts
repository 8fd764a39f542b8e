import { type EscalationLevel, type NotificationKind, type Report, colourLabel } from '@shouhu/shared'
import { getDivision } from '../data/divisions'
import { log } from '../log'
import { notifyPeople } from './notifications'
import { recipientsOfNewReport, staffAtLevel } from './report-routing'

async function placeName(report: Report): Promise<string> {
  const [village, township] = await Promise.all([getDivision(report.villageCode), getDivision(report.townshipCode)])
  return [township?.name, village?.name].filter(Boolean).join(' ') || report.villageCode
}

async function notifyAboutReport(report: Report, kind: NotificationKind, level: EscalationLevel, recipientIds: string[], now: string) {
  const place = await placeName(report)
  return notifyPeople(
    recipientIds,
    {
      kind,
      subject: { type: 'report', id: report.id },
      page: `staff/report/index?id=${report.id}`,
      colour: report.colour,
      occasion: level,
      title: kind === 'report_new' ? `新的儿童关爱反映·${colourLabel[report.colour]}` : `超时未接收·${colourLabel[report.colour]}`,
      body:
        kind === 'report_new'
          ? `${place}收到一条反映，编号 ${report.trackingCode}，请尽快查看处理。`
          : `${place}的反映（编号 ${report.trackingCode}）超过时限无人接收，请立即督办。`,
    },
    now,
  )
}

export async function notifyNewReport(report: Report, now = new Date().toISOString()) {
  const recipients = await recipientsOfNewReport(report)
  if (recipients.length === 0) log.warn('report has nobody to notify', { reportId: report.id, villageCode: report.villageCode })
  return notifyAboutReport(report, 'report_new', 'village', recipients.map((u) => u.id), now)
}

export async function notifyEscalation(report: Report, level: EscalationLevel, now = new Date().toISOString()) {
  const recipients = await staffAtLevel(report, level)
  if (recipients.length === 0) log.warn('escalation has nobody to notify', { reportId: report.id, level })
  return notifyAboutReport(report, 'report_escalated', level, recipients.map((u) => u.id), now)
}
