import {
  ACK_BUCKETS_MINUTES,
  type Application,
  ApplicationState,
  type ChildRecord,
  type Contribution,
  type CounterRow,
  type Entrustment,
  type OverviewArea,
  type OverviewDirector,
  type OverviewFigures,
  type Overview,
  type Referral,
  type Report,
  type SessionUser,
  Department,
  departmentLabel,
  RiskColour,
  ackBucket,
  addDays,
  ancestorAt,
  applicationStates,
  chinaStartOfDay,
  chinaToday,
  contains,
  levelOf,
} from '@shouhu/shared'
import {
  type CountedItem,
  applyCount,
  areaCounters,
  ensureSnapshotTimer,
  readCountState,
  recentSnapshots,
  saveSnapshot,
  snapshotTimer,
  villageCounter,
} from '../data/counters'
import { divisionNamesOf } from '../data/divisions'
import type { DueItem } from '../data/due'
import { staffDirectory } from '../data/users'
import { childClock } from './child-clock'
import { log } from '../log'
import type { TableChange } from './stream'

/**
 * Per-village counters kept by the stream handler (issue #12).
 *
 * Exactly once: each counted record has a `COUNTED#` item holding the contribution last
 * applied and the record version it came from. A change is applied as the difference between
 * the record's new contribution and that one, in the same transaction that stores the new one,
 * under a condition on what was read. A replayed stream batch finds its contribution already
 * applied (difference zero) or an older version (skipped): nothing is counted twice, whatever
 * the stream redelivers, and a record moving village moves its count in one transaction.
 *
 * Time: what becomes overdue with the clock (a visit, an application past its stage target) is
 * stored as the instant it does, in a small per-village histogram; figures are read against
 * "now", so a visit counts as overdue the moment it is, without any write, exactly as the list
 * behind the figure (the same instant is the list's sort key). The due runner's overdue timer
 * still writes the child's escalation level; that write passes through here like any other.
 */

// ---- what each record contributes --------------------------------------------------------------

/** A kind of record the overview counts: how to recognise its item and what it adds. */
export interface CountedKind {
  name: string
  matches: (image: Record<string, unknown>) => boolean
  contribute: (image: Record<string, unknown>) => Contribution | null
}

const kinds: CountedKind[] = []
/**
 * Adds a kind of record to the overview. Referrals (open referrals by department) register
 * here once they exist, e.g. `n['ref.<department>'] = 1` while open; the figure is already
 * read from `ref.*` counts (see `figuresOf`).
 */
export function registerCountedKind(k: CountedKind): void {
  kinds.push(k)
}

/** Instants are kept as epoch ms in base 36: short keys, exact comparisons. */
export const instantKey = (iso: string) => Date.parse(iso).toString(36)
const keyMs = (key: string) => parseInt(key, 36)

const add = (m: Record<string, number>, k: string, by = 1) => (m[k] = (m[k] ?? 0) + by)
const isItem = (image: Record<string, unknown>, pkPrefix: string, sk: string) => String(image.pk).startsWith(pkPrefix) && image.sk === sk

export function childContribution(c: ChildRecord): Contribution {
  // A closed file (结档) or a file merged into another is no longer a child of the area's counts.
  if (c.closed || c.mergedInto) return { villageCode: c.villageCode, n: {}, t: {}, labels: {} }
  const n: Record<string, number> = { 'c.total': 1, [`c.${c.grade.colour}`]: 1 }
  const labels: Record<string, string> = {}
  for (const k of c.categories ?? []) {
    n[`cat.${k.id}`] = 1
    labels[k.id] = k.label
  }
  if (c.redSince) n['red.noint'] = 1
  const t: Record<string, Record<string, number>> = {}
  const first = c.duties?.[0]
  if (first) {
    t.due = { [instantKey(first.overdueAt)]: 1 }
    // The responsible director is the village's director account unless the file names one.
    if (c.responsibleDirectorId) t[`due@${c.responsibleDirectorId}`] = { [instantKey(first.overdueAt)]: 1 }
  }
  return { villageCode: c.villageCode, n, t, labels }
}

