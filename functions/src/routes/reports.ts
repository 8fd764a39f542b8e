import type { Context } from 'hono'
import {
  type Report,
  ReportCreate,
  ReportAccessRotated,
  ReportCreated,
  ResidentReportList,
  ResidentReportView,
  TrackingCode,
  needsPoliceNow,
  reportFieldLabels,
  mandatoryReporterRelations,
} from '@shouhu/shared'
import { createReport, getReport, getReports, reportIdForTrackingCode, reportsOwnedBy, rotateReportAccess } from '../data/reports'
import { getDivision } from '../data/divisions'
import { config } from '../config'
import { hmac, newReportTrackingCode, sha256 } from '../ids'
import { sessionSecret } from '../secrets'
import { HttpError } from '../errors'
import { requiredIdempotencyKey } from '../idempotency-key'
import { type AuthEnv, type MaybeUserEnv, optionalUser, requireResident, requireUser } from '../middleware/auth'
import { throttleLookups } from '../middleware/throttle'
import { newReport } from '../workflows/reports'
import { divisionNames, dutyReceipt, residentView } from '../views/reports'
import { pageParams, withCursor } from '../middleware/paging'
import { $, PageQuery, errors, json, jsonRequest, labels, pathParams, route, routes, idempotencyHeader, reportTokenHeader } from '../contract'

const tags = ['居民反映']

/**
 * The capability that lets the device which filed a report follow it without a code typed in.
 * Derived, not stored, so an anonymous report holds nothing that points back to its reporter;
 * the generation makes it rotatable (a new code ends every earlier token).
 */
const accessTokenFor = async (r: Pick<Report, 'id' | 'accessGeneration'>) =>
  hmac(await sessionSecret(), r.accessGeneration ? `report-access:${r.id}:${r.accessGeneration}` : `report-access:${r.id}`)


async function created(report: Report): Promise<ReportCreated> {
  const receipt = dutyReceipt(report, await divisionNames([report.villageCode]))
  return {
    id: report.id,
    trackingCode: report.trackingCode,
    accessToken: await accessTokenFor(report),
    status: report.status,
    colour: report.colour,
    callPoliceNow: needsPoliceNow(report.situations),
    createdAt: report.createdAt,
    ...(receipt ? { dutyReceipt: receipt } : {}),
  }
}

/** Whether following by code or token has ended: a set time after the report was closed. */
const accessExpired = (r: Report, now = Date.now()) =>
  !!r.closedAt && now > Date.parse(r.closedAt) + config.reportAccessDaysAfterClose * 86_400_000

/**
 * The report behind a tracking code, for whoever holds the code (any phone, signed in or not)
 * or the device token, or for its owner's account. Anything else is the same 404 as an unknown
 * code, so a guesser learns nothing.
 */
async function trackedReport(c: Context<MaybeUserEnv>): Promise<{ report: Report; asOwner: boolean }> {
  const parsed = TrackingCode.safeParse(c.req.param('code') ?? '')
  const id = parsed.success ? await reportIdForTrackingCode(parsed.data) : undefined
  const report = id ? await getReport(id) : undefined
  // A rotated-away code's item is deleted; this also refuses one read in the same instant.
  if (!report || !parsed.success || report.trackingCode !== parsed.data) throw new HttpError('NOT_FOUND', '没有找到这个查询码，请核对后再输入')
  const asOwner = !!c.var.user && report.ownerId === c.var.user.id
  if (!asOwner && accessExpired(report)) {
    throw new HttpError('NOT_FOUND', `这条反映已办结超过 ${config.reportAccessDaysAfterClose} 天，不再提供进度查询`)
  }
  const token = c.req.header('x-report-token')
  // The code itself is the credential (60 random bits, throttled); a device token, if sent, must be current.
  if (token && token !== (await accessTokenFor(report)) && !asOwner) throw new HttpError('NOT_FOUND', '这台手机保存的查询凭证已停用，请用新的查询码查看')
  return { report, asOwner }
}

