import type { Context } from 'hono'
import {
  AddDecisions,
  CompleteTask,
  type Conference,
  ConferenceListRow,
  ConferencePage,
  type ConferenceTask,
  ConferenceTaskItem,
  ConferenceTaskPage,
  ConferenceView,
  ConveneConference,
  type DepartmentTaskView,
  EndGuardianship,
  Guardianship,
  GuardianshipPage,
  GuardianshipView,
  type MassListExportSummary,
  MassListPage,
  ReviewGuardianship,
  type SessionUser,
  StartGuardianship,
  conferenceFieldLabels,
  guardianshipFieldLabels,
  inJurisdiction,
  isStaff,
} from '@shouhu/shared'
import { auditChildRead, auditChildReads, getChild } from '../data/children'
import { openFileOnly } from '../workflows/child-moves'
import { type StoredTask, conferenceTasks, conferencesInTownship, getConference, getTask, ownerOf, tasksOwnedBy, type TaskRow } from '../data/conferences'
import { getGuardianship, guardianshipsInArea } from '../data/guardianships'
import { exportsOf, getSchedule } from '../data/mass-lists'
import { HttpError } from '../errors'
import { log } from '../log'
import { type AuthEnv, type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, file, json, jsonRequest, labels, pagedQuery, pathParams, query, route, routes, xlsxMediaType, idempotencyHeader } from '../contract'
import { requiredIdempotencyKey } from '../idempotency-key'
import { addDecisions, completeTask, convene, mayActOn } from '../workflows/conferences'
import { endGuardianship, reviewGuardianship, startGuardianship } from '../workflows/guardianship'
import { ensureSchedule, exportMassLists } from '../workflows/mass-lists'
import { divisionNames } from '../views/reports'

/**
 * Red cases and the departments around them (issue #11): temporary guardianship (001 #5,
 * 004 #6–7), case conferences (004 §4(二) 个案会商) and the half-yearly lists to the mass
 * organisations (004 §4(三)). Civil-affairs staff only, each in their jurisdiction; the
 * conference tasks a department must carry out are under `conferenceTaskRoutes`, for its
 * liaisons too.
 */

const idPattern = /^[0-9A-Za-z]{1,64}$/
const bad = (field: string, code: string, message: string) => new HttpError('VALIDATION_FAILED', undefined, [{ field, code, message }])

function pageQuery(c: Context) {
  const limit = Number(c.req.query('limit') ?? 50)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw bad('limit', 'invalid_value', '每页条数：1 到 100')
  const cursor = c.req.query('cursor') || undefined
  if (cursor && cursor.length > 2000) throw bad('cursor', 'invalid_cursor', '翻页标记无效，请从第一页重新查看')
  return { limit, cursor }
}

/** A cursor from another list, or edited by hand, is the caller's mistake: a clean 400. */
async function paged<T>(c: Context, p: () => Promise<T>): Promise<T> {
  try {
    return await p()
  } catch (e) {
    if (c.req.query('cursor') && (e instanceof SyntaxError || (e as Error).name === 'ValidationException')) throw bad('cursor', 'invalid_cursor', '翻页标记无效，请从第一页重新查看')
    throw e
  }
}

function onlyRole(user: SessionUser, role: SessionUser['role'], message: string) {
  if (user.role !== role) throw new HttpError('FORBIDDEN', message)
}
const countyOnly = (user: SessionUser) => onlyRole(user, 'county_officer', '临时监护和名单报送由县民政局负责')

async function childInJurisdiction(user: SessionUser, id: string, field?: string) {
  if (!idPattern.test(id)) throw field ? bad(field, 'not_found', '孩子：没有找到这个孩子的档案') : new HttpError('NOT_FOUND')
  const child = await getChild(id)
  if (!child) throw field ? bad(field, 'not_found', '孩子：没有找到这个孩子的档案') : new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, child.villageCode)) {
    log.warn('staff denied child outside jurisdiction', { userId: user.id, childId: id })
    throw new HttpError('FORBIDDEN')
  }
  return child
}

