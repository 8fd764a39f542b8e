import { escalateOverdueReports } from '../workflows/escalation'
import { retryDueDeliveries } from '../workflows/notifications'
import { log } from '../log'

/** EventBridge, every minute: escalate red reports nobody acknowledged, retry failed deliveries. */
export async function handler(): Promise<void> {
  await runScheduledChecks()
}

export async function runScheduledChecks(now = new Date()) {
  const escalated = await escalateOverdueReports(now)
  const deliveries = await retryDueDeliveries(now)
  if (escalated.length || deliveries.length) log.info('scheduled checks', { escalated: escalated.length, deliveries: deliveries.length })
  return { escalated, deliveries }
}
