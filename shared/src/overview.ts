import * as z from 'zod'
import { ApplicationState } from './application-workflow'

/**
 * The county's overview (issue #12): figures per division kept by the stream handler, never
 * computed by reading the county's records at request time.
 *
 * Storage: one counter item per village (`CounterRow`). Every counted record (a child's file, a
 * report, an entrustment, an application) contributes a small `Contribution` to its village's
 * counter; the stream handler applies the difference between the record's new contribution and
 * the one it last applied (kept beside, with the record version seen), so a replayed stream
 * batch changes nothing. Township and county figures are sums of their villages' counters.
 */

/** What one record adds to its village's counter. All parts are additive. */
export const Contribution = z.object({
  villageCode: z.string(),
  /** Plain counts, e.g. `c.red` (a red child), `r.received` (an unacknowledged report). */
  n: z.record(z.string(), z.number()),
  /**
   * Time histograms for figures that change with the clock, not with writes: the key is an
   * instant (epoch ms, base 36) and the figure is read as "how many instants are before now
   * minus the grace". A visit becomes overdue without any write; the counter already holds the
   * instant it does, so no event is needed and the figure matches the overdue list exactly.
   */
  t: z.record(z.string(), z.record(z.string(), z.number())),
  /** Display names of category ids seen (kept, never subtracted). */
  labels: z.record(z.string(), z.string()).default({}),
})
export type Contribution = z.infer<typeof Contribution>

/** The stored counter of one village (the `row` of its counter item: what the index projects). */
export const CounterRow = Contribution.extend({
  townshipCode: z.string(),
  countyCode: z.string(),
  updatedAt: z.string(),
})
export type CounterRow = z.infer<typeof CounterRow>

/**
 * Acknowledge-time histogram buckets (minutes, upper bounds): bounded whatever the volume, fine
 * where it matters (the 30-minute red escalation, 004 §3.1 即时介入) and coarse after a day.
 */
export const ACK_BUCKETS_MINUTES = [5, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, 20160, 43200] as const
/** Index of the bucket a duration falls in (the last, open one: beyond 30 days). */
export function ackBucket(minutes: number): number {
  const i = ACK_BUCKETS_MINUTES.findIndex((b) => minutes <= b)
  return i < 0 ? ACK_BUCKETS_MINUTES.length : i
}

export const ColourCounts = z.object({ red: z.number().int(), yellow: z.number().int(), blue: z.number().int(), green: z.number().int() })
export type ColourCounts = z.infer<typeof ColourCounts>

export const ApplicationStageFigure = z.object({
  state: ApplicationState,
  label: z.string(),
  count: z.number().int(),
  /** The stage's target (shared/src/application-workflow.ts); null: the stage has none. */
  targetDays: z.number().int().nullable(),
  /** Held past the target now. */
  pastTarget: z.number().int(),
  /** Average and longest days held in this stage so far (whole days). */
  avgDaysHeld: z.number(),
  maxDaysHeld: z.number().int(),
})
export type ApplicationStageFigure = z.infer<typeof ApplicationStageFigure>

export const OverviewFigures = z.object({
  children: z.object({
    total: z.number().int(),
    byColour: ColourCounts,
    byCategory: z.array(z.object({ id: z.string(), label: z.string(), count: z.number().int() })),
  }),
  visits: z.object({
    /** A due visit or contact not done on time (the director's overdue list). */
    overdue: z.number().int(),
    /** Overdue one grace and more (what reached the township). */
    overdueTownship: z.number().int(),
    /** Overdue two graces and more (what reached the county). */
    overdueCounty: z.number().int(),
    /** Not overdue yet but due by the end of this week. */
    dueThisWeek: z.number().int(),
  }),
  /** Red children whose intervention (即时介入, 004 §3.1) is not recorded yet. */
  redWithoutIntervention: z.number().int(),
  reports: z.object({
    received: z.number().int(),
    acknowledged: z.number().int(),
    closed: z.number().int(),
    /** From a bounded histogram: the bucket's upper bound in minutes (null: none acknowledged yet). */
    ackMedianMinutes: z.number().nullable(),
    ackSlowestMinutes: z.number().nullable(),
    /** The slowest bucket is the open one (more than 30 days). */
    ackSlowestOpen: z.boolean(),
    /** The oldest report still waiting to be acknowledged, in minutes. */
    waitingOldestMinutes: z.number().nullable(),
  }),
  entrustments: z.object({
    /** Caregiver accepted or visit scheduled: the village still has to verify (001 #7). */
    pendingVerification: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
  }),
  applications: z.array(ApplicationStageFigure),
  /** Open referrals by department (filled once referrals are counted). */
  referrals: z.array(z.object({ department: z.string(), label: z.string(), count: z.number().int() })),
})
export type OverviewFigures = z.infer<typeof OverviewFigures>

export const OverviewArea = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['county', 'township', 'village']),
  figures: OverviewFigures,
  updatedAt: z.string().optional(),
})
export type OverviewArea = z.infer<typeof OverviewArea>

export const OverviewDirector = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  overdue: z.number().int(),
  dueThisWeek: z.number().int(),
})
export type OverviewDirector = z.infer<typeof OverviewDirector>

export const OverviewTrendPoint = z.object({
  /** Monday of the week (China calendar), `YYYY-MM-DD`. */
  week: z.string(),
  overdue: z.number().int(),
  /** The point of the current week is live, not a snapshot yet. */
  live: z.boolean().optional(),
})
export type OverviewTrendPoint = z.infer<typeof OverviewTrendPoint>

export const Overview = z.object({
  level: z.enum(['county', 'township', 'village']),
  code: z.string(),
  name: z.string(),
  /** When the newest counter of the area last changed (absent: nothing counted yet). */
  updatedAt: z.string().optional(),
  /** The instant the time-based figures (overdue, days held) were evaluated at. */
  asOf: z.string(),
  figures: OverviewFigures,
  /** County staff: each township; a township (or a county narrowed by `?township=`): each village. */
  townships: z.array(OverviewArea),
  villages: z.array(OverviewArea),
  byDirector: z.array(OverviewDirector),
  trend: z.array(OverviewTrendPoint),
})
export type Overview = z.infer<typeof Overview>

/** `?township=` for a county officer narrowing the village breakdown to one township. */
export const OverviewQuery = z.object({
  township: z
    .string({ error: '乡镇（街道）：请选择一个乡镇（街道）' })
    .regex(/^\d{9}000$/, { error: '乡镇（街道）：请选择一个乡镇（街道）' })
    .optional(),
})
export type OverviewQuery = z.infer<typeof OverviewQuery>

/** Which list a figure drills down to (the mini-app maps these to its list pages and filters). */
export const OverviewFigureKey = z.enum([
  'children',
  'colour',
  'overdue',
  'dueThisWeek',
  'redWithoutIntervention',
  'reportsOpen',
  'entrustmentsPending',
  'applications',
])
export type OverviewFigureKey = z.infer<typeof OverviewFigureKey>

