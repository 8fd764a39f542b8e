import type { Context } from 'hono'
import {
  ChildEntryRecorded,
  ChildList,
  ChildMatchList,
  ChildProblemAdded,
  ChildReportLinked,
  ChildStaffView,
  ChildTimelinePage,
  ChildVisitRecorded,
  EnrolledChild,
  GradeConfirmationPage,
  OverdueList,
  TodayList,
  UploadTicket,
  AddChildNote,
  ChildPhotoUpload,
  AddHelp,
  AddProblem,
  type ChildMatch,
  type ChildRecord,
  ConfirmGrade,
  EndEpidemicEpisode,
  EnrolChild,
  GradeChild,
  LinkReport,
  ParentsReturned,
  RecordContact,
  RecordIntervention,
  ResolveProblem,
  RiskColour,
  type SessionUser,
  StartEpidemicEpisode,
  UpdateChild,
  VillageCode,
  addDays,
  chinaStartOfDay,
  chinaToday,
  childFieldLabels,
  fullYears,
  inJurisdiction,
  visitFieldLabelsChild,
} from '@shouhu/shared'
import { BadCursor, areaOf, auditChildRead, childRows, childTimeline, getChild, gradeConfirmations } from '../data/children'
import { getReport } from '../data/reports'
import { uploadTicket } from '../data/documents'
import { divisionNamesOf } from '../data/divisions'
import { HttpError } from '../errors'
import { requiredIdempotencyKey } from '../idempotency-key'
import { pageParams as pageQuery } from '../middleware/paging'
import { narrowedArea } from '../middleware/area-filter'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, json, jsonRequest, labels, pagedQuery, pathParams, query, route, routes, idempotencyHeader } from '../contract'
import { childClock } from '../workflows/child-clock'
import { divisionNamesCached, endOfWeek, listItems, staffView } from '../workflows/child-views'
import {
  addHelp,
  addNote,
  addProblem,
  confirmGrade,
  endEpidemic,
  enrolChild,
  gradeChild,
  linkReport,
  parentsReturned,
  resolveProblem,
  startEpidemic,
  updateChild,
} from '../workflows/children'
import { openFileOnly } from '../workflows/child-moves'
import { recordContact, recordIntervention } from '../workflows/visits'
import { countersInView, directorFigures, dueCount } from '../workflows/counters'

/**
 * 一人一档 the child's file, for civil-affairs staff only, each in their jurisdiction: the
 * director's morning list, the file and its timeline, grading, visits, the work log, and the
 * township's and county's overdue and confirmation lists (issue #7; 004 §3; 001 #6).
 */

const idPattern = /^[0-9A-Za-z]{1,64}$/
const bad = (field: string, code: string, message: string) => new HttpError('VALIDATION_FAILED', undefined, [{ field, code, message }])

/** Loads a child the signed-in staff member may work on, or answers 404/403. */
async function childInJurisdiction(user: SessionUser, id: string): Promise<ChildRecord> {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const child = await getChild(id)
  if (!child) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, child.villageCode)) {
    log.warn('staff denied child outside jurisdiction', { userId: user.id, childId: id })
    throw new HttpError('FORBIDDEN')
  }
  return child
}

/**
 * Where a visit or an intervention is kept: a file merged into another sends it on to the file it
 * was merged into (a person confirmed they are the same child), so a visit made from a page or an
 * offline queue older than the merge lands where the child's file now is. 409 when that file is
 * not in the user's area.
 */
async function fileToRecordOn(user: SessionUser, child: ChildRecord): Promise<ChildRecord> {
  let file = child
  for (let hops = 0; file.mergedInto && hops < 3; hops++) {
    const into = await getChild(file.mergedInto)
    if (!into || !inJurisdiction(user, into.villageCode)) break
    file = into
  }
  if (file.mergedInto) throw new HttpError('CONFLICT', '这份档案已合并到另一份档案，请打开合并后的档案')
  return file
}

