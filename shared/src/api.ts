import * as z from 'zod'
import { Division } from './divisions'
import { Notification } from './notification'
import { ChildMatch, ChildStaffView, ChildTimelineEntry, GradeConfirmationItem } from './child'
import { AccountAuditEntry } from './staff-admin'
import { ResidentReportView, StaffReportSummary } from './report'
import { FamilyEntrustmentView, KnownSchool, SchoolEntrustmentView, StaffEntrustmentSummary, StaffEntrustmentView } from './entrustment'
import { GuardianApplicationSummary, PublicNoticeView, StaffApplicationSummary } from './application'

/**
 * Response bodies the API answers that are not a record of their own: lists and small
 * acknowledgements. Declared here so the OpenAPI document (functions/src/contract.ts) and the
 * mini-app's typed client share them; each is named in the document by its export name.
 */

/** Paged lists carry `nextCursor` while there is more; its absence means the last page. */
const nextCursor = z.string().optional()

export const Health = z.object({ ok: z.boolean() })
export type Health = z.infer<typeof Health>

export const DivisionList = z.object({ items: z.array(Division) })
export type DivisionList = z.infer<typeof DivisionList>

export const NotificationInbox = z.object({ items: z.array(Notification), unread: z.number().int(), nextCursor })
export type NotificationInbox = z.infer<typeof NotificationInbox>

export const Ok = z.object({ ok: z.literal(true) })
export type Ok = z.infer<typeof Ok>

export const WechatBound = z.object({ ok: z.literal(true), wechatBound: z.literal(true) })
export type WechatBound = z.infer<typeof WechatBound>

/** Demo residents of the dev sign-in (only where `DEV_LOGIN` is on). */
export const DevAccountList = z.object({ items: z.array(z.object({ account: z.string(), displayName: z.string() })) })
export type DevAccountList = z.infer<typeof DevAccountList>

export const ResidentReportList = z.object({ items: z.array(ResidentReportView), nextCursor })
export type ResidentReportList = z.infer<typeof ResidentReportList>

export const KnownSchoolList = z.object({ items: z.array(KnownSchool) })
export type KnownSchoolList = z.infer<typeof KnownSchoolList>

export const FamilyEntrustmentList = z.object({ items: z.array(FamilyEntrustmentView) })
export type FamilyEntrustmentList = z.infer<typeof FamilyEntrustmentList>

export const GuardianApplicationList = z.object({ items: z.array(GuardianApplicationSummary), nextCursor })
export type GuardianApplicationList = z.infer<typeof GuardianApplicationList>

export const PublicNoticeList = z.object({ items: z.array(PublicNoticeView), nextCursor })
export type PublicNoticeList = z.infer<typeof PublicNoticeList>

export const StaffReportPage = z.object({ items: z.array(StaffReportSummary), nextCursor })
export type StaffReportPage = z.infer<typeof StaffReportPage>

export const StaffApplicationPage = z.object({ items: z.array(StaffApplicationSummary), nextCursor })
export type StaffApplicationPage = z.infer<typeof StaffApplicationPage>

export const StaffEntrustmentPage = z.object({ items: z.array(StaffEntrustmentSummary), nextCursor })
export type StaffEntrustmentPage = z.infer<typeof StaffEntrustmentPage>

/** One entrustment as staff (full), a school liaison (their pupil) or the police officer who started it see it. */
export const EntrustmentForOffice = z.union([StaffEntrustmentView, SchoolEntrustmentView, FamilyEntrustmentView])
export type EntrustmentForOffice = z.infer<typeof EntrustmentForOffice>

export const AccountAuditPage = z.object({ items: z.array(AccountAuditEntry), nextCursor: z.string().optional() })
export type AccountAuditPage = z.infer<typeof AccountAuditPage>

export const GradeConfirmationPage = z.object({ items: z.array(GradeConfirmationItem), nextCursor })
export type GradeConfirmationPage = z.infer<typeof GradeConfirmationPage>

export const ChildMatchList = z.object({ items: z.array(ChildMatch) })
export type ChildMatchList = z.infer<typeof ChildMatchList>

/** An enrolment; `existing` when the child already had a file (the same child is never filed twice). */
export const EnrolledChild = ChildStaffView.extend({ existing: z.literal(true).optional() })
export type EnrolledChild = z.infer<typeof EnrolledChild>

export const ChildVisitRecorded = z.object({ visit: ChildTimelineEntry, child: ChildStaffView })
export type ChildVisitRecorded = z.infer<typeof ChildVisitRecorded>

export const ChildEntryRecorded = z.object({ entry: ChildTimelineEntry, child: ChildStaffView })
export type ChildEntryRecorded = z.infer<typeof ChildEntryRecorded>

export const ChildProblemAdded = z.object({ problemId: z.string(), child: ChildStaffView })
export type ChildProblemAdded = z.infer<typeof ChildProblemAdded>

export const ChildReportLinked = z.object({ linked: z.boolean(), child: ChildStaffView })
export type ChildReportLinked = z.infer<typeof ChildReportLinked>
