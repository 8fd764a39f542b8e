import { expect, inject } from 'vitest'

/**
 * The local stack's API as the browser tests' set-up sees it: a plain `fetch` with the staff
 * token, the idempotency key and JSON, for arranging data a test then checks on screen.
 */
export type Json = Record<string, any>

export async function api(method: 'GET' | 'POST', path: string, opts: { token?: string; body?: unknown; key?: string } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${inject('apiUrl')}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.key ? { 'Idempotency-Key': opts.key } : {}),
    },
    body: method === 'POST' ? JSON.stringify(opts.body ?? {}) : undefined,
  })
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Json }
}

/** A demo staff account's token (password `shouhu123`). */
export async function staffToken(username: string): Promise<string> {
  const res = await api('POST', '/auth/staff-login', { body: { username, password: 'shouhu123' } })
  expect(res.status, `sign-in of ${username}`).toBe(200)
  return res.body.token
}
