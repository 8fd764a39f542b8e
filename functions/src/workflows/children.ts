import {
  childShape,
  type AddChildNote,
  type AddHelp,
  type AddProblem,
  type ChildCategory,
  type ChildListRow,
  type ChildParent,
  type ChildRecord,
  type ChildTimelineEntry,
  type ConfirmGrade,
  type EndEpidemicEpisode,
  type EnrolChild,
  type Entrustment,
  type GradeChild,
  type Grade,
  type ParentFacts,
  type ParentsReturned,
  type PendingGrade,
  type ResolveProblem,
  type Role,
  type RiskColour,
  type StartEpidemicEpisode,
  type UpdateChild,
  LEFT_BEHIND_SOURCE,
  ancestorAt,
  chinaStartOfDay,
  chinaToday,
  colourLabel,
  cadenceFor,
  determineLeftBehind,
  dutiesFor,
  dutyKindLabel,
  epidemicGuardianLabel,
  guangdong2024,
  helpKindLabel,
  maskIdNumber,
  periodCompleteOn,
  policyForDivision,
  seedTitleOf,
  situation,
  triage,
  parentRelationLabel,
} from '@shouhu/shared'
import {
  type ChildSideWrites,
  childIdForIdHash,
  childIdForRowHash,
  claimIdHash,
  createChild,
  getChild,
  idempotencyRecord,
  reportLinkItem,
  saveChild,
} from '../data/children'
import { getDivision } from '../data/divisions'
import { getReport } from '../data/reports'
import { staffServing } from '../data/users'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { childClock, idNumberHash, rowKeyHash } from './child-clock'
import { notifyPeople } from './notifications'

/**
 * 一人一档 (002 §4(三), 004 #8): the child's file. Every change goes through `changeChild`:
 * read, apply, recompute what follows from the facts (categories, colour duties, due dates),
 * save under the optimistic lock with its timeline entries, and on a conflict do it again on
 * the fresh file — two directors writing at once both keep their work.
 */

export type ChildActor = { id: string; role: Role; displayName: string }

const SINGLE_PARENT_SOURCE = '004 §5 末段'

// ---- what follows from the facts -----------------------------------------------------------------

function parentFacts(parents: ChildParent[]): ParentFacts[] {
  const facts: ParentFacts[] = []
  for (const p of parents) {
    const label = parentRelationLabel[p.relation]
    if (p.situation === 'working_away' && p.workplaceCode && p.awaySince) facts.push({ situation: 'working_away', workplaceCode: p.workplaceCode, awaySince: p.awaySince, label })
    else if (p.situation === 'unable' && p.unableReason) facts.push({ situation: 'not_away', canGuard: false, reason: p.unableReason, label })
    // A parent who has died is not "the other parent" of 004 §2(一); the child is then a
    // single-parent child (or an orphan, a difficulty category the director records).
    else if (p.situation !== 'deceased') facts.push({ situation: 'not_away', canGuard: true, label })
  }
  return facts
}

/**
 * On the care list (关爱名单) while cared for under an entrustment and still left behind, or, for a
 * single-parent child (the other parent has died), while that parent still works away.
 */
function onCareList(c: ChildRecord, categories: ChildCategory[]): boolean {
  if (!c.links.entrustments.length) return false
  const has = (id: string) => categories.some((k) => k.id === id)
  return has('left_behind') || (has('single_parent') && c.parents.some((p) => p.situation === 'working_away'))
}

/** The left-behind determination for a file on `today` (004 §2(一)), shared by the file and its timers. */
export function leftBehindOf(c: Pick<ChildRecord, 'birthDate' | 'householdRegistration' | 'villageCode' | 'parents'>, today: string) {
  return determineLeftBehind({ child: { birthDate: c.birthDate, householdRegistration: c.householdRegistration, villageCode: c.villageCode }, parents: parentFacts(c.parents) }, today)
}

/**
 * The categories that apply on `today`, each with the clause and policy version that decided
 * it: left-behind computed from the parents (004 §2(一)), single-parent (004 §5 末段), the
 * locality's difficulty categories the director recorded, and those an approved allowance added.
 */
export function categoriesOf(c: ChildRecord, today: string): ChildCategory[] {
  const out: ChildCategory[] = []
  const lb = leftBehindOf(c, today)
  if (lb.leftBehind) {
    out.push({
      id: 'left_behind',
      label: '农村留守儿童',
      source: LEFT_BEHIND_SOURCE,
      sourceTitle: seedTitleOf(LEFT_BEHIND_SOURCE),
      policyVersion: `${guangdong2024.locality} ${guangdong2024.version}`,
      basis: 'computed',
      since: lb.from,
      until: lb.until,
      reasons: lb.reasons,
    })
  }
  const deceased = c.parents.filter((p) => p.situation === 'deceased').length
  if (c.singleParent || deceased === 1) {
    out.push({
      id: 'single_parent',
      label: '农村单亲家庭儿童',
      source: SINGLE_PARENT_SOURCE,
      sourceTitle: seedTitleOf(SINGLE_PARENT_SOURCE),
      policyVersion: `${guangdong2024.locality} ${guangdong2024.version}`,
      basis: 'computed',
      reasons: [c.singleParent ? '单亲家庭' : '父母一方已去世'],
    })
  }
  const policy = policyForDivision(c.villageCode, today)
  for (const id of c.difficultyCategories) {
    const rule = policy?.categories.find((k) => k.id === id)
    if (!rule || !policy) continue
    out.push({ id, label: rule.officialName, source: rule.clause, sourceTitle: seedTitleOf(rule.clause), policyVersion: `${policy.locality} ${policy.version}`, basis: 'director', reasons: [] })
  }
  for (const k of c.categories) if (k.basis === 'allowance' && !out.some((o) => o.id === k.id)) out.push(k)
  return out
}

