/**
 * Runtime settings, read once. Locally they come from the environment set by the dev runner;
 * in the cloud from the Lambda environment (secrets are resolved in `secrets.ts`).
 */
export const config = {
  /** A red report not acknowledged within this many minutes climbs one level (issue #2). */
  escalationMinutes: Number(process.env.ESCALATION_MINUTES ?? 30),
  /** Development sign-in as a demo resident: only ever on in the local stack. */
  devLogin: process.env.DEV_LOGIN === '1',
  /** Where the local WeChat sender writes subscription messages instead of calling WeChat. */
  outboxFile: process.env.OUTBOX_FILE,
  /** Forces the WeChat sender to fail, to exercise retries locally. */
  failDeliveries: process.env.FAIL_DELIVERIES === '1',
  /**
   * Throttling of code lookups (tracking and invitation codes), per client and window: a
   * villager checks a few times a day; a guesser needs billions of tries.
   */
  lookupWindowSeconds: Number(process.env.LOOKUP_WINDOW_SECONDS ?? 600),
  lookupLimit: Number(process.env.LOOKUP_LIMIT ?? 120),
  lookupMissLimit: Number(process.env.LOOKUP_MISS_LIMIT ?? 20),
  /** A report can be followed by its code or device token for this many days after it is closed. */
  reportAccessDaysAfterClose: Number(process.env.REPORT_ACCESS_DAYS_AFTER_CLOSE ?? 90),
  sessionTtlSeconds: Number(process.env.SESSION_TTL_SECONDS ?? 7 * 24 * 3600),
}
