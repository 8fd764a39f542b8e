import type { ChildRecord, ChildTimelineEntry, Grade } from '@shouhu/shared'
import { countyFilesPage } from '../data/child-duplicate-keys'
import { childTimeline } from '../data/children'
import { changeChild } from '../workflows/children'
import { countyWalk, isMain, opsTarget, runCommand, UsageError } from './target'

/**
 * Repairs files whose grade an enrolment overwrote. Until 2026-11-29 a child enrolled again (the
 * same ID number at the door, or the county's ledger imported again with a 风险等级 column) had
 * the file's grade replaced by the grade *as submitted* — situations and a reason, no colour, no
 * date, no grader — so the file showed no colour and its duties went wrong. The submitted grade
 * was never applied, so the grade the file should hold is the last one its timeline records.
 *
 * For each file of the county without a colour: the latest 「评定等级」 (or proposed grade) on its
 * timeline, with its situations, reason, who and when, and the township's confirmation if one
 * came after it; a file never graded gets back the green it starts with. Saved like any change
 * (the list row and duties recomputed, at the version read) with a line on the timeline saying
 * so. Bounded and resumable like the other backfills (`--max`, `--cursor`); a second run finds
 * nothing to repair.
 *
 *   npm run grades:repair -w functions -- --county 341324 [--max 5000] [--cursor …] [--stage prod | --table T --endpoint URL]
 */
export async function repairGrades(
  county6: string,
  opts: { cursor?: string; maxFiles?: number; pageSize?: number } = {},
  say: (line: string) => void = () => {},
): Promise<{ files: number; repaired: number; cursor?: string; seconds: number }> {
  const { county, maxFiles, pageSize } = countyWalk(county6, opts)
  const started = Date.now()
  let cursor = opts.cursor
  let files = 0
  let repaired = 0
  do {
    const page = await countyFilesPage(county, { limit: Math.min(pageSize, maxFiles - files), cursor })
    // Only the broken ones cost more than the page: a timeline read and one save each.
    for (const f of page.files as unknown as ChildRecord[]) {
      if (f.grade?.colour || f.mergedInto) continue
      const grade = await lastGrade(f)
      await changeChild(f.id, (c) => {
        if (c.grade?.colour) return { next: c } // repaired or regraded meanwhile
        return { next: { ...c, grade }, side: { events: [{ at: new Date().toISOString(), kind: 'updated', text: '系统恢复了风险等级记录（之前被重复建档覆盖）', colour: grade.colour }] } }
      })
      repaired++
    }
    files += page.files.length
    cursor = page.cursor
    if (files % 1000 < page.files.length) say(`… ${files} 份档案`)
  } while (cursor && files < maxFiles)
  const seconds = (Date.now() - started) / 1000
  say(`✓ ${county6}：看了 ${files} 份档案，恢复了 ${repaired} 份的风险等级，${seconds.toFixed(1)} 秒`)
  if (cursor) say(`还没有看完：再运行一次并加上 --cursor ${cursor}`)
  return { files, repaired, ...(cursor ? { cursor } : {}), seconds }
}

/** The grade the file's timeline last records (newest first, at most 1,000 entries read). */
async function lastGrade(c: ChildRecord): Promise<Grade> {
  let confirmed: ChildTimelineEntry | undefined
  let creator = ''
  let cursor: string | undefined
  for (let pages = 0; pages < 10; pages++) {
    const page = await childTimeline(c.id, { limit: 100, cursor })
    for (const e of page.items) {
      if (e.kind === 'grade_confirmed' && !confirmed) confirmed = e
      if (e.kind === 'created') creator = e.actorName ?? ''
      if ((e.kind === 'graded' || e.kind === 'grade_proposed') && e.colour) {
        const d = (e.detail ?? {}) as { situations?: Grade['situations']; reason?: string }
        return {
          colour: confirmed?.colour ?? e.colour,
          situations: d.situations ?? [],
          reason: d.reason ?? e.text,
          gradedAt: e.at,
          gradedBy: e.actorId ?? c.createdBy,
          gradedByName: e.actorName ?? '',
          ...(confirmed ? { confirmedBy: confirmed.actorId, confirmedByName: confirmed.actorName } : {}),
        }
      }
    }
    cursor = page.cursor
    if (!cursor) break
  }
  // Never graded: the green every file starts with (workflows/children.ts, enrolChild).
  return { colour: 'green', situations: [], reason: '建档时尚未评定，按低风险（绿色）常态化关爱', gradedAt: c.createdAt, gradedBy: c.createdBy, gradedByName: creator }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { table, values } = opsTarget({ county: { type: 'string' }, max: { type: 'string' }, cursor: { type: 'string' } })
    if (typeof values.county !== 'string') throw new UsageError('用法：npm run grades:repair -w functions -- --county 341324 [--max 5000] [--cursor …] --stage prod')
    console.log(`表 ${table}`)
    await repairGrades(values.county, { cursor: values.cursor as string | undefined, maxFiles: values.max === undefined ? undefined : Number(values.max) }, console.log)
  })
}