/** Recomputes categories, duties and the list row from the facts on the file, as of `now`. */
export function deriveChild(c: ChildRecord, now: Date): { child: ChildRecord; row: ChildListRow } {
  const today = chinaToday(now)
  const categories = categoriesOf(c, today)
  const inDifficulty = categories.some((k) => k.basis !== 'computed')
  // A closed file (结档) owes no more visits: it leaves the due lists and the reminders.
  const duties = c.closed ? [] : dutiesFor(
    {
      villageCode: c.villageCode,
      colour: c.grade.colour,
      inDifficulty,
      createdOn: chinaToday(new Date(c.createdAt)),
      redSince: c.grade.colour === 'red' ? c.redSince : undefined,
      epidemicSince: c.epidemic?.startedOn,
      last: { home_visit: c.lastHomeVisitOn, phone: c.lastContactOn, video: c.lastContactOn },
    },
    childClock(),
  )
  const first = duties[0]
  const overdue = c.overdue && first && c.overdue.ruleId === first.ruleId && c.overdue.dueOn === first.dueOn ? c.overdue : undefined
  const openProblems = c.problems.filter((p) => !p.resolvedAt).length
  const child: ChildRecord = { ...c, categories, duties, overdue, openProblems, policyVersion: `${cadenceFor(c.villageCode).id} ${cadenceFor(c.villageCode).version}` }
  const row: ChildListRow = {
    id: c.id,
    name: c.name,
    sex: c.sex,
    birthDate: c.birthDate,
    villageCode: c.villageCode,
    colour: c.grade.colour,
    gradePending: !!c.pendingGrade,
    categories: categories.map((k) => k.label),
    ...(first ? { next: { kind: first.kind, dueOn: first.dueOn, overdueAt: first.overdueAt, what: dutyKindLabel[first.kind], why: first.rule, clause: first.clause } } : {}),
    ...(overdue ? { overdueLevel: overdue.level } : {}),
    epidemic: !!c.epidemic,
    openProblems,
    ...(onCareList(c, categories) ? { entrustmentId: c.links.entrustments.at(-1) } : {}),
    ...(c.temporaryGuardianship ? { temporaryGuardianship: true } : {}),
    // The same test the overview's counter uses (workflows/counters.ts), so the list equals the figure.
    ...(c.redSince ? { redOpen: true } : {}),
  }
  if (!overdue) delete child.overdue
  return { child, row }
}

/** The instant the 16th-birthday timer fires: the day the child is 16 full years old (民法典 §201). */
export const age16At = (birthDate: string) => chinaStartOfDay(periodCompleteOn(birthDate, 16 * 12))

// ---- grading ------------------------------------------------------------------------------------------

function gradeFrom(input: GradeChild & { colour?: RiskColour }, actor: ChildActor, at: string): Grade {
  return { colour: input.colour ?? triage(input.situations), situations: input.situations, reason: input.reason, gradedAt: at, gradedBy: actor.id, gradedByName: actor.displayName }
}

const situationText = (ids: readonly string[]) => (ids.length ? ids.map((id) => situation(id as never).label).join('；') : '未发现需要特别关注的情形')

/**
 * Applies a grade. A change to red starts the intervention clock (004 §3.1). A hard-to-judge
 * grade is applied at once — the stricter duties must not wait — and also waits in the
 * township's queue for confirmation (004 §3 末段).
 */
export function applyGrade(
  c: ChildRecord,
  input: GradeChild & { /** A level chosen without a situation (the entrustment visit's care level). */ colour?: RiskColour },
  actor: ChildActor,
  at: string,
  side: ChildSideWrites,
  villageName?: string,
  /** The grade given with the enrolment: the file had none before it, so nothing was 「调整」. */
  opts: { initial?: boolean } = {},
): ChildRecord {
  const grade = gradeFrom(input, actor, at)
  const next: ChildRecord = { ...c, grade }
  if (grade.colour === 'red' && (c.grade.colour !== 'red' || !c.redSince)) next.redSince = at
  if (grade.colour !== 'red') delete next.redSince
  const events = (side.events ??= [])
  const changed = !opts.initial && grade.colour !== c.grade.colour
  events.push({
    at,
    kind: input.hardToJudge ? 'grade_proposed' : 'graded',
    actorId: actor.id,
    actorName: actor.displayName,
    colour: grade.colour,
    text: `${changed ? `等级由${colourLabel[c.grade.colour]}调整为` : '评定等级：'}${colourLabel[grade.colour]}。情形：${situationText(grade.situations)}。理由：${grade.reason}${input.hardToJudge ? '（情形复杂难判断，已报乡镇评估确认）' : ''}`,
    detail: { ...(opts.initial ? {} : { from: c.grade.colour }), to: grade.colour, situations: grade.situations, reason: grade.reason, hardToJudge: input.hardToJudge },
  })
  if (input.hardToJudge) {
    const pending: PendingGrade = { ...grade, proposedAt: at }
    next.pendingGrade = pending
    side.pending = { grade: pending, villageName }
  } else if (c.pendingGrade) {
    delete next.pendingGrade
    side.pending = null
  }
  return next
}

