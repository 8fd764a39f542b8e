import {
  type Division,
  type LedgerContext,
  type LedgerImportJob,
  type LedgerRowError,
  MAX_IMPORT_ERRORS_KEPT,
  type SessionUser,
  type StaffRole,
  ancestorAt,
  chinaToday,
  checkLedgerRow,
  duplicateRowError,
  inJurisdiction,
  ledgerCategoryChoices,
  ledgerColumn,
  ledgerColumnOfPath,
  ledgerDate,
  policyForDivision,
  rowErrorMessage,
} from '@shouhu/shared'
import { childrenOf, getDivision } from '../data/divisions'
import {
  type StoredImportJob,
  createImportJob,
  getImportJob,
  getLedgerFile,
  importFileKey,
  putLedgerFile,
  saveImportJob,
} from '../data/child-imports'
import { dueAttrs } from '../data/due'
import { LedgerReadError, type LedgerRowCells, ledgerRows, scanLedger } from '../documents/ledger-workbook'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { log } from '../log'
import { enrolChild } from './children'
import type { TableChange } from './stream'

/**
 * 摸排建档 from the county's existing ledger (issue #7). The upload is read once, whole, as a
 * stream (is it a workbook, where is the header, how many rows, which rows repeat a child) and
 * stored; then the stream handler works through it in chunks: each chunk re-reads the workbook,
 * checks its rows, writes each valid child through `enrolChild` (all or nothing per child,
 * idempotent per child) and saves its progress on the job, which triggers the next chunk.
 * A row with any problem writes nothing; importing the same workbook again changes nothing.
 */

/** Rows per chunk: a chunk must finish well inside the stream function's 10 s. */
const chunkRows = () => Number(process.env.IMPORT_CHUNK_ROWS ?? 40)
/** Children written at once within a chunk. */
const CONCURRENCY = 8
/** Repeated children beyond this many: the workbook is refused whole (it is probably two ledgers pasted together). */
const MAX_DUPLICATES = 2000
/** A running job that has not moved for this long is nudged by the scheduler. */
const STALL_MS = 5 * 60_000
const MAX_NUDGES = 3
export const IMPORT_STALLED = 'IMPORT_STALLED'

type Actor = Pick<SessionUser, 'id' | 'role' | 'displayName' | 'divisionCode'> & { role: StaffRole; divisionCode: string }

/** The officer's area as the row checks need it: its villages, from the divisions data, cached. */
const areaCache = new Map<string, { at: number; value: Promise<Omit<LedgerContext, 'today' | 'categories'>> }>()
const AREA_CACHE_MS = 10 * 60_000

async function loadArea(areaCode: string): Promise<Omit<LedgerContext, 'today' | 'categories'>> {
  const area = await getDivision(areaCode)
  const townships: Division[] = area?.level === 'township' ? [area] : area?.level === 'county' ? await childrenOf(areaCode) : []
  // One query per township (泗县: 19), never one read per row.
  const lists = await Promise.all(townships.map((t) => childrenOf(t.code)))
  const villages = new Map<string, { name: string; townshipName: string }>()
  lists.forEach((list, i) => {
    for (const v of list) if (v.level === 'village') villages.set(v.code, { name: v.name, townshipName: townships[i]!.name })
  })
  return { areaCode, areaName: area?.name ?? '本辖区', villages }
}

export async function ledgerContext(areaCode: string, now = new Date()): Promise<LedgerContext> {
  let hit = areaCache.get(areaCode)
  if (!hit || now.getTime() - hit.at > AREA_CACHE_MS) {
    hit = { at: now.getTime(), value: loadArea(areaCode) }
    hit.value.catch(() => areaCache.delete(areaCode))
    areaCache.set(areaCode, hit)
  }
  const today = chinaToday(now)
  return { ...(await hit.value), today, categories: ledgerCategoryChoices(policyForDivision(areaCode, today)) }
}

