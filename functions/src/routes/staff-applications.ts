import type { Context } from 'hono'
import {
  AcceptApplication,
  type Application,
  ApplicationState,
  type ApplicationStep,
  AnnualReview,
  ApproveApplication,
  EpidemicSwitchInput,
  NoteMissing,
  RecordExit,
  RecordObjection,
  RejectApplication,
  ReviewApplication,
  SendBack,
  StartNotice,
  StartPayment,
  VillageCheck,
  applicationFieldLabels,
  describeClause,
  holderActor,
  seenVersion,
  inJurisdiction,
  policyForDivision,
  chinaDate,
  EpidemicSwitchView,
  PublicNoticeView,
  StaffApplicationPage,
  StaffApplicationView,
} from '@shouhu/shared'
import { epidemicSwitch, setEpidemicSwitch, type EpidemicSwitch } from '../data/policy-switches'
import { type QueueSelection, applicationEvents, applicationsInDivision, getApplication, saveApplicationChange } from '../data/applications'
import { pageParams, withCursor } from '../middleware/paging'
import { viewUrl } from '../data/documents'
import { HttpError } from '../errors'
import { narrowedArea } from '../middleware/area-filter'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, errors, json, jsonRequest, labels, pagedQuery, pathParams, route, routes } from '../contract'
import { applyApplicationStep, epidemicCovers, timersFor } from '../workflows/applications'
import { officesOf, policyOf, publicNotice, staffSummary, staffView } from '../views/applications'
import { divisionNames } from '../views/reports'

const holderLevelOf = { village_director: 'village', township_supervisor: 'township', county_officer: 'county' } as const

const namesFor = (a: Application) => divisionNames([a.villageCode, a.townshipCode, a.countyCode])

/** Loads an application the signed-in staff member may work on, or answers 404/403. */
async function applicationInJurisdiction(c: Context<StaffEnv>): Promise<Application> {
  const a = await getApplication(c.req.param('id')!)
  if (!a) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(c.var.user, a.villageCode)) {
    log.warn('staff denied application outside jurisdiction', { userId: c.var.user.id, applicationId: a.id })
    throw new HttpError('FORBIDDEN')
  }
  return a
}

async function detail(c: Context<StaffEnv>, a: Application) {
  const urls = new Map(await Promise.all(a.documents.map(async (d) => [d.id, await viewUrl(d.key)] as const)))
  const [events, names, epidemic] = await Promise.all([applicationEvents(a.id), namesFor(a), epidemicSwitch(a.countyCode)])
  return staffView(c.var.user, a, events, names, urls, new Date(), epidemic)
}

const countyOf = (divisionCode: string) => `${divisionCode.slice(0, 6)}000000`

function switchView(s: EpidemicSwitch): EpidemicSwitchView {
  const policy = policyForDivision(s.countyCode, chinaDate())
  return {
    countyCode: s.countyCode,
    on: s.on,
    since: s.since,
    byName: s.byName,
    plain: policy?.epidemic.plain ?? '疫情防控期间，申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
    source: describeClause(policy?.epidemic.clause ?? '000 §3(一)'),
  }
}

/**
 * One step of the flow, decided on the version the staff member was shown: the shared
 * transition table decides, and if the application changed since (a review landed a moment
 * earlier), the step is refused with 409 and the fresh application, never re-applied.
 */
async function act<S extends ApplicationStep>(c: Context<StaffEnv>, step: S, body: Parameters<typeof applyApplicationStep<S>>[2] & { version: number }) {
  const { version, ...input } = body
  const a = await applicationInJurisdiction(c)
  const stale = async () => new HttpError('STALE_VERSION', undefined, undefined, await detail(c, (await getApplication(a.id)) ?? a))
  if (a.version !== version) throw await stale()
  const policy = policyOf(a)
  const epidemic = await epidemicCovers(a, policy)
  const { next, events } = applyApplicationStep(a, step, input as typeof body, c.var.user, { now: new Date(), offices: officesOf(a, await namesFor(a)), policy, epidemic })
  if (!(await saveApplicationChange(a, next, events, timersFor(next)))) throw await stale()
  return c.json(await detail(c, { ...next, version: a.version + 1 }))
}

const tags = ['儿童关爱补贴（工作人员）']

