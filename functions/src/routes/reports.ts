import { Hono } from 'hono'
import { type Report, ReportCreate, type ReportCreated, needsPoliceNow, reportFieldLabels } from '@shouhu/shared'
import { createReport, getReport, reportIdForTrackingCode, reportsOwnedBy } from '../data/reports'
import { getDivision } from '../data/divisions'
import { hmac, sha256 } from '../ids'
import { sessionSecret } from '../secrets'
import { HttpError } from '../errors'
import { type AuthEnv, requireResident, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { newReport } from '../workflows/reports'
import { divisionNames, residentView } from '../views/reports'
import { pageParams, withCursor } from '../middleware/paging'

/**
 * The capability that lets the device which filed a report follow it. Derived, not stored,
 * so an anonymous report holds nothing that points back to its reporter.
 */
const accessTokenFor = async (reportId: string) => hmac(await sessionSecret(), `report-access:${reportId}`)

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/

async function created(report: Report): Promise<ReportCreated> {
  return {
    id: report.id,
    trackingCode: report.trackingCode,
    accessToken: await accessTokenFor(report.id),
    status: report.status,
    colour: report.colour,
    callPoliceNow: needsPoliceNow(report.situations),
    createdAt: report.createdAt,
  }
}

export const reportRoutes = new Hono<AuthEnv>()
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
    // The key is hashed alone, not with the account: an anonymous report must not be
    // linkable to its reporter even through the idempotency record.
    const idempotency = { keyHash: sha256(key), bodyHash: sha256(JSON.stringify(input)) }
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
    return c.json({ items: reports.map((r) => residentView(r, names)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .get('/track/:code', async (c) => {
    const id = await reportIdForTrackingCode(c.req.param('code').toUpperCase())
    const report = id ? await getReport(id) : undefined
    if (!report) throw new HttpError('NOT_FOUND')
    const token = c.req.header('x-report-token')
    const owns = report.ownerId === c.var.user.id
    if (!owns && token !== (await accessTokenFor(report.id))) throw new HttpError('NOT_FOUND')
    return c.json(residentView(report, await divisionNames([report.villageCode])))
  })
