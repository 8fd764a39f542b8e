import {
  type Entrustment,
  ChildList,
  EntrustmentContacts,
  EntrustmentForOffice,
  FamilyEntrustmentView,
  StaffEntrustmentPage,
  StaffEntrustmentView,
  PoliceEntrustmentCreate,
  RecordVisit,
  type SessionUser,
  type StaffRole,
  ScheduleVisit,
  entrustmentFieldLabels,
  inJurisdiction,
  isStaff,
  visitFieldLabels,
  seenVersion,
  livingParents,
} from '@shouhu/shared'
import {
  appendEntrustmentEvent,
  entrustmentEvents,
  entrustmentsInDivision,
  entrustmentsOfSchool,
  entrustmentsOfUser,
  getEntrustment,
  type QueueFilter,
} from '../data/entrustments'
import { getUser, liaisonsOfSchool } from '../data/users'
import { BadCursor, areaOf, childRows } from '../data/children'
import { listItems } from '../workflows/child-views'
import { HttpError } from '../errors'
import { narrowedArea } from '../middleware/area-filter'
import { log } from '../log'
import { type AuthEnv, requirePartner, requireStaff, requireStaffOrPartner, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, file, json, jsonRequest, labels, pagedQuery, pathParams, route, routes, idempotencyHeader } from '../contract'
import { registerEntrustment, runEntrustmentAction } from '../workflows/entrustments'
import { entrustmentLetterResponse, letterAvailable, letterUnavailableMessage } from '../documents/lazy'
import { codesOf, divisionNames, familyView, schoolView, staffSummary, staffView } from '../views/entrustments'

/**
 * 委托照护, the other side: the village (and the township and county above it) verifies by a
 * home visit and supervises (001 #7, 004 #5); a school liaison sees its own pupils; police or
 * prison staff start an entrustment for a detained parent (001 #5, 003 §3(六)).
 */

/** Loads an entrustment that civil-affairs staff may work on, or answers 404/403. */
async function inJurisdictionOrRefuse(user: SessionUser, id: string): Promise<Entrustment> {
  const e = await getEntrustment(id)
  if (!e) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, e.villageCode)) {
    log.warn('staff denied entrustment outside jurisdiction', { userId: user.id, entrustmentId: e.id })
    throw new HttpError('FORBIDDEN')
  }
  return e
}

async function staffDetail(e: Entrustment) {
  const schoolIds = [...new Set(e.children.map((ch) => ch.school?.id).filter((id): id is string => !!id))]
  const withLiaison = new Set((await Promise.all(schoolIds.map(async (id) => ((await liaisonsOfSchool(id)).length ? id : undefined)))).filter((id): id is string => !!id))
  const [names, events] = await Promise.all([divisionNames(codesOf(e)), entrustmentEvents(e.id)])
  return staffView(e, names, withLiaison, events)
}

/** Checked on every read inside the action, so a change made meanwhile is never overwritten. */
const sameVersion = (seen: number) => (e: Entrustment) => {
  if (e.version !== seen) throw new HttpError('STALE_VERSION')
}

/**
 * Runs a staff decision made on version `seen` of the entrustment; if it changed since, the
 * answer is 409 with the fresh staff view, and nothing is applied.
 */
async function onSeenVersion(e: Entrustment, seen: number, run: () => Promise<Entrustment>): Promise<Entrustment> {
  const refuse = async () => new HttpError('STALE_VERSION', undefined, undefined, await staffDetail((await getEntrustment(e.id)) ?? e))
  if (e.version !== seen) throw await refuse()
  try {
    return await run()
  } catch (err) {
    if (err instanceof HttpError && (err.code === 'STALE_VERSION' || err.code === 'CONFLICT')) throw await refuse()
    throw err
  }
}

/**
 * A school hears of a pupil's entrustment once a caregiver has accepted (001 #7), and keeps
 * seeing it through later changes; one only registered, or declined, stays with the family.
 */
const schoolMaySee = (e: Entrustment, schoolId: string) =>
  !!(e.acceptedAt || e.lastVisit) && e.children.some((ch) => ch.school?.id === schoolId)

const filters: readonly QueueFilter[] = ['todo', 'active', 'ended', 'all']

const tags = ['委托照护（工作人员与部门）']