/**
 * The same, for the work recorded on a file in use: a closed file (moved out of the county, 18,
 * died) or one merged into another takes no new grade, note, help, problem, epidemic episode,
 * parents' return or report (409 with the reason; nothing written). A page opened before the
 * merge would otherwise write where nobody looks again. Corrections (`/update`) stay open on a
 * closed file; visits and interventions are recorded as made, with their keys, because they can
 * come from the phone's offline queue after the fact (on a merged file: `fileToRecordOn`).
 */
async function openChildInJurisdiction(user: SessionUser, id: string): Promise<ChildRecord> {
  const child = await childInJurisdiction(user, id)
  openFileOnly(child)
  return child
}

/** `?village=` narrowed to one village of the jurisdiction. */
function villageQuery(c: Context<StaffEnv>): string | undefined {
  const v = c.req.query('village')
  if (!v) return undefined
  if (!VillageCode.safeParse(v).success) throw bad('village', 'invalid_village', '村（社区）：请选择一个村（社区）')
  if (!inJurisdiction(c.var.user, v)) throw new HttpError('FORBIDDEN')
  return v
}

/**
 * `?village=` or `?township=` (the overview's drill-downs): one division of the jurisdiction,
 * checked by the one rule in middleware/area-filter.ts (malformed → 400 naming the field,
 * outside → 403), and read from that division's own index partition (byVillage / byTownship),
 * never by filtering the county's.
 */
function narrowedQuery(c: Context<StaffEnv>) {
  const n = narrowedArea(c, who(c))
  const narrowed = n.narrowed ? (n.role === 'village_director' ? { village: n.narrowed } : { township: n.narrowed }) : {}
  return { area: areaOf(n.role, n.divisionCode), divisionCode: n.divisionCode, ...narrowed }
}

function colourQuery(c: Context<StaffEnv>): string | undefined {
  const colour = c.req.query('colour')
  if (colour && !RiskColour.safeParse(colour).success) throw bad('colour', 'invalid_colour', '风险等级：只能是 red、yellow、blue 或 green')
  return colour || undefined
}

async function withBadCursor<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p()
  } catch (e) {
    if (e instanceof BadCursor) throw bad('cursor', 'invalid_cursor', '翻页标记无效，请从第一页重新查看')
    throw e
  }
}

const who = (c: Context<StaffEnv>) => c.var.user
const now = () => new Date()

const tags = ['一人一档（工作人员）']

