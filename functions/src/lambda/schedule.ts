import { escalateOverdueReports } from '../workflows/escalation'
import { retryDueDeliveries } from '../workflows/notifications'
import { remindRenewals } from '../workflows/entrustments'
import { runApplicationTimers } from '../workflows/application-timers'
import { log } from '../log'
import { runAllDue } from '../due/registry'
import '../due/kinds'

/** EventBridge, every minute: escalate red reports nobody acknowledged, remind parents to renew entrusted care, retry failed deliveries. */
export async function handler(): Promise<void> {
  await runScheduledChecks()
}

export async function runScheduledChecks(now = new Date()) {
  const escalated = await escalateOverdueReports(now)
  const renewalsReminded = await remindRenewals(now)
  const applications = await runApplicationTimers(now)
  const deliveries = await retryDueDeliveries(now)
  const due = await runAllDue(now)
  if (Object.values(due).some(Boolean)) log.info('due work', due)
  if (escalated.length || deliveries.length || renewalsReminded.length) {
    log.info('scheduled checks', { escalated: escalated.length, deliveries: deliveries.length, renewalsReminded: renewalsReminded.length })
  }
  if (Object.values(applications).some(Boolean)) log.info('application timers', applications)
  return { escalated, deliveries, renewalsReminded, applications, due }
}