// ---- one change, under the lock ------------------------------------------------------------------------

export interface ChangeResult {
  next: ChildRecord
  side?: ChildSideWrites
}

/**
 * Reads the file, applies `change`, recomputes and saves it with its side writes; on a
 * conflict re-reads and applies again (up to 5 times). `onRefused` handles a refused
 * `ifAbsent` side item (a retried submission that already landed).
 */
export async function changeChild<T = ChildRecord>(
  id: string,
  change: (c: ChildRecord, now: Date) => ChangeResult | Promise<ChangeResult>,
  opts: { now?: Date; onRefused?: (index: number, c: ChildRecord) => Promise<T> } = {},
): Promise<ChildRecord | T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const c = await getChild(id)
    if (!c) throw new HttpError('NOT_FOUND')
    const now = opts.now ?? new Date()
    const { next, side = {} } = await change(c, now)
    const { child, row } = deriveChild({ ...next, updatedAt: now.toISOString() }, now)
    const outcome = await saveChild(c, child, row, childClock().graceMs, side)
    if (outcome === 'saved') return { ...child, version: c.version + 1 }
    if (typeof outcome === 'number') {
      if (opts.onRefused) return opts.onRefused(outcome, c)
      throw new Error(`child ${id}: side write ${outcome} refused`)
    }
  }
  throw new HttpError('CONFLICT')
}

// ---- enrolment ---------------------------------------------------------------------------------------------

/** The basic information as it is compared for "the same row again" (everything but grade and the ID number). */
// DynamoDB does not keep the key order of maps, nor undefined values: compare canonically.
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
      : v

function basics(x: Omit<UpdateChild, 'idNumber'> & Record<string, unknown>) {
  return JSON.stringify(canonical([
    x.name, x.sex, x.birthDate, x.householdRegistration, x.householdPlace ?? null, x.villageCode, x.schooling, x.health,
    x.parents.map((p) => [p.relation, p.name ?? null, p.phone ?? null, p.situation, p.workplaceCode ?? null, p.awaySince ?? null, p.unableReason ?? null]),
    x.singleParent, x.caregiver ?? null, [...x.difficultyCategories].sort(), x.note ?? null,
  ]))
}

async function checkPlaces(input: Pick<EnrolChild, 'villageCode' | 'difficultyCategories'>, now: Date): Promise<void> {
  const fields = []
  if (!(await getDivision(input.villageCode))) fields.push({ field: 'villageCode', code: 'unknown_village', message: '实际居住的村（社区）：没有找到这个村，请重新选择' })
  const policy = policyForDivision(input.villageCode, chinaToday(now))
  input.difficultyCategories.forEach((id, i) => {
    if (!policy?.categories.some((k) => k.id === id)) {
      fields.push({ field: `difficultyCategories.${i}`, code: 'unknown_category', message: `困境儿童类别：当地政策没有「${id}」这一类` })
    }
  })
  if (fields.length) throw new HttpError('VALIDATION_FAILED', undefined, fields)
}

/** The basic information as a correction stores it. */
type Basics = Omit<UpdateChild, 'version' | 'removePhones'>

/**
 * The basic fields a correction or a repeated enrolment writes, and only those: an enrolment also
 * carries its initial `grade` (as the director chose it, not yet a grade with a colour), which is
 * applied by `applyGrade` at creation and never laid over a file's grade here.
 */
const basicFields = Object.keys(childShape).filter((k): k is Exclude<keyof Basics, 'idNumber'> => k !== 'idNumber')

function applyBasics(c: ChildRecord, input: Basics): ChildRecord {
  const next: ChildRecord = {
    ...c,
    townshipCode: ancestorAt(input.villageCode, 'township'),
    countyCode: ancestorAt(input.villageCode, 'county'),
    ...(input.idNumber ? { idMasked: maskIdNumber(input.idNumber) } : {}),
  }
  const fields = next as Record<string, unknown>
  for (const k of basicFields) {
    if (input[k] === undefined) delete fields[k]
    else fields[k] = input[k]
  }
  return next
}

export type EnrolOutcome = 'created' | 'updated' | 'unchanged'

/**
 * Creates a child's file, or brings an existing one up to date. Idempotent: the child is found
 * by the keyed hash of the ID number, else by the import row key, else by the submission's
 * Idempotency-Key; the same facts again change nothing. All or nothing per child. The caller
 * checks the actor's jurisdiction.
 */
