import { registerDueKind } from './registry'
import { CHILD_AGE16, CHILD_OVERDUE, CHILD_SYNC } from '../data/children'
import { fireChildAge16, fireChildOverdue } from '../workflows/child-due'
import { IMPORT_STALLED, fireImportStalled } from '../workflows/child-import'
import { fireChildSync } from '../workflows/child-sync'
import { escalationDue } from '../workflows/escalation'
import { deliveryDue } from '../workflows/notifications'
import { renewalDue } from '../workflows/entrustments'
import { applicationTimerDue } from '../workflows/application-timers'
import { referralDue } from '../workflows/referral-notifications'
import { OVERVIEW_SNAPSHOT } from '../data/counters'
import { fireOverviewSnapshot } from '../workflows/counters'
import { guardianshipReviewDue } from '../workflows/guardianship'
import { conferenceTaskDue } from '../workflows/conferences'
import { massListsDue } from '../workflows/mass-lists'

/**
 * Every kind of scheduled work, one line each. Importing this module registers them; the
 * schedule function (and the local timer) runs exactly these, sharded (`runDueUnits`).
 */
registerDueKind(escalationDue())
registerDueKind(deliveryDue)
registerDueKind(renewalDue)
registerDueKind(applicationTimerDue.overdue)
registerDueKind(applicationTimerDue.notice_end)
registerDueKind(applicationTimerDue.exit)
registerDueKind(applicationTimerDue.review)
registerDueKind({ kind: CHILD_OVERDUE, fire: fireChildOverdue })
registerDueKind({ kind: CHILD_AGE16, fire: fireChildAge16 })
registerDueKind({ kind: IMPORT_STALLED, fire: fireImportStalled })
registerDueKind(referralDue)
registerDueKind({ kind: OVERVIEW_SNAPSHOT, fire: fireOverviewSnapshot })
registerDueKind({ kind: CHILD_SYNC, fire: fireChildSync })
registerDueKind(guardianshipReviewDue)
registerDueKind(conferenceTaskDue)
registerDueKind(massListsDue)