async function guardianshipInJurisdiction(user: SessionUser, id: string) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const g = await getGuardianship(id)
  if (!g) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, g.villageCode)) throw new HttpError('FORBIDDEN')
  return g
}

async function conferenceInJurisdiction(user: SessionUser, id: string): Promise<Conference> {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const conf = await getConference(id)
  if (!conf) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, conf.villageCode)) {
    log.warn('staff denied conference outside jurisdiction', { userId: user.id, conferenceId: id })
    throw new HttpError('FORBIDDEN')
  }
  return conf
}

const taskView = (t: StoredTask | TaskRow): ConferenceTask => ({
  id: t.id,
  conferenceId: t.conferenceId,
  what: t.what,
  assignee: (t as StoredTask).assignee ?? { type: 'staff', userId: '' },
  assigneeLabel: t.assigneeLabel,
  dueOn: t.dueOn,
  status: t.status,
  ...(t.doneAt ? { doneAt: t.doneAt, doneNote: t.doneNote, doneByName: t.doneByName } : {}),
  version: t.version,
})

/** A department sees the task and the facts the conference shared: no child id, no file, no other task. */
const departmentView = (t: StoredTask | TaskRow): DepartmentTaskView => ({
  id: t.id,
  what: t.what,
  dueOn: t.dueOn,
  status: t.status,
  ...(t.doneAt ? { doneAt: t.doneAt, doneNote: t.doneNote } : {}),
  heldOn: t.heldOn,
  subject: t.subject,
  sharedFacts: t.sharedFacts,
  version: t.version,
})

const viewFor = (user: SessionUser, t: StoredTask | TaskRow) => (user.role === 'department_liaison' ? departmentView(t) : { ...(t as TaskRow), ...taskView(t) })

const who = (c: Context<StaffEnv>) => c.var.user

/** A task the user may read and act on. Not theirs is answered as not there for a department: it learns nothing of other departments' tasks. */
async function taskFor(u: SessionUser, id: string): Promise<StoredTask> {
  if (!/^[0-9A-Za-z]{1,64}-[0-9]{1,3}$/.test(id)) throw new HttpError('NOT_FOUND')
  const t = await getTask(id)
  if (!t) throw new HttpError('NOT_FOUND')
  if (!mayActOn(u, t)) throw new HttpError(u.role === 'department_liaison' ? 'NOT_FOUND' : 'FORBIDDEN')
  return t
}

const guardianshipTags = ['红色个案：临时监护']
const conferenceTags = ['红色个案：个案会商']
const massListTags = ['红色个案：报送团委、妇联、残联的名单']
const guardianshipLabels = labels(guardianshipFieldLabels)
const conferenceLabels = labels(conferenceFieldLabels)
const statusQuery = pagedQuery({ status: 'open（未结束，默认）或 all' })

