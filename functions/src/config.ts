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
  /**
   * How long a process trusts what it last read of an account (active, session version). Issue
   * #10 promises a deactivated account is out within 60 s, so it is capped there.
   */
  sessionCheckSeconds: Math.min(60, Number(process.env.SESSION_CHECK_SECONDS ?? 30)),
  /** Sign-in throttling (issue #10): failures within the window slow sign-in down, then lock it. */
  signIn: {
    windowMinutes: Number(process.env.SIGNIN_WINDOW_MINUTES ?? 15),
    lockMinutes: Number(process.env.SIGNIN_LOCK_MINUTES ?? 15),
    accountSlowAfter: Number(process.env.SIGNIN_ACCOUNT_SLOW_AFTER ?? 3),
    accountLockAfter: Number(process.env.SIGNIN_ACCOUNT_LOCK_AFTER ?? 10),
    clientSlowAfter: Number(process.env.SIGNIN_CLIENT_SLOW_AFTER ?? 10),
    clientLockAfter: Number(process.env.SIGNIN_CLIENT_LOCK_AFTER ?? 50),
    /** Extra wait per failure past the slow-down threshold, up to `maxDelayMs`. */
    slowStepMs: Number(process.env.SIGNIN_SLOW_STEP_MS ?? 500),
    maxDelayMs: Number(process.env.SIGNIN_MAX_DELAY_MS ?? 3000),
  },
}