export async function enrolChild(
  input: EnrolChild,
  actor: ChildActor,
  opts: { origin?: ChildRecord['origin']; importKey?: string; idempotencyKey?: string; now?: Date; villageName?: string; links?: Partial<ChildRecord['links']>; extraEvents?: Omit<ChildTimelineEntry, 'id'>[]; /** Refuses to update a file found by ID number (e.g. one in another jurisdiction). */ guard?: (existing: ChildRecord) => void; /** The last home visit the ledger records: the cadence continues from it. */ lastHomeVisitOn?: string } = {},
): Promise<{ child: ChildRecord; outcome: EnrolOutcome }> {
  const now = opts.now ?? new Date()
  await checkPlaces(input, now)
  const idHash = input.idNumber ? await idNumberHash(input.idNumber) : undefined
  const rowHash = opts.importKey ? await rowKeyHash(opts.importKey) : undefined
  const idempotency = opts.idempotencyKey ? { keyHash: sha256(`child:${actor.id}:${opts.idempotencyKey}`), bodyHash: sha256(JSON.stringify(input)) } : undefined

  for (let attempt = 0; attempt < 3; attempt++) {
    if (idempotency) {
      const prev = await idempotencyRecord(idempotency.keyHash)
      if (prev) {
        if (prev.bodyHash !== idempotency.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
        const c = await getChild(String(prev.childId))
        if (c) return { child: c, outcome: 'unchanged' }
      }
    }
    const byId = idHash && (await childIdForIdHash(idHash))
    const existingId = byId || (rowHash && (await childIdForRowHash(rowHash))) || undefined
    // Read once: whether the child moved here from another county, else the file to update.
    const existing = existingId ? await getChild(existingId) : undefined
    if (existingId && !existing) throw new HttpError('NOT_FOUND')
    // A child who moved here from another county: that county closed its file, so a new one starts here.
    const movedHere = existing && existingId === byId ? await closedAsMovedAway(existing, input.villageCode) : undefined
    if (existing && !movedHere) return updateExisting(existing, input, actor, now, idHash, opts.guard, opts.lastHomeVisitOn)

    const at = now.toISOString()
    const id = newId(now.getTime())
    const base: ChildRecord = {
      id,
      villageCode: input.villageCode,
      townshipCode: ancestorAt(input.villageCode, 'township'),
      countyCode: ancestorAt(input.villageCode, 'county'),
      name: input.name,
      sex: input.sex,
      birthDate: input.birthDate,
      householdRegistration: input.householdRegistration,
      schooling: input.schooling,
      health: input.health,
      parents: input.parents,
      singleParent: input.singleParent,
      difficultyCategories: input.difficultyCategories,
      categories: [],
      grade: { colour: 'green', situations: [], reason: '建档时尚未评定，按低风险（绿色）常态化关爱', gradedAt: at, gradedBy: actor.id, gradedByName: actor.displayName },
      duties: [],
      openProblems: 0,
      problems: [],
      links: { entrustments: [], reports: [], applications: [], ...opts.links },
      origin: opts.origin ?? 'survey',
      ...(opts.importKey ? { importKey: opts.importKey } : {}),
      policyVersion: '',
      createdAt: at,
      createdBy: actor.id,
      updatedAt: at,
      version: 0,
    }
    let c = applyBasics(base, input)
    if (opts.lastHomeVisitOn && opts.lastHomeVisitOn <= chinaToday()) c.lastHomeVisitOn = opts.lastHomeVisitOn
    const side: ChildSideWrites = {
      events: [
        { at, kind: 'created', actorId: actor.id, actorName: actor.displayName, text: createdText(c.origin, actor) },
        ...(movedHere ? [{ at, kind: 'transferred' as const, text: `从${movedHere.fromCounty}搬来：${movedHere.fromCounty}已在 ${movedHere.file.closed!.effectiveOn} 为孩子原来的档案结档（搬到本县以外）` }] : []),
        ...(opts.extraEvents ?? []),
      ],
      age16At: age16At(input.birthDate),
    }
    if (input.grade) c = applyGrade(c, input.grade, actor, at, side, opts.villageName, { initial: true })
    const { child, row } = deriveChild(c, now)
    const out = await createChild(child, row, childClock().graceMs, { idHash, idHashFrom: movedHere?.file.id, rowHash, idempotency }, side)
    if (out.kind === 'created') {
      if (movedHere) await tellSendingCounty(movedHere.file, child, now)
      return { child, outcome: 'created' }
    }
    if (out.kind === 'exists') return updateExisting(out.childId, input, actor, now, idHash, opts.guard, opts.lastHomeVisitOn)
    // idempotent: a concurrent retry of the same submission won; loop to return it.
  }
  throw new HttpError('CONFLICT')
}

/**
 * The file an ID number points to, when it was closed because the child moved out of its county
 * and the child is now enrolled in another county: that county starts its own file (the closed
 * one stays the sending county's, unread here), and the ID number passes to it.
 */
async function closedAsMovedAway(file: ChildRecord, villageCode: string): Promise<{ file: ChildRecord; fromCounty: string } | undefined> {
  if (file.closed?.reason !== 'moved_out_of_county' || file.countyCode === ancestorAt(villageCode, 'county')) return undefined
  return { file, fromCounty: (await getDivision(file.countyCode))?.name ?? '原来的县' }
}

/** The county the child left learns that the child has been found and has a file again: on the closed file, and the person who closed it. */
async function tellSendingCounty(closedFile: ChildRecord, child: ChildRecord, now: Date): Promise<void> {
  const county = (await getDivision(child.countyCode))?.name ?? '新的县'
  const on = chinaToday(now)
  const text = `孩子已在${county}建档关爱（${on}），今后由当地走访`
  // The closed file keeps where the child is now; reopening it here is refused from then on (child-reopen.ts).
  await changeChild(closedFile.id, (c, at) => ({
    next: c.closed ? { ...c, closed: { ...c.closed, foundIn: { countyName: county, on } } } : c,
    side: { events: [{ at: at.toISOString(), kind: 'transferred', text }] },
  }))
  await notifyPeople([closedFile.closed!.closedBy.id], {
    kind: 'child_transferred',
    subject: { type: 'child', id: closedFile.id },
    page: `casework/child/index?id=${closedFile.id}`,
    title: '搬走的孩子已在新的县建档',
    body: `${closedFile.name}${text}。`,
    occasion: `found-${child.id}`,
  })
}

function createdText(origin: ChildRecord['origin'], actor: ChildActor): string {
  const how = { survey: '入户摸排建档', import: '从县级台账导入建档', entrustment: '委托照护核实后建档', report: '根据发现报告建档' }[origin]
  return `${actor.displayName}${how}`
}

/** `file`: the file itself when the caller has just read it, else its id. */
async function updateExisting(file: ChildRecord | string, input: EnrolChild, actor: ChildActor, now: Date, idHash?: string, guard?: (existing: ChildRecord) => void, lastHomeVisitOn?: string): Promise<{ child: ChildRecord; outcome: EnrolOutcome }> {
  const current = typeof file === 'string' ? await getChild(file) : file
  if (!current) throw new HttpError('NOT_FOUND')
  const id = current.id
  guard?.(current)
  const sameId = !input.idNumber || current.idMasked === maskIdNumber(input.idNumber)
  const laterVisit = !!lastHomeVisitOn && lastHomeVisitOn <= chinaToday(now) && (!current.lastHomeVisitOn || lastHomeVisitOn > current.lastHomeVisitOn)
  if (basics(current as never) === basics(input as never) && sameId && !laterVisit) return { child: current, outcome: 'unchanged' }
  if (idHash && !current.idMasked) await claimIdHash(idHash, id)
  const child = (await changeChild(id, (c, at) => ({
    next: { ...applyBasics(c, input), ...(laterVisit ? { lastHomeVisitOn } : {}) },
    side: { events: [{ at: at.toISOString(), kind: 'updated', actorId: actor.id, actorName: actor.displayName, text: `${actor.displayName}更新了基本信息` }], age16At: age16At(input.birthDate) },
  }), { now })) as ChildRecord
  return { child, outcome: 'updated' }
}

/**
 * Staff are shown phones masked and the ID number only masked (ChildStaffView), so a correction
 * cannot send them back: a phone left out stays as stored — a parent's by relation, the
 * caregiver's while the caregiver is the same person — as the ID does (applyBasics). A phone no
 * longer in use is deleted by naming it in `removePhones`.
 */
function keepMasked(c: ChildRecord, { removePhones, ...input }: Omit<UpdateChild, 'version'>): Basics {
  const removed = new Set(removePhones)
  const kept = (p: ChildParent) => (p.phone || removed.has(p.relation) ? p : { ...p, phone: c.parents.find((q) => q.relation === p.relation)?.phone })
  const caregiver =
    input.caregiver && !input.caregiver.phone && !removed.has('caregiver') && c.caregiver?.phone && c.caregiver.name === input.caregiver.name
      ? { ...input.caregiver, phone: c.caregiver.phone }
      : input.caregiver
  return { ...input, parents: input.parents.map(kept), caregiver }
}

/** Corrections to the basic information by staff. */
export async function updateChild(id: string, { version, ...input }: UpdateChild, actor: ChildActor): Promise<ChildRecord> {
  // The person corrected the file as they saw it; a newer version is someone else's work.
  // Checked at the write, and first on its own only when a retyped ID is about to be claimed.
  const stale = (c: ChildRecord | undefined) => {
    if (c && c.version !== version) throw new HttpError('STALE_VERSION')
  }
  await checkPlaces(input, new Date())
  if (input.idNumber) {
    stale(await getChild(id))
    const hash = await idNumberHash(input.idNumber)
    const holder = await childIdForIdHash(hash)
    if (holder && holder !== id) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'idNumber', code: 'duplicate_child', message: '身份证号码：这个孩子已经有档案了，请在列表中查找' }])
    if (!holder) await claimIdHash(hash, id)
  }
  return (await changeChild(id, (c, now) => {
    stale(c)
    return {
      next: applyBasics(c, keepMasked(c, input)),
      side: { events: [{ at: now.toISOString(), kind: 'updated', actorId: actor.id, actorName: actor.displayName, text: `${actor.displayName}更新了基本信息` }], age16At: age16At(input.birthDate) },
    }
  })) as ChildRecord
}