export function reportContribution(r: Report): Contribution {
  const n: Record<string, number> = { [`r.${r.status}`]: 1 }
  const t: Record<string, Record<string, number>> = {}
  if (r.acknowledgedAt) n[`ack.${ackBucket((Date.parse(r.acknowledgedAt) - Date.parse(r.createdAt)) / 60_000)}`] = 1
  else if (r.status === 'received') t.rwait = { [instantKey(r.createdAt)]: 1 }
  return { villageCode: r.villageCode, n, t, labels: {} }
}

export function entrustmentContribution(e: Entrustment): Contribution {
  return { villageCode: e.villageCode, n: { [`e.${e.status}`]: 1 }, t: {}, labels: {} }
}

export function applicationContribution(a: Application): Contribution {
  const t: Record<string, Record<string, number>> = {}
  const info = applicationStates[a.state]
  if (!info.final) {
    t[`asince.${a.state}`] = { [instantKey(a.stageSince)]: 1 }
    if (a.stageDueAt && info.targetDays !== null) t[`adue.${a.state}`] = { [instantKey(a.stageDueAt)]: 1 }
  }
  return { villageCode: a.villageCode, n: { [`a.${a.state}`]: 1 }, t, labels: {} }
}

registerCountedKind({ name: 'child', matches: (i) => isItem(i, 'CHILD#', 'CHILD'), contribute: (i) => childContribution(i as unknown as ChildRecord) })
registerCountedKind({ name: 'report', matches: (i) => isItem(i, 'REPORT#', 'REPORT'), contribute: (i) => reportContribution(i as unknown as Report) })
registerCountedKind({ name: 'entrustment', matches: (i) => isItem(i, 'ENTRUST#', 'ENTRUST'), contribute: (i) => entrustmentContribution(i as unknown as Entrustment) })
/**
 * An open referral (issue #11) counts for its department in its village while it is open
 * (sent, acknowledged, in progress): 「转介：教育局 N」 on the overview, and the referral list's
 * per-department counts and oldest age (the instant it was sent, kept in a histogram).
 */
export function referralContribution(r: Referral): Contribution | null {
  if (r.state === 'closed') return null
  return { villageCode: r.villageCode, n: { [`ref.${r.department}`]: 1 }, t: { [`refsince.${r.department}`]: { [instantKey(r.createdAt)]: 1 } }, labels: {} }
}

registerCountedKind({ name: 'referral', matches: (i) => isItem(i, 'REFERRAL#', 'REFERRAL'), contribute: (i) => referralContribution(i as unknown as Referral) })
registerCountedKind({ name: 'application', matches: (i) => isItem(i, 'APP#', 'APP'), contribute: (i) => applicationContribution(i as unknown as Application) })

export const countedKindOf = (image: Record<string, unknown>) => kinds.find((k) => k.matches(image))

// ---- arithmetic on contributions and rows --------------------------------------------------------

type Parts = Pick<Contribution, 'n' | 't'>
function addInto(target: Parts, c: Parts, sign: 1 | -1): void {
  for (const [k, v] of Object.entries(c.n)) add(target.n, k, sign * v)
  for (const [fam, hist] of Object.entries(c.t)) {
    const h = (target.t[fam] ??= {})
    for (const [k, v] of Object.entries(hist)) add(h, k, sign * v)
  }
}
/** Drops zero counts and empty histograms, so a row never grows with what has gone. */
function compact(p: Parts): Parts {
  const n = Object.fromEntries(Object.entries(p.n).filter(([, v]) => v !== 0))
  const t: Parts['t'] = {}
  for (const [fam, hist] of Object.entries(p.t)) {
    const h = Object.fromEntries(Object.entries(hist).filter(([, v]) => v !== 0))
    if (Object.keys(h).length) t[fam] = h
  }
  return { n, t }
}
const isEmpty = (p: Parts) => !Object.keys(p.n).length && !Object.keys(p.t).length

function emptyRow(village: string, at: string): CounterRow {
  return { villageCode: village, townshipCode: ancestorAt(village, 'township'), countyCode: ancestorAt(village, 'county'), n: {}, t: {}, labels: {}, updatedAt: at }
}

/** Sums contributions into village rows (the rebuild; and the test that rebuild equals incremental). */
export function sumIntoRows(contributions: Contribution[], at: string): Map<string, CounterRow> {
  const rows = new Map<string, CounterRow>()
  for (const c of contributions) {
    const row = rows.get(c.villageCode) ?? emptyRow(c.villageCode, at)
    addInto(row, c, 1)
    Object.assign(row.labels, c.labels)
    rows.set(c.villageCode, row)
  }
  for (const row of rows.values()) Object.assign(row, compact(row))
  return rows
}