export const staffEntrustmentRoutes = $(routes<AuthEnv>().use(requireUser, requireStaffOrPartner))
  .openapi(route({ method: 'get', path: '/', summary: '委托照护队列：工作人员看辖区（分页），学校联络人看本校学生，民警看自己登记的', tags, request: { query: pagedQuery({ filter: 'todo、active（默认）、ended 或 all（工作人员）', village: '只看一个村（社区）（工作人员）', township: '只看一个乡镇（街道）（工作人员）' }) }, responses: { 200: json(StaffEntrustmentPage, '委托照护队列：工作人员看辖区（分页），学校联络人看本校学生，民警看自己登记的'), ...errors(400, 401, 403) } }), async (c) => {
    const user = c.var.user
    if (isStaff(user.role)) {
      const filter = (c.req.query('filter') ?? 'active') as QueueFilter
      if (!filters.includes(filter)) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'filter', code: 'invalid_value', message: '筛选：只能是 todo、active、ended 或 all' }])
      }
      const limit = Number(c.req.query('limit') ?? 50)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'limit', code: 'invalid_value', message: '每页条数：1 到 100' }])
      }
      let page
      try {
        const area = narrowedArea(c, user)
        page = await entrustmentsInDivision(area.role, area.divisionCode, filter, { limit, cursor: c.req.query('cursor') })
      } catch (e) {
        if (c.req.query('cursor') && (e instanceof SyntaxError || (e as Error).name === 'ValidationException')) {
          throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
        }
        throw e
      }
      const names = await divisionNames(page.entrustments.flatMap((e) => [e.villageCode, e.townshipCode]))
      return c.json({ items: page.entrustments.map((e) => staffSummary(e, names)), ...(page.cursor ? { nextCursor: page.cursor } : {}) })
    }
    let items: Entrustment[]
    if (user.role === 'school_liaison') {
      const schoolId = (await getUser(user.id))?.schoolId
      items = schoolId ? (await entrustmentsOfSchool(schoolId)).filter((e) => schoolMaySee(e, schoolId)) : []
    } else {
      items = (await entrustmentsOfUser(user.id)).filter((e) => e.startedBy?.userId === user.id)
    }
    const names = await divisionNames(items.flatMap((e) => [e.villageCode, e.townshipCode]))
    return c.json({ items: items.map((e) => staffSummary(e, names)) })
  })
  .openapi(route({ method: 'post', path: '/', summary: '民警登记委托照护（带 Idempotency-Key 可安全重试）', tags, middleware: [requirePartner('police_officer'), labels(entrustmentFieldLabels)] as const, request: { headers: idempotencyHeader('required'), body: jsonRequest(PoliceEntrustmentCreate) }, responses: { 201: json(FamilyEntrustmentView, '已登记'), 200: json(FamilyEntrustmentView, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    const officer = await getUser(c.var.user.id)
    const input = { ...c.req.valid('json') }
    const { entrustment, created } = await registerEntrustment({ ...input, unit: input.unit || officer?.unit || '' }, c.var.user, c.req.header('idempotency-key'))
    const [names, events] = await Promise.all([divisionNames(codesOf(entrustment)), entrustmentEvents(entrustment.id)])
    return c.json(familyView(entrustment, 'starter', names, events), created ? 201 : 200)
  })
  /**
   * The children cared for under an entrustment: since issue #7 these are rows of the one list
   * of children's files (`/staff/children`), with their colour and next duty.
   */
  .openapi(route({ method: 'get', path: '/care-list', summary: '辖区内有委托照护的孩子（分页）', tags, middleware: [requireStaff] as const, request: { query: PageQuery }, responses: { 200: json(ChildList, '辖区内有委托照护的孩子（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const { role, divisionCode } = c.var.user
    const { rows, cursor } = await childRows(areaOf(role as StaffRole, divisionCode!), { withEntrustment: true, limit: 100, cursor: c.req.query('cursor') || undefined }).catch((e) => {
      if (e instanceof BadCursor) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
      throw e
    })
    return c.json({ items: await listItems(rows, new Date()), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一项委托照护（按身份给出工作人员、学校或登记民警看到的内容）', tags, request: { params: pathParams('id') }, responses: { 200: json(EntrustmentForOffice, '一项委托照护（按身份给出工作人员、学校或登记民警看到的内容）'), ...errors(401, 403, 404) } }), async (c) => {
    const user = c.var.user
    if (isStaff(user.role)) return c.json(await staffDetail(await inJurisdictionOrRefuse(c.var.user, c.req.param('id'))))
    const e = await getEntrustment(c.req.param('id'))
    if (!e) throw new HttpError('NOT_FOUND')
    if (user.role === 'school_liaison') {
      const schoolId = (await getUser(user.id))?.schoolId
      if (!schoolId || !schoolMaySee(e, schoolId)) throw new HttpError('FORBIDDEN')
      return c.json(schoolView(e, schoolId, await divisionNames(codesOf(e))))
    }
    if (e.startedBy?.userId !== user.id) throw new HttpError('FORBIDDEN')
    const [names, events] = await Promise.all([divisionNames(codesOf(e)), entrustmentEvents(e.id)])
    return c.json(familyView(e, 'starter', names, events))
  })
  .openapi(route({ method: 'post', path: '/{id}/schedule-visit', summary: '安排走访（带所看到的版本 version）', tags, middleware: [requireStaff, labels(visitFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(ScheduleVisit)) }, responses: { 200: json(StaffEntrustmentView, '安排走访（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const e = await inJurisdictionOrRefuse(c.var.user, c.req.param('id'))
    const { version, ...input } = c.req.valid('json')
    return c.json(await staffDetail(await onSeenVersion(e, version, () => runEntrustmentAction(e.id, 'schedule_visit', input, c.var.user, 'staff', sameVersion(version)))))
  })
  .openapi(route({ method: 'post', path: '/{id}/visits', summary: '记录走访（带所看到的版本 version）', tags, middleware: [requireStaff, labels(visitFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(RecordVisit)) }, responses: { 200: json(StaffEntrustmentView, '记录走访（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const e = await inJurisdictionOrRefuse(c.var.user, c.req.param('id'))
    const { version, ...visit } = c.req.valid('json')
    const action = visit.outcome === 'caregiver_unfit' ? 'find_unfit' : 'verify'
    return c.json(await staffDetail(await onSeenVersion(e, version, () => runEntrustmentAction(e.id, action, visit, c.var.user, 'staff', sameVersion(version)))))
  })
  .openapi(route({ method: 'post', path: '/{id}/contacts', summary: '查看家长和受委托人的完整电话（留痕）', tags, middleware: [requireStaff] as const, request: { params: pathParams('id') }, responses: { 200: json(EntrustmentContacts, '查看家长和受委托人的完整电话（留痕）'), ...errors(401, 403, 404, 413) } }), async (c) => {
    const e = await inJurisdictionOrRefuse(c.var.user, c.req.param('id'))
    await appendEntrustmentEvent(e.id, {
      at: new Date().toISOString(),
      kind: 'contact_viewed',
      actorId: c.var.user.id,
      actorRole: c.var.user.role,
      actorName: c.var.user.displayName,
      text: '查看了家长和照护人的完整手机号',
    })
    const contacts: EntrustmentContacts = {
      parents: livingParents(e.parents).map((p) => ({ relation: p.relation, name: p.name, phone: p.phone })),
      caregiver: { name: e.caregiver.name, phone: e.caregiver.phone },
    }
    return c.json(contacts)
  })
  .openapi(route({ method: 'get', path: '/{id}/letter', summary: '委托书（PDF，留痕）', tags, middleware: [requireStaff] as const, request: { params: pathParams('id') }, responses: { 200: file('application/pdf', '委托书（PDF，留痕）'), ...errors(401, 403, 404) } }), async (c) => {
    const e = await inJurisdictionOrRefuse(c.var.user, c.req.param('id'))
    // Refused before the audit line: a letter that was not given out is not recorded as downloaded.
    if (!letterAvailable(e)) throw new HttpError('INVALID_TRANSITION', letterUnavailableMessage)
    await appendEntrustmentEvent(e.id, {
      at: new Date().toISOString(),
      kind: 'letter_downloaded',
      actorId: c.var.user.id,
      actorRole: c.var.user.role,
      actorName: c.var.user.displayName,
      text: '下载了委托照护书',
    })
    return entrustmentLetterResponse(e)
  })