// ---- grading and confirmation ---------------------------------------------------------------------------

export async function gradeChild(id: string, input: GradeChild, actor: ChildActor, villageName?: string): Promise<ChildRecord> {
  const child = (await changeChild(id, (c, now) => {
    const side: ChildSideWrites = {}
    return { next: applyGrade(c, input, actor, now.toISOString(), side, villageName), side }
  })) as ChildRecord
  if (input.hardToJudge) {
    const supervisors = await staffServing('township_supervisor', child.townshipCode)
    await notifyPeople(supervisors.map((s) => s.id), {
      kind: 'child_grade_to_confirm',
      subject: { type: 'child', id },
      page: `casework/child/index?id=${id}`,
      title: '有儿童风险等级需要乡镇评估确认',
      body: `${villageName ?? ''}${child.name}：儿童主任评为${colourLabel[child.grade.colour]}，情形复杂难判断，请组织评估确认`,
      colour: child.grade.colour,
      occasion: child.grade.gradedAt,
    })
  }
  return child
}

/** The township (or county) confirms a hard-to-judge grade, or sets another (004 §3 末段). */
export async function confirmGrade(id: string, input: ConfirmGrade, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => {
    if (!c.pendingGrade) throw new HttpError('INVALID_TRANSITION', '这个孩子没有等待确认的等级')
    const at = now.toISOString()
    const side: ChildSideWrites = { pending: null, events: [] }
    let next: ChildRecord
    if (input.decision === 'confirm') {
      next = { ...c, grade: { ...c.pendingGrade, confirmedBy: actor.id, confirmedByName: actor.displayName } }
      delete (next.grade as Partial<PendingGrade>).proposedAt
      side.events!.push({ at, kind: 'grade_confirmed', actorId: actor.id, actorName: actor.displayName, colour: next.grade.colour, text: `乡镇评估确认等级为${colourLabel[next.grade.colour]}。意见：${input.reason}` })
    } else {
      next = applyGrade(c, { situations: input.situations!, reason: input.reason, hardToJudge: false }, actor, at, side)
      next.grade = { ...next.grade, confirmedBy: actor.id, confirmedByName: actor.displayName }
      side.events!.push({ at, kind: 'grade_confirmed', actorId: actor.id, actorName: actor.displayName, colour: next.grade.colour, text: `乡镇评估后调整等级为${colourLabel[next.grade.colour]}。意见：${input.reason}` })
    }
    delete next.pendingGrade
    side.pending = null
    return { next, side }
  })) as ChildRecord
}

