import type { Context } from 'hono'
import {
  AcknowledgeReferral,
  CloseReferral,
  CreateReferral,
  Department,
  DepartmentReferralList,
  DepartmentReferralView,
  RecordReferralAction,
  ReferralList,
  ReportReferralList,
  type ReferralAction,
  type SessionUser,
  StaffReferralView,
  createReferralLabels,
  departmentLabel,
  departmentMaySee,
  inJurisdiction,
  isStaff,
  referralActionLabels,
} from '@shouhu/shared'
import { auditChildRead, childrenForReport, getChild } from '../data/children'
import { getReport } from '../data/reports'
import { type ReferralListScope, auditReferralRead, getReferral, referralLinks, referralRows } from '../data/referrals'
import { HttpError } from '../errors'
import { narrowedArea } from '../middleware/area-filter'
import { countersInView, referralFigures, sumRows } from '../workflows/counters'
import { log } from '../log'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { $, errors, json, jsonRequest, labels, pagedQuery, pathParams, route, routes, idempotencyHeader } from '../contract'
import { departmentStep, departmentView, listItems, referChild, staffReferralView } from '../workflows/referrals'
import { requiredIdempotencyKey } from '../idempotency-key'

/**
 * 转介 referrals (issue #11, 004 §4(二)). Civil-affairs staff refer a child and follow what came
 * of it; a department's liaison works only the referrals sent to their department in their
 * county and reads only the facts shared with it. Every read of a referral is audited, on the
 * referral and on the child's read audit (PIPL §35–§37).
 */

const idPattern = /^[0-9A-Za-z]{1,64}$/
const now = () => new Date()

function staffOnly(user: SessionUser): SessionUser & { divisionCode: string } {
  if (!isStaff(user.role) || !user.divisionCode) throw new HttpError('FORBIDDEN')
  return user as SessionUser & { divisionCode: string }
}

function liaisonOnly(user: SessionUser): SessionUser & { divisionCode: string; department: Department } {
  if (user.role !== 'department_liaison' || !user.department || !user.divisionCode) throw new HttpError('FORBIDDEN')
  return user as SessionUser & { divisionCode: string; department: Department }
}

function openParam(c: Context): boolean {
  const state = c.req.query('state') ?? 'open'
  if (state !== 'open' && state !== 'closed') throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'state', code: 'invalid_value', message: '状态：只能是 open（办理中）或 closed（已办结）' }])
  return state === 'open'
}

/** A referral the liaison's department may see; any other is "not found" (its existence is not theirs to know). */
async function departmentReferral(user: SessionUser, id: string) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const loaded = await getReferral(id)
  if (!loaded || !departmentMaySee(user, loaded.referral)) {
    if (loaded) log.warn('department denied referral', { userId: user.id, referralId: id })
    throw new HttpError('NOT_FOUND')
  }
  return loaded
}

async function staffReferral(user: SessionUser, id: string) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const loaded = await getReferral(id)
  if (!loaded) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, loaded.referral.villageCode)) throw new HttpError('FORBIDDEN')
  return loaded
}

const departmentAction = (action: ReferralAction) => async (c: Context<AuthEnv>) => {
  const user = liaisonOnly(c.var.user)
  const loaded = await departmentReferral(user, c.req.param('id')!)
  const input = (c.req as unknown as { valid: (t: 'json') => { version: number } }).valid('json')
  return c.json(departmentView(await departmentStep(user, loaded, action, input, now())))
}

const tags = ['转介（工作人员与部门）']
const stateQuery = { state: 'open（办理中，默认）或 closed（已办结）' }
const stepResponses = { 200: json(DepartmentReferralView, '部门办理后的转介'), ...errors(400, 401, 403, 404, 409, 413) }