export const staffCaseRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  // ---- temporary guardianship ------------------------------------------------------------------
  .openapi(route({ method: 'post', path: '/children/{childId}/guardianship', summary: '县民政局对孩子实施临时监护（须带 Idempotency-Key）', tags: guardianshipTags, middleware: [guardianshipLabels] as const,
      request: { headers: idempotencyHeader('required'), params: pathParams('childId'), body: jsonRequest(StartGuardianship) },
      responses: { 201: json(Guardianship, '已开始临时监护'), 200: json(Guardianship, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 404, 409, 413, 422) } }),
    async (c) => {
      countyOnly(who(c))
      const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
      const child = await childInJurisdiction(who(c), c.req.param('childId'))
      openFileOnly(child)
      const { guardianship, created } = await startGuardianship(child, c.req.valid('json'), who(c), key)
      return c.json(guardianship, created ? 201 : 200)
    })
  .openapi(route({ method: 'get', path: '/guardianships', summary: '本县（县民政局）或本乡镇（儿童督导员）的临时监护（分页，未结束的在前、复查日期早的在前）', tags: guardianshipTags, request: { query: statusQuery },
      responses: { 200: json(GuardianshipPage, '辖区内的临时监护'), ...errors(400, 401, 403) } }),
    async (c) => {
      // The county holds the guardianship (001 #5); the township supervisor oversees its villages'
      // children and follows the placements read-only. A village director opens a placement from
      // the child's file instead: the list is not theirs.
      const { role, divisionCode } = who(c)
      if (role !== 'county_officer' && role !== 'township_supervisor') throw new HttpError('FORBIDDEN', '临时监护名单在乡镇（街道）和县民政局查看')
      const status = c.req.query('status') ?? 'open'
      if (status !== 'open' && status !== 'all') throw bad('status', 'invalid_value', '状态：只能是 open 或 all')
      const page = pageQuery(c)
      const area = { level: role === 'county_officer' ? ('county' as const) : ('township' as const), code: divisionCode }
      const { rows, cursor } = await paged(c, () => guardianshipsInArea(area, status, page))
      // Each row says where the child lives now and who cares for them, as the placement does:
      // a read of those children's data, audited in one batch, not a write per row.
      const [names] = await Promise.all([divisionNames(rows.map((r) => r.villageCode)), auditChildReads(rows.map((r) => ({ childId: r.childId, what: 'guardianship-list' })), who(c))])
      return c.json({ items: rows.map((r) => ({ ...r, villageName: names.get(r.villageCode) ?? r.villageCode })), ...(cursor ? { nextCursor: cursor } : {}) })
    })
  .openapi(route({ method: 'get', path: '/guardianships/{id}', summary: '一次临时监护的详情', tags: guardianshipTags, request: { params: pathParams('id') },
      responses: { 200: json(GuardianshipView, '这次临时监护'), ...errors(401, 403, 404) } }),
    async (c) => {
      const g = await guardianshipInJurisdiction(who(c), c.req.param('id'))
      // Where the child lives now and who cares for them: a read of the child's data, audited like the file.
      await auditChildRead(g.childId, who(c), 'guardianship')
      return c.json(g)
    })
  .openapi(route({ method: 'post', path: '/guardianships/{id}/review', summary: '记录临时监护的复查', tags: guardianshipTags, middleware: [guardianshipLabels] as const,
      request: { params: pathParams('id'), body: jsonRequest(ReviewGuardianship) },
      responses: { 200: json(Guardianship, '复查后的临时监护'), ...errors(400, 401, 403, 404, 409, 413) } }),
    async (c) => {
      countyOnly(who(c))
      const g = await guardianshipInJurisdiction(who(c), c.req.param('id'))
      return c.json(await reviewGuardianship(g.id, c.req.valid('json'), who(c)))
    })
  .openapi(route({ method: 'post', path: '/guardianships/{id}/end', summary: '结束临时监护', tags: guardianshipTags, middleware: [guardianshipLabels] as const,
      request: { params: pathParams('id'), body: jsonRequest(EndGuardianship) },
      responses: { 200: json(Guardianship, '已结束的临时监护'), ...errors(400, 401, 403, 404, 409, 413) } }),
    async (c) => {
      countyOnly(who(c))
      const g = await guardianshipInJurisdiction(who(c), c.req.param('id'))
      return c.json(await endGuardianship(g.id, c.req.valid('json'), who(c)))
    })
  // ---- case conferences --------------------------------------------------------------------------
  .openapi(route({ method: 'post', path: '/conferences', summary: '召集个案会商并记录决定（须带 Idempotency-Key）', tags: conferenceTags, middleware: [conferenceLabels] as const,
      request: { headers: idempotencyHeader('required'), body: jsonRequest(ConveneConference) },
      responses: { 201: json(ConferenceView, '已记录的会商及其任务'), 200: json(ConferenceView, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 409, 413, 422) } }),
    async (c) => {
      onlyRole(who(c), 'township_supervisor', '个案会商由乡镇（街道）儿童督导员召集')
      const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
      const input = c.req.valid('json')
      const child = await childInJurisdiction(who(c), input.childId, 'childId')
      openFileOnly(child)
      await auditChildRead(child.id, who(c), 'conference')
      const { conference, created } = await convene(child, input, who(c), key)
      const tasks = await conferenceTasks(conference.id)
      return c.json({ ...conference, tasks: tasks.map(taskView) }, created ? 201 : 200)
    })
  .openapi(route({ method: 'get', path: '/conferences', summary: '本乡镇（街道）的个案会商（分页，新的在前）', tags: conferenceTags, request: { query: PageQuery },
      responses: { 200: json(ConferencePage, '本乡镇（街道）的个案会商'), ...errors(400, 401, 403) } }),
    async (c) => {
      if (who(c).role !== 'township_supervisor') throw new HttpError('FORBIDDEN', '会商列表在乡镇（街道）查看')
      const page = pageQuery(c)
      const { rows, cursor } = await paged(c, () => conferencesInTownship(who(c).divisionCode, page))
      // The index's `row` is exactly ConferenceListRow (data/conferences.ts conferenceItem).
      return c.json({ items: rows as ConferenceListRow[], ...(cursor ? { nextCursor: cursor } : {}) })
    })
  .openapi(route({ method: 'get', path: '/conferences/{id}', summary: '一次个案会商的详情（留痕）', tags: conferenceTags, request: { params: pathParams('id') },
      responses: { 200: json(ConferenceView, '这次会商及其任务'), ...errors(401, 403, 404) } }),
    async (c) => {
      const conf = await conferenceInJurisdiction(who(c), c.req.param('id'))
      await auditChildRead(conf.childId, who(c), 'conference')
      return c.json({ ...conf, tasks: (await conferenceTasks(conf.id)).map(taskView) })
    })
  .openapi(route({ method: 'post', path: '/conferences/{id}/decisions', summary: '为会商补充决定', tags: conferenceTags, middleware: [conferenceLabels] as const,
      request: { params: pathParams('id'), body: jsonRequest(AddDecisions) },
      responses: { 200: json(ConferenceView, '补充决定后的会商及其任务'), ...errors(400, 401, 403, 404, 409, 413) } }),
    async (c) => {
      onlyRole(who(c), 'township_supervisor', '个案会商由乡镇（街道）儿童督导员召集')
      const conf = await conferenceInJurisdiction(who(c), c.req.param('id'))
      const { conference } = await addDecisions(conf, c.req.valid('json'), who(c))
      return c.json({ ...conference, tasks: (await conferenceTasks(conference.id)).map(taskView) })
    })
  // ---- lists to the mass organisations ----------------------------------------------------------
  .openapi(route({ method: 'get', path: '/mass-lists', summary: '报送团委、妇联、残联的名单记录（分页）和下次报送时间', tags: massListTags, request: { query: PageQuery },
      responses: { 200: json(MassListPage, '报送记录'), ...errors(400, 401, 403) } }),
    async (c) => {
      countyOnly(who(c))
      await ensureSchedule(who(c).divisionCode)
      const page = pageQuery(c)
      const [{ exports, cursor }, schedule] = await paged(c, () => Promise.all([exportsOf(who(c).divisionCode, page), getSchedule(who(c).divisionCode)]))
      const items: MassListExportSummary[] = exports
      return c.json({ items, nextDueAt: schedule?.nextAt, ...(cursor ? { nextCursor: cursor } : {}) })
    })
  // A GET, so the mini-program can download it (Taro.downloadFile); each download is recorded.
  .openapi(route({ method: 'get', path: '/mass-lists/workbook', summary: '下载报送团委、妇联、残联的红黄蓝名单（.xlsx，留痕）', tags: massListTags,
      request: { query: query({ reason: '报送原因：on_demand（及时通报，默认）或 half_yearly（半年报送）' }) },
      responses: { 200: file(xlsxMediaType, '红黄蓝名单（.xlsx），答复头 X-Export-Id 为这次报送的记录'), ...errors(400, 401, 403) } }),
    async (c) => {
      countyOnly(who(c))
      const reason = c.req.query('reason') ?? 'on_demand'
      if (reason !== 'on_demand' && reason !== 'half_yearly') throw bad('reason', 'invalid_value', '报送原因：只能是 on_demand 或 half_yearly')
      const { record, workbook } = await exportMassLists(who(c), reason)
      return c.body(new Uint8Array(workbook), 200, {
        'Content-Type': xlsxMediaType,
        'Content-Disposition': `attachment; filename="mass-lists-${record.at.slice(0, 10)}.xlsx"`,
        'X-Export-Id': record.id,
      })
    })