// ---- work log -------------------------------------------------------------------------------------------------

export const entry = (now: Date, actor: ChildActor, e: Omit<ChildTimelineEntry, 'id' | 'at' | 'actorId' | 'actorName'>): Omit<ChildTimelineEntry, 'id'> => ({
  at: now.toISOString(),
  actorId: actor.id,
  actorName: actor.displayName,
  ...e,
})

export async function addNote(id: string, input: AddChildNote, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => ({ next: c, side: { events: [entry(now, actor, { kind: 'note', text: input.text })] } }))) as ChildRecord
}

export async function addHelp(id: string, input: AddHelp, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => ({
    next: c,
    side: { events: [entry(now, actor, { kind: 'help', text: `${helpKindLabel[input.kind]}（${input.givenOn}）：${input.text}`, detail: { ...input } })] },
  }))) as ChildRecord
}

export async function addProblem(id: string, input: AddProblem, actor: ChildActor): Promise<{ child: ChildRecord; problemId: string }> {
  const problemId = newId()
  const child = (await changeChild(id, (c, now) => ({
    next: { ...c, problems: [...c.problems, { id: problemId, text: input.text, foundAt: now.toISOString(), foundByName: actor.displayName }] },
    side: { events: [entry(now, actor, { kind: 'problem_found', text: `发现问题：${input.text}`, ref: { type: 'problem', id: problemId } })] },
  }))) as ChildRecord
  return { child, problemId }
}

export async function resolveProblem(id: string, problemId: string, input: ResolveProblem, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => {
    const p = c.problems.find((x) => x.id === problemId)
    if (!p) throw new HttpError('NOT_FOUND')
    if (p.resolvedAt) throw new HttpError('INVALID_TRANSITION', '这个问题已经解决了')
    const at = now.toISOString()
    return {
      next: { ...c, problems: c.problems.map((x) => (x.id === problemId ? { ...x, resolvedAt: at, resolvedByName: actor.displayName, resolution: input.resolution } : x)) },
      side: { events: [entry(now, actor, { kind: 'problem_resolved', text: `问题已解决：${p.text}。解决办法：${input.resolution}`, ref: { type: 'problem', id: problemId } })] },
    }
  })) as ChildRecord
}

// ---- epidemic episodes (000 §2(三)) -------------------------------------------------------------------

