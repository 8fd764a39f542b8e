import { registerDueKind } from './registry'
import { escalationDue } from '../workflows/escalation'
import { deliveryDue } from '../workflows/notifications'
import { renewalDue } from '../workflows/entrustments'
import { applicationTimerDue } from '../workflows/application-timers'

/** Every kind of scheduled work, one line each (the scheduler runs exactly these). */
registerDueKind(escalationDue())
registerDueKind(deliveryDue)
registerDueKind(renewalDue)
registerDueKind(applicationTimerDue.overdue)
registerDueKind(applicationTimerDue.notice_end)
registerDueKind(applicationTimerDue.exit)
registerDueKind(applicationTimerDue.review)
