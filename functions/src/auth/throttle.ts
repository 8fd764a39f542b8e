import { config } from '../config'
import { HttpError } from '../errors'
import { log } from '../log'
import { addFailure, appendSecurityEvent, clearAttempts, getAttempts, lockAttempts } from '../data/sign-in-attempts'
import { appendAccountAudit } from '../data/users'

/**
 * Sign-in throttling (issue #10). Guessing a password is made slow, then stopped: past a few
 * failures for an account (or many from one client address, which catches one password tried
 * against many usernames) each attempt waits longer, and past the limit the account or address
 * is locked for a while. The person locked out is told in plain words and the lock is audited.
 */
const minutes = (n: number) => n * 60_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function lockedError(kind: 'account' | 'client', until: number, now: number): HttpError {
  const wait = Math.max(1, Math.ceil((until - now) / 60_000))
  return new HttpError(
    'TOO_MANY_ATTEMPTS',
    kind === 'account'
      ? `这个账号连续输错密码次数过多，已暂时锁定。请 ${wait} 分钟后再试，或请上级为您重置密码。`
      : `这台设备登录失败次数过多，请 ${wait} 分钟后再试。`,
  )
}

export interface SignInGate {
  /** Records a failed attempt; throws the lock message when this failure reached the limit. */
  failed(knownUserId?: string): Promise<void>
  /** A successful sign-in clears the account's count (not the client's). */
  succeeded(): Promise<void>
}

/**
 * Refuses at once while the account or the client is locked, waits as long as the failures so
 * far call for, and returns what to do with the outcome.
 */
export async function signInGate(username: string, client: string, now = Date.now()): Promise<SignInGate> {
  const s = config.signIn
  const [account, fromClient] = await Promise.all([getAttempts('account', username), getAttempts('client', client)])
  const window = minutes(s.windowMinutes)
  const live = (a?: { firstAt: number; failures: number }) => (a && now - a.firstAt < window ? a.failures : 0)
  if (account?.lockedUntil && account.lockedUntil > now) throw lockedError('account', account.lockedUntil, now)
  if (fromClient?.lockedUntil && fromClient.lockedUntil > now) throw lockedError('client', fromClient.lockedUntil, now)

  const over = Math.max(live(account) - s.accountSlowAfter + 1, live(fromClient) - s.clientSlowAfter + 1, 0)
  if (over > 0) await sleep(Math.min(s.maxDelayMs, over * s.slowStepMs))

  return {
    async failed(knownUserId) {
      const at = Date.now()
      const [a, c] = await Promise.all([addFailure('account', username, at, window), addFailure('client', client, at, window)])
      const until = at + minutes(s.lockMinutes)
      if (a.failures >= s.accountLockAfter) {
        await lockAttempts('account', username, until)
        const text = `连续 ${a.failures} 次输错密码，锁定 ${s.lockMinutes} 分钟`
        // Unknown usernames are locked the same way, so a lock reveals nothing about which exist.
        if (knownUserId) await appendAccountAudit(knownUserId, { at: new Date(at).toISOString(), action: 'sign_in_locked', text })
        else await appendSecurityEvent(new Date(at).toISOString(), { kind: 'sign_in_locked', scope: 'account', text })
        log.warn('sign-in locked for account', { userId: knownUserId, failures: a.failures })
        throw lockedError('account', until, at)
      }
      if (c.failures >= s.clientLockAfter) {
        await lockAttempts('client', client, until)
        await appendSecurityEvent(new Date(at).toISOString(), { kind: 'sign_in_locked', scope: 'client', client, text: `同一地址 ${c.failures} 次登录失败，锁定 ${s.lockMinutes} 分钟` })
        log.warn('sign-in locked for client', { failures: c.failures })
        throw lockedError('client', until, at)
      }
    },
    async succeeded() {
      if (account) await clearAttempts('account', username)
    },
  }
}

/** An administrator's password reset also lifts a lock on the account. */
export const liftAccountLock = (username: string) => clearAttempts('account', username)
