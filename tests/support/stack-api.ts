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

/**
 * Enrols a left-behind child in 丁湖村 through the API as a test's arrangement: both parents
 * working away since 2024, a primary pupil; `fields` replaces any of it (name, grade, caregiver…).
 */
export async function enrolChild(token: string, fields: Json & { name: string }): Promise<Json> {
  const { randomUUID } = await import('node:crypto')
  const res = await api('POST', '/staff/children', {
    token,
    key: randomUUID(),
    body: {
      sex: 'female',
      birthDate: '2015-05-20',
      householdRegistration: 'rural',
      villageCode: '341324102200',
      schooling: { stage: 'primary' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      ...fields,
    },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}
