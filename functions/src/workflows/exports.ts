import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type CreateExport,
  type ExportJob,
  type ExportKind,
  type SessionUser,
  type StaffRole,
  ancestorAt,
  chinaToday,
  contains,
  exportKindLabel,
  levelOf,
} from '@shouhu/shared'
import { getDivision } from '../data/divisions'
import { type StoredExport, createExport, exportFileKey, exportView, getExport, putExportFile, saveExport } from '../data/exports'
import { sheetFor } from '../documents/exports/sheets'
import { invokeAsync } from '../lambda/invoke'
import { writeWorkbookToFile } from '../documents/xlsx'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { log } from '../log'
import type { TableChange } from './stream'

/**
 * 台账导出 as background jobs (issue #12). The request only checks and records the export
 * (who, when, which filter, which area) and answers at once; the stream handler, on the
 * record's INSERT, writes the workbook row by row to a temporary file (bounded memory: one
 * page of records at a time), puts it in the documents bucket and saves the row count. The
 * record is the audit of the export and is kept.
 */

type Actor = Pick<SessionUser, 'id' | 'displayName'> & { role: StaffRole; divisionCode: string }

/**
 * Who may take which ledger out. The bank list carries full account numbers and is the county's
 * to send (002 §4(一): the county approves and pays); the spot check is the county's duty (004 #8).
 * The other ledgers are every level's own, each for its own area.
 */
export const exportRoles: Record<ExportKind, readonly StaffRole[]> = {
  children: ['village_director', 'township_supervisor', 'county_officer'],
  visits: ['village_director', 'township_supervisor', 'county_officer'],
  reports: ['village_director', 'township_supervisor', 'county_officer'],
  allowances: ['township_supervisor', 'county_officer'],
  payments: ['county_officer'],
  directors: ['township_supervisor', 'county_officer'],
  spot_check: ['county_officer'],
}

/** Progress is saved every this many rows (each save is one write; the list shows it). */
const PROGRESS_EVERY = Number(process.env.EXPORT_PROGRESS_ROWS ?? 1000)
/** A job that has not moved for this long died with its process: shown as failed, to be started again. */
const STALL_MS = 15 * 60_000

export function exportJobView(e: StoredExport, now = new Date()): ExportJob {
  const view = exportView(e)
  if ((view.state === 'running' || view.state === 'queued') && now.getTime() - Date.parse(view.updatedAt) > STALL_MS) {
    return { ...view, state: 'failed', failure: '生成中断了，请重新生成' }
  }
  return view
}

/** The requester may see their export; so may staff whose area holds the export's area (the county sees a township's). */
export function mayReadExport(user: Pick<SessionUser, 'id' | 'role' | 'divisionCode'>, e: Pick<ExportJob, 'kind' | 'divisionCode' | 'requestedBy'>): boolean {
  if (e.requestedBy.id === user.id) return true
  const role = user.role as StaffRole
  return !!user.divisionCode && exportRoles[e.kind].includes(role) && contains(user.divisionCode, e.divisionCode)
}

const forbidden = (message: string) => new HttpError('FORBIDDEN', message)