/** Who a row is about before it is checked: the same key `checkLedgerRow` gives a valid row. */
function rawKey(r: LedgerRowCells): { key: string; byId: boolean } | undefined {
  const id = r.cells.idNumber?.replace(/\s/g, '').toUpperCase()
  if (id) return { key: `id:${id}`, byId: true }
  const { name, birthDate, villageCode } = r.cells
  if (!name || !birthDate || !villageCode) return undefined
  return { key: `row:${name.replace(/\s/g, '')}:${ledgerDate(birthDate) ?? birthDate}:${villageCode.trim()}`, byId: false }
}

const fileError = (code: string, message: string) => new HttpError('VALIDATION_FAILED', message, [{ field: 'file', code, message }])

function readError(e: LedgerReadError): HttpError {
  switch (e.reason) {
    case 'not_xlsx':
      return fileError('not_xlsx', '这不是 Excel 表格（.xlsx）文件，请用台账模板填写后上传')
    case 'no_header':
      return fileError('no_header', '表格里没有找到台账的列名（姓名、性别、出生日期……），请用台账模板填写后上传')
    case 'missing_columns':
      return fileError('missing_columns', `表格缺少这些列：${e.detail.join('、')}，请用台账模板填写后上传`)
    case 'duplicate_columns':
      return fileError('duplicate_columns', `表格里这些列出现了两次：${e.detail.join('、')}，请删掉多余的一列`)
  }
}

/** The job as the officer sees it (the stored item also holds where the file is and how far it got). */
export function jobView(j: StoredImportJob): LedgerImportJob {
  const { version: _v, fileKey: _f, layout: _l, nextRow: _n, duplicates: _d, nudges: _k, duePk: _p, dueSk: _s, ...view } = j as StoredImportJob & Record<string, unknown>
  return view as LedgerImportJob
}

/**
 * Reads the upload once, stores it and creates the job; the stream handler takes it from there.
 * A retried upload with the same Idempotency-Key returns the first job.
 */
export async function startLedgerImport(
  bytes: Uint8Array,
  fileName: string,
  user: Actor,
  idempotencyKey?: string,
  now = new Date(),
): Promise<{ job: StoredImportJob; created: boolean }> {
  const id = idempotencyKey ? `K${sha256(`import:${user.id}:${idempotencyKey}`).slice(0, 25).toUpperCase()}` : newId(now.getTime())
  if (idempotencyKey) {
    const existing = await getImportJob(id, true)
    if (existing) return { job: existing, created: false }
  }
  const seen = new Map<string, number>()
  const duplicates: Record<string, [number, boolean]> = {}
  let duplicateCount = 0
  let scan
  const allRows: LedgerRowCells[] = []
  try {
    scan = await scanLedger(bytes, (r) => {
      allRows.push(r)
      const k = rawKey(r)
      if (!k) return
      const first = seen.get(k.key)
      if (first === undefined) seen.set(k.key, r.row)
      else if (++duplicateCount <= MAX_DUPLICATES) duplicates[r.row] = [first, k.byId]
    })
  } catch (e) {
    if (e instanceof LedgerReadError) throw readError(e)
    throw e
  }
  if (scan.total === 0) throw fileError('empty', '表格里没有孩子的信息：请从第 2 行起一行填一个孩子')
  if (duplicateCount > MAX_DUPLICATES) throw fileError('too_many_duplicates', `表格里有 ${duplicateCount} 行和前面的行是同一个孩子，请删除重复的行后再上传`)

  const at = now.toISOString()
  const countyCode = ancestorAt(user.divisionCode, 'county')
  const job: StoredImportJob = {
    id,
    fileName,
    divisionCode: user.divisionCode,
    countyCode,
    uploadedBy: { id: user.id, name: user.displayName, role: user.role },
    createdAt: at,
    updatedAt: at,
    state: 'running',
    total: scan.total,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    errorsNotShown: 0,
    version: 0,
    fileKey: importFileKey(countyCode, id),
    layout: scan.layout,
    nextRow: scan.layout.headerRow + 1,
  }
  if (duplicateCount) job.duplicates = duplicates
  await putLedgerFile(job.fileKey, bytes)
  rowCache = { key: job.fileKey, rows: allRows }
  const created = await createImportJob(withStallTimer(job, now))
  if (!created) return { job: (await getImportJob(id, true))!, created: false }
  log.info('ledger import started', { importId: id, userId: user.id, divisionCode: user.divisionCode, rows: scan.total, bytes: bytes.length })
  return { job, created: true }
}

