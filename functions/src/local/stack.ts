import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { startDynamoDbLocal, freePort } from './dynamodb-local'
import { startLocalS3 } from './s3-local'

/** Repo root, from this file's place in functions/src/local. */
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

export interface LocalStackOptions {
  /** Keep data on disk here (npm start); omit for an in-memory database (tests). */
  dataDir?: string
  /** Working directory for DynamoDB Local's metadata file and the WeChat outbox. */
  workDir: string
  apiPort?: number
  /** Serve this H5 build at `/` next to the API at `/api`. */
  h5Dir?: string
  tablePrefix?: string
  seed?: boolean
  /** How often the local stand-in for the EventBridge schedule runs (cloud: every minute). */
  scheduleEveryMs?: number
  escalationMinutes?: number
  log?: (line: string) => void
}

export interface LocalStack {
  apiUrl: string
  appUrl: string
  dynamodbEndpoint: string
  /** s3rver holding the photos of allowance papers (issue #4). */
  s3Endpoint: string
  tableName: string
  outboxFile: string
  /** Resolves once the stream poller has handled everything written so far. */
  streamIdle(): Promise<void>
  /** Holds the stream's records back until `resume` (see stream-poller.ts `pause`). */
  streamPause(): void
  streamResume(): void
  stop(): Promise<void>
}

/** A session secret kept beside the data, so restarting `npm start` keeps people signed in. */
function localSessionSecret(workDir: string): string {
  const file = join(workDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/**
 * The whole backend on one machine: DynamoDB Local, tables from the synthesized CDK template,
 * the demo seed, the Hono API (plus the H5 build), the stream poller feeding the Lambda's
 * stream handler, and a timer running the Lambda's scheduled checks.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const say = opts.log ?? (() => {})
  mkdirSync(opts.workDir, { recursive: true })
  const ddbLocal = await startDynamoDbLocal({ workDir: opts.workDir, dataDir: opts.dataDir })
  say(`DynamoDB Local ${ddbLocal.endpoint}${opts.dataDir ? `（数据保存在 ${opts.dataDir}）` : '（内存）'}`)

  // Photos of papers go to an S3-compatible server with its files beside the data.
  const s3Local = await startLocalS3({ directory: join(opts.workDir, 's3') })
  say(`S3 (s3rver) ${s3Local.endpoint}，存储桶 ${s3Local.bucket}`)

  const outboxFile = join(opts.workDir, 'outbox.jsonl')
  // The handlers read their settings from the environment, as on Lambda; set it before loading them.
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: ddbLocal.endpoint,
    DEV_LOGIN: '1',
    OUTBOX_FILE: outboxFile,
    S3_ENDPOINT: s3Local.endpoint,
    DOCUMENTS_BUCKET: s3Local.bucket,
    SESSION_SECRET: process.env.SESSION_SECRET ?? localSessionSecret(opts.workDir),
    ...(opts.escalationMinutes !== undefined ? { ESCALATION_MINUTES: String(opts.escalationMinutes) } : {}),
  })
  const { createTablesFromTemplate, localTableName } = await import('./create-tables')
  const { dynamo } = await import('../data/client')
  const tableName = localTableName(opts.tablePrefix)
  process.env.TABLE_NAME = tableName
  try {
    await createTablesFromTemplate({ client: dynamo(), tablePrefix: opts.tablePrefix })
    say(`表 ${tableName} 已按 CDK 模板创建`)
    if (opts.seed !== false) {
      const { seedDemo } = await import('./demo-seed')
      await seedDemo(say, { allCounties: true })
    }
  } catch (e) {
    // Without the synthesized template (or with a failing seed) the caller gets the error, not
    // an orphaned DynamoDB Local JVM (≈ 250 MB) left running after its process has gone.
    await Promise.allSettled([ddbLocal.stop(), s3Local.stop()])
    throw e
  }

  const { startStreamPoller } = await import('./stream-poller')
  const poller = startStreamPoller({ client: dynamo(), endpoint: ddbLocal.endpoint, tableName })
  poller.done.catch((e) => say(`stream poller stopped: ${e instanceof Error ? e.message : e}`))

  const { runScheduledChecks } = await import('../lambda/schedule')
  let checking = false
  const timer = setInterval(async () => {
    if (checking) return
    checking = true
    try {
      await runScheduledChecks()
    } catch (e) {
      say(`scheduled checks failed: ${e instanceof Error ? e.message : e}`)
    } finally {
      checking = false
    }
  }, opts.scheduleEveryMs ?? 15_000)

  const { Hono } = await import('hono')
  const { serve } = await import('@hono/node-server')
  const { serveStatic } = await import('@hono/node-server/serve-static')
  const { compress } = await import('hono/compress')
  const { brotliFiles } = await import('./h5-static')
  const { app } = await import('../app')
  // gzip for the H5 files and the API's JSON: on a rural line (400 kbit/s) the app's scripts are
  // about a quarter of the bytes, seconds off the first screen (bench `screen`).
  const site = new Hono().use('*', compress()).route('/', app)
  if (opts.h5Dir) {
    const root = opts.h5Dir
    // Script and style names carry a content hash: a phone keeps them and asks only for index.html again.
    for (const dir of ['/js/*', '/css/*']) {
      site.use(dir, async (c, next) => {
        await next()
        if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable')
      })
    }
    site.use('/*', brotliFiles(root))
    site.use('/*', serveStatic({ root }))
    site.get('*', serveStatic({ root, path: 'index.html' }))
  }
  const port = opts.apiPort ?? (await freePort())
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: site.fetch, port, hostname: '127.0.0.1' }, () => ok(s))
  })
  const actualPort = (server.address() as AddressInfo).port
  const base = `http://127.0.0.1:${actualPort}`

  return {
    apiUrl: `${base}/api`,
    appUrl: `${base}/`,
    dynamodbEndpoint: ddbLocal.endpoint,
    s3Endpoint: s3Local.endpoint,
    tableName,
    outboxFile,
    streamIdle: () => poller.idle(),
    streamPause: () => poller.pause(),
    streamResume: () => poller.resume(),
    async stop() {
      clearInterval(timer)
      await new Promise((ok) => server.close(() => ok(undefined)))
      await poller.stop()
      await ddbLocal.stop()
      await s3Local.stop()
    },
  }
}
