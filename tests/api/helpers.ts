/**
 * Small helpers shared by the API suites in this folder (not a test file itself).
 *
 * Product modules are imported lazily, inside the helpers: `functions/src/config.ts` reads the
 * environment once at import time, so nothing from `functions/` may load before `useApi()`
 * has pointed the process at this file's tables and outbox.
 */
import { createHmac } from 'node:crypto'
import type { Report, ReportEvent, StaffRole } from '@shouhu/shared'
import { call, staffToken } from '../support/api-harness'

type Json = Record<string, any>

/** Creates an extra staff account (password shouhu123) and returns its user record and a session token. */
export async function addStaff(opts: {
  username: string
  role: StaffRole
  displayName: string
  divisionCode: string
  divisionName: string
  openid?: string
}): Promise<{ id: string; token: string; username: string; displayName: string }> {
  const { createStaff } = await import('../../functions/src/data/users')
  const { hashPassword } = await import('../../functions/src/auth/passwords')
  const { username, ...input } = opts
  const user = await createStaff(input, { username, passwordHash: await hashPassword('shouhu123') })
  if (!user) throw new Error(`staff ${username} already exists`)
  return { id: user.id, token: await staffToken(username), username, displayName: user.displayName }
}

/** Signs in a seeded staff member and returns their id and name as the API reports them. */
export async function signIn(username: string): Promise<{ id: string; token: string; username: string; displayName: string }> {
  const token = await staffToken(username)
  const me = await call('GET', '/me', { token })
  return { id: me.body.id, token, username, displayName: me.body.displayName }
}

/** The stored report item exactly as it sits in the table (index attributes included). */
export async function rawReport(id: string): Promise<Json | undefined> {
  const { getItem } = await import('../../functions/src/data/table')
  return getItem<Json>(`REPORT#${id}`, 'REPORT', true)
}

/** The stored report as the data layer returns it. */
export async function storedReport(id: string): Promise<Report> {
  const { getReport } = await import('../../functions/src/data/reports')
  const r = await getReport(id)
  if (!r) throw new Error(`report ${id} not found`)
  return r
}

/** Every item of the report's partition: the report, its events. */
export async function reportPartition(id: string): Promise<Json[]> {
  const { query } = await import('../../functions/src/data/table')
  return query<Json>({ pk: `REPORT#${id}`, consistent: true })
}

export async function storedEvents(id: string): Promise<ReportEvent[]> {
  const { reportEvents } = await import('../../functions/src/data/reports')
  return reportEvents(id)
}

/** A report's idempotency record: keyed by the caller and the key, under the server secret. */
export async function idempotencyRecord(key: string, userId: string): Promise<Json | undefined> {
  const { getItem } = await import('../../functions/src/data/table')
  const hash = createHmac('sha256', process.env.SESSION_SECRET!).update(`report-idem:${userId}:${key}`).digest('base64url')
  return getItem<Json>(`IDEM#${hash}`, 'IDEM', true)
}

export async function inbox(token: string): Promise<{ items: Json[]; unread: number }> {
  const res = await call('GET', '/notifications', { token })
  if (res.status !== 200) throw new Error(`inbox: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { items: Json[]; unread: number }
}

/** A staff member's inbox entries about one report (optionally of one kind). */
export async function inboxFor(token: string, reportId: string, kind?: string): Promise<Json[]> {
  return (await inbox(token)).items.filter((n) => n.subject.id === reportId && (!kind || n.kind === kind))
}

/** Outbox lines (local WeChat subscription messages) that open one report. */
export function linesFor(lines: Json[], reportId: string, toOpenid?: string): Json[] {
  return lines.filter((l) => l.page === `staff/report/index?id=${reportId}` && (!toOpenid || l.toOpenid === toOpenid))
}

export const minutes = (n: number) => n * 60_000
export const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs)
