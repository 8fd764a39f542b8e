import { inject, afterAll, beforeAll } from 'vitest'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { ReportCreate } from '@shouhu/shared'

/**
 * Points this test file at its own tables in the shared DynamoDB Local, seeds the demo
 * county and runs the real stream poller, then exposes the real Hono app. No fakes: the
 * handlers, data layer and stream handler are the ones Lambda runs.
 */
/**
 * The browser-test stack shortens these clocks (stack-global-setup.ts) in the same vitest run,
 * and its environment reaches these workers too: API tests run on the real clocks unless a
 * test file sets its own (after this module is imported).
 */
for (const clock of ['NOTICE_DAY_MS', 'SESSION_CHECK_SECONDS', 'RED_INTERVENTION_MS', 'VISIT_GRACE_MS']) delete process.env[clock]

/**
 * `streams: false` is for bulk-loading files that write tens of thousands of rows the stream
 * handler has nothing to do with: polling them would only compete for the shared DynamoDB Local.
 */
export function useApi({ streams = true }: { streams?: boolean } = {}) {
  const prefix = `t${randomUUID().slice(0, 8)}-`
  const workDir = mkdtempSync(join(tmpdir(), 'shouhu-api-'))
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    TABLE_NAME: `${prefix}Main`,
    SESSION_SECRET: 'test-secret-' + prefix,
    DEV_LOGIN: '1',
    OUTBOX_FILE: join(workDir, 'outbox.jsonl'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  })
  const ctx = {
    outboxFile: join(workDir, 'outbox.jsonl'),
    streamIdle: async () => {},
  }
  let stopPoller = async () => {}

  beforeAll(async () => {
    const { createTablesFromTemplate } = await import('../../functions/src/local/create-tables')
    const { dynamo } = await import('../../functions/src/data/client')
    await createTablesFromTemplate({ client: dynamo(), tablePrefix: prefix })
    const { seedDemo } = await import('../../functions/src/local/demo-seed')
    await seedDemo()
    if (!streams) return
    const { startStreamPoller } = await import('../../functions/src/local/stream-poller')
    const poller = startStreamPoller({ client: dynamo(), endpoint: inject('dynamodbEndpoint'), tableName: `${prefix}Main`, intervalMs: 50 })
    ctx.streamIdle = () => poller.idle()
    stopPoller = () => poller.stop()
  })
  afterAll(() => stopPoller())

  return ctx
}

type Json = Record<string, any>

const staffAction =
  /^\/staff\/(reports|applications|entrustments)\/([^/]+)\/(acknowledge|regrade|notes|close|village-check|accept|review|public-notice|objections|approve|reject|send-back|payment|annual-review|exit|note-missing|schedule-visit|visits|intervention)$/
const recordKey = { reports: ['REPORT', 'REPORT'], applications: ['APP', 'APP'], entrustments: ['ENTRUST', 'ENTRUST'] } as const

/**
 * Staff decisions carry the version of the record the staff member was shown (the mini-app
 * sends the one it displayed). A test that does not say which version it saw acts on the
 * current one, read straight from the table (no API read, so no audit event is added); tests
 * of stale decisions pass `version` themselves.
 */
async function withSeenVersion(method: string, path: string, body: unknown): Promise<unknown> {
  const m = method === 'POST' ? staffAction.exec(path) : null
  if (!m || (body !== undefined && (typeof body !== 'object' || body === null || 'version' in body))) return body
  const { getItem } = await import('../../functions/src/data/table')
  const [pk, sk] = recordKey[m[1] as keyof typeof recordKey]
  const stored = await getItem<{ version?: number }>(`${pk}#${m[2]}`, sk, true).catch(() => undefined)
  return { ...((body as object | undefined) ?? {}), version: stored?.version ?? 0 }
}

/**
 * Every row of a paged staff list, two at a time so cursors are crossed, checking that no row
 * comes twice.
 */
export async function allPages(token: string, path: string): Promise<Json[]> {
  const { expect } = await import('vitest')
  const rows: Json[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    rows.push(...res.body.items)
    cursor = res.body.nextCursor
    pages++
  } while (cursor && pages < 50)
  // A list still going after 50 pages is a cursor that never ends: fail, never return part of it.
  expect(cursor, `${path} still had a next page after ${pages} pages`).toBeUndefined()
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
  return rows
}

/** Calls the real app in-process, as API Gateway would. */
export async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const { app } = await import('../../functions/src/app')
  opts = { ...opts, body: await withSeenVersion(method, path, opts.body) }
  const res = await app.request(`/api${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

export async function staffToken(username: string): Promise<string> {
  const res = await call('POST', '/auth/staff-login', { body: { username, password: 'shouhu123' } })
  if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`)
  return res.body.token
}

export async function residentToken(account = 'resident'): Promise<string> {
  const { addDevAccount } = await import('../../functions/src/data/users')
  await addDevAccount(account, `居民${account}`)
  const res = await call('POST', '/auth/dev-login', { body: { account } })
  return res.body.token
}

/** Demo places: 丁湖村 and its neighbour 石丁村 in 丁湖镇, 泗县. */
export const DINGHU = '341324102200'
export const SHIDING = '341324102201'
export const DINGHU_TOWN = '341324102000'
/** A village of another township of the same county (草沟镇). */
export const OTHER_TOWN_VILLAGE = '341324103200'

export function reportBody(overrides: Partial<ReportCreate> = {}): Json {
  return { villageCode: DINGHU, situations: ['care_lacking'], description: '孩子常常一个人在村口', reporter: { anonymous: true }, ...overrides }
}

export async function fileReport(token: string, body: Json = reportBody(), key = randomUUID()) {
  return call('POST', '/reports', { token, body, headers: { 'idempotency-key': key } })
}

export function outbox(file: string): Json[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
}
