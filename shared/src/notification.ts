import * as z from 'zod'
import { RiskColour } from './risk'

export const NotificationKind = z.enum(['report_new', 'report_escalated'])
export type NotificationKind = z.infer<typeof NotificationKind>

export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'skipped'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/** A staff inbox entry; also the record of the WeChat subscription-message delivery. */
export const Notification = z.object({
  id: z.string(),
  recipientId: z.string(),
  kind: NotificationKind,
  reportId: z.string(),
  colour: RiskColour,
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().optional(),
  delivery: z.object({
    status: DeliveryStatus,
    attempts: z.number().int(),
    lastError: z.string().optional(),
    sentAt: z.string().optional(),
    nextAttemptAt: z.string().optional(),
  }),
})
export type Notification = z.infer<typeof Notification>
