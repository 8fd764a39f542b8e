import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto'
import type ExcelJS from 'exceljs'
import {
  type FieldError,
  type ManagedRole,
  type RosterError,
  type SessionUser,
  StaffCreate,
  canManage,
  contains,
  fieldErrors,
  departmentLabel,
  rosterColumns,
  rosterDepartmentNames,
  rosterRoleNames,
} from '@shouhu/shared'
import { hashPassword } from '../auth/passwords'
import { accountCreateItems, claimRosterUpload, finishRosterUpload, forgetSealedPassword, getAccountCreate } from '../data/account-creates'
import { getDivision } from '../data/divisions'
import { getSchool } from '../data/schools'
import { type UserRecord, createAccount, findLogin, getUser, staffRow } from '../data/users'
import { HttpError } from '../errors'
import { optionalIdempotencyKey } from '../idempotency-key'
import { hmac, sha256 } from '../ids'
import { sessionSecret } from '../secrets'

// No 0/O, 1/l/I: a temporary password is read out over the phone or copied from a note.
const letters = 'abcdefghjkmnpqrstuvwxyz'
const digits = '23456789'

/** A temporary password: 10 characters with letters and digits, from a CSPRNG. */
export function temporaryPassword(): string {
  const all = letters + digits
  const chars = [letters[randomInt(letters.length)]!, digits[randomInt(digits.length)]!]
  while (chars.length < 10) chars.push(all[randomInt(all.length)]!)
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}

const field = (f: string, code: string, message: string): FieldError => ({ field: f, code, message })

/**
 * What a new or changed account must satisfy beyond its schema: the actor may manage that role
 * there, the division exists, a liaison's school is in that township. Returns the division name.
 */
export async function checkPlacement(
  actor: SessionUser,
  target: { id?: string; role: ManagedRole; divisionCode: string; schoolId?: string },
): Promise<{ divisionName: string } | { errors: FieldError[] }> {
  if (!canManage(actor, target)) {
    return { errors: [field('divisionCode', 'out_of_jurisdiction', '所在地：您只能为自己管辖范围内的下级岗位管理账号')] }
  }
  const division = await getDivision(target.divisionCode)
  if (!division) return { errors: [field('divisionCode', 'unknown_division', '所在地：没有这个行政区划，请重新选择')] }
  if (target.role === 'school_liaison') {
    const school = target.schoolId ? await getSchool(target.schoolId) : undefined
    if (!school || !contains(target.divisionCode, school.divisionCode)) {
      return { errors: [field('schoolId', 'unknown_school', '学校：所选乡镇没有这所学校')] }
    }
  }
  return { divisionName: division.name }
}

/** How long a retried create may show the temporary password again: a network retry, not a later visit. */
export const PASSWORD_REPLAY_MINUTES = 15

