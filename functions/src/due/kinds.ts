import { registerDueKind } from './registry'
import { CHILD_AGE16, CHILD_OVERDUE } from '../data/children'
import { fireChildAge16, fireChildOverdue } from '../workflows/child-due'
import { IMPORT_STALLED, fireImportStalled } from '../workflows/child-import'

/**
 * Every kind of scheduled work, one line each. Importing this module registers them; the
 * schedule function (and the local timer) then runs them all with `runAllDue`.
 */
registerDueKind({ kind: CHILD_OVERDUE, fire: fireChildOverdue })
registerDueKind({ kind: CHILD_AGE16, fire: fireChildAge16 })
registerDueKind({ kind: IMPORT_STALLED, fire: fireImportStalled })