export async function startExport(input: CreateExport, user: Actor, idempotencyKey?: string, now = new Date()): Promise<{ job: StoredExport; created: boolean }> {
  if (!exportRoles[input.kind].includes(user.role)) throw forbidden(`${exportKindLabel[input.kind]}由${input.kind === 'allowances' || input.kind === 'directors' ? '乡镇（街道）和县级民政部门' : '县级民政部门'}导出`)
  const filter = input.filter as Record<string, unknown>
  const divisionCode = (filter.divisionCode as string | undefined) ?? user.divisionCode
  // Only one's own area, or a township or village inside it.
  if (!contains(user.divisionCode, divisionCode)) {
    log.warn('staff denied export outside jurisdiction', { userId: user.id, kind: input.kind })
    throw forbidden('只能导出本辖区的台账')
  }
  if (levelOf(divisionCode) !== 'county' && levelOf(divisionCode) !== 'township' && levelOf(divisionCode) !== 'village') {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'filter.divisionCode', code: 'invalid_value', message: '乡镇或村：请从列表中选择' }])
  }
  const division = await getDivision(divisionCode)
  if (!division) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'filter.divisionCode', code: 'invalid_value', message: '乡镇或村：没有这个地方，请从列表中选择' }])

  const id = idempotencyKey ? `X${sha256(`export:${user.id}:${idempotencyKey}`).slice(0, 25).toUpperCase()}` : newId(now.getTime())
  if (idempotencyKey) {
    const existing = await getExport(id, true)
    if (existing) return { job: existing, created: false }
  }
  const at = now.toISOString()
  const countyCode = ancestorAt(divisionCode, 'county')
  const job: StoredExport = {
    id,
    kind: input.kind,
    title: `${division.name} ${exportKindLabel[input.kind]}`,
    filter,
    divisionCode,
    divisionName: division.name,
    requestedBy: { id: user.id, name: user.displayName, role: user.role },
    createdAt: at,
    updatedAt: at,
    state: 'queued',
    rows: 0,
    version: 0,
    countyCode,
    fileKey: exportFileKey(countyCode, id),
  }
  if (!(await createExport(job))) return { job: (await getExport(id, true))!, created: false }
  // The audit line: who took which ledger of which area with which filter (codes and dates only, no personal data).
  log.info('export requested', { exportId: id, userId: user.id, role: user.role, kind: input.kind, divisionCode, filter })
  return { job, created: true }
}

/**
 * Runs an export once: claims it (queued → running over its version, so a redelivered stream
 * record finds it taken), writes the workbook, stores it, and records the row count. A failure
 * is recorded on the job with a plain message; the officer starts it again.
 */
export async function runExport(id: string, now: () => Date = () => new Date()): Promise<void> {
  const queued = await getExport(id, true)
  if (!queued || queued.state !== 'queued') return
  let job: StoredExport = { ...queued, state: 'running', updatedAt: now().toISOString(), version: queued.version + 1 }
  if (!(await saveExport(job, queued.version))) return
  const dir = await mkdtemp(join(tmpdir(), 'shouhu-export-'))
  const path = join(dir, `${id}.xlsx`)
  try {
    const sheet = sheetFor({ kind: job.kind, filter: job.filter as CreateExport['filter'], divisionCode: job.divisionCode, divisionName: job.divisionName, countyCode: job.countyCode, now: now() })
    const [rows = 0] = await writeWorkbookToFile(path, [sheet], async (written) => {
      if (written % PROGRESS_EVERY !== 0) return
      const next = { ...job, rows: written, updatedAt: now().toISOString(), version: job.version + 1 }
      if (await saveExport(next, job.version)) job = next
    })
    const bytes = await putExportFile(job.fileKey, path)
    const at = now().toISOString()
    const done: StoredExport = {
      ...job,
      state: 'done',
      rows,
      bytes,
      fileName: `${job.divisionName}-${exportKindLabel[job.kind]}-${chinaToday(now())}.xlsx`,
      updatedAt: at,
      finishedAt: at,
      version: job.version + 1,
    }
    await saveExport(done, job.version)
    log.info('export finished', { exportId: id, userId: job.requestedBy.id, kind: job.kind, divisionCode: job.divisionCode, rows, bytes })
  } catch (e) {
    // Only the error's name: a row being written is personal data and is never logged.
    log.error('export failed', { exportId: id, kind: job.kind, error: e instanceof Error ? e.name : String(e), message: e instanceof Error ? e.message.slice(0, 200) : '' })
    const failed: StoredExport = { ...job, state: 'failed', failure: '生成没有成功，请稍后重新生成', updatedAt: now().toISOString(), version: job.version + 1 }
    await saveExport(failed, job.version)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Stream: a new export record starts its job. */
export async function exportChanges({ eventName, newImage }: TableChange & { newImage: Record<string, unknown> }): Promise<void> {
  if (eventName !== 'INSERT' || !String(newImage.pk).startsWith('EXPORT#') || newImage.sk !== 'EXPORT' || newImage.state !== 'queued') return
  const id = String(newImage.id)
  // In the cloud the export worker writes it (lambda/export-worker.ts); locally it runs here.
  const worker = process.env.EXPORT_WORKER_FUNCTION
  if (worker) await invokeAsync(worker, { id })
  else await runExport(id)
}
