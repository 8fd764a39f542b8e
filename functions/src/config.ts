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
  sessionTtlSeconds: Number(process.env.SESSION_TTL_SECONDS ?? 7 * 24 * 3600),
}
