import { bodyLimit } from 'hono/body-limit'
import { LEDGER_SPLIT_ADVICE, LedgerImportJob, LedgerImportJobPage, MAX_LEDGER_BYTES, chinaToday, inJurisdiction, ledgerCategoryChoices, policyForDivision } from '@shouhu/shared'
import { getImportJob, importJobsOf } from '../data/child-imports'
import { buildLedgerWorkbook } from '../documents/ledger-workbook'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jobView, startLedgerImport } from '../workflows/child-import'
import { createMiddleware } from 'hono/factory'
import { $, PageQuery, errors, file, fileNameHeader, idempotencyHeader, json, pathParams, query, route, routes, uploadRequest, xlsxMediaType } from '../contract'

/**
 * 摸排建档 from the county's ledger (issue #7): a county officer (or a township supervisor, for
 * their township) uploads the .xlsx — as multipart/form-data field `file` (what WeChat's
 * wx.uploadFile and a browser form send) or as the raw body — and follows the job's progress.
 * Village directors enrol at the door instead (POST /staff/children).
 */

// A county's 30,000-row ledger is ≈ 4.7 MB: it goes in as several workbooks (by township), each
// its own job; a child in two of them is found again by ID number (or name, birth date and
// village) and filed once. Why not a larger upload: MAX_LEDGER_BYTES (shared/src/child-import.ts).
const tooLarge = () => new HttpError('VALIDATION_FAILED', `文件太大了：${LEDGER_SPLIT_ADVICE}`, [{ field: 'file', code: 'too_large', message: `文件太大了：${LEDGER_SPLIT_ADVICE}` }])
const noFile = () => new HttpError('VALIDATION_FAILED', '请选择要上传的台账表格（.xlsx）', [{ field: 'file', code: 'required', message: '请选择要上传的台账表格（.xlsx）' }])

/** Only those who hold a ledger of several villages: county officers and township supervisors. */
const requireImporter = createMiddleware<StaffEnv>(async (c, next) => {
  const { role } = c.var.user
  if (role !== 'county_officer' && role !== 'township_supervisor') throw new HttpError('FORBIDDEN', '只有县级民政部门和乡镇（街道）可以导入台账')
  await next()
})

/** A name fit to show back: the last path part, no control characters, not too long. */
function cleanFileName(raw: string | undefined): string {
  let name = (raw ?? '').split(/[\\/]/).pop() ?? ''
  try {
    name = decodeURIComponent(name)
  } catch {
    // A name with a stray % is shown as sent.
  }
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100)
  return name || '台账.xlsx'
}

const idPattern = /^[0-9A-Za-z]{1,40}$/

const tags = ['台账导入（摸排建档）']

export const staffChildImportRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff, requireImporter))
  .openapi(
    route({ method: 'post', path: '/', summary: '上传台账（.xlsx，最多 4 MB）开始导入；带 Idempotency-Key 可安全重试', tags,
      // The multipart envelope adds a little to the file; the file itself is checked below.
      middleware: [bodyLimit({ maxSize: MAX_LEDGER_BYTES + 64 * 1024, onError: () => { throw tooLarge() } })] as const,
      request: {
        headers: idempotencyHeader('optional').extend(fileNameHeader.shape),
        query: query({ fileName: '文件名（请求体就是文件时）' }),
        body: uploadRequest('multipart/form-data 的 file（和可选的 fileName），或请求体就是文件', { file: { type: 'string', format: 'binary', description: '台账 .xlsx' }, fileName: { type: 'string', description: '文件名' } }, true),
      },
      responses: { 202: json(LedgerImportJob, '已开始导入'), 200: json(LedgerImportJob, '同一提交标识的重复提交：答复第一次的导入'), ...errors(400, 401, 403, 413) } }),
    async (c) => {
      let bytes: Uint8Array
      let fileName: string
      const type = c.req.header('content-type') ?? ''
      if (type.startsWith('multipart/form-data')) {
        let body: Record<string, string | File | (string | File)[]>
        try {
          body = await c.req.parseBody()
        } catch {
          throw noFile()
        }
        const file = body.file
        if (!(file instanceof File)) throw noFile()
        bytes = new Uint8Array(await file.arrayBuffer())
        // WeChat's temporary file has a made-up name: the page sends the chosen file's name beside it.
        fileName = cleanFileName(typeof body.fileName === 'string' && body.fileName ? body.fileName : file.name)
      } else {
        bytes = new Uint8Array(await c.req.arrayBuffer())
        fileName = cleanFileName(c.req.query('fileName') ?? c.req.header('x-file-name'))
      }
      if (bytes.length === 0) throw noFile()
      if (bytes.length > MAX_LEDGER_BYTES) throw tooLarge()
      const { job, created } = await startLedgerImport(bytes, fileName, c.var.user, c.req.header('idempotency-key') || undefined)
      return c.json(jobView(job), created ? 202 : 200)
    },
  )
  .openapi(route({ method: 'get', path: '/', summary: '导入记录（分页）', tags, request: { query: PageQuery }, responses: { 200: json(LedgerImportJobPage, '导入记录'), ...errors(400, 401, 403) } }), async (c) => {
    const limit = Number(c.req.query('limit') ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'limit', code: 'invalid_value', message: '每页条数：1 到 100' }])
    }
    const cursor = c.req.query('cursor') || undefined
    try {
      const page = await importJobsOf(c.var.user.role, c.var.user.divisionCode, { limit, cursor })
      return c.json({ items: page.items, ...(page.cursor ? { nextCursor: page.cursor } : {}) })
    } catch (e) {
      if (cursor && (e instanceof SyntaxError || (e as Error).name === 'ValidationException')) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
      }
      throw e
    }
  })
  // Declared before /{id}: "template" would pass for an import id.
  .openapi(route({ method: 'get', path: '/template', summary: '下载儿童信息台账模板（.xlsx）', tags, responses: { 200: file(xlsxMediaType, '台账模板：表头、下拉选项和填写说明（儿童类别按本县的政策）'), ...errors(401, 403) } }), async (c) => {
    // The same workbook as docs/ledger/儿童信息台账模板.xlsx (functions/src/local/ledger-workbooks.ts),
    // its 儿童类别 those the import accepts in this officer's area today, so what the template
    // offers is what the import takes.
    const categoryLabels = [...ledgerCategoryChoices(policyForDivision(c.var.user.divisionCode, chinaToday())).keys()]
    return c.body(new Uint8Array(await buildLedgerWorkbook([], { categoryLabels })), 200, {
      'Content-Type': xlsxMediaType,
      'Content-Disposition': `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('儿童信息台账模板.xlsx')}`,
    })
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一次导入的进度和结果', tags, request: { params: pathParams('id') }, responses: { 200: json(LedgerImportJob, '导入进度'), ...errors(401, 403, 404) } }), async (c) => {
    const id = c.req.param('id')
    if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
    const job = await getImportJob(id)
    if (!job) throw new HttpError('NOT_FOUND')
    // A township sees its own imports; the county sees every import in the county.
    if (!inJurisdiction(c.var.user, job.divisionCode)) {
      log.warn('staff denied import outside jurisdiction', { userId: c.var.user.id, importId: id })
      throw new HttpError('FORBIDDEN')
    }
    return c.json(jobView(job))
  })
