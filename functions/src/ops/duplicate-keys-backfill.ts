import { parseArgs } from 'node:util'
import { countyFilesPage, lacksRedOpen, setDuplicateKey, setRedOpen } from '../data/child-duplicate-keys'
import { countyWalk, isMain, runCommand, UsageError } from './target'

/**
 * 「可能重复」 for files saved before the duplicate key existed (issue #7): the suggestion finds
 * files by a key (name and birth date within the county, byOwner) that a file gets when it is
 * saved, so files nobody has saved since are never suggested. This walks a county's files a page
 * at a time (the county index, then BatchGet) and sets the key on each that has none.
 *
 * Bounded and resumable: at most `--max` files per run (default 5,000; a page of 100 at a time,
 * nothing but the page in memory); it prints where it stopped and `--cursor` continues from
 * there. Safe to run again or while staff work: each key is set only on a file that still has
 * none, at the version read, so a file saved meanwhile (which sets its own key) is left alone.
 *
 * The same walk marks red files without a recorded intervention that were saved before their
 * list row carried `redOpen` (issue #12: counted in 「红色未记录处置」 but not on its list).
 *
 *   npm run duplicates:backfill -w functions -- --county 341324 [--max 5000] [--cursor …] [--stage prod | --table T --endpoint URL]
 */
export async function backfillDuplicateKeys(
  county6: string,
  opts: { cursor?: string; maxFiles?: number; pageSize?: number } = {},
  say: (line: string) => void = () => {},
): Promise<{ files: number; set: number; skipped: number; alreadyKeyed: number; redOpenSet: number; cursor?: string; seconds: number }> {
  const { county, maxFiles, pageSize } = countyWalk(county6, opts)
  const started = Date.now()
  let cursor = opts.cursor
  let files = 0
  let set = 0
  let skipped = 0
  let alreadyKeyed = 0
  let redOpenSet = 0
  do {
    const page = await countyFilesPage(county, { limit: Math.min(pageSize, maxFiles - files), cursor })
    const todo = page.files.filter((f) => !f.ownerPk && !f.mergedInto)
    alreadyKeyed += page.files.length - todo.length
    // Ten at a time: a county of 30,000 files in minutes, without a burst that throttles staff.
    for (let i = 0; i < todo.length; i += 10) {
      for (const r of await Promise.all(todo.slice(i, i + 10).map(setDuplicateKey))) r === 'set' ? set++ : skipped++
    }
    for (const r of await Promise.all(page.files.filter(lacksRedOpen).map(setRedOpen))) if (r === 'set') redOpenSet++
    files += page.files.length
    cursor = page.cursor
    if (files % 1000 < page.files.length) say(`… ${files} 份档案`)
  } while (cursor && files < maxFiles)
  const seconds = (Date.now() - started) / 1000
  say(`✓ ${county6}：看了 ${files} 份档案，补上 ${set} 个「可能重复」索引（${alreadyKeyed} 份原来就有，${skipped} 份期间被保存过、已自带），${redOpenSet} 份红色未记录处置的档案补上列表标记，${seconds.toFixed(1)} 秒`)
  if (cursor) say(`还没有看完：再运行一次并加上 --cursor ${cursor}`)
  return { files, set, skipped, alreadyKeyed, redOpenSet, ...(cursor ? { cursor } : {}), seconds }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values } = parseArgs({
      options: {
        county: { type: 'string' },
        max: { type: 'string' },
        cursor: { type: 'string' },
        stage: { type: 'string' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
      },
    })
    if (!values.county) throw new UsageError('用法：npm run duplicates:backfill -w functions -- --county 341324 [--max 5000] [--cursor …] [--stage prod]')
    const table = values.table ?? (values.stage ? `shouhu-${values.stage}` : process.env.TABLE_NAME)
    if (table) process.env.TABLE_NAME = table
    if (values.endpoint) process.env.DYNAMODB_ENDPOINT = values.endpoint
    if (values.region) process.env.AWS_REGION = values.region
    console.log(`表 ${process.env.TABLE_NAME ?? 'Main'}`)
    await backfillDuplicateKeys(values.county, { cursor: values.cursor, maxFiles: values.max === undefined ? undefined : Number(values.max) }, console.log)
  })
}
