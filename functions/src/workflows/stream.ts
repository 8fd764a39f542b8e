import type { Report } from '@shouhu/shared'
import { deliverNotification } from './notify-staff'
import { notifyEscalation, notifyNewReport } from './notify-staff'

/** One table change, already unmarshalled: what both the Lambda and the local poller feed in. */
export interface TableChange {
  eventName: string
  newImage?: Record<string, unknown>
  oldImage?: Record<string, unknown>
}

/**
 * Reacts to table changes. Notifications run here, after the write is committed, so the
 * API answers the reporter without waiting for WeChat, and a failure is retried by the
 * stream without touching the report. Every step is idempotent: a retried batch is safe.
 */
export async function handleTableChange(change: TableChange): Promise<void> {
  const item = change.newImage
  if (!item) return
  const pk = String(item.pk)
  if (pk.startsWith('REPORT#') && item.sk === 'REPORT') {
    const report = item as unknown as Report
    if (change.eventName === 'INSERT') {
      await notifyNewReport(report)
    } else if (change.eventName === 'MODIFY') {
      const before = change.oldImage?.escalationLevel
      if (report.escalationLevel && report.escalationLevel !== before && report.escalationLevel !== 'village') {
        await notifyEscalation(report, report.escalationLevel)
      }
    }
  } else if (pk.startsWith('NOTE#') && change.eventName === 'INSERT') {
    await deliverNotification(String(item.id))
  }
}
