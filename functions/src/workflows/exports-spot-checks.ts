import { randomBytes } from 'node:crypto'
import {
  type RecordSpotCheckResult,
  type SessionUser,
  type SpotCheck,
  type SpotCheckFile,
  type StartSpotCheck,
  ancestorAt,
  contains,
  drawSample,
  spotCheckRule,
} from '@shouhu/shared'
import { childrenOf, divisionNamesOf } from '../data/divisions'
import { childrenByIds } from '../data/children'
import { type StoredSpotCheck, createSpotCheck, getSpotCheck, getSpotCheckFile, restoreSpotCheckFiles, saveSpotCheckResult, spotCheckFiles, townshipChildRows } from '../data/spot-checks'
import { HttpError } from '../errors'
import { log } from '../log'

/**
 * 档案年度抽查 (004 #8: 县级民政部门……每年开展一次抽查工作，保存抽查记录). The county officer
 * starts the year's check; the system draws files per township with a stored seed (the same
 * seed over the same files draws the same sample), keeps the draw, and the officer records a
 * checklist per file. A second start for the same year returns the first draw unchanged.
 */
type Actor = Pick<SessionUser, 'id' | 'displayName' | 'divisionCode'> & { divisionCode: string }

/** The check as the page shows it: townships with their counts, and the drawn files. */
export async function spotCheckView(countyCode: string, year: number, visibleTo?: string): Promise<SpotCheck | undefined> {
  const check = await getSpotCheck(countyCode, year)
  if (!check) return undefined
  const files = (await withDrawnFiles(check, await spotCheckFiles(countyCode, year))).filter((f) => !visibleTo || contains(visibleTo, f.villageCode))
  const townships = check.townships
    .filter((t) => !visibleTo || contains(visibleTo, t.code) || contains(t.code, visibleTo))
    .map((t) => {
      const mine = files.filter((f) => f.townshipCode === t.code)
      return {
        ...t,
        checked: mine.filter((f) => f.result).length,
        wanting: mine.filter((f) => f.result && !(f.result.complete && f.result.visitsOnCadence && f.result.problemsFollowedUp)).length,
      }
    })
  const { drawn: _d, ...rest } = check
  return { ...rest, townships, files }
}

/**
 * The check's files, every drawn one included. A start that stopped after saving the check but
 * before its files (the two writes are not one transaction: a county's draw is hundreds of
 * files) left the draw on the check: the missing files are made again from the children's files
 * as they are now, the first time anyone reads the check.
 */
async function withDrawnFiles(check: StoredSpotCheck, files: SpotCheckFile[]): Promise<SpotCheckFile[]> {
  const have = new Set(files.map((f) => f.childId))
  const missing = Object.entries(check.drawn).flatMap(([townshipCode, ids]) => ids.filter((id) => !have.has(id)).map((childId) => ({ townshipCode, childId })))
  if (!missing.length) return files
  const children = new Map((await childrenByIds(missing.map((m) => m.childId))).map((c) => [c.id, c]))
  const names = await divisionNamesOf([...children.values()].map((c) => c.villageCode))
  const restored = missing.flatMap(({ townshipCode, childId }): SpotCheckFile[] => {
    const c = children.get(childId)
    return c ? [{ childId, name: c.name, villageCode: c.villageCode, villageName: names.get(c.villageCode) ?? c.villageCode, townshipCode, colour: c.grade.colour }] : []
  })
  await restoreSpotCheckFiles(check.countyCode, check.year, restored)
  log.warn('spot check files restored from the draw', { countyCode: check.countyCode, year: check.year, restored: restored.length })
  return [...files, ...restored]
}

export async function startSpotCheck(input: StartSpotCheck, user: Actor, now = new Date()): Promise<{ check: SpotCheck; created: boolean }> {
  const countyCode = ancestorAt(user.divisionCode, 'county')
  const existing = await spotCheckView(countyCode, input.year)
  if (existing) return { check: existing, created: false }
  const townships = (await childrenOf(countyCode)).filter((d) => d.level === 'township')
  const unknown = Object.keys(input.perTownship).filter((code) => !townships.some((t) => t.code === code))
  if (unknown.length) {
    throw new HttpError('VALIDATION_FAILED', undefined, unknown.map((code) => ({ field: `perTownship.${code}`, code: 'invalid_value', message: '乡镇抽查份数：这个乡镇不在本县' })))
  }
  const seed = randomBytes(12).toString('hex')
  const files: SpotCheckFile[] = []
  const drawn: Record<string, string[]> = {}
  const summary: StoredSpotCheck['townships'] = []
  for (const t of townships) {
    // The township's files from its list index, rows only (id, name, village, colour).
    const rows = []
    for await (const page of townshipChildRows(t.code)) rows.push(...page)
    if (!rows.length) continue
    const size = input.perTownship[t.code] ?? input.sampleSize
    const ids = drawSample(
      rows.map((r) => r.id),
      size,
      `${seed}:${t.code}`,
    )
    drawn[t.code] = ids
    const byId = new Map(rows.map((r) => [r.id, r]))
    const villageNames = await divisionNamesOf(ids.map((id) => byId.get(id)!.villageCode))
    for (const id of ids) {
      const r = byId.get(id)!
      files.push({ childId: id, name: r.name, villageCode: r.villageCode, villageName: villageNames.get(r.villageCode) ?? r.villageCode, townshipCode: t.code, colour: r.colour })
    }
    summary.push({ code: t.code, name: t.name, population: rows.length, sampleSize: size, drawn: ids.length })
  }
  const check: StoredSpotCheck = {
    year: input.year,
    countyCode,
    clause: spotCheckRule.clause,
    startedAt: now.toISOString(),
    startedBy: { id: user.id, name: user.displayName },
    seed,
    townships: summary,
    drawn,
  }
  const created = await createSpotCheck(check, files)
  log.info('spot check started', { countyCode, year: input.year, userId: user.id, created, files: files.length })
  return { check: (await spotCheckView(countyCode, input.year))!, created }
}

export async function recordSpotCheckResult(year: number, childId: string, input: RecordSpotCheckResult, user: Actor, now = new Date()): Promise<SpotCheckFile> {
  const countyCode = ancestorAt(user.divisionCode, 'county')
  const check = await getSpotCheck(countyCode, year)
  if (!check) throw new HttpError('NOT_FOUND', '这一年的抽查还没有开始')
  const townshipCode = Object.entries(check.drawn).find(([, ids]) => ids.includes(childId))?.[0]
  if (!townshipCode) throw new HttpError('NOT_FOUND', '这份档案不在本年度的抽查名单里')
  const file = await getSpotCheckFile(countyCode, year, townshipCode, childId)
  if (!file) throw new HttpError('NOT_FOUND', '这份档案不在本年度的抽查名单里')
  const result = { ...input, ...(input.note ? {} : { note: undefined }), checkedAt: now.toISOString(), checkedBy: { id: user.id, name: user.displayName } }
  const saved = await saveSpotCheckResult(countyCode, year, file, JSON.parse(JSON.stringify(result)))
  if (!saved) throw new HttpError('CONFLICT', '这份档案刚被别人记录过，请刷新后再记录')
  const { version: _v, pk: _p, sk: _s, ...view } = saved as SpotCheckFile & Record<string, unknown>
  return view as SpotCheckFile
}
