import { Hono, type Context } from 'hono'
import {
  type Report,
  ReportCreate,
  type ReportAccessRotated,
  type ReportCreated,
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
import { type AuthEnv, type MaybeUserEnv, optionalUser, requireResident, requireUser } from '../middleware/auth'
import { throttleLookups } from '../middleware/throttle'
import { jsonBody } from '../middleware/validate'
import { newReport } from '../workflows/reports'
import { divisionNames, dutyReceipt, residentView } from '../views/reports'
import { pageParams, withCursor } from '../middleware/paging'

/**
 * The capability that lets the device which filed a report follow it without a code typed in.
 * Derived, not stored, so an anonymous report holds nothing that points back to its reporter;
 * the generation makes it rotatable (a new code ends every earlier token).
 */
const accessTokenFor = async (r: Pick<Report, 'id' | 'accessGeneration'>) =>
  hmac(await sessionSecret(), r.accessGeneration ? `report-access:${r.id}:${r.accessGeneration}` : `report-access:${r.id}`)

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/

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
const trackRoutes = new Hono<MaybeUserEnv>()
  .use(optionalUser, throttleLookups('track'))
  .get('/:code', async (c) => {
    const { report, asOwner } = await trackedReport(c)
    return c.json(residentView(report, await divisionNames([report.villageCode]), asOwner))
  })
  /**
   * A new code and device token, e.g. when someone else saw the code or a phone was lost:
   * every earlier code and token stops working at once.
   */
  .post('/:code/rotate', async (c) => {
    const { report } = await trackedReport(c)
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = attempt === 0 ? report : await getReport(report.id)
      if (!current || current.trackingCode !== report.trackingCode) throw new HttpError('NOT_FOUND')
      const next = await rotateReportAccess(current, newReportTrackingCode(), new Date().toISOString())
      if (next) return c.json({ trackingCode: next.trackingCode, accessToken: await accessTokenFor(next) } satisfies ReportAccessRotated)
    }
    throw new HttpError('CONFLICT')
  })

export const reportRoutes = new Hono<AuthEnv>()
  .route('/track', trackRoutes as unknown as Hono<AuthEnv>)
  .use(requireUser, requireResident)
  .post('/', jsonBody(ReportCreate, reportFieldLabels), async (c) => {
    const key = c.req.header('idempotency-key') ?? ''
    if (!idempotencyKeyPattern.test(key)) {
      throw new HttpError('VALIDATION_FAILED', undefined, [
        { field: 'Idempotency-Key', code: 'missing_idempotency_key', message: '提交标识缺失，请重新打开页面后提交' },
      ])
    }
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
  .get('/mine', async (c) => {
    const page = pageParams(c, 100)
    const { reports, cursor } = await withCursor(page.cursor, () => reportsOwnedBy(c.var.user.id, page))
    const names = await divisionNames(reports.map((r) => r.villageCode))
    // A mandatory reporter's own list carries their receipts: those few reports are read whole, in one call.
    const withReceipt = reports.filter((r) => !r.anonymous && r.reporterRelation && (mandatoryReporterRelations as readonly string[]).includes(r.reporterRelation))
    const whole = new Map((await getReports(withReceipt.map((r) => r.id))).map((r) => [r.id, r]))
    return c.json({ items: reports.map((r) => residentView(whole.get(r.id) ?? r, names, true)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