// ---- the stream hook ---------------------------------------------------------------------------

const MAX_ATTEMPTS = 8

/**
 * Applies one table change to the counters. Idempotent: see the module comment. A REMOVE
 * (retention deleting a report) takes the record's contribution away.
 */
export async function countChange(change: TableChange, now = new Date()): Promise<'applied' | 'unchanged' | 'stale' | 'ignored'> {
  const image = change.newImage ?? change.oldImage
  if (!image) return 'ignored'
  const kind = countedKindOf(image)
  if (!kind) return 'ignored'
  const recordPk = String(image.pk)
  const version = change.newImage ? Number(change.newImage.version ?? 0) : Number(change.oldImage?.version ?? 0) + 1
  const next = change.newImage ? kind.contribute(change.newImage) : null
  const oldVillage = change.oldImage ? String(change.oldImage.villageCode ?? '') : ''
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const villages = [next?.villageCode, oldVillage].filter((v): v is string => !!v && /^\d{12}$/.test(v))
    let state = await readCountState(recordPk, villages)
    const prev = state.counted?.contribution ?? null
    if (prev && !state.counters.has(prev.villageCode)) state = await readCountState(recordPk, [...villages, prev.villageCode])
    // An older image than the one already applied: a replay, or a record redelivered out of order.
    if (state.counted && state.counted.seen > version) return 'stale'
    const touched = new Map<string, Parts>()
    const delta = (village: string) => touched.get(village) ?? (touched.set(village, { n: {}, t: {} }), touched.get(village)!)
    if (prev) addInto(delta(prev.villageCode), prev, -1)
    if (next) addInto(delta(next.villageCode), next, 1)
    const changed = [...touched.entries()].map(([v, d]) => [v, compact(d)] as const).filter(([, d]) => !isEmpty(d))
    const newLabels = next && Object.entries(next.labels).some(([k, l]) => state.counters.get(next.villageCode)?.row.labels[k] !== l)
    if (!changed.length && !newLabels) return 'unchanged'
    const at = now.toISOString()
    const counters = [...new Set([...changed.map(([v]) => v), ...(newLabels && next ? [next.villageCode] : [])])].map((village) => {
      const existing = state.counters.get(village)
      const row: CounterRow = existing ? structuredClone(existing.row) : emptyRow(village, at)
      const d = changed.find(([v]) => v === village)?.[1]
      if (d) addInto(row, d, 1)
      if (next && next.villageCode === village) Object.assign(row.labels, next.labels)
      Object.assign(row, compact(row), { updatedAt: at })
      return { row, previousVersion: existing?.version }
    })
    const counted: CountedItem = { recordPk, seen: version, seq: (state.counted?.seq ?? 0) + 1, contribution: next }
    if (await applyCount({ next: counted, previousSeq: state.counted?.seq }, counters)) {
      // A village counted for the first time: make sure its county's weekly snapshot is scheduled.
      for (const c of counters) if (c.previousVersion === undefined) await ensureSnapshotTimer(c.row.countyCode, nextSnapshotAt(now))
      return 'applied'
    }
  }
  log.warn('counter update kept conflicting', { recordPk })
  throw new Error(`counters for ${recordPk}: still conflicting after ${MAX_ATTEMPTS} attempts`)
}

// ---- reading figures ---------------------------------------------------------------------------

const DAY_MS = 86_400_000

/** Monday 00:00 (China) of the week after `now`: when the next weekly snapshot is taken. */
export function nextSnapshotAt(now: Date): string {
  return chinaStartOfDay(addDays(mondayOf(chinaToday(now)), 7))
}
/** Monday of the China week `day` is in. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, dow === 0 ? -6 : 1 - dow)
}

/** Sums village rows (a township's, a county's). */
export function sumRows(rows: CounterRow[]): Parts & { labels: Record<string, string> } {
  const out = { n: {} as Record<string, number>, t: {} as Parts['t'], labels: {} as Record<string, string> }
  for (const r of rows) {
    addInto(out, r, 1)
    Object.assign(out.labels, r.labels)
  }
  return out
}

const countUpTo = (hist: Record<string, number> | undefined, upToMs: number) =>
  Object.entries(hist ?? {}).reduce((s, [k, v]) => (keyMs(k) <= upToMs ? s + v : s), 0)

