import { Hono } from 'hono'
import { CreateExport, ancestorAt, exportFieldLabels } from '@shouhu/shared'
import { exportFileStream, exportsOf, getExport } from '../data/exports'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { jsonBody } from '../middleware/validate'
import { exportJobView, mayReadExport, startExport } from '../workflows/exports'

/**
 * 台账导出 (issue #12): ask for a ledger (answered at once, 202, with the export record), follow
 * its progress in the list, and fetch the finished .xlsx through this API — WeChat downloads only
 * from the project's own domain, so the file is streamed from the bucket through here, never
 * handed out as a storage link.
 */
const idPattern = /^[0-9A-Za-z]{1,40}$/

export const staffExportRoutes = new Hono<StaffEnv>()
  .use(requireUser, requireStaff)
  .post('/', jsonBody(CreateExport, exportFieldLabels), async (c) => {
    const { job, created } = await startExport(c.req.valid('json'), c.var.user, c.req.header('idempotency-key') || undefined)
    return c.json(exportJobView(job), created ? 202 : 200)
  })
  .get('/', async (c) => {
    const page = pageParams(c, 20)
    const user = c.var.user
    // 「全县」: a county officer may see every export taken in the county (who took what, when).
    const wholeCounty = c.req.query('scope') === 'county'
    if (wholeCounty && user.role !== 'county_officer') throw new HttpError('FORBIDDEN', '只有县级民政部门可以查看全县的导出记录')
    const out = await withCursor(page.cursor, () => exportsOf(wholeCounty ? { countyCode: ancestorAt(user.divisionCode, 'county') } : { userId: user.id }, page))
    const now = new Date()
    return c.json({
      items: out.items.map((e) => exportJobView({ ...e, version: 0, countyCode: '', fileKey: '' }, now)),
      ...(out.cursor ? { nextCursor: out.cursor } : {}),
    })
  })
  .get('/:id', async (c) => {
    const job = await readable(c.req.param('id'), c.var.user)
    return c.json(exportJobView(job))
  })
  .get('/:id/file', async (c) => {
    const job = await readable(c.req.param('id'), c.var.user)
    if (job.state !== 'done') throw new HttpError('CONFLICT', '表格还没有生成好，请稍后再下载')
    const file = await exportFileStream(job.fileKey)
    log.info('export downloaded', { exportId: job.id, userId: c.var.user.id, kind: job.kind })
    const name = job.fileName ?? `${job.id}.xlsx`
    return new Response(file.body, {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${job.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        ...(file.length ? { 'content-length': String(file.length) } : {}),
        'cache-control': 'private, no-store',
      },
    })
  })

async function readable(id: string, user: StaffEnv['Variables']['user']) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const job = await getExport(id)
  if (!job) throw new HttpError('NOT_FOUND')
  if (!mayReadExport(user, job)) {
    log.warn('staff denied export outside jurisdiction', { userId: user.id, exportId: id })
    throw new HttpError('FORBIDDEN')
  }
  return job
}
