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
  getLedgerPart,
  importFileKey,
  partKey,
  putLedgerFile,
  putLedgerPart,
  saveImportJob,
} from '../data/child-imports'
import { dueAttrs } from '../data/due'
import { LedgerReadError, type LedgerRowCells, scanLedger } from '../documents/ledger-workbook'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { invokeAsync } from '../lambda/invoke'
import { log } from '../log'
import { enrolChild } from './children'
import type { TableChange } from './stream'

/**
 * 摸排建档 from the county's existing ledger (issue #7), at county size (10,000–30,000 rows)
 * within the functions' 10 s:
 *
 * 1. Upload (API): checks only what is instant (size, that it is a zip), stores the file and
 *    the job (`phase: reading`) and answers 202 at once.
 * 2. Read (once; in the cloud the import worker, lambda/import-worker.ts, started by the stream;
 *    locally the stream handler itself): streams the workbook whole — the header, every row,
 *    which rows repeat a child — and writes the rows back beside it as parts of `chunkRows()`
 *    rows; the job gets its `total` and `phase: importing`. Nothing about a child is written in
 *    this step. A 4 MB workbook takes ≈ 3.5 s of CPU to parse: too close to the stream
 *    function's 10 s on its fraction of a core, and a stall there holds up every other table
 *    change (a red report's notification among them).
 * 3. Chunks (stream, one per part): each reads one part, checks its rows, writes each valid
 *    child through `enrolChild` (all or nothing per child, idempotent per child) and saves its
 *    progress on the job (`nextPart`, the checkpoint, under the job's version), which triggers
 *    the next chunk. A chunk that fails before its checkpoint is delivered again; its rows
 *    already written come back `unchanged`, never twice. A job that stops moving is nudged by
 *    the scheduler (IMPORT_STALLED).
 *
 * A row with any problem writes nothing; importing the same workbook again changes nothing.
 */

/** Rows per chunk: a chunk must finish well inside the stream function's 10 s. */
const chunkRows = () => Number(process.env.IMPORT_CHUNK_ROWS ?? 200)
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

/** Why a workbook cannot be read, in the officer's words, with a stable code. */
function readFailure(e: LedgerReadError): { code: string; message: string } {
  switch (e.reason) {
    case 'not_xlsx':
      return { code: 'not_xlsx', message: '这不是 Excel 表格（.xlsx）文件，请用台账模板填写后上传' }
    case 'no_header':
      return { code: 'no_header', message: '表格里没有找到台账的列名（姓名、性别、出生日期……），请用台账模板填写后上传' }
    case 'missing_columns':
      return { code: 'missing_columns', message: `表格缺少这些列：${e.detail.join('、')}，请用台账模板填写后上传` }
    case 'duplicate_columns':
      return { code: 'duplicate_columns', message: `表格里这些列出现了两次：${e.detail.join('、')}，请删掉多余的一列` }
  }
}

const isZip = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/** The job as the officer sees it (the stored item also holds where the file is and how far it got). */
export function jobView(j: StoredImportJob): LedgerImportJob {
  const { version: _v, fileKey: _f, fileSha256: _h, layout: _l, parts: _n, nextPart: _q, duplicates: _d, nudges: _k, duePk: _p, dueSk: _s, ...view } = j as StoredImportJob & Record<string, unknown>
  return view as LedgerImportJob
}

/**
 * Stores the upload and creates the job; the stream handler reads it and imports it from there.
 * Only instant checks here (the API answers within its 10 s whatever the workbook's size).
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
  if (!isZip(bytes)) throw fileError('not_xlsx', '这不是 Excel 表格（.xlsx）文件，请用台账模板填写后上传')
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
    phase: 'reading',
    total: 0,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    errorsNotShown: 0,
    version: 0,
    fileKey: importFileKey(countyCode, id),
    fileSha256: sha256(bytes),
  }
  await putLedgerFile(job.fileKey, bytes)
  const created = await createImportJob(withStallTimer(job, now))
  if (!created) return { job: (await getImportJob(id, true))!, created: false }
  log.info('ledger import started', { importId: id, userId: user.id, divisionCode: user.divisionCode, bytes: bytes.length })
  return { job, created: true }
}

/**
 * The read step: the workbook whole, once, streamed (exceljs), into parts of `chunkRows()`
 * rows beside it. Replayed (a stream retry), it writes the same parts again and the job's
 * version lets only one save count.
 */