/** The moments the overdue lists of each level cut at (the same the due timers notify at). */
export function overdueThresholds(now: Date, graceMs: number) {
  return { director: now.getTime(), township: now.getTime() - graceMs, county: now.getTime() - 2 * graceMs }
}

/** The instant "due by the end of this week" ends (the director's today page uses the same). */
export function endOfWeekInstant(now: Date): number {
  const today = chinaToday(now)
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay()
  const sunday = addDays(today, dow === 0 ? 0 : 7 - dow)
  return Date.parse(chinaStartOfDay(addDays(sunday, 1)))
}

/** Counts of one histogram family up to a threshold (overdue children of a director, say). */
export const dueCount = (p: Parts, family: string, upToMs: number) => countUpTo(p.t[family], upToMs)

export function figuresOf(p: Parts & { labels: Record<string, string> }, now: Date, graceMs: number): OverviewFigures {
  const n = (k: string) => p.n[k] ?? 0
  const th = overdueThresholds(now, graceMs)
  const overdue = countUpTo(p.t.due, th.director)
  const byColour = Object.fromEntries(RiskColour.options.map((c) => [c, n(`c.${c}`)])) as OverviewFigures['children']['byColour']
  const byCategory = Object.entries(p.n)
    .filter(([k, v]) => k.startsWith('cat.') && v > 0)
    .map(([k, v]) => ({ id: k.slice(4), label: p.labels[k.slice(4)] ?? '其他类别', count: v }))
    .sort((a, b) => b.count - a.count)

  // Acknowledge time: the median and the slowest from the bounded histogram.
  const buckets = Array.from({ length: ACK_BUCKETS_MINUTES.length + 1 }, (_, i) => n(`ack.${i}`))
  const acked = buckets.reduce((s, v) => s + v, 0)
  let median: number | null = null
  let slowest: number | null = null
  let slowestOpen = false
  if (acked > 0) {
    let run = 0
    const half = acked / 2
    for (let i = 0; i < buckets.length; i++) {
      run += buckets[i]!
      if (median === null && run >= half) median = i < ACK_BUCKETS_MINUTES.length ? ACK_BUCKETS_MINUTES[i]! : null
      if (buckets[i]! > 0) {
        slowest = i < ACK_BUCKETS_MINUTES.length ? ACK_BUCKETS_MINUTES[i]! : ACK_BUCKETS_MINUTES[ACK_BUCKETS_MINUTES.length - 1]!
        slowestOpen = i >= ACK_BUCKETS_MINUTES.length
      }
    }
    if (median === null) median = ACK_BUCKETS_MINUTES[ACK_BUCKETS_MINUTES.length - 1]!
  }
  const waiting = Object.entries(p.t.rwait ?? {}).filter(([, v]) => v > 0)
  const oldestWaiting = waiting.length ? Math.min(...waiting.map(([k]) => keyMs(k))) : undefined

  const applications = ApplicationState.options
    .filter((s) => !applicationStates[s].final)
    .map((state) => {
      const count = n(`a.${state}`)
      const since = Object.entries(p.t[`asince.${state}`] ?? {}).filter(([, v]) => v > 0)
      const held = since.reduce((s, [k, v]) => s + v * Math.max(0, now.getTime() - keyMs(k)), 0)
      const oldest = since.length ? Math.min(...since.map(([k]) => keyMs(k))) : undefined
      return {
        state,
        label: applicationStates[state].staffLabel,
        count,
        targetDays: applicationStates[state].targetDays,
        pastTarget: countUpTo(p.t[`adue.${state}`], now.getTime()),
        avgDaysHeld: count ? Math.round((held / count / DAY_MS) * 10) / 10 : 0,
        maxDaysHeld: oldest === undefined ? 0 : Math.floor((now.getTime() - oldest) / DAY_MS),
      }
    })

  const entrustByStatus = Object.fromEntries(Object.entries(p.n).filter(([k, v]) => k.startsWith('e.') && v > 0).map(([k, v]) => [k.slice(2), v]))
  return {
    children: { total: n('c.total'), byColour, byCategory },
    visits: {
      overdue,
      overdueTownship: countUpTo(p.t.due, th.township),
      overdueCounty: countUpTo(p.t.due, th.county),
      dueThisWeek: countUpTo(p.t.due, endOfWeekInstant(now)) - overdue,
    },
    redWithoutIntervention: n('red.noint'),
    reports: {
      received: n('r.received'),
      acknowledged: n('r.acknowledged'),
      closed: n('r.closed'),
      ackMedianMinutes: median,
      ackSlowestMinutes: slowest,
      ackSlowestOpen: slowestOpen,
      waitingOldestMinutes: oldestWaiting === undefined ? null : Math.max(0, Math.floor((now.getTime() - oldestWaiting) / 60_000)),
    },
    entrustments: { pendingVerification: n('e.accepted') + n('e.visit_scheduled'), byStatus: entrustByStatus },
    applications,
    referrals: referralFigures(p, now).map(({ oldestDays: _, ...r }) => r),
  }
}

