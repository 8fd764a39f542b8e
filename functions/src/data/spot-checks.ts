import type { ChildListRow, SpotCheck, SpotCheckFile, SpotCheckResult, SpotCheckTownship } from '@shouhu/shared'
import { type Item, batchPut, getItem, putItem, query, queryPage, updateVersioned } from './table'

/**
 * 档案年度抽查 the county's yearly spot check (004 #8: 每年开展一次抽查工作，保存抽查记录).
 *
 * | item          | pk / sk                                  | indexes |
 * |---------------|------------------------------------------|---------|
 * | the year's check | `SPOTCHECK#<county>#<year>` / `CHECK`  | — (one per county and year: a second start finds it) |
 * | a drawn file  | `SPOTCHECK#<county>#<year>` / `FILE#<township>#<child>` | — (the whole sample is one Query of its partition, at most 50 a township) |
 *
 * The draw itself (seed, the ids drawn per township) is stored on the check, so the sample can
 * be shown, re-created and audited without drawing again; the results are kept with no expiry.
 */
export interface StoredSpotCheck extends Omit<SpotCheck, 'files' | 'townships'> {
  townships: Omit<SpotCheckTownship, 'checked' | 'wanting'>[]
  drawn: Record<string, string[]>
}

const checkKey = (countyCode: string, year: number) => ({ pk: `SPOTCHECK#${countyCode}#${year}`, sk: 'CHECK' })
const fileKey = (countyCode: string, year: number, townshipCode: string, childId: string) => ({
  pk: `SPOTCHECK#${countyCode}#${year}`,
  sk: `FILE#${townshipCode}#${childId}`,
})

export async function getSpotCheck(countyCode: string, year: number): Promise<StoredSpotCheck | undefined> {
  const item = await getItem<Record<string, unknown>>(checkKey(countyCode, year).pk, 'CHECK', true)
  if (!item) return undefined
  const { pk: _p, sk: _s, ...check } = item
  return { drawn: {}, ...check } as unknown as StoredSpotCheck
}

/** Stores the year's draw and its files; false when the year's check already exists. */
export async function createSpotCheck(check: StoredSpotCheck, files: SpotCheckFile[]): Promise<boolean> {
  // An empty map stalls the local stream poller (see child-imports.ts): a county with no files yet stores none.
  const { drawn, ...rest } = check
  const item = { ...checkKey(check.countyCode, check.year), ...rest, ...(Object.keys(drawn).length ? { drawn } : {}) }
  if (!(await putItem(item, { ifAbsent: true }))) return false
  await batchPut(files.map((f): Item => ({ ...fileKey(check.countyCode, check.year, f.townshipCode, f.childId), ...f, version: 0 })))
  return true
}

/**
 * Drawn files the check records but that have no item (a start that stopped between the two
 * writes): written only where still absent, so a result recorded meanwhile is never overwritten.
 */
export async function restoreSpotCheckFiles(countyCode: string, year: number, files: SpotCheckFile[]): Promise<void> {
  await Promise.all(files.map((f) => putItem({ ...fileKey(countyCode, year, f.townshipCode, f.childId), ...f, version: 0 }, { ifAbsent: true })))
}

/** Every drawn file of the year's check, by township. */
export async function spotCheckFiles(countyCode: string, year: number): Promise<SpotCheckFile[]> {
  const items = await query<Record<string, unknown>>({ pk: checkKey(countyCode, year).pk, skPrefix: 'FILE#', consistent: true })
  return items.map(({ pk: _p, sk: _s, version: _v, ...f }) => f as unknown as SpotCheckFile)
}

export async function getSpotCheckFile(countyCode: string, year: number, townshipCode: string, childId: string) {
  const k = fileKey(countyCode, year, townshipCode, childId)
  return getItem<SpotCheckFile & { version: number }>(k.pk, k.sk, true)
}

/** Records (or corrects) one file's checklist; undefined when someone saved it meanwhile. */
export async function saveSpotCheckResult(countyCode: string, year: number, file: SpotCheckFile & { version: number }, result: SpotCheckResult) {
  return updateVersioned<SpotCheckFile>(fileKey(countyCode, year, file.townshipCode, file.childId), file.version, { result })
}

/** A township's child files, a page at a time: the list rows only (id, name, village, colour). */
export async function* townshipChildRows(townshipCode: string): AsyncGenerator<ChildListRow[]> {
  let cursor: string | undefined
  do {
    const page = await queryPage<{ row: ChildListRow }>({ index: 'byTownship', pk: `TOWNSHIP#${townshipCode}`, skPrefix: 'CHILD#', limit: 500, cursor })
    yield page.items.map((i) => i.row)
    cursor = page.cursor
  } while (cursor)
}
