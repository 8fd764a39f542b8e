import { type LedgerImportJob, type LedgerImportJobSummary, type StaffRole, ancestorAt, levelOf } from '@shouhu/shared'
import type { LedgerLayout } from '../documents/ledger-workbook'
import { documentsBucket, s3, s3Sdk } from './s3'
import { type Item, getItem, putItem, queryPage, saveVersioned } from './table'

/**
 * 导入任务 ledger import jobs (issue #7): one item per uploaded workbook, the record of who
 * imported what and when (kept, never expired: it is the audit of the import), and the
 * progress the background chunks write.
 *
 * | item            | pk / sk                  | indexes |
 * |-----------------|--------------------------|---------|
 * | import job      | `IMPORT#<id>` / `IMPORT` | byCounty `COUNTY#<county>` / `IMPORT#<createdAt>#<id>` (the county's recent imports); byTownship the same when a township supervisor imported |
 *
 * The workbook itself sits in the documents bucket under `imports/<county>/<id>.xlsx`, so each
 * chunk re-reads it; it is the county's own data and is kept with the job.
 */
export interface StoredImportJob extends LedgerImportJob {
  version: number
  fileKey: string
  /** The upload's SHA-256 (hex): the read step checks the stored file against it. */
  fileSha256?: string
  /** Where the header was found; set once the workbook has been read. */
  layout?: LedgerLayout
  /** Parts the rows were split into when the workbook was read (`partKey(fileKey, k)`). */
  parts?: number
  /** The part the next chunk works on: the checkpoint. */
  nextPart?: number
  /**
   * Rows that repeat an earlier row's child, found when the workbook was first read (the whole
   * file is seen then; a chunk sees only its rows): `{ row: [firstRow, byIdNumber] }`.
   * Absent when there are none: an empty map comes back from the local stream as a value the SDK
   * cannot read (the poller then stalls on it).
   */
  duplicates?: Record<string, [number, boolean]>
  /** Times the scheduler re-asked for a chunk that did not come (reset by progress). */
  nudges?: number
}

const jobKey = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' })

export function importFileKey(countyCode: string, id: string): string {
  return `imports/${countyCode.slice(0, 6)}/${id}.xlsx`
}

/** Part `k` of the workbook's rows, written beside it when it was read (`imports/…/<id>.part-0007.json`). */
export const partKey = (fileKey: string, k: number) => `${fileKey.replace(/\.xlsx$/, '')}.part-${String(k).padStart(4, '0')}.json`

/** What the county's list of imports shows: nothing else is read for a list row. */
export function importSummary(j: LedgerImportJob): LedgerImportJobSummary {
  return {
    id: j.id,
    fileName: j.fileName,
    divisionCode: j.divisionCode,
    uploadedBy: j.uploadedBy,
    createdAt: j.createdAt,
    ...(j.finishedAt ? { finishedAt: j.finishedAt } : {}),
    state: j.state,
    total: j.total,
    done: j.done,
    created: j.created,
    updated: j.updated,
    unchanged: j.unchanged,
    failed: j.failed,
    ...(j.phase ? { phase: j.phase } : {}),
  }
}

function toItem(j: StoredImportJob): Item {
  const sk = `IMPORT#${j.createdAt}#${j.id}`
  return {
    ...j,
    ...jobKey(j.id),
    row: importSummary(j),
    countyPk: `COUNTY#${j.countyCode}`,
    countySk: sk,
    ...(levelOf(j.divisionCode) === 'township' ? { townshipPk: `TOWNSHIP#${j.divisionCode}`, townshipSk: sk } : {}),
  }
}

const indexAttrs = ['pk', 'sk', 'row', 'countyPk', 'countySk', 'townshipPk', 'townshipSk']
function fromItem(item: Record<string, unknown>): StoredImportJob {
  const j = { ...item }
  for (const k of indexAttrs) delete j[k]
  return j as unknown as StoredImportJob
}

/** Creates the job; false when one with this id exists (a retried upload with the same key). */
export async function createImportJob(j: StoredImportJob): Promise<boolean> {
  return putItem(toItem(j), { ifAbsent: true })
}

export async function getImportJob(id: string, consistent = false): Promise<StoredImportJob | undefined> {
  const item = await getItem<Record<string, unknown>>(jobKey(id).pk, jobKey(id).sk, consistent)
  return item && fromItem(item)
}

/** Saves progress only over `expectedVersion`: a chunk retried by the stream never counts twice. */
export async function saveImportJob(next: StoredImportJob, expectedVersion: number): Promise<boolean> {
  return (await saveVersioned(toItem(next), expectedVersion)) === -1
}

/** The recent imports of a county (or of a township supervisor's township), newest first. */
export async function importJobsOf(role: StaffRole, divisionCode: string, page: { limit: number; cursor?: string }) {
  const byTownship = role === 'township_supervisor'
  const out = await queryPage<{ row: LedgerImportJobSummary }>({
    index: byTownship ? 'byTownship' : 'byCounty',
    pk: byTownship ? `TOWNSHIP#${divisionCode}` : `COUNTY#${ancestorAt(divisionCode, 'county')}`,
    skPrefix: 'IMPORT#',
    newestFirst: true,
    limit: page.limit,
    cursor: page.cursor,
  })
  return { items: out.items.map((i) => i.row), cursor: out.cursor }
}

export async function putLedgerFile(key: string, bytes: Uint8Array): Promise<void> {
  const { PutObjectCommand } = await s3Sdk()
  await (await s3()).send(
    new PutObjectCommand({
      Bucket: documentsBucket(),
      Key: key,
      Body: bytes,
      ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  )
}

export async function getLedgerFile(key: string): Promise<Uint8Array> {
  const { GetObjectCommand } = await s3Sdk()
  const out = await (await s3()).send(new GetObjectCommand({ Bucket: documentsBucket(), Key: key }))
  return out.Body!.transformToByteArray()
}

/** A part of rows as JSON: the chunk that reads it needs nothing else from the workbook. */
export async function putLedgerPart<T>(key: string, rows: T[]): Promise<void> {
  const { PutObjectCommand } = await s3Sdk()
  await (await s3()).send(new PutObjectCommand({ Bucket: documentsBucket(), Key: key, Body: JSON.stringify(rows), ContentType: 'application/json' }))
}

export async function getLedgerPart<T>(key: string): Promise<T[]> {
  const { GetObjectCommand } = await s3Sdk()
  const out = await (await s3()).send(new GetObjectCommand({ Bucket: documentsBucket(), Key: key }))
  return JSON.parse(await out.Body!.transformToString('utf-8')) as T[]
}