/** AES-256-GCM under a key derived from the session secret, bound to the one create it belongs to. */
async function sealingKey(): Promise<Buffer> {
  return Buffer.from(hkdfSync('sha256', await sessionSecret(), 'shouhu', 'staff-create-temporary-password', 32))
}
async function seal(plain: string, keyHash: string): Promise<string> {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', await sealingKey(), iv).setAAD(Buffer.from(keyHash))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}
async function unseal(sealed: string, keyHash: string): Promise<string> {
  const raw = Buffer.from(sealed, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', await sealingKey(), raw.subarray(0, 12)).setAAD(Buffer.from(keyHash))
  decipher.setAuthTag(raw.subarray(12, 28))
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
}

/**
 * A create that was already done under this key: the same account and, within the window and
 * while that password is still the account's (not reset, not changed), the same temporary
 * password; afterwards a clear way on (reset the password), never a second account.
 */
async function replayedCreate(keyHash: string, bodyHash: string) {
  const { record, password } = await getAccountCreate(keyHash)
  if (!record) return undefined
  if (record.bodyHash !== bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
  const account = await getUser(record.accountId)
  if (!account) throw new HttpError('INTERNAL')
  const untouched = account.mustChangePassword === true && (account.sessionVersion ?? 1) === 1 && account.active !== false
  if (password && password.until > new Date().toISOString() && untouched) {
    return { account: staffRow(account), temporaryPassword: await unseal(password.sealed, keyHash) }
  }
  if (password) await forgetSealedPassword(keyHash)
  throw new HttpError(
    'CONFLICT',
    `${account.displayName}（${account.username}）的账号已经建好，临时密码只显示一次。请在账号列表里打开这个账号，点“重置密码”取得新的临时密码。`,
  )
}

/**
 * Creates an account with a temporary password (shown once to the administrator). With an
 * Idempotency-Key (the mini-app always sends one) a retry of the same create returns the same
 * account and, for PASSWORD_REPLAY_MINUTES, the same temporary password (see replayedCreate).
 */
export async function createManagedAccount(actor: SessionUser, input: StaffCreate, idempotencyKey?: string) {
  optionalIdempotencyKey(idempotencyKey)
  // Scoped to the administrator: a key cannot replay someone else's create (or its password).
  const keyHash = idempotencyKey ? hmac(await sessionSecret(), `staff-create:${actor.id}:${idempotencyKey}`) : undefined
  const bodyHash = sha256(JSON.stringify(input))
  if (keyHash) {
    const replay = await replayedCreate(keyHash, bodyHash)
    if (replay) return replay
  }
  const placed = await checkPlacement(actor, input)
  if ('errors' in placed) {
    const forbidden = placed.errors[0]?.code === 'out_of_jurisdiction'
    throw forbidden ? new HttpError('FORBIDDEN', '您只能为自己管辖范围内的下级岗位管理账号') : new HttpError('VALIDATION_FAILED', undefined, placed.errors)
  }
  const password = temporaryPassword()
  const sealed = keyHash ? { sealed: await seal(password, keyHash), until: new Date(Date.now() + PASSWORD_REPLAY_MINUTES * 60_000).toISOString() } : undefined
  const { username, ...rest } = input
  const account = await createAccount(
    {
      ...rest,
      ...(input.role === 'school_liaison' ? {} : { schoolId: undefined }),
      ...(input.role === 'police_officer' ? {} : { unit: undefined }),
      ...(input.role === 'department_liaison' ? {} : { department: undefined }),
      divisionName: placed.divisionName,
      mustChangePassword: true,
    },
    { username, passwordHash: await hashPassword(password) },
    { actorId: actor.id, actorName: actor.displayName, text: `${rest.displayName}（${username}）` },
    (user) => (keyHash && sealed ? accountCreateItems(keyHash, { accountId: user.id, bodyHash }, sealed) : []),
  )
  if (!account) {
    // The same create racing itself (a retry while the first request was still running). Its
    // record is written with the login, but a transaction still committing can show the login
    // first (DynamoDB Local does; a full test run under load once answered a roster's second
    // tap without one of its rows): look again for a moment before calling the name taken.
    if (keyHash) {
      for (const wait of [0, 50, 200, 500]) {
        if (wait) await new Promise((resolve) => setTimeout(resolve, wait))
        const replay = await replayedCreate(keyHash, bodyHash)
        if (replay) return replay
      }
    }
    throw new HttpError('CONFLICT', '这个账号名已被使用，请换一个', [field('username', 'taken', '账号：已被使用，请换一个')])
  }
  return { account: staffRow(account), temporaryPassword: password }
}

const MAX_ROSTER_ROWS = 500

/** Reads an Excel roster: the headings in the first row, one account per row after it. */
async function rosterRows(file: ArrayBuffer): Promise<{ rows: { row: number; values: Record<string, string> }[]; errors: RosterError[] }> {
  // Loaded here, not at the top: only a roster upload reads a workbook (see documents/xlsx.ts).
  const workbook = new (await import('exceljs')).default.Workbook()
  try {
    await workbook.xlsx.load(file)
  } catch {
    return { rows: [], errors: [{ row: 0, message: '无法读取这个文件，请上传 Excel（.xlsx）花名册' }] }
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return { rows: [], errors: [{ row: 0, message: '花名册里没有工作表' }] }
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return ''
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('').trim()
    if (typeof v === 'object' && 'text' in v) return String(v.text).trim()
    if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim()
    return String(v).trim()
  }
  const headings = new Map<string, number>()
  sheet.getRow(1).eachCell((cell, col) => headings.set(text(cell.value), col))
  const errors: RosterError[] = []
  for (const c of rosterColumns.slice(0, 4)) {
    if (!headings.has(c.heading)) errors.push({ row: 1, column: c.heading, message: `第 1 行缺少“${c.heading}”这一列` })
  }
  if (errors.length) return { rows: [], errors }
  const rows: { row: number; values: Record<string, string> }[] = []
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values: Record<string, string> = {}
    for (const c of rosterColumns) {
      const col = headings.get(c.heading)
      values[c.key] = col ? text(sheet.getRow(r).getCell(col).value) : ''
    }
    if (Object.values(values).every((v) => !v)) continue
    rows.push({ row: r, values })
  }
  if (rows.length > MAX_ROSTER_ROWS) return { rows: [], errors: [{ row: 0, message: `一次最多导入 ${MAX_ROSTER_ROWS} 人，请分成几个文件` }] }
  if (!rows.length) return { rows: [], errors: [{ row: 2, message: '花名册里没有人员' }] }
  return { rows, errors: [] }
}

const headingOf = (key: string) => rosterColumns.find((c) => c.key === key)?.heading

/** The key each row's account is created under, derived from the roster upload's own key. */
const rowKeyOf = (rosterKeyHash: string, row: number) => `roster-${sha256(rosterKeyHash).slice(0, 40)}-${row}`

/** True when this very row of this very upload already opened the account (a retried upload). */
async function openedByThisUpload(actor: SessionUser, rowKey: string, input: StaffCreate): Promise<boolean> {
  const { record } = await getAccountCreate(hmac(await sessionSecret(), `staff-create:${actor.id}:${rowKey}`))
  return record?.bodyHash === sha256(JSON.stringify(input))
}

/**
 * Bulk-creates accounts from an Excel roster. Every row is checked first; if any row is wrong
 * nothing is created and each problem is named by row and column, so the administrator fixes
 * the file and sends it again without half a roster already in.
 *
 * With an Idempotency-Key (the mini-app sends one per chosen file) a retried upload — two taps,
 * an answer lost on a weak network, even while the first is still running — opens no account
 * twice and shows no misleading 「已被使用」: each row's account is created under a key derived
 * from the upload's, so the retry replays those creates and answers with the same accounts and
 * (within PASSWORD_REPLAY_MINUTES) the same temporary passwords. Another file under the same key
 * is refused (IDEMPOTENCY_MISMATCH); a retry after the password window gets a plain 409 saying
 * the accounts are open and how to get new passwords.
 */
export async function importRoster(actor: SessionUser, file: ArrayBuffer, idempotencyKey?: string) {
  let upload: { keyHash: string; bodyHash: string } | undefined
  if (optionalIdempotencyKey(idempotencyKey, '提交标识无效，请重新选择表格后上传') !== undefined) {
    // Scoped to the administrator: a key cannot replay someone else's roster (or its passwords).
    upload = { keyHash: hmac(await sessionSecret(), `staff-roster:${actor.id}:${idempotencyKey}`), bodyHash: createHash('sha256').update(new Uint8Array(file)).digest('hex') }
    const before = await claimRosterUpload(upload.keyHash, upload.bodyHash)
    if (before && before.bodyHash !== upload.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
    if (before?.doneAt && Date.parse(before.doneAt) + PASSWORD_REPLAY_MINUTES * 60_000 < Date.now()) {
      throw new HttpError('CONFLICT', '这个花名册已经上传过，账号都已开设好。临时密码只显示一次：请在账号列表里找到每个人，点「重置密码」取得新的临时密码。')
    }
  }
  const rowKey = (row: number) => (upload ? rowKeyOf(upload.keyHash, row) : undefined)
  const { rows, errors } = await rosterRows(file)
  if (errors.length) return { created: [], errors }
  const valid: { row: number; input: StaffCreate; divisionName: string }[] = []
  const seen = new Map<string, number>()
  const departmentNames = Object.values(departmentLabel).join('、')
  for (const { row, values } of rows) {
    const role = rosterRoleNames[values.role!] ?? values.role
    const department = values.department ? rosterDepartmentNames[values.department.replace(/\s/g, '')] : undefined
    const rowErrors: RosterError[] = []
    const fail = (key: string, message: string) => {
      const column = headingOf(key)
      rowErrors.push({ row, column, message: `第 ${row} 行“${column ?? ''}”：${message}` })
    }
    // A department liaison answers for one county department (issue #11); nobody else has one.
    if (values.department && !department) fail('department', `部门应为：${departmentNames}`)
    if (values.department && department && role !== 'department_liaison') fail('department', '只有岗位是“部门联络人”的人员填写部门')
    const parsed = StaffCreate.safeParse({
      username: values.username,
      displayName: values.displayName,
      role,
      divisionCode: values.divisionCode,
      schoolId: values.schoolId || undefined,
      unit: values.unit || undefined,
      department: role === 'department_liaison' ? department : undefined,
    })
    if (!parsed.success) {
      for (const e of fieldErrors(parsed.error)) {
        const key = e.field.split('.')[0]!
        // An unknown name is already named above; “请选择部门” is for a row that left it empty.
        if (key === 'department' && values.department) continue
        const message =
          key === 'role' ? '岗位应为：儿童主任、儿童督导员、学校联络人、公安或监狱工作人员或部门联络人' : key === 'department' ? `部门联络人要填写部门（${departmentNames}）` : e.message
        fail(key, message)
      }
    }
    if (rowErrors.length || !parsed.success) {
      errors.push(...rowErrors)
      continue
    }
    const input = parsed.data
    const earlier = seen.get(input.username)
    if (earlier) {
      errors.push({ row, column: '账号', message: `第 ${row} 行“账号”：与第 ${earlier} 行重复` })
      continue
    }
    seen.set(input.username, row)
    if ((await findLogin(input.username)) && !(upload && (await openedByThisUpload(actor, rowKey(row)!, input)))) {
      errors.push({ row, column: '账号', message: `第 ${row} 行“账号”：${input.username} 已被使用` })
      continue
    }
    const placed = await checkPlacement(actor, input)
    if ('errors' in placed) {
      for (const e of placed.errors) {
        const column = headingOf(e.field)
        errors.push({ row, column, message: `第 ${row} 行“${column ?? ''}”：${e.message.replace(/^[^：]+：/, '')}` })
      }
      continue
    }
    valid.push({ row, input, divisionName: placed.divisionName })
  }
  if (errors.length) return { created: [], errors }
  const created = []
  for (const { row, input } of valid) {
    try {
      created.push({ row, ...(await createManagedAccount(actor, input, rowKey(row))) })
    } catch (e) {
      // Taken between the check and the write (someone else added the same name meanwhile).
      if (e instanceof HttpError && e.code !== 'IDEMPOTENCY_MISMATCH') errors.push({ row, column: '账号', message: `第 ${row} 行：${e.message}` })
      else throw e
    }
  }
  if (upload && !errors.length) await finishRosterUpload(upload.keyHash, upload.bodyHash, new Date().toISOString())
  return { created, errors }
}

/**
 * The roster template: the headings in the first row (what `importRoster` reads), one example
 * row of each kind, and a sheet saying what each column takes. The 岗位 and 部门 words are the
 * ones the import accepts, so a filled template imports as it is.
 */
export async function rosterTemplate(): Promise<Buffer> {
  const { writeWorkbook } = await import('../documents/xlsx')
  const example = (username: string, displayName: string, role: string, divisionCode: string, schoolId = '', unit = '', department = '') => ({ username, displayName, role, divisionCode, schoolId, unit, department })
  const roles = [...new Set(Object.keys(rosterRoleNames))]
  return writeWorkbook([
    {
      name: '花名册',
      columns: rosterColumns.map((c) => ({ header: c.heading, key: c.key, width: c.key === 'unit' ? 18 : 14 })),
      rows: [
        example('zhangsan-dh', '张三', '儿童主任', '341324102200'),
        example('lisi-dhz', '李四', '儿童督导员', '341324102000'),
        example('wangwu-edu', '王五', '部门联络人', '341324000000', '', '', '教育局'),
      ],
    },
    {
      name: '填写说明',
      columns: [
        { header: '列', key: 'column', width: 12 },
        { header: '怎么填', key: 'how', width: 90 },
      ],
      rows: [
        { column: '账号', how: '登录用，3 到 32 个小写字母、数字、“-”或“_”，不能和已有账号重复' },
        { column: '姓名', how: '本人姓名，最多 20 个字' },
        { column: '岗位', how: `填写其中之一：${roles.join('、')}` },
        { column: '区划代码', how: '12 位：儿童主任填村（社区），儿童督导员和学校联络人填乡镇（街道），公安或监狱工作人员和部门联络人填县（区）' },
        { column: '学校编号', how: '只有学校联络人填写' },
        { column: '所在单位', how: '公安或监狱工作人员填写，例如：泗县公安局' },
        { column: '部门', how: `只有部门联络人填写，其中之一：${Object.values(departmentLabel).join('、')}` },
        { column: '', how: '请删除示例行后填写。有任何一行填错，都不会开设账号，系统会按行和列说明哪里要改。' },
      ],
    },
  ])
}

export type { UserRecord }