/** Tracking-code lookups: open to any phone, throttled per client (see `throttleLookups`). */
const trackRoutes = $(routes<MaybeUserEnv>().use(optionalUser, throttleLookups('track')))
  .openapi(route({ method: 'get', path: '/{code}', summary: '凭查询码查看反映的进度（任何手机；带 X-Report-Token 时须是当前凭证）', tags, security: [], request: { headers: reportTokenHeader, params: pathParams('code') }, responses: { 200: json(ResidentReportView, '凭查询码查看反映的进度（任何手机；带 X-Report-Token 时须是当前凭证）'), ...errors(404, 429) } }), async (c) => {
    const { report, asOwner } = await trackedReport(c)
    return c.json(residentView(report, await divisionNames([report.villageCode]), asOwner))
  })
  /**
   * A new code and device token, e.g. when someone else saw the code or a phone was lost:
   * every earlier code and token stops working at once.
   */
  .openapi(route({ method: 'post', path: '/{code}/rotate', summary: '换一个查询码（旧的查询码和凭证立即失效）', tags, security: [], request: { headers: reportTokenHeader, params: pathParams('code') }, responses: { 200: json(ReportAccessRotated, '换一个查询码（旧的查询码和凭证立即失效）'), ...errors(404, 409, 413, 429) } }), async (c) => {
    const { report } = await trackedReport(c)
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = attempt === 0 ? report : await getReport(report.id)
      if (!current || current.trackingCode !== report.trackingCode) throw new HttpError('NOT_FOUND')
      const next = await rotateReportAccess(current, newReportTrackingCode(), new Date().toISOString())
      if (next) return c.json({ trackingCode: next.trackingCode, accessToken: await accessTokenFor(next) } satisfies ReportAccessRotated)
    }
    throw new HttpError('CONFLICT')
  })

export const reportRoutes = $(routes<AuthEnv>()
  .route('/track', trackRoutes)
  .use(requireUser, requireResident))
  .openapi(route({ method: 'post', path: '/', summary: '居民反映一个孩子的情况（须带 Idempotency-Key）', tags, middleware: [labels(reportFieldLabels)] as const, request: { headers: idempotencyHeader('required'), body: jsonRequest(ReportCreate) }, responses: { 201: json(ReportCreated, '已收到'), 200: json(ReportCreated, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 413, 422) } }), async (c) => {
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    const input = c.req.valid('json')
    if (!(await getDivision(input.villageCode))) {
      throw new HttpError('VALIDATION_FAILED', undefined, [
        { field: 'villageCode', code: 'unknown_village', message: '孩子实际居住的村（社区）：没有找到这个村，请重新选择' },
      ])
    }
    // Scoped to the caller, so a key replayed from another account can never return this
    // report or its token; keyed with the server secret, so an anonymous report still cannot be
    // linked to its reporter through the record (the account id is not in it, and cannot be
    // recovered from the hash without the secret and the device's key).
    const keyHash = hmac(await sessionSecret(), `report-idem:${c.var.user.id}:${key}`)
    const idempotency = { keyHash, bodyHash: sha256(JSON.stringify(input)) }
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await createReport(newReport(input, c.var.user, new Date()), idempotency)
      if (outcome.kind === 'created') return c.json(await created(outcome.report), 201)
      if (outcome.kind === 'replayed') return c.json(await created(outcome.report), 200)
      if (outcome.kind === 'mismatch') throw new HttpError('IDEMPOTENCY_MISMATCH')
      // tracking-code-taken: astronomically rare; draw another code.
    }
    throw new HttpError('INTERNAL')
  })
  .openapi(route({ method: 'get', path: '/mine', summary: '我反映过的（分页）', tags, request: { query: PageQuery }, responses: { 200: json(ResidentReportList, '我反映过的（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const page = pageParams(c, 100)
    const { reports, cursor } = await withCursor(page.cursor, () => reportsOwnedBy(c.var.user.id, page))
    const names = await divisionNames(reports.map((r) => r.villageCode))
    // A mandatory reporter's own list carries their receipts: those few reports are read whole, in one call.
    const withReceipt = reports.filter((r) => !r.anonymous && r.reporterRelation && (mandatoryReporterRelations as readonly string[]).includes(r.reporterRelation))
    const whole = new Map((await getReports(withReceipt.map((r) => r.id))).map((r) => [r.id, r]))
    return c.json({ items: reports.map((r) => residentView(whole.get(r.id) ?? r, names, true)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