export const staffReferralRoutes = $(routes<AuthEnv>().use(requireUser))
  // ---- the department's side --------------------------------------------------------------------
  .openapi(route({ method: 'get', path: '/department', summary: '转给本部门的转介（部门联络人，分页）', tags, request: { query: pagedQuery(stateQuery) },
    responses: { 200: json(DepartmentReferralList, '转给本部门的转介（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const user = liaisonOnly(c.var.user)
    const open = openParam(c)
    const page = pageParams(c)
    const scope: ReferralListScope = { kind: 'department', countyCode: user.divisionCode, department: user.department }
    const { rows, cursor } = await withCursor(page.cursor, () => referralRows(scope, open, page))
    return c.json({ items: listItems(rows, now()), ...(cursor ? { nextCursor: cursor } : {}), departmentLabel: departmentLabel[user.department] })
  })
  .openapi(route({ method: 'get', path: '/department/{id}', summary: '一条转介：部门看到的内容（只有转介时告诉部门的信息，留痕）', tags, request: { params: pathParams('id') },
    responses: { 200: json(DepartmentReferralView, '部门看到的转介'), ...errors(401, 403, 404) } }), async (c) => {
    const user = liaisonOnly(c.var.user)
    const { referral } = await departmentReferral(user, c.req.param('id'))
    await Promise.all([auditReferralRead(referral.id, user, 'department'), auditChildRead(referral.childId, user, `referral:${referral.id}`)])
    return c.json(departmentView(referral))
  })
  .openapi(route({ method: 'post', path: '/department/{id}/acknowledge', summary: '部门签收转介', tags, middleware: [labels(referralActionLabels)] as const,
    request: { params: pathParams('id'), body: jsonRequest(AcknowledgeReferral) }, responses: stepResponses }), departmentAction('acknowledge'))
  .openapi(route({ method: 'post', path: '/department/{id}/actions', summary: '部门记录做了什么', tags, middleware: [labels(referralActionLabels)] as const,
    request: { params: pathParams('id'), body: jsonRequest(RecordReferralAction) }, responses: stepResponses }), departmentAction('record_action'))
  .openapi(route({ method: 'post', path: '/department/{id}/close', summary: '部门办结转介（写明结果）', tags, middleware: [labels(referralActionLabels)] as const,
    request: { params: pathParams('id'), body: jsonRequest(CloseReferral) }, responses: stepResponses }), departmentAction('close'))
  // ---- civil-affairs staff ---------------------------------------------------------------------------
  .openapi(route({ method: 'get', path: '/', summary: '辖区内的转介（分页）；办理中的第一页附各部门的件数和最久的天数', tags, request: { query: pagedQuery({ ...stateQuery, department: '只看转给一个部门的', village: '只看一个村（社区）', township: '只看一个乡镇（街道）' }) },
    responses: { 200: json(ReferralList, '辖区内的转介（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const user = staffOnly(c.var.user)
    const open = openParam(c)
    const page = pageParams(c)
    const departmentParam = c.req.query('department') || undefined
    if (departmentParam !== undefined && !Department.safeParse(departmentParam).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'department', code: 'invalid_value', message: '部门：请选择一个县里的部门' }])
    }
    const area = narrowedArea(c, user)
    const scope: ReferralListScope = { kind: 'area', role: area.role, divisionCode: area.divisionCode }
    const at = now()
    // Open referrals by department and the oldest age come from the overview's counters (kept by
    // the stream, workflows/counters.ts): one Query of the area's village counters, not a read of
    // every open referral.
    const [{ rows, cursor }, counters] = await Promise.all([
      withCursor(page.cursor, () => referralRows(scope, open, page, departmentParam)),
      open && !page.cursor ? countersInView(area, area.role === 'village_director' ? { village: area.divisionCode } : {}) : Promise.resolve(undefined),
    ])
    const byDepartment = counters ? referralFigures(sumRows(counters), at) : undefined
    return c.json({ items: listItems(rows, at), ...(cursor ? { nextCursor: cursor } : {}), ...(byDepartment ? { byDepartment } : {}) })
  })
  .openapi(route({ method: 'post', path: '/', summary: '转介一个孩子到县里的部门（须带 Idempotency-Key，重试不会重复转介）', tags, middleware: [labels(createReferralLabels)] as const,
    request: { headers: idempotencyHeader('required'), body: jsonRequest(CreateReferral) },
    responses: { 201: json(StaffReferralView, '已转介'), 200: json(StaffReferralView, '同一提交标识的重复提交：答复第一次的转介'), ...errors(400, 401, 403, 404, 409, 413, 422) } }), async (c) => {
    const user = staffOnly(c.var.user)
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    const out = await referChild(user, c.req.valid('json'), key, now())
    return c.json(staffReferralView(out.referral, out.childName), out.created ? 201 : 200)
  })
  .openapi(route({ method: 'get', path: '/child/{childId}', summary: '一个孩子的转介', tags, request: { params: pathParams('childId') },
    responses: { 200: json(ReferralList, '这个孩子的转介'), ...errors(401, 403, 404) } }), async (c) => {
    const user = staffOnly(c.var.user)
    const id = c.req.param('childId')
    if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
    const child = await getChild(id)
    if (!child) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(user, child.villageCode)) throw new HttpError('FORBIDDEN')
    return c.json({ items: listItems(await referralLinks({ childId: id }), now()) })
  })
  .openapi(route({ method: 'get', path: '/report/{reportId}', summary: '一条反映引出的转介，和它关联的儿童档案（本辖区的）', tags, request: { params: pathParams('reportId') },
    responses: { 200: json(ReportReferralList, '这条反映引出的转介和关联的档案'), ...errors(401, 403, 404) } }), async (c) => {
    const user = staffOnly(c.var.user)
    const id = c.req.param('reportId')
    if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
    const report = await getReport(id)
    if (!report) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(user, report.villageCode)) throw new HttpError('FORBIDDEN')
    const [links, linked] = await Promise.all([referralLinks({ reportId: id }), childrenForReport(id)])
    // A file moved to another village since the link is not this caller's to open or refer.
    const linkedChildren = linked.filter((ch) => inJurisdiction(user, ch.villageCode)).map(({ id: childId, name }) => ({ id: childId, name }))
    return c.json({ items: listItems(links, now()), linkedChildren })
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一条转介的详情（工作人员，留痕）', tags, request: { params: pathParams('id') },
    responses: { 200: json(StaffReferralView, '转介的详情'), ...errors(401, 403, 404) } }), async (c) => {
    const user = staffOnly(c.var.user)
    const { referral, childName } = await staffReferral(user, c.req.param('id'))
    await auditReferralRead(referral.id, user, 'staff')
    return c.json(staffReferralView(referral, childName))
  })
