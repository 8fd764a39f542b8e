import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { LocalStack } from '../functions/src/local/stack'

/**
 * One local stack (DynamoDB Local in memory + the Hono API on 127.0.0.1 + the stream poller)
 * shared by the parts that need it. One per process: the data layer caches its DynamoDB
 * client, so a second stack in the same process would still talk to the first one's endpoint.
 */
let started: Promise<{ stack: LocalStack; workDir: string; startMs: number }> | undefined

export function benchStack(opts: { h5Dir?: string } = {}) {
  started ??= (async () => {
    process.env.LOG_LEVEL = 'silent'
    const workDir = mkdtempSync(join(tmpdir(), 'shouhu-bench-'))
    const t0 = performance.now()
    const { startLocalStack } = await import('../functions/src/local/stack')
    const stack = await startLocalStack({ workDir, seed: true, scheduleEveryMs: 60_000, h5Dir: opts.h5Dir })
    return { stack, workDir, startMs: Math.round(performance.now() - t0) }
  })()
  return started
}

export async function stopBenchStack() {
  if (!started) return
  const s = started
  started = undefined
  const { stack, workDir } = await s.catch(() => ({ stack: undefined, workDir: undefined }))
  await stack?.stop()
  if (workDir) rmSync(workDir, { recursive: true, force: true })
}

type Json = Record<string, any>

/** One API call over real HTTP; throws unless the status is the expected one. */
export async function api(
  apiUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number[] } = {},
): Promise<Json> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  if (!(opts.expect ?? [200]).includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : {}
}

export async function residentToken(apiUrl: string): Promise<string> {
  return (await api(apiUrl, 'POST', '/auth/dev-login', { body: { account: 'resident' } })).token
}

export async function staffToken(apiUrl: string, username = 'dinghu'): Promise<string> {
  return (await api(apiUrl, 'POST', '/auth/staff-login', { body: { username, password: 'shouhu123' } })).token
}

export const DINGHU = '341324102200'

export function fileReport(apiUrl: string, token: string, situations: string[] = ['care_lacking']) {
  return api(apiUrl, 'POST', '/reports', {
    token,
    body: { villageCode: DINGHU, situations, reporter: { anonymous: true } },
    headers: { 'idempotency-key': randomUUID() },
    expect: [201],
  })
}
