import { type Application, applicationStates } from '@shouhu/shared'
import { TimerKind, consumeTimer, getApplication, timerDueKind, timerOfDueItem, type TimerItem } from '../data/applications'
import type { DueItem } from '../data/due'
import { type DueKind, runDueKind } from '../due/registry'
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

type Done = 'overdueReminded' | 'noticesEnded' | 'exitsRaised' | 'reviewsReminded'

/** A stage past its target time reminds its holder. */
async function fireOverdue(t: TimerItem, now: Date): Promise<boolean> {
  const a = await getApplication(t.applicationId)
  if (!stillDue(a, t)) {
    await consumeTimer(t, undefined)
    return false
  }
  const holder = applicationStates[a.state].holder
  const offices = await officesFor(a)
  const office = holder === 'guardian' || !holder ? '申请人' : offices[holder]
  const target = applicationStates[a.state].targetDays
  return consumeTimer(t, {
    at: now.toISOString(),
    step: 'overdue_reminded',
    fromState: a.state,
    actorRole: 'system',
    office,
    staffText: `「${applicationStates[a.state].staffLabel}」已超过 ${target} 天的时限，已提醒${office}`,
  })
}

/** A public notice that ran its days ends (and goes to the county); a child nearing 18 raises the exit. */
const fireStep = (step: 'end_notice' | 'raise_exit') => async (t: TimerItem, now: Date): Promise<boolean> => {
  const a = await getApplication(t.applicationId)
  if (!stillDue(a, t)) {
    await consumeTimer(t, undefined)
    return false
  }
  return systemStep(a, step, now)
}

/** The yearly review is reminded, and again every REVIEW_REMINDER_REPEAT_DAYS until recorded. */
async function fireReview(t: TimerItem, now: Date): Promise<boolean> {
  const a = await getApplication(t.applicationId)
  // The reminder moves the timer on by REVIEW_REMINDER_REPEAT_DAYS, so it only has to be paid still.
  if (!a || a.state !== 'paying' || !a.nextReviewDue) {
    await consumeTimer(t, undefined)
    return false
  }
  return consumeTimer(
    t,
    { at: now.toISOString(), step: 'review_reminded', fromState: a.state, actorRole: 'system', office: (await officesFor(a)).county, staffText: `年度复核到期（${a.nextReviewDue}），尚未登记` },
    new Date(now.getTime() + REVIEW_REMINDER_REPEAT_DAYS * DAY_MS).toISOString(),
  )
}

const handlers: Record<TimerKind, [Done, (t: TimerItem, now: Date) => Promise<boolean>]> = {
  overdue: ['overdueReminded', fireOverdue],
  notice_end: ['noticesEnded', fireStep('end_notice')],
  exit: ['exitsRaised', fireStep('raise_exit')],
  review: ['reviewsReminded', fireReview],
}

/**
 * The application timers, one due kind each (`APP_OVERDUE`, …): overdue stages remind their
 * holders, public notices that ran their days end (and go to the county), a paid child nearing
 * 18 raises the exit, and the yearly review is reminded. Each fired timer is consumed by a
 * conditional write, so two overlapping runs act once.
 */
export const applicationTimerDue: Record<TimerKind, DueKind> = Object.fromEntries(
  TimerKind.map((kind) => [kind, { kind: timerDueKind(kind), fire: (item: DueItem, now: Date) => handlers[kind][1](timerOfDueItem(item), now) }]),
) as Record<TimerKind, DueKind>

/** What the timers did, counted by name (for the scheduler's log and tests). */
export function applicationTimerCounts(fired: Record<string, number>): Record<Done, number> {
  const done = { overdueReminded: 0, noticesEnded: 0, exitsRaised: 0, reviewsReminded: 0 }
  for (const kind of TimerKind) done[handlers[kind][0]] += fired[timerDueKind(kind)] ?? 0
  return done
}

/** Runs every application timer due by `now`, all shards (tests and tools; the scheduler runs all kinds at once). */
export async function runApplicationTimers(now = new Date()) {
  const fired: Record<string, number> = {}
  for (const kind of TimerKind) Object.assign(fired, (await runDueKind(applicationTimerDue[kind], now)).fired)
  return applicationTimerCounts(fired)
}