/** The staff side of 儿童关爱补贴 (issue #4): a queue per stage and jurisdiction, and one route per step. */
export const staffApplicationRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'get', path: '/', summary: '辖区内各环节的申请（分页，逾期优先）', tags, request: { query: pagedQuery({ stage: 'mine（我这一级待办，默认）、all 或一个申请状态', village: '只看一个村（社区）', township: '只看一个乡镇（街道）' }) }, responses: { 200: json(StaffApplicationPage, '辖区内各环节的申请（分页，逾期优先）'), ...errors(400, 401, 403) } }), async (c) => {
    const stage = c.req.query('stage') ?? 'mine'
    // 'mine' stays the user's own level's work even in a narrowed area.
    const own = c.var.user.role
    const { role, divisionCode } = narrowedArea(c, c.var.user)
    let which: QueueSelection
    if (stage === 'mine') which = { holder: holderLevelOf[own] }
    else if (stage === 'all') which = { all: true }
    else {
      const parsed = ApplicationState.safeParse(stage)
      if (!parsed.success) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'stage', code: 'invalid_value', message: '环节：只能是 mine、all 或一个申请状态' }])
      }
      which = { state: parsed.data }
    }
    // Overdue first, then the longest waiting: the sort key already orders it (stageSortKey).
    const page = pageParams(c, 100)
    const { applications, cursor } = await withCursor(page.cursor, () => applicationsInDivision(role, divisionCode, which, page))
    const names = await divisionNames(applications.flatMap((a) => [a.villageCode, a.townshipCode, a.countyCode]))
    const now = new Date()
    return c.json({ items: applications.map((a) => staffSummary(a, names, now)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  // The county's epidemic switch (000 §3(一)): every staff member of the county sees it; only the
  // county's civil-affairs officer turns it on or off.
  .openapi(route({ method: 'get', path: '/switches/epidemic', summary: '本县疫情防控简化办理是否开启', tags, responses: { 200: json(EpidemicSwitchView, '本县疫情防控简化办理是否开启'), ...errors(401, 403) } }), async (c) => c.json(switchView(await epidemicSwitch(countyOf(c.var.user.divisionCode)))))
  .openapi(route({ method: 'post', path: '/switches/epidemic', summary: '开启或关闭疫情防控简化办理（县民政局）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { body: jsonRequest(EpidemicSwitchInput) }, responses: { 200: json(EpidemicSwitchView, '开启或关闭疫情防控简化办理（县民政局）'), ...errors(400, 401, 403, 409, 413) } }), async (c) => {
    if (c.var.user.role !== 'county_officer') throw new HttpError('FORBIDDEN', '疫情防控简化办理由县民政局开启或关闭')
    const { on } = c.req.valid('json')
    return c.json(switchView(await setEpidemicSwitch(countyOf(c.var.user.divisionCode), on, c.var.user)))
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一份申请的详情', tags, request: { params: pathParams('id') }, responses: { 200: json(StaffApplicationView, '一份申请的详情'), ...errors(401, 403, 404) } }), async (c) => c.json(await detail(c, await applicationInJurisdiction(c))))
  .openapi(route({ method: 'get', path: '/{id}/notice', summary: '这份申请的公示内容', tags, request: { params: pathParams('id') }, responses: { 200: json(PublicNoticeView, '这份申请的公示内容'), ...errors(401, 403, 404) } }), async (c) => {
    const a = await applicationInJurisdiction(c)
    if (!a.notice) throw new HttpError('NOT_FOUND', '这份申请还没有公示')
    return c.json(publicNotice(a, await namesFor(a)))
  })
  .openapi(route({ method: 'post', path: '/{id}/village-check', summary: '村级核实（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(VillageCheck)) }, responses: { 200: json(StaffApplicationView, '村级核实（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'village_check', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/accept', summary: '乡镇受理（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(AcceptApplication)) }, responses: { 200: json(StaffApplicationView, '乡镇受理（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'accept', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/review', summary: '乡镇审核（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(ReviewApplication)) }, responses: { 200: json(StaffApplicationView, '乡镇审核（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'review', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/public-notice', summary: '开始公示（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(StartNotice)) }, responses: { 200: json(StaffApplicationView, '开始公示（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'start_notice', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/objections', summary: '记录公示异议（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(RecordObjection)) }, responses: { 200: json(StaffApplicationView, '记录公示异议（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'record_objection', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/approve', summary: '县级审批通过（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(ApproveApplication)) }, responses: { 200: json(StaffApplicationView, '县级审批通过（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'approve', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/reject', summary: '不予批准（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(RejectApplication)) }, responses: { 200: json(StaffApplicationView, '不予批准（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'reject', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/send-back', summary: '退回补正（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(SendBack)) }, responses: { 200: json(StaffApplicationView, '退回补正（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'send_back', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/payment', summary: '开始发放（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(StartPayment)) }, responses: { 200: json(StaffApplicationView, '开始发放（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'start_payment', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/annual-review', summary: '年度复核（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(AnnualReview)) }, responses: { 200: json(StaffApplicationView, '年度复核（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'annual_review', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/note-missing', summary: '记录缺少的材料（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(NoteMissing)) }, responses: { 200: json(StaffApplicationView, '记录缺少的材料（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'note_missing', c.req.valid('json')))
  // One route for every change at 18 or on leaving; the decision names the step of the table.
  .openapi(route({ method: 'post', path: '/{id}/exit', summary: '退出、继续在校、参军或复学（带所看到的版本 version）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(seenVersion(RecordExit)) }, responses: { 200: json(StaffApplicationView, '退出、继续在校、参军或复学（带所看到的版本 version）'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => {
    const input = c.req.valid('json')
    const step = input.decision === 'in_school' ? 'continue_in_school' : input.decision === 'enlisted' ? 'record_enlistment' : input.decision === 'resumed' ? 'resume_study' : 'record_exit'
    return act(c, step, input)
  })