async function readWorkbook(job: StoredImportJob, now: Date): Promise<void> {
  let bytes: Uint8Array
  try {
    bytes = await getLedgerFile(job.fileKey)
  } catch (e) {
    log.error('ledger import: workbook unreadable', { importId: job.id, error: e instanceof Error ? e.name : String(e) })
    throw e
  }
  // A short or damaged read from storage is not the officer's file: it is read again (the
  // stream's retry, then the scheduler's nudge), never reported as 「不是 Excel 表格」.
  if (job.fileSha256 && sha256(bytes) !== job.fileSha256) {
    log.error('ledger import: the stored workbook read back differs from the upload; will retry', { importId: job.id, bytes: bytes.length })
    throw new Error('ledger file read back changed')
  }
  const seen = new Map<string, number>()
  const duplicates: Record<string, [number, boolean]> = {}
  let duplicateCount = 0
  const size = chunkRows()
  const parts: LedgerRowCells[][] = [[]]
  let scan
  try {
    scan = await scanLedger(bytes, (r) => {
      if (parts[parts.length - 1]!.length >= size) parts.push([])
      parts[parts.length - 1]!.push(r)
      const k = rawKey(r)
      if (!k) return
      const first = seen.get(k.key)
      if (first === undefined) seen.set(k.key, r.row)
      else if (++duplicateCount <= MAX_DUPLICATES) duplicates[r.row] = [first, k.byId]
    })
  } catch (e) {
    if (!(e instanceof LedgerReadError)) throw e
    // The reason in words a log can hold: a column name, or the zip reader's own message (never a cell).
    log.warn('ledger import: workbook refused', { importId: job.id, reason: e.reason, detail: e.detail.join(', ').slice(0, 200) })
    return stop(job, readFailure(e), now)
  }
  if (scan.total === 0) return stop(job, { code: 'empty', message: '表格里没有孩子的信息：请从第 2 行起一行填一个孩子' }, now)
  if (duplicateCount > MAX_DUPLICATES) {
    return stop(job, { code: 'too_many_duplicates', message: `表格里有 ${duplicateCount} 行和前面的行是同一个孩子，请删除重复的行后再上传` }, now)
  }
  // Eight parts in flight: a 30,000-row ledger is 150 small objects.
  for (let i = 0; i < parts.length; i += 8) {
    await Promise.all(parts.slice(i, i + 8).map((rows, j) => putLedgerPart(partKey(job.fileKey, i + j), rows)))
  }
  const next: StoredImportJob = {
    ...job,
    version: job.version + 1,
    updatedAt: now.toISOString(),
    phase: 'importing',
    total: scan.total,
    layout: scan.layout,
    parts: parts.length,
    nextPart: 0,
    nudges: 0,
  }
  if (duplicateCount) next.duplicates = duplicates
  if (await saveImportJob(withStallTimer(next, now), job.version)) {
    log.info('ledger import read', { importId: job.id, rows: scan.total, parts: parts.length, bytes: bytes.length })
  }
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
 * Works through the next step of the job whose stored version is `seenVersion`: the read, or
 * the part at the checkpoint. Anything else (a newer version, a finished job) means another
 * delivery already did this step. A failure part-way leaves the checkpoint unsaved: the
 * stream (or the scheduler's nudge) delivers the step again, and the children already written
 * come back `unchanged`.
 */
export async function runImportChunk(jobId: string, seenVersion: number, now = new Date()): Promise<void> {
  const job = await getImportJob(jobId, true)
  if (!job || job.state !== 'running' || job.version !== seenVersion) return
  if (job.phase === 'reading' || job.parts === undefined) return readWorkbook(job, now)
  return importPart(job, now)
}

/**
 * The import worker's step: the read of the job whose stored version is `seenVersion`, and
 * nothing else. A repeated invoke (Lambda's retry, a nudge already answered) finds a newer
 * version or the job past reading and does nothing.
 */
export async function runImportRead(jobId: string, seenVersion: number, now = new Date()): Promise<void> {
  const job = await getImportJob(jobId, true)
  if (!job || job.state !== 'running' || job.version !== seenVersion || job.phase !== 'reading') return
  return readWorkbook(job, now)
}

async function importPart(job: StoredImportJob, now: Date): Promise<void> {
  const jobId = job.id
  const parts = job.parts ?? 0
  const part = job.nextPart ?? 0
  const actor: Actor = { id: job.uploadedBy.id, role: job.uploadedBy.role as StaffRole, displayName: job.uploadedBy.name, divisionCode: job.divisionCode }
  const rows = part < parts ? await getLedgerPart<LedgerRowCells>(partKey(job.fileKey, part)) : []
  const ctx = await ledgerContext(job.divisionCode, now)
  const finished = part + 1 >= parts
  const outcomes: RowOutcome[] = []
  for (let i = 0; i < rows.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(rows.slice(i, i + CONCURRENCY).map((r) => importRow(job, r, ctx, actor)))))
  }
  const next: StoredImportJob = { ...job, version: job.version + 1, updatedAt: now.toISOString(), nextPart: part + 1, done: job.done + rows.length, nudges: 0 }
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
  }
  if (!(await saveImportJob(withStallTimer(next, now), job.version))) return
  if (finished) {
    log.info('ledger import finished', { importId: jobId, userId: job.uploadedBy.id, rows: next.total, created: next.created, updated: next.updated, unchanged: next.unchanged, failed: next.failed })
  }
}

async function stop(job: StoredImportJob, failure: { code: string; message: string }, now: Date): Promise<void> {
  const next: StoredImportJob = { ...job, version: job.version + 1, state: 'failed', failure: failure.message, failureCode: failure.code, updatedAt: now.toISOString(), finishedAt: now.toISOString() }
  await saveImportJob(withStallTimer(next, now), job.version)
}

/** Stream: a job created or moved on while still running asks for its next chunk. */
export async function childImportChanges({ newImage }: TableChange & { newImage: Record<string, unknown> }): Promise<void> {
  if (!String(newImage.pk).startsWith('IMPORT#') || newImage.sk !== 'IMPORT' || newImage.state !== 'running') return
  const id = String(newImage.id)
  const version = Number(newImage.version)
  // In the cloud the read runs in the import worker (its own memory and 2 minutes); locally here.
  // A nudge saves the job again, so a read that failed in the worker is asked for once more.
  const worker = process.env.IMPORT_WORKER_FUNCTION
  if (worker && newImage.phase === 'reading') return invokeAsync(worker, { id, version })
  await runImportChunk(id, version)
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
    await stop(job, { code: 'stalled', message: '导入中断了，已经导入的孩子不受影响；请把同一个表格重新上传，会接着导入没有导入的行' }, now)
    return true
  }
  const next: StoredImportJob = { ...job, version: job.version + 1, updatedAt: now.toISOString(), nudges: nudges + 1 }
  return saveImportJob(withStallTimer(next, now), job.version)
}
