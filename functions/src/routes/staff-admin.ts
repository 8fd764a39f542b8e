import type { Context } from 'hono'
import { type AccountAuditEntry, AccountAuditPage, RosterResult, StaffCreate, StaffPage, StaffRow, TemporaryPasswordResult, StaffUpdate, StaffVersion, ancestorAt, canManage, departmentLabel, isAdministrator, levelOf, roleLabel } from '@shouhu/shared'
import { hashPassword } from '../auth/passwords'
import { forgetSession } from '../auth/sessions'
import { liftAccountLock } from '../auth/throttle'
import { accountAudit, getUser, saveAccount, setPasswordItem, staffDirectory, staffRow, type UserRecord } from '../data/users'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { $, PageQuery, errors, file, json, jsonRequest, labels as withLabels, pathParams, route, routes, uploadRequest, xlsxMediaType, idempotencyHeader } from '../contract'
import { checkPlacement, createManagedAccount, importRoster, rosterTemplate, temporaryPassword } from '../workflows/staff-accounts'

const labels = { username: '账号', displayName: '姓名', role: '岗位', divisionCode: '所在地', schoolId: '学校', unit: '所在单位', version: '版本' }
const MAX_ROSTER_BYTES = 2 * 1024 * 1024

/** Only county officers and township supervisors administer accounts. */
function requireAdministrator(c: Context<StaffEnv>) {
  if (!isAdministrator(c.var.user.role)) throw new HttpError('FORBIDDEN', '只有县民政部门和乡镇儿童督导员可以管理账号')
}

/** An account the signed-in administrator may manage, or 404/403. */
async function managedAccount(c: Context<StaffEnv>): Promise<UserRecord> {
  requireAdministrator(c)
  const id = c.req.param('id') ?? ''
  // Ids are time-ordered base32; anything else cannot name an account (and would be a bad key).
  if (!/^[0-9A-Z]{1,40}$/.test(id)) throw new HttpError('NOT_FOUND')
  const account = await getUser(id)
  if (!account?.username || !account.divisionCode) throw new HttpError('NOT_FOUND')
  if (!canManage(c.var.user, account)) {
    log.warn('staff admin denied outside jurisdiction', { userId: c.var.user.id, target: id })
    throw new HttpError('FORBIDDEN', '您只能管理自己管辖范围内的下级岗位账号')
  }
  return account
}

const audit = (c: Context<StaffEnv>, action: AccountAuditEntry['action'], text?: string): AccountAuditEntry => ({
  at: new Date().toISOString(),
  action,
  actorId: c.var.user.id,
  actorName: c.var.user.displayName,
  ...(text ? { text } : {}),
})

/** Saves under the optimistic lock; every change here ends or keeps sessions as the account says. */
async function save(before: UserRecord, after: UserRecord, entry: AccountAuditEntry, extra: Parameters<typeof saveAccount>[3] = []) {
  if (!(await saveAccount(before, after, entry, extra))) throw new HttpError('CONFLICT')
  forgetSession(before.id)
  return staffRow({ ...after, version: (before.version ?? 0) + 1 })
}

function expectVersion(account: UserRecord, version: number) {
  if ((account.version ?? 0) !== version) throw new HttpError('CONFLICT')
}

/** Reads the roster file from a raw .xlsx body or a multipart upload (`wx.uploadFile` sends one). */
async function rosterFile(c: Context<StaffEnv>): Promise<ArrayBuffer> {
  const length = Number(c.req.header('content-length') ?? 0)
  if (length > MAX_ROSTER_BYTES) throw new HttpError('VALIDATION_FAILED', '花名册文件太大（最多 2 MB）')
  let file: ArrayBuffer
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const body = await c.req.parseBody()
    const part = body.file
    if (!(part instanceof File)) throw new HttpError('VALIDATION_FAILED', '请选择花名册文件', [{ field: 'file', code: 'required', message: '花名册：请选择文件' }])
    file = await part.arrayBuffer()
  } else file = await c.req.arrayBuffer()
  if (file.byteLength > MAX_ROSTER_BYTES) throw new HttpError('VALIDATION_FAILED', '花名册文件太大（最多 2 MB）')
  return file
}

/**
 * Staff administration (issue #10): a county's civil-affairs officer runs the township
 * supervisors, village child directors and partner accounts of the county; a township
 * supervisor runs the child directors of their villages. Every change is audited on the account.
 */
