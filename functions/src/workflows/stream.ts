import type { Entrustment, Report } from '@shouhu/shared'
import { deliverNotification } from './notifications'
import { uncountDeleted } from '../data/notifications'
import { notifyEscalation, notifyNewReport, notifyReporterProgress } from './report-notifications'
import { notifyEntrustmentChange } from './entrustment-notifications'
import { applicationEventChanges } from './application-notifications'
import { childImportChanges } from './child-import'
import { referralChanged } from './referral-notifications'
import { conferenceTaskChanged } from './conferences'
import { exportChanges } from './exports'
import { countChange } from './counters'

/** One table change, already unmarshalled: what both the Lambda and the local poller feed in. */
export interface TableChange {
  eventName: string
  newImage?: Record<string, unknown>
  oldImage?: Record<string, unknown>
}

type ChangeHandler = (change: TableChange & { newImage: Record<string, unknown> }) => Promise<void>
const isItem = (image: Record<string, unknown>, pkPrefix: string, sk: string) => String(image.pk).startsWith(pkPrefix) && image.sk === sk

/** A new report goes to its village; a report that climbed a level goes to that level. */
const reportChanges: ChangeHandler = async ({ eventName, newImage, oldImage }) => {
  if (!isItem(newImage, 'REPORT#', 'REPORT')) return
  const report = newImage as unknown as Report
  if (eventName === 'INSERT') await notifyNewReport(report)
  else if (eventName === 'MODIFY' && report.escalationLevel && report.escalationLevel !== oldImage?.escalationLevel && report.escalationLevel !== 'village') {
    await notifyEscalation(report, report.escalationLevel)
  }
  if (eventName === 'MODIFY') await notifyReporterProgress(report, oldImage as unknown as Report | undefined)
}

/** A new inbox entry is also sent as a WeChat subscription message. */
const notificationChanges: ChangeHandler = async ({ eventName, newImage }) => {
  if (eventName === 'INSERT' && isItem(newImage, 'NOTE#', 'NOTE')) await deliverNotification(String(newImage.id))
}

/** An entrustment that moved on tells the people concerned (village, school, family, caregiver). */
const entrustmentChanges: ChangeHandler = async ({ eventName, newImage, oldImage }) => {
  if (eventName !== 'MODIFY' || !isItem(newImage, 'ENTRUST#', 'ENTRUST')) return
  await notifyEntrustmentChange(newImage as unknown as Entrustment, oldImage as unknown as Entrustment | undefined)
}

/** A new referral tells the department; its acknowledgement and outcome tell the referrer (issue #11). */
const referralChanges: ChangeHandler = async ({ eventName, newImage, oldImage }) => {
  if (isItem(newImage, 'REFERRAL#', 'REFERRAL')) await referralChanged(eventName, newImage, oldImage)
}

/** A case conference's new task tells whoever must act on it (issue #11). */
const conferenceTaskChanges: ChangeHandler = ({ eventName, newImage }) => conferenceTaskChanged(eventName, newImage)

/** Every workflow that reacts to table changes, in one list. */
const handlers: ChangeHandler[] = [reportChanges, notificationChanges, entrustmentChanges, applicationEventChanges, childImportChanges, referralChanges, conferenceTaskChanges, exportChanges]

/**
 * Reacts to table changes. Notifications run here, after the write is committed, so the
 * API answers without waiting for WeChat, and a failure is retried by the stream without
 * touching the original write. Every handler is idempotent: a retried batch is safe.
 */
export async function handleTableChange(change: TableChange): Promise<void> {
  // The overview's per-village counters (exactly once by the record version: workflows/counters.ts).
  await countChange(change)
  const newImage = change.newImage
  if (!newImage) {
    // TTL removed a notification (DynamoDB Local names the event UNKNOWN_TO_SDK_VERSION, AWS REMOVE).
    if (change.oldImage && isItem(change.oldImage, 'NOTE#', 'NOTE')) await uncountDeleted(change.oldImage)
    return
  }
  for (const handle of handlers) await handle({ ...change, newImage })
}
