import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ExportJob } from '@shouhu/shared'
import { documentsBucket, s3, s3Sdk } from './s3'
import { type IndexName, type Item, batchGet, getItem, putItem, query, queryPage, saveVersioned } from './table'

/**
 * 台账导出 export records (issue #12). The record is also the audit of the export — who took
 * which rows of which area out of the system, when, with which filter, how many rows — so it
 * is kept, never expired.
 *
 * | item   | pk / sk                  | indexes |
 * |--------|--------------------------|---------|
 * | export | `EXPORT#<id>` / `EXPORT` | byOwner `USER#<requester>` / `EXPORT#<createdAt>#<id>` (my exports); byCounty `COUNTY#<county>` / `EXPORT#<createdAt>#<id>` (every export of the county, for the county's own oversight) |
 *
 * The workbook sits in the documents bucket under `exports/<county>/<id>.xlsx`.
 */
export interface StoredExport extends ExportJob {
  version: number
  countyCode: string
  fileKey: string
}

const exportKey = (id: string) => ({ pk: `EXPORT#${id}`, sk: 'EXPORT' })

export const exportFileKey = (countyCode: string, id: string) => `exports/${countyCode.slice(0, 6)}/${id}.xlsx`

export function exportView(e: StoredExport): ExportJob {
  const { version: _v, countyCode: _c, fileKey: _f, ...view } = e
  return view
}

/**
 * An empty filter is not stored: an empty map comes back from the local stream as a value the
 * SDK cannot read, and the poller stalls on it (as child-imports.ts found). Read back as `{}`.
 */
function withoutEmptyFilter<T extends { filter: Record<string, unknown> }>(v: T): T {
  if (Object.keys(v.filter).length) return v
  const { filter: _f, ...rest } = v
  return rest as T
}

function toItem(e: StoredExport): Item {
  const sk = `EXPORT#${e.createdAt}#${e.id}`
  return {
    ...withoutEmptyFilter(e),
    ...exportKey(e.id),
    row: withoutEmptyFilter(exportView(e)),
    ownerPk: `USER#${e.requestedBy.id}`,
    ownerSk: sk,
    countyPk: `COUNTY#${e.countyCode}`,
    countySk: sk,
  }
}

function fromItem(item: Record<string, unknown>): StoredExport {
  const { pk: _p, sk: _s, row: _r, ownerPk: _o, ownerSk: _os, countyPk: _c, countySk: _cs, ...e } = item
  return { filter: {}, ...e } as unknown as StoredExport
}

/** False when an export with this id exists (a retried request with the same Idempotency-Key). */
export async function createExport(e: StoredExport): Promise<boolean> {
  return putItem(toItem(e), { ifAbsent: true })
}

export async function getExport(id: string, consistent = false): Promise<StoredExport | undefined> {
  const item = await getItem<Record<string, unknown>>(exportKey(id).pk, exportKey(id).sk, consistent)
  return item && fromItem(item)
}

/** Saves only over `expectedVersion`: two deliveries of the same stream record never both run it. */
export async function saveExport(next: StoredExport, expectedVersion: number): Promise<boolean> {
  return (await saveVersioned(toItem(next), expectedVersion)) === -1
}

/** My exports, or (county officers) every export of the county; newest first. */
export async function exportsOf(scope: { userId: string } | { countyCode: string }, page: { limit: number; cursor?: string }) {
  const out = await queryPage<{ row: ExportJob }>({
    index: 'userId' in scope ? 'byOwner' : 'byCounty',
    pk: 'userId' in scope ? `USER#${scope.userId}` : `COUNTY#${scope.countyCode}`,
    skPrefix: 'EXPORT#',
    newestFirst: true,
    ...page,
  })
  return { items: out.items.map((i) => ({ ...i.row, filter: i.row.filter ?? {} })), cursor: out.cursor }
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Uploads the finished workbook from a temporary file, streamed (never read into memory whole). */
export async function putExportFile(key: string, path: string): Promise<number> {
  const { size } = await stat(path)
  const { PutObjectCommand } = await s3Sdk()
  await (await s3()).send(new PutObjectCommand({ Bucket: documentsBucket(), Key: key, Body: createReadStream(path), ContentLength: size, ContentType: XLSX }))
  return size
}

/** The stored workbook as a stream, to pass straight through the API to the device. */
export async function exportFileStream(key: string): Promise<{ body: ReadableStream; length?: number }> {
  const { GetObjectCommand } = await s3Sdk()
  const out = await (await s3()).send(new GetObjectCommand({ Bucket: documentsBucket(), Key: key }))
  return { body: out.Body!.transformToWebStream(), length: out.ContentLength }
}

// ---- readers of the records an export writes ---------------------------------------------------

/** The list index that holds an area's records: a village, a township or a county code. */
export function areaIndex(code: string, level: 'village' | 'township' | 'county'): { index: IndexName; pk: string } {
  if (level === 'village') return { index: 'byVillage', pk: `VILLAGE#${code}` }
  if (level === 'township') return { index: 'byTownship', pk: `TOWNSHIP#${code}` }
  return { index: 'byCounty', pk: `COUNTY#${code}` }
}

/**
 * An area's list-index items of one kind (`skPrefix`), a page at a time: keys and `row` only
 * (what the index projects), so memory holds one page, never the area.
 */
export async function* areaPages<R>(area: { index: IndexName; pk: string }, skPrefix: string, pageSize = 100): AsyncGenerator<{ pk: string; sk: string; row: R }[]> {
  let cursor: string | undefined
  do {
    const page = await queryPage<{ pk: string; sk: string; row: R }>({ ...area, skPrefix, limit: pageSize, cursor })
    if (page.items.length) yield page.items
    cursor = page.cursor
  } while (cursor)
}

/** Whole records for one page of index items (BatchGetItem, 100 keys a call), in the page's order. */
export async function recordsOf<T>(keys: { pk: string; sk: string }[]): Promise<T[]> {
  if (!keys.length) return []
  const found = await batchGet<Record<string, unknown>>(keys.map(({ pk, sk }) => ({ pk, sk })))
  const byKey = new Map(found.map((f) => [`${f.pk}|${f.sk}`, f]))
  return keys.map((k) => byKey.get(`${k.pk}|${k.sk}`)).filter((f): f is Record<string, unknown> => !!f) as T[]
}

/** A child's visit and contact entries recorded since `fromIso` (the timeline sits in the child's partition). */
export async function visitEntriesSince(childId: string, fromIso: string): Promise<Record<string, unknown>[]> {
  return query<Record<string, unknown>>({ pk: `CHILD#${childId}`, skBetween: [`EVENT#${fromIso}`, 'EVENT#~'], filter: { path: ['kind'], equals: 'visit' } })
}

/** A county's staff directory (base table, one partition per county), a page at a time. */
export async function* staffDirectoryPages<R>(countyCode: string, codePrefix: string): AsyncGenerator<R[]> {
  let cursor: string | undefined
  do {
    const page = await queryPage<{ row: R }>({ pk: `STAFFDIR#${countyCode}`, skPrefix: codePrefix, limit: 100, cursor })
    if (page.items.length) yield page.items.map((i) => i.row)
    cursor = page.cursor
  } while (cursor)
}
