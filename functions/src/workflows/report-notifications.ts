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

/**
 * A named reporter hears when the village has taken up their report and when it is closed:
 * in their own inbox (「我的」) and, if they allowed it on WeChat's prompt, as one subscription
 * message per step (report_update; sent only on an unused 「允许」, never after a refusal —
 * `deliverNotification`). The words say nothing about the child, the place or the tracking
 * code: a message may be read by whoever holds the phone.
 */
export async function notifyReporterProgress(report: Report, previous: Report | undefined, now = new Date().toISOString()) {
  if (!report.ownerId || report.status === previous?.status) return 0
  const step =
    report.status === 'acknowledged'
      ? { kind: 'report_acknowledged' as const, title: '您反映的情况已接收', body: '村里已经接收，会尽快了解情况，谢谢您' }
      : report.status === 'closed'
        ? { kind: 'report_closed' as const, title: '您反映的情况已办结', body: '村里已处理完毕，谢谢您的关心' }
        : undefined
  if (!step) return 0
  return notifyPeople([report.ownerId], { ...step, subject: { type: 'report', id: report.id }, page: 'pages/mine/index', occasion: report.status }, now)
}