/** Open referrals per department, most first, with the age in days of the oldest still open. */
export function referralFigures(p: Parts, now: Date): { department: Department; label: string; count: number; oldestDays: number }[] {
  return Object.entries(p.n)
    .filter(([k, v]) => k.startsWith('ref.') && v > 0 && Department.safeParse(k.slice(4)).success)
    .map(([k, count]) => {
      const department = k.slice(4) as Department
      const since = Object.entries(p.t[`refsince.${department}`] ?? {}).filter(([, v]) => v > 0)
      const oldest = since.length ? Math.min(...since.map(([key]) => keyMs(key))) : now.getTime()
      return { department, label: departmentLabel[department], count, oldestDays: Math.max(0, Math.floor((now.getTime() - oldest) / DAY_MS)) }
    })
    .sort((a, b) => b.count - a.count || a.department.localeCompare(b.department))
}

// ---- the overview ------------------------------------------------------------------------------

// Who directs each village changes rarely; the overview of a township shows ~20 villages and a
// county's overdue list hundreds, so the area's directory is read once a minute, not per village.
const directoryCache = new Map<string, { at: number; rows: Promise<{ id: string; name: string; villageCode: string }[]> }>()
export function villageDirectors(area: string): Promise<{ id: string; name: string; villageCode: string }[]> {
  const county = ancestorAt(area, 'county')
  const prefix = levelOf(area) === 'county' ? '' : levelOf(area) === 'township' ? area.slice(0, 9) : area
  const key = `${county}:${prefix}`
  const hit = directoryCache.get(key)
  if (hit && Date.now() - hit.at < 60_000) return hit.rows
  const rows = (async () => {
    const out: { id: string; name: string; villageCode: string }[] = []
    let cursor: string | undefined
    do {
      const page = await staffDirectory(county, prefix, { limit: 200, cursor })
      for (const s of page.items) if (s.role === 'village_director' && s.active !== false) out.push({ id: s.id, name: s.displayName, villageCode: s.divisionCode })
      cursor = page.cursor
    } while (cursor)
    return out
  })()
  directoryCache.set(key, { at: Date.now(), rows })
  rows.catch(() => directoryCache.delete(key))
  return rows
}

/** Overdue per director: each village's directors share its children, less those a file assigns to one director. */
export async function directorFigures(rows: CounterRow[], area: string, now: Date, upToMs: number, names: Map<string, string>): Promise<OverviewDirector[]> {
  const directors = await villageDirectors(area)
  const weekEnd = endOfWeekInstant(now)
  const byVillage = new Map(rows.map((r) => [r.villageCode, r]))
  const out: OverviewDirector[] = []
  for (const d of directors) {
    const row = byVillage.get(d.villageCode)
    if (!row) continue
    const named = Object.keys(row.t).filter((f) => f.startsWith('due@'))
    const own = (upTo: number) => countUpTo(row.t[`due@${d.id}`], upTo)
    const unassigned = (upTo: number) => countUpTo(row.t.due, upTo) - named.reduce((s, f) => s + countUpTo(row.t[f], upTo), 0)
    const overdue = unassigned(upToMs) + own(upToMs)
    const dueWeek = unassigned(weekEnd) + own(weekEnd) - (unassigned(now.getTime()) + own(now.getTime()))
    out.push({ id: d.id, name: d.name, villageCode: d.villageCode, villageName: names.get(d.villageCode) ?? d.villageCode, overdue, dueThisWeek: dueWeek })
  }
  return out.sort((a, b) => b.overdue - a.overdue)
}