export async function startEpidemic(id: string, input: StartEpidemicEpisode, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => {
    if (c.epidemic) throw new HttpError('INVALID_TRANSITION', '已经在疫情期间跟进中，请先结束上一次')
    if (input.startedOn > chinaToday(now)) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'startedOn', code: 'custom', message: '开始日期：不能晚于今天' }])
    return {
      next: { ...c, epidemic: { ...input, startedAt: now.toISOString(), startedByName: actor.displayName } },
      side: { events: [entry(now, actor, { kind: 'epidemic_started', text: `监护人${epidemicGuardianLabel[input.guardian]}（${input.startedOn} 起），每周至少两次家访或电话随访${input.note ? `。${input.note}` : ''}` })] },
    }
  })) as ChildRecord
}

export async function endEpidemic(id: string, input: EndEpidemicEpisode, actor: ChildActor): Promise<ChildRecord> {
  return (await changeChild(id, (c, now) => {
    if (!c.epidemic) throw new HttpError('INVALID_TRANSITION', '目前没有疫情期间的跟进')
    const next = { ...c }
    delete next.epidemic
    return { next, side: { events: [entry(now, actor, { kind: 'epidemic_ended', text: `监护人已能照护孩子，结束疫情期间的跟进${input.note ? `。${input.note}` : ''}` })] } }
  })) as ChildRecord
}

// ---- life events --------------------------------------------------------------------------------------------

const hadLeftBehind = (c: ChildRecord) => c.categories.some((k) => k.id === 'left_behind')

/** Parents back home: the left-behind status ends (004 §2(一)) and the village's director is told. */
export async function parentsReturned(id: string, input: ParentsReturned, actor: ChildActor): Promise<ChildRecord> {
  let returned = false
  const child = (await changeChild(id, (c, now) => {
    // Only a parent recorded as away can come back: a retried request (or one recorded by
    // someone else first) finds nobody away and changes nothing, so no second line or message.
    const back = input.relations.filter((r) => c.parents.some((p) => p.relation === r && p.situation === 'working_away'))
    returned = back.length > 0
    if (!returned) return { next: c }
    const parents = c.parents.map((p) => (back.includes(p.relation) ? { ...p, situation: 'at_home' as const, workplaceCode: undefined, awaySince: undefined } : p))
    const next = { ...c, parents }
    const events = [entry(now, actor, { kind: 'parents_returned', text: `${back.map((r) => parentRelationLabel[r]).join('、')}已返乡（${input.returnedOn}）${input.note ? `。${input.note}` : ''}` })]
    const after = categoriesOf(next, chinaToday(now))
    if (hadLeftBehind(c) && !after.some((k) => k.id === 'left_behind')) events.push(entry(now, actor, { kind: 'category_ended', text: '父母返乡，不再属于农村留守儿童' }))
    return { next, side: { events } }
  })) as ChildRecord
  if (!returned) return child
  await tellDirector(child, 'child_parents_returned', '孩子的父母已返乡', `${child.name}的家长已返乡，请更新孩子的关爱安排`, input.returnedOn, actor.id)
  return child
}

/**
 * Tells the child's village director (the township's supervisor where the village has none).
 * `recordedBy` is left out: a director who recorded the change on the file needs no message about it.
 */
export async function tellDirector(child: ChildRecord, kind: 'child_parents_returned' | 'child_category_ended', title: string, body: string, occasion: string, recordedBy?: string) {
  const directors = await staffServing('village_director', child.villageCode)
  const to = directors.length ? directors : await staffServing('township_supervisor', child.townshipCode)
  const ids = to.map((s) => s.id).filter((id) => id !== recordedBy)
  await notifyPeople(ids, { kind, subject: { type: 'child', id: child.id }, page: `casework/child/index?id=${child.id}`, title, body, occasion })
}

/** An approved allowance adds its category to the file (issue #7). */
export async function addAllowanceCategory(idNumber: string, category: { id: string; label: string; clause: string; policyVersion: string }, applicationId: string): Promise<ChildRecord | undefined> {
  const childId = await childIdForIdHash(await idNumberHash(idNumber))
  if (!childId) return undefined
  return (await changeChild(childId, (c, now) => {
    if (c.links.applications.includes(applicationId)) return { next: c }
    const k: ChildCategory = { id: category.id, label: category.label, source: category.clause, sourceTitle: seedTitleOf(category.clause), policyVersion: category.policyVersion, basis: 'allowance', since: chinaToday(now), reasons: ['补贴申请已批准'] }
    return {
      next: { ...c, categories: [...c.categories.filter((x) => x.id !== k.id), k], links: { ...c.links, applications: [...c.links.applications, applicationId] } },
      side: { events: [{ at: now.toISOString(), kind: 'application', text: `儿童关爱补贴申请已批准：${category.label}`, ref: { type: 'application', id: applicationId } }] },
    }
  })) as ChildRecord
}

// ---- reports -------------------------------------------------------------------------------------------------

