/**
 * How long each kind of short-lived item is kept: one place, each period with its reason.
 * The table's TTL attribute is `expiresAt` (epoch seconds; infra/lib/data.ts): DynamoDB
 * deletes an item some time after that moment (typically within days), so a period is a
 * floor for keeping and a promise of deletion, never a timer to act on.
 *
 * What is NOT here, on purpose: reports, entrustments, applications and their workflow events
 * are the case file of a child under the state's duty of care (一人一档, 002 §4(三), 004 #8) and
 * follow the archives rules of the civil-affairs office, not a TTL.
 */
const DAY_SECONDS = 86_400

export const retention = {
  /**
   * Idempotency records (`IDEM#…`): a client retries a submission within minutes to hours
   * (a dropped rural connection, the mini-program resubmitting a draft the next morning).
   * Two days covers an overnight retry; after that a resubmission is a new submission.
   */
  idempotencyDays: 2,
  /**
   * Inbox notifications (`NOTE#…`), with their WeChat delivery record (status, attempts, last
   * error — the delivery attempts are fields of the notification, not separate items). A
   * notification only points at a report, entrustment or application whose own events keep
   * what happened and when; once read and half a year old it has no use, and keeping every
   * staff member's and family's inbox forever would grow without bound. 180 days lets staff
   * look back over two quarterly checks (001 #6).
   */
  notificationDays: 180,
  /**
   * Throttle counters (e.g. a per-user or per-IP window for sign-in or submissions): a
   * counter only matters for its window; one day covers any window we use. (No throttle
   * counters exist on this branch yet; whoever adds them takes this period.)
   */
  throttleDays: 1,
  /**
   * Audit events of staff reading children's and reporters' personal data (`contact_viewed`,
   * `letter_downloaded`): data of children under 14 is sensitive personal information (个人信息
   * 保护法 第二十八条); processing it needs a protection impact assessment (第五十五条), and
   * "个人信息保护影响评估报告和处理情况记录应当至少保存三年" (第五十六条). Network logs must be
   * kept at least six months (网络安全法 第二十一条(三)). We read the processing record as
   * including who read which child's data, and keep it three years and 30 days — the
   * statutory minimum plus a margin for TTL's deletion lag. 未成年人保护法 (第七十二条) requires
   * minors' personal information to be handled lawfully and protected but sets no period; a
   * county that must keep longer (a local archives rule) raises this number.
   */
  auditDays: 3 * 365 + 30,
} as const

/** The `expiresAt` value (epoch seconds) for an item created at `from` and kept `days`. */
export function expiresAfter(days: number, from: Date | string | number = Date.now()): number {
  const ms = typeof from === 'number' ? from : new Date(from).getTime()
  return Math.floor(ms / 1000) + days * DAY_SECONDS
}

/** Event kinds that record a staff member reading personal data: audit, kept `auditDays`. */
export const AUDIT_EVENT_KINDS = new Set(['contact_viewed', 'letter_downloaded'])
