import { randomBytes } from 'node:crypto'
import { deleteItem, getItem, increment, putItem } from './table'

/**
 * Failed sign-ins, counted per account (the username typed, known or not) and per client
 * address, in a window; items expire by TTL a day after their window so nothing piles up.
 */
export type AttemptKind = 'account' | 'client'
export interface Attempts {
  failures: number
  firstAt: number
  lockedUntil?: number
}

const key = (kind: AttemptKind, id: string) => ({ pk: `SIGNIN#${kind}#${id.slice(0, 200)}`, sk: 'SIGNIN' })
const ttl = (ms: number) => Math.floor(ms / 1000) + 24 * 3600

export async function getAttempts(kind: AttemptKind, id: string): Promise<Attempts | undefined> {
  return getItem<Attempts>(key(kind, id).pk, key(kind, id).sk, true)
}

/** Counts one more failure; a window that has run out starts again at one. */
export async function addFailure(kind: AttemptKind, id: string, now: number, windowMs: number): Promise<Attempts> {
  const current = await getAttempts(kind, id)
  if (!current || now - current.firstAt >= windowMs) {
    const fresh: Attempts = { failures: 1, firstAt: now }
    await putItem({ ...key(kind, id), ...fresh, expiresAt: ttl(now + windowMs) })
    return fresh
  }
  return increment<Attempts>(key(kind, id), 'failures', 1)
}

export async function lockAttempts(kind: AttemptKind, id: string, until: number): Promise<void> {
  await increment(key(kind, id), 'failures', 0, { lockedUntil: until, expiresAt: ttl(until) })
}

export async function clearAttempts(kind: AttemptKind, id: string): Promise<void> {
  await deleteItem(key(kind, id).pk, key(kind, id).sk)
}

/** Security events without an account to file them under (a client address locked out). */
export async function appendSecurityEvent(at: string, event: Record<string, unknown>): Promise<void> {
  await putItem({ pk: `SECURITY#${at.slice(0, 10)}`, sk: `${at}#${randomBytes(4).toString('hex')}`, at, ...event, expiresAt: ttl(Date.parse(at) + 365 * 24 * 3600 * 1000) })
}