function withStallTimer(j: StoredImportJob, now: Date): StoredImportJob {
  const item = j as StoredImportJob & { duePk?: string; dueSk?: string }
  if (j.state === 'running') Object.assign(item, dueAttrs(IMPORT_STALLED, j.id, new Date(now.getTime() + STALL_MS).toISOString()))
  else {
    delete item.duePk
    delete item.dueSk
  }
  return item
}

/**
 * The rows of the workbook being worked on, kept between chunks of the same job in this process.
 * Parsing is the slow part (exceljs streams ≈ 1,000–3,000 rows a second on a busy core), so each
 * process parses a workbook once: the upload's own pass fills this for the chunks that follow in
 * the same process (always so locally); another process parses it once from the bucket.
 */
let rowCache: { key: string; rows: LedgerRowCells[] } | undefined

async function workbookRows(key: string): Promise<LedgerRowCells[]> {
  if (rowCache?.key !== key) {
    const bytes = await getLedgerFile(key)
    const rows: LedgerRowCells[] = []
    for await (const r of ledgerRows(bytes)) rows.push(r)
    rowCache = { key, rows }
  }
  return rowCache.rows
}

type RowOutcome = { kind: 'created' | 'updated' | 'unchanged' } | { kind: 'failed'; errors: LedgerRowError[] }

/** A problem the child file found (e.g. a category not in the policy set), by row and column. */
function rowErrorsFrom(row: number, e: HttpError): LedgerRowError[] {
  return (e.fields ?? [{ field: '', code: e.code, message: e.message }]).map((f) => {
    const key = ledgerColumnOfPath(f.field.split('.'))
    const column = key ? ledgerColumn[key].header : ''
    const text = f.message.includes('：') ? f.message.slice(f.message.indexOf('：') + 1) : f.message
    return { row, column, code: f.code, message: rowErrorMessage(row, column, text) }
  })
}

async function importRow(job: StoredImportJob, r: LedgerRowCells, ctx: LedgerContext, actor: Actor): Promise<RowOutcome> {
  const dup = job.duplicates?.[String(r.row)]
  if (dup) return { kind: 'failed', errors: [duplicateRowError(r.row, dup[0], dup[1])] }
  const check = checkLedgerRow(r.row, r.cells, ctx)
  if (!check.ok) return { kind: 'failed', errors: check.errors }
  try {
    const { outcome } = await enrolChild(check.row.enrolment, actor, {
      origin: 'import',
      villageName: ctx.villages.get(check.row.enrolment.villageCode)?.name,
      importKey: check.row.hasIdNumber ? undefined : check.row.key,
      lastHomeVisitOn: check.row.lastHomeVisitOn,
      // A child already on file elsewhere (moved from another county) is not taken over by a ledger.
      guard: (existing) => {
        if (!inJurisdiction(actor, existing.villageCode)) {
          throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'idNumber', code: 'elsewhere', message: '这个孩子已在其他地区建档，请与孩子现在所在地的民政部门核实' }])
        }
      },
    })
    return { kind: outcome }
  } catch (e) {
    if (e instanceof HttpError && e.status < 500) return { kind: 'failed', errors: rowErrorsFrom(r.row, e) }
    // Only the row number and the error's name: a ledger row is personal data and is never logged.
    log.error('ledger import: row failed, the chunk will be retried', { importId: job.id, row: r.row, error: e instanceof Error ? e.name : String(e), stack: (e as Error).stack?.split('\n').slice(0, 4).join(' | ') })
    throw e
  }
}

/**
 * Works through the next chunk of the job whose stored version is `seenVersion`. Anything
 * else (a newer version, a finished job) means another delivery already did this chunk.
 * A failure part-way leaves the progress unsaved: the stream retries the chunk, and the
 * children already written come back `unchanged`.
 */