/** The village counters a staff member may see: their village, township or county (narrowed to one village or township). */
export async function countersInView(user: Pick<SessionUser, 'role' | 'divisionCode'>, narrow: { village?: string; township?: string } = {}): Promise<CounterRow[]> {
  const code = user.divisionCode!
  if (narrow.village || user.role === 'village_director') {
    const c = await villageCounter(narrow.village ?? code)
    return c ? [c.row] : []
  }
  if (narrow.township || user.role === 'township_supervisor') return areaCounters('township', narrow.township ?? code)
  return areaCounters('county', code)
}

export async function overviewFor(user: Pick<SessionUser, 'role' | 'divisionCode'>, opts: { township?: string }, now = new Date()): Promise<Overview> {
  const code = user.divisionCode!
  const level = user.role === 'village_director' ? 'village' : user.role === 'township_supervisor' ? 'township' : 'county'
  const county = ancestorAt(code, 'county')
  const { graceMs } = childClock()
  const [rows, snapshots] = await Promise.all([countersInView(user), recentSnapshots(county, 11)])
  const inTownship = level === 'county' && opts.township ? rows.filter((r) => r.townshipCode === opts.township) : undefined
  const villageRows = level === 'county' ? (inTownship ?? []) : rows
  const townshipCodes = level === 'county' ? [...new Set(rows.map((r) => r.townshipCode))].sort() : []
  const names = await divisionNamesOf([code, ...townshipCodes, ...villageRows.map((r) => r.villageCode)])
  const latest = rows.reduce<string | undefined>((m, r) => (!m || r.updatedAt > m ? r.updatedAt : m), undefined)
  const area = (a: { code: string; level: OverviewArea['level']; rows: CounterRow[] }): OverviewArea => ({
    code: a.code,
    name: names.get(a.code) ?? a.code,
    level: a.level,
    figures: figuresOf(sumRows(a.rows), now, graceMs),
    updatedAt: a.rows.reduce<string | undefined>((m, r) => (!m || r.updatedAt > m ? r.updatedAt : m), undefined),
  })
  const th = overdueThresholds(now, graceMs)
  const directorArea = level === 'county' ? opts.township : code
  const shown = new Set(rows.map((r) => r.villageCode))
  const weekly = snapshots
    .slice()
    .reverse()
    .map((s) => ({ week: s.week, overdue: Object.entries(s.byVillage).reduce((sum, [v, k]) => (shown.has(v) || contains(code, v) ? sum + k : sum), 0) }))
  return {
    level,
    code,
    name: names.get(code) ?? code,
    ...(latest ? { updatedAt: latest } : {}),
    asOf: now.toISOString(),
    figures: figuresOf(sumRows(rows), now, graceMs),
    townships: townshipCodes.map((t) => area({ code: t, level: 'township', rows: rows.filter((r) => r.townshipCode === t) })),
    villages: villageRows.map((r) => area({ code: r.villageCode, level: 'village', rows: [r] })).sort((a, b) => a.code.localeCompare(b.code)),
    byDirector: directorArea ? await directorFigures(villageRows, directorArea, now, th.director, names) : [],
    trend: [...weekly, { week: chinaToday(now), overdue: countUpTo(sumRows(rows).t.due, th.director), live: true }],
  }
}

// ---- weekly snapshots --------------------------------------------------------------------------

/** The overdue count of each village of a county now (what a weekly snapshot keeps). */
export async function overdueByVillage(county: string, now: Date): Promise<Record<string, number>> {
  const rows = await areaCounters('county', county)
  return Object.fromEntries(rows.map((r) => [r.villageCode, countUpTo(r.t.due, now.getTime())]))
}

/**
 * The weekly snapshot (due kind OVERVIEW_SNAPSHOT): at Monday 00:00 each county keeps its
 * overdue count per village, so the overview can draw the trend without history queries.
 */
export async function fireOverviewSnapshot(item: DueItem, now: Date): Promise<boolean> {
  const county = String(item.pk).slice('OVERVIEW#'.length)
  const timer = await snapshotTimer(county)
  if (!timer || timer.dueSk !== item.dueSk) return false
  const snap = { week: mondayOf(chinaToday(now)), at: now.toISOString(), byVillage: await overdueByVillage(county, now) }
  return saveSnapshot(county, item.dueSk, snap, nextSnapshotAt(now))
}
