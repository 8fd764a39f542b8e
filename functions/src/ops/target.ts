import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'

/** True when this module is the script being run (not imported by a test). */
export const isMain = (moduleUrl: string) => !!process.argv[1] && moduleUrl === pathToFileURL(process.argv[1]).href

/**
 * Which table an operations command works on. A deployed stage's table is `shouhu-<stage>`
 * (infra/lib/stage.ts names it so); `--table` names one directly and `--endpoint` points at
 * DynamoDB Local (the tests, a rehearsal on a laptop). Region and credentials come from the
 * usual AWS environment (AWS_PROFILE / AWS_REGION).
 */
export function opsTarget(extra: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {}) {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      ...extra,
    },
    allowPositionals: false,
  })
  const stage = values.stage as string | undefined
  const table = (values.table as string | undefined) ?? (stage ? `shouhu-${stage}` : undefined)
  if (!table) throw new UsageError('请用 --stage <名称>（如 prod）指定部署环境，或用 --table 指定表名')
  process.env.TABLE_NAME = table
  if (values.endpoint) process.env.DYNAMODB_ENDPOINT = String(values.endpoint)
  if (values.region) process.env.AWS_REGION = String(values.region)
  return { stage, table, values: values as Record<string, string | string[] | boolean | undefined> }
}

export class UsageError extends Error {}

/**
 * The bounds of a walk over a county's files (the backfills and repairs): a 6-digit county, at
 * most `maxFiles` per run (5,000 unless told) read `pageSize` at a time, and the cursor a
 * previous run printed.
 */
export function countyWalk(county6: string, opts: { cursor?: string; maxFiles?: number; pageSize?: number }): { county: string; maxFiles: number; pageSize: number } {
  if (!/^\d{6}$/.test(county6)) throw new UsageError(`--county 应为 6 位县级区划代码（如 341324），收到 ${county6}`)
  const maxFiles = opts.maxFiles ?? 5000
  if (!Number.isInteger(maxFiles) || maxFiles < 1) throw new UsageError(`--max 应为正整数，收到 ${opts.maxFiles}`)
  if (opts.cursor !== undefined && !/^[A-Za-z0-9_-]{1,2000}$/.test(opts.cursor)) throw new UsageError('--cursor 不是上次打印的继续标记')
  return { county: `${county6}000000`, maxFiles, pageSize: Math.min(opts.pageSize ?? 100, maxFiles) }
}

/** Runs a command: prints a plain error (no stack) for mistakes of use, and sets the exit code. */
export async function runCommand(main: () => Promise<void>) {
  try {
    await main()
  } catch (e) {
    console.error(e instanceof UsageError ? `✗ ${e.message}` : e)
    process.exitCode = 1
  }
}