const tags = ['账号管理']

export const staffAdminRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  /** The staff of the administrator's area, a page at a time, ordered by division. */
  .openapi(route({ method: 'get', path: '/accounts', summary: '我可以管理的工作人员账号（分页）', tags, request: { query: PageQuery }, responses: { 200: json(StaffPage, '我可以管理的工作人员账号（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    requireAdministrator(c)
    const { divisionCode } = c.var.user
    const prefix = levelOf(divisionCode) === 'county' ? divisionCode.slice(0, 6) : divisionCode.slice(0, 9)
    const page = pageParams(c)
    const out = await withCursor(page.cursor, () => staffDirectory(ancestorAt(divisionCode, 'county'), prefix, page))
    return c.json({ items: out.items, nextCursor: out.cursor })
  })
  .openapi(route({ method: 'post', path: '/accounts', summary: '开设工作人员账号（答复临时密码）', tags, middleware: [withLabels(labels)] as const, request: { headers: idempotencyHeader('optional'), body: jsonRequest(StaffCreate) }, responses: { 201: json(TemporaryPasswordResult, '已开设'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    requireAdministrator(c)
    return c.json(await createManagedAccount(c.var.user, c.req.valid('json'), c.req.header('idempotency-key')), 201)
  })
  .openapi(route({ method: 'get', path: '/accounts/roster/template', summary: '下载花名册模板（.xlsx）', tags, responses: { 200: file(xlsxMediaType, '花名册模板：表头、示例行和填写说明'), ...errors(401, 403) } }), async (c) => {
    requireAdministrator(c)
    return c.body(new Uint8Array(await rosterTemplate()), 200, {
      'Content-Type': xlsxMediaType,
      'Content-Disposition': `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('工作人员花名册模板.xlsx')}`,
    })
  })
  /** Bulk-create from an Excel roster: all rows or none, each problem named by row and column. */
  .openapi(route({ method: 'post', path: '/accounts/roster', summary: '按花名册（.xlsx）批量开设账号（带 Idempotency-Key 重试不会重复开设）', tags, request: { headers: idempotencyHeader('optional'), body: uploadRequest('multipart/form-data 的 file，或请求体就是文件', { file: { type: 'string', format: 'binary', description: '花名册 .xlsx（最多 2 MB）' } }, true) }, responses: { 201: json(RosterResult, '已开设的账号和有误的行；同一提交标识、同一文件的重复上传答复同样的账号'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    requireAdministrator(c)
    const result = await importRoster(c.var.user, await rosterFile(c), c.req.header('idempotency-key'))
    if (result.errors.length && !result.created.length) {
      return c.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: '花名册有误，没有创建任何账号，请按提示修改后重新上传',
            fields: result.errors.map((e) => ({ field: `rows.${e.row}${e.column ? `.${e.column}` : ''}`, code: 'roster', message: e.message })),
          },
          errors: result.errors,
        },
        400,
      )
    }
    return c.json(result, 201)
  })
  .openapi(route({ method: 'get', path: '/accounts/{id}', summary: '一个工作人员账号', tags, request: { params: pathParams('id') }, responses: { 200: json(StaffRow, '一个工作人员账号'), ...errors(401, 403, 404) } }), async (c) => c.json(staffRow(await managedAccount(c))))
  .openapi(route({ method: 'get', path: '/accounts/{id}/audit', summary: '账号的变更记录（分页）', tags, request: { params: pathParams('id'), query: PageQuery }, responses: { 200: json(AccountAuditPage, '账号的变更记录（分页）'), ...errors(400, 401, 403, 404) } }), async (c) => {
    const account = await managedAccount(c)
    const page = pageParams(c)
    const out = await withCursor(page.cursor, () => accountAudit(account.id, page))
    return c.json({ items: out.items, nextCursor: out.cursor })
  })
  /** Name, role or place. A new role or place ends the account's sessions: its rights changed. */
  .openapi(route({ method: 'post', path: '/accounts/{id}/update', summary: '修改账号（姓名、角色、区划、学校）', tags, middleware: [withLabels(labels)] as const, request: { params: pathParams('id'), body: jsonRequest(StaffUpdate) }, responses: { 200: json(StaffRow, '修改账号（姓名、角色、区划、学校）'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const account = await managedAccount(c)
    const input = c.req.valid('json')
    expectVersion(account, input.version)
    const next: UserRecord = { ...account }
    const changes: string[] = []
    if (input.displayName !== undefined && input.displayName !== account.displayName) {
      changes.push(`姓名：${account.displayName} → ${input.displayName}`)
      next.displayName = input.displayName
    }
    if (input.role && input.divisionCode) {
      const role = input.role
      const placed = await checkPlacement(c.var.user, { id: account.id, role, divisionCode: input.divisionCode, schoolId: input.schoolId ?? account.schoolId })
      if ('errors' in placed) {
        if (placed.errors[0]?.code === 'out_of_jurisdiction') throw new HttpError('FORBIDDEN', '您只能把账号调整到自己管辖范围内的下级岗位')
        throw new HttpError('VALIDATION_FAILED', undefined, placed.errors)
      }
      if (role !== account.role || input.divisionCode !== account.divisionCode) {
        changes.push(`岗位：${roleLabel[account.role]}（${account.divisionName}） → ${roleLabel[role]}（${placed.divisionName}）`)
        Object.assign(next, { role, divisionCode: input.divisionCode, divisionName: placed.divisionName, sessionVersion: (account.sessionVersion ?? 0) + 1 })
      }
      next.schoolId = role === 'school_liaison' ? (input.schoolId ?? account.schoolId) : undefined
      next.unit = role === 'police_officer' ? (input.unit ?? account.unit) : undefined
      next.department = role === 'department_liaison' ? (input.department ?? account.department) : undefined
    } else {
      if (input.unit !== undefined && account.role === 'police_officer') next.unit = input.unit
    }
    if (next.unit !== account.unit) changes.push(`单位：${account.unit ?? '无'} → ${next.unit ?? '无'}`)
    if (next.schoolId !== account.schoolId) changes.push('学校已更改')
    if (next.department !== account.department) {
      changes.push(`部门：${account.department ? departmentLabel[account.department] : '无'} → ${next.department ? departmentLabel[next.department] : '无'}`)
      // The department decides what a liaison may read: a new one ends the old sessions.
      next.sessionVersion = (account.sessionVersion ?? 0) + 1
    }
    if (!changes.length) return c.json(staffRow(account))
    return c.json(await save(account, next, audit(c, 'updated', changes.join('；'))))
  })
  /** Deactivation ends every session and takes the account off the routing lists at once. */
  .openapi(route({ method: 'post', path: '/accounts/{id}/deactivate', summary: '停用账号（其登录立即失效）', tags, request: { params: pathParams('id'), body: jsonRequest(StaffVersion) }, responses: { 200: json(StaffRow, '停用账号（其登录立即失效）'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const account = await managedAccount(c)
    expectVersion(account, c.req.valid('json').version)
    if (account.active === false) return c.json(staffRow(account))
    return c.json(await save(account, { ...account, active: false, sessionVersion: (account.sessionVersion ?? 0) + 1 }, audit(c, 'deactivated')))
  })
  .openapi(route({ method: 'post', path: '/accounts/{id}/reactivate', summary: '恢复账号', tags, request: { params: pathParams('id'), body: jsonRequest(StaffVersion) }, responses: { 200: json(StaffRow, '恢复账号'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const account = await managedAccount(c)
    expectVersion(account, c.req.valid('json').version)
    if (account.active !== false) return c.json(staffRow(account))
    return c.json(await save(account, { ...account, active: true }, audit(c, 'reactivated')))
  })
  /**
   * A temporary password, shown once to the administrator: it must be changed at the next
   * sign-in, every open session ends, and a sign-in lock on the account is lifted.
   */
  .openapi(route({ method: 'post', path: '/accounts/{id}/reset-password', summary: '重置为临时密码', tags, request: { params: pathParams('id'), body: jsonRequest(StaffVersion) }, responses: { 200: json(TemporaryPasswordResult, '重置为临时密码'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const account = await managedAccount(c)
    expectVersion(account, c.req.valid('json').version)
    const password = temporaryPassword()
    const row = await save(
      account,
      { ...account, mustChangePassword: true, sessionVersion: (account.sessionVersion ?? 0) + 1 },
      audit(c, 'password_reset'),
      [setPasswordItem(account.username!, account.id, await hashPassword(password))],
    )
    await liftAccountLock(account.username!)
    return c.json({ account: row, temporaryPassword: password })
  })