/**
 * The tasks conferences gave someone: a department's liaisons see their department's tasks in
 * their county (and only the facts the conference shared); staff see the tasks given to them.
 */
export const conferenceTaskRoutes = $(routes<AuthEnv>()
  .use(requireUser)
  .use(async (c, next) => {
    const u = c.var.user
    if (!(isStaff(u.role) && u.divisionCode) && !(u.role === 'department_liaison' && u.department && u.divisionCode)) throw new HttpError('FORBIDDEN')
    await next()
  }))
  .openapi(route({ method: 'get', path: '/', summary: '会商交给我（或我所在部门）的任务（分页）', tags: conferenceTags, request: { query: statusQuery },
      responses: { 200: json(ConferenceTaskPage, '要办的任务；部门只看到任务和会商提供的信息'), ...errors(400, 401, 403) } }),
    async (c) => {
      const u = c.var.user
      const status = c.req.query('status') ?? 'open'
      if (status !== 'open' && status !== 'all') throw bad('status', 'invalid_value', '状态：只能是 open 或 all')
      const owner = u.role === 'department_liaison' ? ownerOf({ type: 'department', department: u.department! }, u.divisionCode!) : ownerOf({ type: 'staff', userId: u.id }, '')
      const page = pageQuery(c)
      const { rows, cursor } = await paged(c, () => tasksOwnedBy(owner, status, page))
      // The rows carry the facts put before the conference: a read of each child's data, audited.
      await auditChildReads(rows.filter((r) => r.childId).map((r) => ({ childId: r.childId, what: `conference-task:${r.id}` })), u)
      return c.json({ items: rows.map((r) => viewFor(u, r)), ...(cursor ? { nextCursor: cursor } : {}) })
    })
  .openapi(route({ method: 'get', path: '/{id}', summary: '会商交给我（或我所在部门）的一项任务（留痕）', tags: conferenceTags, request: { params: pathParams('id') },
      responses: { 200: json(ConferenceTaskItem, '这项任务；部门只看到任务和会商提供的信息'), ...errors(401, 403, 404) } }),
    async (c) => {
      const u = c.var.user
      const t = await taskFor(u, c.req.param('id'))
      await auditChildRead(t.childId, u, `conference-task:${t.id}`)
      return c.json(viewFor(u, t))
    })
  .openapi(route({ method: 'post', path: '/{id}/done', summary: '记录任务已完成', tags: conferenceTags, middleware: [conferenceLabels] as const,
      request: { params: pathParams('id'), body: jsonRequest(CompleteTask) },
      responses: { 200: json(ConferenceTaskItem, '已完成的任务'), ...errors(400, 401, 403, 404, 409, 413) } }),
    async (c) => {
      const u = c.var.user
      const id = c.req.param('id')
      const t = await taskFor(u, id)
      try {
        return c.json(viewFor(u, await completeTask(t, c.req.valid('json'), u)))
      } catch (e) {
        if (e instanceof HttpError && e.code === 'STALE_VERSION') throw new HttpError('STALE_VERSION', undefined, undefined, viewFor(u, (await getTask(id)) ?? t))
        throw e
      }
    })