export const staffChildRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'get', path: '/', summary: '辖区内的孩子（一人一档，分页）', tags, request: { query: pagedQuery({ village: '只看一个村（社区）', township: '只看一个乡镇（街道）（12 位代码，须在辖区内；不能和 village 同时用）', colour: '风险等级：red、yellow、blue 或 green', redOpen: 'true：只看红色且还没记录紧急处置的孩子' }) }, responses: { 200: json(ChildList, '辖区内的孩子（一人一档，分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const colourParam = colourQuery(c)
    const redOpenParam = c.req.query('redOpen')
    if (redOpenParam !== undefined && redOpenParam !== 'true' && redOpenParam !== 'false') throw bad('redOpen', 'invalid_value', '红色未记录处置：只能是 true 或 false')
    const page = pageQuery(c)
    const { area } = narrowedQuery(c)
    const { rows, cursor } = await withBadCursor(() => childRows(area, { colour: colourParam, redOpen: redOpenParam === 'true', ...page }))
    return c.json({ items: await listItems(rows, now()), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/today', summary: '今天要做的：逾期、今天到期、本周到期', tags, request: { query: pagedQuery({ village: '只看一个村（社区）' }) }, responses: { 200: json(TodayList, '今天要做的：逾期、今天到期、本周到期'), ...errors(400, 401, 403) } }), async (c) => {
    const { role, divisionCode } = who(c)
    const at = now()
    const today = chinaToday(at)
    const upTo = chinaStartOfDay(addDays(endOfWeek(today), 1))
    const page = pageQuery(c)
    const { rows, cursor } = await withBadCursor(() => childRows(areaOf(role, divisionCode, villageQuery(c)), { upTo, limit: page.limit === 50 ? 100 : page.limit, cursor: page.cursor }))
    const items = await listItems(rows, at)
    return c.json({
      today,
      overdue: items.filter((i) => i.dueState === 'overdue'),
      dueToday: items.filter((i) => i.dueState === 'today'),
      thisWeek: items.filter((i) => i.dueState === 'week'),
      ...(cursor ? { nextCursor: cursor } : {}),
    })
  })
  .openapi(route({ method: 'get', path: '/overdue', summary: '逾期未走访的孩子，按村和村干部统计', tags, request: { query: pagedQuery({ village: '只看一个村（社区）', township: '只看一个乡镇（街道）（12 位代码，须在辖区内；不能和 village 同时用）', colour: '只看一种风险等级：red、yellow、blue 或 green（只筛列表，不改统计）' }) }, responses: { 200: json(OverdueList, '逾期未走访的孩子，按村和村干部统计'), ...errors(400, 401, 403) } }), async (c) => {
    const { role } = who(c)
    const at = now()
    const { graceMs } = childClock()
    // What each level's list holds: the director everything overdue, the township what is a
    // grace past due, the county two graces past (the same moments the timers notify them).
    const level = role === 'village_director' ? 'director' : role === 'township_supervisor' ? 'township' : 'county'
    const threshold = new Date(at.getTime() - (level === 'director' ? 0 : level === 'township' ? graceMs : 2 * graceMs)).toISOString()
    const { area, village, township, divisionCode: areaCode } = narrowedQuery(c)
    const page = pageQuery(c)
    // The counts come from the per-village counters (issue #12), not from reading every overdue
    // row: the counters hold each child's overdue instant, so they cut at the same threshold.
    // The colour narrows the list on the server (a page filtered on the phone would come up
    // short and hide the rest); the counts stay those of every colour.
    const colour = colourQuery(c)
    const [counters, pageRows] = await Promise.all([countersInView(who(c), { village, township }), withBadCursor(() => childRows(area, { upTo: threshold, colour, ...page }))])
    const upTo = Date.parse(threshold)
    const perVillage = counters.map((r) => ({ code: r.villageCode, count: dueCount(r, 'due', upTo) })).filter((v) => v.count > 0)
    const names = await divisionNamesOf(perVillage.map((v) => v.code))
    const directors = perVillage.length ? await directorFigures(counters, areaCode, at, upTo, names) : []
    return c.json({
      level,
      total: perVillage.reduce((n, v) => n + v.count, 0),
      byVillage: perVillage.map((v) => ({ ...v, name: names.get(v.code) ?? v.code })).sort((a, b) => b.count - a.count),
      byDirector: directors.filter((d) => d.overdue > 0).map((d) => ({ id: d.id, name: d.name, villageCode: d.villageCode, count: d.overdue })),
      items: await listItems(pageRows.rows, at),
      ...(pageRows.cursor ? { nextCursor: pageRows.cursor } : {}),
    })
  })
  .openapi(route({ method: 'get', path: '/confirmations', summary: '待乡镇确认的等级调整（分页）', tags, request: { query: PageQuery }, responses: { 200: json(GradeConfirmationPage, '待乡镇确认的等级调整（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const { role, divisionCode } = who(c)
    if (role === 'village_director') throw new HttpError('FORBIDDEN', '等级确认由乡镇（街道）负责')
    const page = pageQuery(c)
    const { rows, cursor } = await withBadCursor(async () => {
      try {
        return await gradeConfirmations(role, divisionCode, page)
      } catch (e) {
        if (page.cursor) throw new BadCursor()
        throw e
      }
    })
    const names = await divisionNamesCached(rows.map((r) => String(r.villageCode)))
    return c.json({ items: rows.map((r) => ({ ...r, villageName: names.get(String(r.villageCode)) ?? r.villageCode })), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/suggestions', summary: '可能是同一个孩子的已有档案（建档或关联反映前查重）', tags, request: { query: query({ village: '村（社区）代码', name: '姓名', birthDate: '出生日期', age: '年龄', reportId: '按这条反映里的孩子查' }) }, responses: { 200: json(ChildMatchList, '可能是同一个孩子的已有档案（建档或关联反映前查重）'), ...errors(400, 401, 403) } }), async (c) => {
    const user = who(c)
    let village = c.req.query('village')
    let name = (c.req.query('name') ?? '').trim().slice(0, 30)
    let age: number | undefined
    const birthDate = c.req.query('birthDate')
    const ageParam = c.req.query('age')
    const reportId = c.req.query('reportId')
    let text = ''
    if (reportId) {
      if (!idPattern.test(reportId)) throw new HttpError('NOT_FOUND')
      const report = await getReport(reportId)
      if (!report) throw new HttpError('NOT_FOUND')
      if (!inJurisdiction(user, report.villageCode)) throw new HttpError('FORBIDDEN')
      village ??= report.villageCode
      text = `${report.childDescription} ${report.description}`
      const m = /(\d{1,2})\s*(?:岁|周岁)/.exec(text)
      if (m) age = Number(m[1])
    }
    if (!village || !VillageCode.safeParse(village).success) throw bad('village', 'invalid_village', '村（社区）：请选择一个村（社区）')
    if (!inJurisdiction(user, village)) throw new HttpError('FORBIDDEN')
    const today = chinaToday()
    if (birthDate) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw bad('birthDate', 'invalid_date', '出生日期：请按 2015-03-01 的格式填写')
      age = fullYears(birthDate, today)
    } else if (ageParam) {
      age = Number(ageParam)
      if (!Number.isInteger(age) || age < 0 || age > 18) throw bad('age', 'invalid_value', '年龄：0 到 18 岁')
    }
    // A village has tens of children: read its rows (never the files) and score them.
    const rows: Awaited<ReturnType<typeof childRows>>['rows'] = []
    let cursor: string | undefined
    do {
      const page = await childRows({ index: 'byVillage', pk: `VILLAGE#${village}` }, { limit: 100, cursor })
      rows.push(...page.rows)
      cursor = page.cursor
    } while (cursor && rows.length < 2000)
    const names = await divisionNamesCached([village])
    const matches: ChildMatch[] = []
    for (const r of rows) {
      const why: string[] = []
      let score = 0
      const rAge = fullYears(r.birthDate, today)
      if (name && r.name === name) (score += 3), why.push('姓名相同')
      else if (name && r.name[0] === name[0]) (score += 1), why.push('同姓')
      if (text && text.includes(r.name)) (score += 3), why.push('报告中提到了这个名字')
      if (age !== undefined && rAge === age) (score += 2), why.push(`年龄相同（${rAge} 岁）`)
      else if (age !== undefined && Math.abs(rAge - age) === 1) (score += 1), why.push(`年龄相近（${rAge} 岁）`)
      if (score > 0 || (!name && age === undefined && !text)) {
        matches.push({ id: r.id, name: r.name, sex: r.sex, age: rAge, villageCode: r.villageCode, villageName: names.get(r.villageCode) ?? r.villageCode, colour: r.colour, score, why: why.length ? why : ['同村'] })
      }
    }
    matches.sort((a, b) => b.score - a.score)
    return c.json({ items: matches.slice(0, 10) })
  })
  .openapi(route({ method: 'post', path: '/', summary: '建档（带 Idempotency-Key 可安全重试；同一个孩子不会建两份档）', tags, middleware: [labels(childFieldLabels)] as const, request: { headers: idempotencyHeader('required'), body: jsonRequest(EnrolChild) }, responses: { 201: json(EnrolledChild, '已建档'), 200: json(EnrolledChild, '已有档案：答复已有的档案（existing）'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    const input = c.req.valid('json')
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    if (!inJurisdiction(who(c), input.villageCode)) throw new HttpError('FORBIDDEN')
    const names = await divisionNamesCached([input.villageCode])
    const { child, outcome } = await enrolChild(input, who(c), {
      origin: 'survey',
      idempotencyKey: key,
      villageName: names.get(input.villageCode),
      guard: (existing) => {
        if (!inJurisdiction(who(c), existing.villageCode)) {
          throw new HttpError('INVALID_TRANSITION', '这个孩子已在其他村（社区）建档，请联系乡镇核实后再迁移')
        }
      },
    })
    return c.json({ ...(await staffView(child)), ...(outcome === 'created' ? {} : { existing: true }) }, outcome === 'created' ? 201 : 200)
  })
  .openapi(route({ method: 'post', path: '/from-report/{reportId}', summary: '从一条反映建档', tags, middleware: [labels(childFieldLabels)] as const, request: { headers: idempotencyHeader('required'), params: pathParams('reportId'), body: jsonRequest(EnrolChild) }, responses: { 201: json(EnrolledChild, '已建档'), 200: json(EnrolledChild, '已有档案：答复已有的档案（existing）'), ...errors(400, 401, 403, 404, 409, 413, 422) } }), async (c) => {
    const reportId = c.req.param('reportId')
    if (!idPattern.test(reportId)) throw new HttpError('NOT_FOUND')
    const report = await getReport(reportId)
    if (!report) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(who(c), report.villageCode)) throw new HttpError('FORBIDDEN')
    const input = c.req.valid('json')
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    if (!inJurisdiction(who(c), input.villageCode)) throw new HttpError('FORBIDDEN')
    const { child, outcome } = await enrolChild(input, who(c), {
      origin: 'report',
      idempotencyKey: key,
      guard: (existing) => {
        if (!inJurisdiction(who(c), existing.villageCode)) throw new HttpError('INVALID_TRANSITION', '这个孩子已在其他村（社区）建档')
      },
    })
    const linked = await linkReport(child.id, reportId, who(c))
    return c.json({ ...(await staffView(linked.child)), ...(outcome === 'created' ? {} : { existing: true }) }, outcome === 'created' ? 201 : 200)
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一个孩子的档案（查看留痕）', tags, request: { params: pathParams('id') }, responses: { 200: json(ChildStaffView, '一个孩子的档案（查看留痕）'), ...errors(401, 403, 404) } }), async (c) => {
    const child = await childInJurisdiction(who(c), c.req.param('id'))
    await auditChildRead(child.id, who(c), 'file')
    return c.json(await staffView(child))
  })
  .openapi(route({ method: 'get', path: '/{id}/timeline', summary: '档案的时间线（分页）', tags, request: { params: pathParams('id'), query: PageQuery }, responses: { 200: json(ChildTimelinePage, '档案的时间线（分页）'), ...errors(400, 401, 403, 404) } }), async (c) => {
    const child = await childInJurisdiction(who(c), c.req.param('id'))
    const page = pageQuery(c)
    await auditChildRead(child.id, who(c), 'timeline')
    const out = await withBadCursor(async () => {
      try {
        return await childTimeline(child.id, page)
      } catch (e) {
        if (page.cursor) throw new BadCursor()
        throw e
      }
    })
    return c.json({ items: out.items, ...(out.cursor ? { nextCursor: out.cursor } : {}) })
  })
  .openapi(route({ method: 'post', path: '/{id}/update', summary: '修改档案', tags, middleware: [labels(childFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(UpdateChild) }, responses: { 200: json(ChildStaffView, '修改档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await childInJurisdiction(who(c), c.req.param('id'))
    const input = c.req.valid('json')
    if (!inJurisdiction(who(c), input.villageCode)) throw new HttpError('FORBIDDEN')
    try {
      return c.json(await staffView(await updateChild(child.id, input, who(c))))
    } catch (e) {
      // Refused as stale: the answer carries the file as it is now, for the screen to show.
      if (e instanceof HttpError && e.code === 'STALE_VERSION') throw new HttpError('STALE_VERSION', undefined, undefined, await staffView((await getChild(child.id)) ?? child))
      throw e
    }
  })
  .openapi(route({ method: 'post', path: '/{id}/grade', summary: '评定或调整风险等级', tags, middleware: [labels(childFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(GradeChild) }, responses: { 200: json(ChildStaffView, '评定或调整风险等级'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    const names = await divisionNamesCached([child.villageCode])
    return c.json(await staffView(await gradeChild(child.id, c.req.valid('json'), who(c), names.get(child.villageCode))))
  })
  .openapi(route({ method: 'post', path: '/{id}/grade/confirm', summary: '乡镇确认等级调整', tags, middleware: [labels(childFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(ConfirmGrade) }, responses: { 200: json(ChildStaffView, '乡镇确认等级调整'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    if (who(c).role === 'village_director') throw new HttpError('FORBIDDEN', '等级确认由乡镇（街道）负责')
    return c.json(await staffView(await confirmGrade(child.id, c.req.valid('json'), who(c))))
  })
  .openapi(route({ method: 'post', path: '/uploads', summary: '走访照片的上传凭证', tags, middleware: [labels({ contentType: '照片格式' })] as const, request: { body: jsonRequest(ChildPhotoUpload) }, responses: { 201: json(UploadTicket, '上传凭证'), ...errors(400, 401, 403, 413) } }), async (c) => {
    return c.json(await uploadTicket(who(c).id, c.req.valid('json').contentType), 201)
  })
  .openapi(route({ method: 'post', path: '/{id}/visits', summary: '记录走访或联系（带 Idempotency-Key 可安全重试）', tags, middleware: [labels(visitFieldLabelsChild)] as const, request: { headers: idempotencyHeader('required'), params: pathParams('id'), body: jsonRequest(RecordContact) }, responses: { 201: json(ChildVisitRecorded, '已记录'), 200: json(ChildVisitRecorded, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 404, 409, 413, 422) } }), async (c) => {
    const child = await fileToRecordOn(who(c), await childInJurisdiction(who(c), c.req.param('id')))
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    // Only photos this staff member uploaded may be attached (another person's upload key is refused).
    const photoKeys = c.req.valid('json').photoKeys
    const foreign = photoKeys.findIndex((k) => !k.startsWith(`incoming/${who(c).id}/`))
    if (foreign >= 0) throw bad(`photoKeys.${foreign}`, 'not_yours', '照片：请使用自己刚上传的照片')
    const out = await recordContact(child.id, c.req.valid('json'), who(c), key)
    return c.json({ visit: out.entry, child: await staffView(out.child) }, out.created ? 201 : 200)
  })
  .openapi(route({ method: 'post', path: '/{id}/interventions', summary: '记录紧急处置（带 Idempotency-Key 可安全重试）', tags, middleware: [labels({ actedAt: '处置时间', whatWasDone: '处置措施', policeToldAt: '报警时间', policeNotToldReason: '未报警的原因', childSafeNow: '孩子是否安全' })] as const, request: { headers: idempotencyHeader('required'), params: pathParams('id'), body: jsonRequest(RecordIntervention) }, responses: { 201: json(ChildEntryRecorded, '已记录'), 200: json(ChildEntryRecorded, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 404, 409, 413, 422) } }), async (c) => {
    const child = await fileToRecordOn(who(c), await childInJurisdiction(who(c), c.req.param('id')))
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    const out = await recordIntervention(child.id, c.req.valid('json'), who(c), key)
    return c.json({ entry: out.entry, child: await staffView(out.child) }, out.created ? 201 : 200)
  })
  .openapi(route({ method: 'post', path: '/{id}/notes', summary: '添加备注', tags, middleware: [labels({ text: '内容' })] as const, request: { params: pathParams('id'), body: jsonRequest(AddChildNote) }, responses: { 201: json(ChildStaffView, '已添加'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    return c.json(await staffView(await addNote(child.id, c.req.valid('json'), who(c))), 201)
  })
  .openapi(route({ method: 'post', path: '/{id}/help', summary: '记录帮扶', tags, middleware: [labels({ kind: '帮扶类型', givenOn: '帮扶日期', text: '帮扶内容' })] as const, request: { params: pathParams('id'), body: jsonRequest(AddHelp) }, responses: { 201: json(ChildStaffView, '已记录'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    return c.json(await staffView(await addHelp(child.id, c.req.valid('json'), who(c))), 201)
  })
  .openapi(route({ method: 'post', path: '/{id}/problems', summary: '记录发现的问题', tags, middleware: [labels({ text: '发现的问题' })] as const, request: { params: pathParams('id'), body: jsonRequest(AddProblem) }, responses: { 201: json(ChildProblemAdded, '已记录'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    const { child: next, problemId } = await addProblem(child.id, c.req.valid('json'), who(c))
    return c.json({ problemId, child: await staffView(next) }, 201)
  })
  .openapi(route({ method: 'post', path: '/{id}/problems/{problemId}/resolve', summary: '问题已解决', tags, middleware: [labels({ resolution: '解决办法' })] as const, request: { params: pathParams('id', 'problemId'), body: jsonRequest(ResolveProblem) }, responses: { 200: json(ChildStaffView, '问题已解决'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    const problemId = c.req.param('problemId')
    if (!idPattern.test(problemId)) throw new HttpError('NOT_FOUND')
    return c.json(await staffView(await resolveProblem(child.id, problemId, c.req.valid('json'), who(c))))
  })
  .openapi(route({ method: 'post', path: '/{id}/epidemic/start', summary: '疫情期间监护缺失：开始', tags, middleware: [labels({ guardian: '监护人的情况', startedOn: '开始日期', note: '说明' })] as const, request: { params: pathParams('id'), body: jsonRequest(StartEpidemicEpisode) }, responses: { 200: json(ChildStaffView, '疫情期间监护缺失：开始'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    return c.json(await staffView(await startEpidemic(child.id, c.req.valid('json'), who(c))))
  })
  .openapi(route({ method: 'post', path: '/{id}/epidemic/end', summary: '疫情期间监护缺失：结束', tags, middleware: [labels({ note: '说明' })] as const, request: { params: pathParams('id'), body: jsonRequest(EndEpidemicEpisode) }, responses: { 200: json(ChildStaffView, '疫情期间监护缺失：结束'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    return c.json(await staffView(await endEpidemic(child.id, c.req.valid('json'), who(c))))
  })
  .openapi(route({ method: 'post', path: '/{id}/parents-returned', summary: '家长返乡', tags, middleware: [labels({ returnedOn: '返乡日期', relations: '返乡的家长', note: '说明' })] as const, request: { params: pathParams('id'), body: jsonRequest(ParentsReturned) }, responses: { 200: json(ChildStaffView, '家长返乡'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    return c.json(await staffView(await parentsReturned(child.id, c.req.valid('json'), who(c))))
  })
  .openapi(route({ method: 'post', path: '/{id}/reports', summary: '把一条反映关联到档案', tags, middleware: [labels({ reportId: '报告' })] as const, request: { params: pathParams('id'), body: jsonRequest(LinkReport) }, responses: { 201: json(ChildReportLinked, '已关联'), 200: json(ChildReportLinked, '早已关联'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const child = await openChildInJurisdiction(who(c), c.req.param('id'))
    const { reportId } = c.req.valid('json')
    if (!idPattern.test(reportId)) throw new HttpError('NOT_FOUND')
    const report = await getReport(reportId)
    if (!report) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(who(c), report.villageCode)) throw new HttpError('FORBIDDEN')
    const { child: next, linked } = await linkReport(child.id, reportId, who(c))
    return c.json({ linked, child: await staffView(next) }, linked ? 201 : 200)
  })

