import { escalateOverdueReports } from '../workflows/escalation'
import { retryDueDeliveries } from '../workflows/notifications'
import { runApplicationTimers } from '../workflows/application-timers'
import { log } from '../log'

/** EventBridge, every minute: escalate red reports nobody acknowledged, retry failed deliveries. */
export async function handler(): Promise<void> {
  await runScheduledChecks()
}

export async function runScheduledChecks(now = new Date()) {
  const escalated = await escalateOverdueReports(now)
  const applications = await runApplicationTimers(now)
  const deliveries = await retryDueDeliveries(now)
  if (escalated.length || deliveries.length) log.info('scheduled checks', { escalated: escalated.length, deliveries: deliveries.length })
  if (Object.values(applications).some(Boolean)) log.info('application timers', applications)
  return { escalated, deliveries, applications }
}