/** The director links a report to a file (never automatically: 004 §3 asks a person to judge). Linking twice adds nothing. */
export async function linkReport(id: string, reportId: string, actor: ChildActor): Promise<{ child: ChildRecord; linked: boolean }> {
  const report = await getReport(reportId)
  if (!report) throw new HttpError('NOT_FOUND', '没有找到这份报告')
  let linked = true
  const child = (await changeChild(
    id,
    (c, now) => {
      if (c.villageCode !== report.villageCode && c.townshipCode !== ancestorAt(report.villageCode, 'township') && c.countyCode !== ancestorAt(report.villageCode, 'county')) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'reportId', code: 'other_area', message: '报告：这份报告不在这个孩子所在的县' }])
      }
      return {
        next: { ...c, links: { ...c.links, reports: [...new Set([...c.links.reports, reportId])] } },
        side: {
          ifAbsent: [reportLinkItem(c.id, reportId)],
          events: [entry(now, actor, { kind: 'report_linked', colour: report.colour, text: `关联发现报告（${report.trackingCode}，${colourLabel[report.colour]}）：${report.situations.map((s) => situation(s).label).join('；')}`, ref: { type: 'report', id: reportId } })],
        },
      }
    },
    {
      onRefused: async () => {
        linked = false
        return (await getChild(id))!
      },
    },
  )) as ChildRecord
  return { child, linked }
}

// ---- entrustments ------------------------------------------------------------------------------------------------

/**
 * A verified entrustment creates or updates each child's file (one list of children: the
 * old care list is gone). Idempotent by the ID number: verifying again changes nothing new.
 */
export async function childFromEntrustment(e: Entrustment, actor: ChildActor, now = new Date()): Promise<ChildRecord[]> {
  const out: ChildRecord[] = []
  const level = e.lastVisit?.careLevel
  for (const ch of e.children) {
    const parents: ChildParent[] = e.parents.map((p) =>
      p.situation === 'working_away'
        ? { relation: p.relation, name: p.name, phone: p.phone, situation: 'working_away', workplaceCode: p.workplaceCode, awaySince: p.awaySince }
        : p.situation === 'deceased'
          ? { relation: p.relation, name: p.name, situation: 'deceased' }
          : { relation: p.relation, name: p.name, phone: p.phone, situation: p.canGuard ? 'at_home' : 'unable', unableReason: p.unableReason },
    )
    const input: EnrolChild = {
      name: ch.name,
      sex: ch.sex,
      birthDate: ch.birthDate,
      idNumber: ch.idNumber,
      householdRegistration: ch.householdRegistration,
      villageCode: ch.villageCode,
      schooling: { stage: ch.school ? 'primary' : 'not_yet', school: ch.school?.name },
      health: { disability: 'none', seriousIllness: false },
      parents,
      singleParent: false,
      caregiver: { name: e.caregiver.name, relationship: e.caregiver.relationship, phone: e.caregiver.phone, livesWithChild: e.caregiver.livesWithChild },
      difficultyCategories: [],
    }
    const idHash = await idNumberHash(ch.idNumber)
    const existingId = await childIdForIdHash(idHash)
    const visitedOn = e.lastVisit?.visitedOn
    const mark = (c: ChildRecord, at: Date): ChangeResult => {
      const links = { ...c.links, entrustments: [...new Set([...c.links.entrustments, e.id])] }
      const next: ChildRecord = { ...c, parents, caregiver: input.caregiver, links }
      if (visitedOn && (!c.lastHomeVisitOn || visitedOn > c.lastHomeVisitOn)) next.lastHomeVisitOn = visitedOn
      const side: ChildSideWrites = { events: [entry(at, actor, { kind: 'entrustment', text: `委托照护核实通过：照护人${e.caregiver.name}（${e.reference}）`, ref: { type: 'entrustment', id: e.id } })] }
      // The level the director chose at the verification visit is the child's grade when it is stricter.
      if (level && (c.grade.colour === 'green' || (level === 'yellow' && c.grade.colour === 'blue'))) {
        return { next: applyGrade(next, { situations: [], colour: level, reason: `委托照护核实走访时评定为${colourLabel[level]}`, hardToJudge: false }, actor, at.toISOString(), side), side }
      }
      return { next, side }
    }
    if (existingId) {
      const current = await getChild(existingId)
      if (current?.links.entrustments.includes(e.id) && current.lastHomeVisitOn === visitedOn) {
        out.push(current)
        continue
      }
      out.push((await changeChild(existingId, mark, { now })) as ChildRecord)
    } else {
      const { child } = await enrolChild(input, actor, { origin: 'entrustment', now, links: { entrustments: [e.id] } })
      out.push((await changeChild(child.id, mark, { now })) as ChildRecord)
    }
  }
  return out
}

/** Parents back home end the entrustment: each child's left-behind status ends with it. */
export async function childrenParentsReturned(e: Entrustment, actor: ChildActor, now = new Date()): Promise<void> {
  for (const ch of e.children) {
    const childId = await childIdForIdHash(await idNumberHash(ch.idNumber))
    if (!childId) continue
    const current = await getChild(childId)
    if (!current || !current.parents.some((p) => p.situation === 'working_away')) continue
    await parentsReturned(childId, { returnedOn: chinaToday(now), relations: current.parents.filter((p) => p.situation === 'working_away').map((p) => p.relation) }, actor)
  }
}

