import { type Application, applicationStates } from '@shouhu/shared'
import { consumeTimer, dueTimers, getApplication, type TimerItem } from '../data/applications'
import { log } from '../log'
import { divisionNames } from '../views/reports'
import { officesOf, policyOf } from '../views/applications'
import { takeApplicationStep, timersFor } from './applications'
import { HttpError } from '../errors'

const DAY_MS = 86_400_000
/** A yearly review nobody recorded is reminded again every this many days. */
export const REVIEW_REMINDER_REPEAT_DAYS = 30

const officesFor = async (a: Application) => officesOf(a, await divisionNames([a.villageCode, a.townshipCode, a.countyCode]))

/** A timer is stale when the application moved on since it was set: it is dropped quietly. */
const stillDue = (a: Application | undefined, t: TimerItem): a is Application => !!a && timersFor(a)[t.kind] === t.at

async function systemStep(a: Application, step: 'end_notice' | 'raise_exit', now: Date): Promise<boolean> {
  try {
    await takeApplicationStep(a, step, {}, 'system', await officesFor(a), policyOf(a), now)
    return true
  } catch (e) {
    // Someone moved it first (e.g. sent back during the notice): the table refused, nothing to do.
    if (e instanceof HttpError) {
      log.info('application timer step refused', { applicationId: a.id, step, code: e.code })
      return false
    }
    throw e
  }
}

/**
 * The application timers, run with the other scheduled checks every minute: overdue stages
 * remind their holders, public notices that ran their days end (and go to the county), a paid
 * child nearing 18 raises the exit, and the yearly review is reminded. Each fired timer is
 * consumed by a conditional write, so two overlapping runs act once.
 */
export async function runApplicationTimers(now = new Date()) {
  const at = now.toISOString()
  const done = { overdueReminded: 0, noticesEnded: 0, exitsRaised: 0, reviewsReminded: 0 }

  for (const t of await dueTimers('overdue', at)) {
    const a = await getApplication(t.applicationId)
    if (!stillDue(a, t)) {
      await consumeTimer(t, undefined)
      continue
    }
    const holder = applicationStates[a.state].holder
    const offices = await officesFor(a)
    const office = holder === 'guardian' || !holder ? '申请人' : offices[holder]
    const target = applicationStates[a.state].targetDays
    const reminded = await consumeTimer(t, {
      at,
      step: 'overdue_reminded',
      fromState: a.state,
      actorRole: 'system',
      office,
      staffText: `「${applicationStates[a.state].staffLabel}」已超过 ${target} 天的时限，已提醒${office}`,
    })
    if (reminded) done.overdueReminded++
  }

  for (const t of await dueTimers('notice_end', at)) {
    const a = await getApplication(t.applicationId)
    if (!stillDue(a, t)) await consumeTimer(t, undefined)
    else if (await systemStep(a, 'end_notice', now)) done.noticesEnded++
  }

  for (const t of await dueTimers('exit', at)) {
    const a = await getApplication(t.applicationId)
    if (!stillDue(a, t)) await consumeTimer(t, undefined)
    else if (await systemStep(a, 'raise_exit', now)) done.exitsRaised++
  }

  for (const t of await dueTimers('review', at)) {
    const a = await getApplication(t.applicationId)
    // The reminder moves the timer on by REVIEW_REMINDER_REPEAT_DAYS, so it only has to be paid still.
    if (!a || a.state !== 'paying' || !a.nextReviewDue) {
      await consumeTimer(t, undefined)
      continue
    }
    const reminded = await consumeTimer(
      t,
      { at, step: 'review_reminded', fromState: a.state, actorRole: 'system', office: (await officesFor(a)).county, staffText: `年度复核到期（${a.nextReviewDue}），尚未登记` },
      new Date(now.getTime() + REVIEW_REMINDER_REPEAT_DAYS * DAY_MS).toISOString(),
    )
    if (reminded) done.reviewsReminded++
  }
  return done
}