export async function runImportChunk(jobId: string, seenVersion: number, now = new Date()): Promise<void> {
  const job = await getImportJob(jobId, true)
  if (!job || job.state !== 'running' || job.version !== seenVersion) return
  const actor: Actor = { id: job.uploadedBy.id, role: job.uploadedBy.role as StaffRole, displayName: job.uploadedBy.name, divisionCode: job.divisionCode }
  let all: LedgerRowCells[]
  try {
    all = await workbookRows(job.fileKey)
  } catch (e) {
    log.error('ledger import: workbook unreadable', { importId: jobId, error: e instanceof Error ? e.name : String(e) })
    return stop(job, '上传的表格读取失败，请重新上传', now)
  }
  const ctx = await ledgerContext(job.divisionCode, now)
  const from = all.findIndex((r) => r.row >= job.nextRow)
  const rows = from < 0 ? [] : all.slice(from, from + chunkRows())
  const after = from < 0 ? undefined : all[from + chunkRows()]
  const finished = !after
  const nextRow = after?.row ?? job.nextRow
  const outcomes: RowOutcome[] = []
  for (let i = 0; i < rows.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(rows.slice(i, i + CONCURRENCY).map((r) => importRow(job, r, ctx, actor)))))
  }
  const next: StoredImportJob = { ...job, version: job.version + 1, updatedAt: now.toISOString(), nextRow, done: job.done + rows.length, nudges: 0 }
  next.errors = [...job.errors]
  for (const o of outcomes) {
    if (o.kind !== 'failed') {
      next[o.kind]++
      continue
    }
    next.failed++
    for (const err of o.errors) {
      if (next.errors.length < MAX_IMPORT_ERRORS_KEPT) next.errors.push(err)
      else next.errorsNotShown++
    }
  }
  if (finished) {
    next.state = 'done'
    next.finishedAt = now.toISOString()
    // The rows counted at upload are the rows there are; say so even if a chunk saw fewer.
    next.done = Math.max(next.done, job.total)
  }
  if (!(await saveImportJob(withStallTimer(next, now), job.version))) return
  if (finished) {
    log.info('ledger import finished', { importId: jobId, userId: job.uploadedBy.id, rows: next.total, created: next.created, updated: next.updated, unchanged: next.unchanged, failed: next.failed })
  }
}

async function stop(job: StoredImportJob, failure: string, now: Date): Promise<void> {
  const next: StoredImportJob = { ...job, version: job.version + 1, state: 'failed', failure, updatedAt: now.toISOString(), finishedAt: now.toISOString() }
  await saveImportJob(withStallTimer(next, now), job.version)
}

/** Stream: a job created or moved on while still running asks for its next chunk. */
export async function childImportChanges({ newImage }: TableChange & { newImage: Record<string, unknown> }): Promise<void> {
  if (!String(newImage.pk).startsWith('IMPORT#') || newImage.sk !== 'IMPORT' || newImage.state !== 'running') return
  await runImportChunk(String(newImage.id), Number(newImage.version))
}

/**
 * Scheduler: a job that has not moved for STALL_MS (its chunk failed past the stream's retries)
 * is nudged — saved again, which asks the stream for the chunk once more — and after
 * MAX_NUDGES stopped with a message, so an officer never watches a bar that will not move.
 */
export async function fireImportStalled(item: { pk: string }, now: Date): Promise<boolean> {
  const job = await getImportJob(item.pk.slice('IMPORT#'.length), true)
  if (!job) return false
  if (job.state !== 'running') {
    await saveImportJob(withStallTimer({ ...job, version: job.version + 1 }, now), job.version)
    return false
  }
  const nudges = job.nudges ?? 0
  if (nudges >= MAX_NUDGES) {
    await stop(job, '导入中断了，已经导入的孩子不受影响；请把同一个表格重新上传，会接着导入没有导入的行', now)
    return true
  }
  const next: StoredImportJob = { ...job, version: job.version + 1, updatedAt: now.toISOString(), nudges: nudges + 1 }
  return saveImportJob(withStallTimer(next, now), job.version)
}
