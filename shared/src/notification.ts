import * as z from 'zod'
import { RiskColour } from './risk'

/** What a notification is about; each workflow adds its kinds here. */
export const NotificationKind = z.enum(['report_new', 'report_escalated', 'report_acknowledged', 'report_closed', 'application_changed', 'application_arrived', 'application_overdue', 'application_exit_due', 'application_review_due', 'entrustment_accepted', 'entrustment_declined', 'entrustment_new', 'entrustment_school', 'entrustment_visit_scheduled', 'entrustment_verified', 'entrustment_unfit', 'entrustment_renewal_due', 'entrustment_lapsed', 'entrustment_ended', 'child_overdue', 'child_overdue_escalated', 'child_grade_to_confirm', 'child_parents_returned', 'child_category_ended', 'referral_new', 'referral_updated', 'referral_ack_overdue', 'referral_stale', 'child_transfer_requested', 'child_transferred', 'child_moved_in', 'guardianship_review_due', 'conference_task_new', 'conference_task_due', 'mass_lists_due'])
export type NotificationKind = z.infer<typeof NotificationKind>

export const NotificationSubject = z.object({
  type: z.enum(['report', 'application', 'entrustment', 'child', 'referral', 'county', 'conference_task']),
  id: z.string(),
})
export type NotificationSubject = z.infer<typeof NotificationSubject>

export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'skipped'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/**
 * An inbox entry for one person (staff or resident), and the record of its WeChat
 * subscription-message delivery.
 */
export const Notification = z.object({
  id: z.string(),
  recipientId: z.string(),
  kind: NotificationKind,
  subject: NotificationSubject,
  /** Mini-program page that opens the subject, e.g. `staff/report/index?id=…`. */
  page: z.string(),
  /** Risk colour, where the subject has one. */
  colour: RiskColour.optional(),
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

/**
 * Our WeChat subscription-message templates. WeChat users subscribe to each template separately
 * (wx.requestSubscribeMessage), and each 「允许」 allows exactly one message of that template: the
 * server keeps that count per person and template (`data/subscriptions.ts`).
 */
export const MessageTemplate = z.enum(['report_alert', 'report_update', 'entrustment_update', 'application_update'])
export type MessageTemplate = z.infer<typeof MessageTemplate>

/** What the person answered to WeChat's subscription prompt, reported by the mini-app right after. */
export const SubscriptionDecision = z.object({
  template: MessageTemplate,
  decision: z.enum(['accept', 'reject']),
})
export type SubscriptionDecision = z.infer<typeof SubscriptionDecision>

/** The server's record of one person's subscription to one template. */
export const SubscriptionState = z.object({
  template: MessageTemplate,
  /** Messages WeChat will still accept for this person and template (one per 「允许」). */
  credits: z.number().int().min(0),
  /** Set when they said no: nothing of this template is sent and the app does not ask again. */
  refusedAt: z.string().optional(),
})
export type SubscriptionState = z.infer<typeof SubscriptionState>
