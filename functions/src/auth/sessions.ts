import { config } from '../config'
import { sessionState } from '../data/users'

/**
 * Sessions follow the account (issue #10): each request's session version is compared with
 * the account's. What was read is trusted for `config.sessionCheckSeconds` (≤ 60 s) per process,
 * so a deactivation, role or division change, password reset or 退出所有设备 ends every open
 * session within a minute while a busy staff member costs one read per half-minute, not per request.
 */
const cache = new Map<string, { at: number; state: { active: boolean; sessionVersion: number } | undefined }>()
const MAX_ENTRIES = 10_000

export type SessionCheck = 'ok' | 'ended' | 'disabled'

export async function checkSession(userId: string, sessionVersion: number, now = Date.now()): Promise<SessionCheck> {
  let hit = cache.get(userId)
  if (!hit || now - hit.at >= config.sessionCheckSeconds * 1000) {
    hit = { at: now, state: await sessionState(userId) }
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
    cache.set(userId, hit)
  }
  if (!hit.state) return 'ended'
  if (!hit.state.active) return 'disabled'
  return hit.state.sessionVersion === sessionVersion ? 'ok' : 'ended'
}

/** After a change made in this process, the next request re-reads the account at once. */
export function forgetSession(userId: string): void {
  cache.delete(userId)
}
