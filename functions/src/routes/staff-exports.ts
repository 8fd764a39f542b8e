import { CreateExport, ExportJob, ExportList, ancestorAt, exportFieldLabels } from '@shouhu/shared'
import { exportFileStream, exportsOf, getExport } from '../data/exports'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { $, errors, file, json, jsonRequest, labels, pagedQuery, pathParams, route, routes, idempotencyHeader } from '../contract'
import { exportJobView, mayReadExport, startExport } from '../workflows/exports'

/**
 * 台账导出 (issue #12): ask for a ledger (answered at once, 202, with the export record), follow
 * its progress in the list, and fetch the finished .xlsx through this API — WeChat downloads only
 * from the project's own domain, so the file is streamed from the bucket through here, never
 * handed out as a storage link.
 */
const idPattern = /^[0-9A-Za-z]{1,40}$/

const tags = ['台账导出']

export const staffExportRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'post', path: '/', summary: '生成一份台账（.xlsx，在后台生成）；带 Idempotency-Key 可安全重试', tags, middleware: [labels(exportFieldLabels)] as const,
    request: { headers: idempotencyHeader('optional'), body: jsonRequest(CreateExport) },
    responses: { 202: json(ExportJob, '已开始生成'), 200: json(ExportJob, '同一提交标识的重复提交：答复第一次的导出'), ...errors(400, 401, 403, 413) } }), async (c) => {
    const { job, created } = await startExport(c.req.valid('json'), c.var.user, c.req.header('idempotency-key') || undefined)
    return c.json(exportJobView(job), created ? 202 : 200)
  })
  .openapi(route({ method: 'get', path: '/', summary: '导出记录（分页）：自己的，或全县的（县级民政部门）', tags,
    request: { query: pagedQuery({ scope: 'county：全县的导出记录（仅县级民政部门）；省略时为自己的' }) },
    responses: { 200: json(ExportList, '导出记录（分页）'), ...errors(400, 401, 403) } }), async (c) => {
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
  .openapi(route({ method: 'get', path: '/{id}', summary: '一份导出的进度和结果', tags,
    request: { params: pathParams('id') },
    responses: { 200: json(ExportJob, '导出的进度和结果'), ...errors(401, 403, 404) } }), async (c) => {
    const job = await readable(c.req.param('id'), c.var.user)
    return c.json(exportJobView(job))
  })
  .openapi(route({ method: 'get', path: '/{id}/file', summary: '下载生成好的台账（.xlsx，留痕）', tags,
    request: { params: pathParams('id') },
    responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '台账（.xlsx）'), ...errors(401, 403, 404, 409) } }), async (c) => {
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
