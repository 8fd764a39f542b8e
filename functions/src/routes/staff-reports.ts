import {
  ReporterContact,
  StaffReportPage,
  StaffReportView,
  Acknowledge,
  AddNote,
  CloseReport,
  Regrade,
  RecordReportIntervention,
  interventionFieldLabels,
  type Report,
  type ReportAction,
  actionFieldLabels,
  inJurisdiction,
  reporterRelationLabel,
  type ReporterRelation,
} from '@shouhu/shared'
import { appendReportEvent, getReport, reportEvents, reportsInDivision, saveReportChange } from '../data/reports'
import { HttpError } from '../errors'
import { narrowedArea } from '../middleware/area-filter'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, errors, json, jsonRequest, labels, pagedQuery, pathParams, route, routes } from '../contract'
import { applyReportAction } from '../workflows/reports'
import { recordReportIntervention } from '../workflows/report-intervention'
import { divisionNames, staffSummary, staffView } from '../views/reports'
import type { Context } from 'hono'

/** Loads a report the signed-in staff member may work on, or answers 404/403. */
async function reportInJurisdiction(c: Context<StaffEnv>): Promise<Report> {
  const report = await getReport(c.req.param('id')!)
  if (!report) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(c.var.user, report.villageCode)) {
    log.warn('staff denied report outside jurisdiction', { userId: c.var.user.id, reportId: report.id })
    throw new HttpError('FORBIDDEN')
  }
  return report
}



/**
 * Runs one action on the version of the report the staff member was shown. If the report
 * changed since (another director acknowledged it, a regrade landed), the decision is refused
 * with 409 and the fresh report, never re-applied to a state nobody looked at.
 */
async function act<A extends ReportAction>(c: Context<StaffEnv>, action: A, input: Parameters<typeof applyReportAction<A>>[2] & { version: number }) {
  const report = await reportInJurisdiction(c)
  const stale = async () => new HttpError('STALE_VERSION', undefined, undefined, await detail(c, (await getReport(report.id)) ?? report))
  if (report.version !== input.version) throw await stale()
  const { next, events } = applyReportAction(report, action, input, c.var.user, new Date())
  if (!(await saveReportChange(report, next, events))) throw await stale()
  return c.json(await detail(c, { ...next, version: report.version + 1 }))
}

const auditViewOfReporter = (c: Context<StaffEnv>, report: Report, what: string) =>
  appendReportEvent(report.id, {
    at: new Date().toISOString(),
    kind: 'contact_viewed',
    actorId: c.var.user.id,
    actorRole: c.var.user.role,
    actorName: c.var.user.displayName,
    text: what,
  })

/**
 * The staff view of one report. Whoever sees a named reporter's details in it (masked for
 * township and county, in full for the village director the reporter allowed) is audited here,
 * whichever route answers with it (003 §3(一) reporter confidentiality).
 */
async function detail(c: Context<StaffEnv>, report: Report) {
  const names = await divisionNames([report.villageCode, report.townshipCode])
  const seen = staffView(c.var.user, report, names, []).reporter.visibility
  if (seen === 'masked') await auditViewOfReporter(c, report, '看了反映人信息（部分隐藏）')
  if (seen === 'shown') await auditViewOfReporter(c, report, '看了反映人的姓名和电话（反映人同意村里联系）')
  return staffView(c.var.user, report, names, await reportEvents(report.id))
}

const tags = ['反映处理（工作人员）']

export const staffReportRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'get', path: '/', summary: '辖区内的反映（分页，逾期优先）', tags, request: { query: pagedQuery({ status: 'open（未办结，默认）、closed、all、received（待确认）或 acknowledged（处理中）', village: '只看一个村（社区）', township: '只看一个乡镇（街道）' }) }, responses: { 200: json(StaffReportPage, '辖区内的反映（分页，逾期优先）'), ...errors(400, 401, 403) } }), async (c) => {
    const status = c.req.query('status') ?? 'open'
    if (status !== 'open' && status !== 'closed' && status !== 'all' && status !== 'received' && status !== 'acknowledged') {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'status', code: 'invalid_value', message: '状态：只能是 open、closed、all、received 或 acknowledged' }])
    }
    const limit = Number(c.req.query('limit') ?? 50)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'limit', code: 'invalid_value', message: '每页条数：1 到 100' }])
    }
    const { role, divisionCode } = narrowedArea(c, c.var.user)
    let page
    try {
      page = await reportsInDivision(role, divisionCode, status, { limit, cursor: c.req.query('cursor') })
    } catch (e) {
      // A cursor from another queue (or edited by hand) does not match this query's keys.
      if (c.req.query('cursor') && (e instanceof SyntaxError || (e as Error).name === 'ValidationException')) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
      }
      throw e
    }
    const names = await divisionNames(page.reports.flatMap((r) => [r.villageCode, r.townshipCode]))
    return c.json({ items: page.reports.map((r) => staffSummary(r, names)), ...(page.cursor ? { nextCursor: page.cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一条反映的详情（看到反映人信息时留痕）', tags, request: { params: pathParams('id') }, responses: { 200: json(StaffReportView, '一条反映的详情（看到反映人信息时留痕）'), ...errors(401, 403, 404) } }), async (c) => {
    return c.json(await detail(c, await reportInJurisdiction(c)))
  })
  .openapi(route({ method: 'post', path: '/{id}/acknowledge', summary: '签收', tags, middleware: [labels(actionFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(Acknowledge) }, responses: { 200: json(StaffReportView, '签收'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'acknowledge', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/regrade', summary: '调整风险等级', tags, middleware: [labels(actionFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(Regrade) }, responses: { 200: json(StaffReportView, '调整风险等级'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'regrade', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/notes', summary: '添加处理记录', tags, middleware: [labels(actionFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(AddNote) }, responses: { 200: json(StaffReportView, '添加处理记录'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'note', c.req.valid('json')))
  .openapi(route({ method: 'post', path: '/{id}/close', summary: '办结', tags, middleware: [labels(actionFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(CloseReport) }, responses: { 200: json(StaffReportView, '办结'), ...errors(400, 401, 403, 404, 409, 413) } }), (c) => act(c, 'close', c.req.valid('json')))
  // 记录处置: what takes a red report off 未记录处置 (report-intervention.ts).
  .openapi(route({ method: 'post', path: '/{id}/intervention', summary: '记录红色反映的处置（到场、发现、报警时间、孩子现在在哪里）', tags, middleware: [labels(interventionFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(RecordReportIntervention) }, responses: { 200: json(StaffReportView, '同样的处置已记录过'), 201: json(StaffReportView, '处置已记录'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const out = await recordReportIntervention(await reportInJurisdiction(c), c.req.valid('json'), c.var.user)
    if (out.kind === 'stale') throw new HttpError('STALE_VERSION', undefined, undefined, await detail(c, out.report))
    return c.json(await detail(c, out.report), out.kind === 'saved' ? 201 : 200)
  })
  .openapi(route({ method: 'post', path: '/{id}/reporter-contact', summary: '查看反映人的完整联系方式（留痕）', tags, request: { params: pathParams('id') }, responses: { 200: json(ReporterContact, '查看反映人的完整联系方式（留痕）'), ...errors(401, 403, 404, 413) } }), async (c) => {
    const report = await reportInJurisdiction(c)
    if (report.anonymous) throw new HttpError('NOT_FOUND', '这条反映是匿名的，没有联系方式')
    if (c.var.user.role === 'village_director' && report.contactPermission !== 'may_contact') {
      throw new HttpError('FORBIDDEN', '反映人要求对村级保密，如需联系请由乡镇督导员处理')
    }
    await auditViewOfReporter(c, report, '看了反映人的完整电话')
    return c.json({
      name: report.reporterName!,
      phone: report.reporterPhone!,
      relation: reporterRelationLabel[(report.reporterRelation ?? 'other') as ReporterRelation] ?? '其他',
      ...(report.reporterUnit ? { unit: report.reporterUnit } : {}),
    })
  })
