import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { expiresAfter, retention } from './retention'
import { deleteItem, getItem, putItem, tx } from './table'

/**
 * The idempotency record of one account create (`IDEM#<keyHash>` / `IDEM`, kept
 * `retention.idempotencyDays`) and, beside it, the new account's temporary password sealed
 * (`IDEM#<keyHash>` / `PASSWORD`) for a few minutes only: a retried create — the administrator's
 * answer lost on a bad network — must show the same password, or the account exists and nobody
 * knows how to sign in to it. The sealed item has its own short TTL and is deleted once its
 * window has passed; the plain password is never stored.
 */
export interface AccountCreateRecord {
  accountId: string
  bodyHash: string
}
export interface SealedPassword {
  sealed: string
  /** ISO time after which the password is no longer shown again. */
  until: string
}

const recordKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' })
const passwordKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'PASSWORD' })

export function accountCreateItems(keyHash: string, record: AccountCreateRecord, password: SealedPassword): TransactWriteItem[] {
  return [
    tx.put({ ...recordKey(keyHash), ...record, expiresAt: expiresAfter(retention.idempotencyDays) }, { ifAbsent: true }),
    tx.put({ ...passwordKey(keyHash), ...password, expiresAt: Math.ceil(Date.parse(password.until) / 1000) }),
  ]
}

export async function getAccountCreate(keyHash: string): Promise<{ record?: AccountCreateRecord; password?: SealedPassword }> {
  const [record, password] = await Promise.all([
    getItem<AccountCreateRecord>(recordKey(keyHash).pk, 'IDEM', true),
    getItem<SealedPassword>(passwordKey(keyHash).pk, 'PASSWORD', true),
  ])
  return {
    ...(record ? { record: { accountId: record.accountId, bodyHash: record.bodyHash } } : {}),
    ...(password ? { password: { sealed: password.sealed, until: password.until } } : {}),
  }
}

/** DynamoDB's TTL deletes within days, not minutes: a password past its window is deleted on sight. */
export async function forgetSealedPassword(keyHash: string): Promise<void> {
  await deleteItem(passwordKey(keyHash).pk, 'PASSWORD')
}

/**
 * A roster upload's Idempotency-Key (`IDEM#<keyHash>` / `ROSTER`): which file it was sent with
 * (its hash), and when its accounts were all opened. Each row's account is created under a key
 * derived from this one, so a retried upload replays those creates (the same accounts and, for
 * a few minutes, the same temporary passwords) instead of opening any twice.
 */
export interface RosterUpload {
  bodyHash: string
  doneAt?: string
}
const rosterKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'ROSTER' })

/** Claims the key for this file; when it was claimed before, what it was claimed for. */
export async function claimRosterUpload(keyHash: string, bodyHash: string): Promise<RosterUpload | undefined> {
  const fresh = await putItem({ ...rosterKey(keyHash), bodyHash, expiresAt: expiresAfter(retention.idempotencyDays) }, { ifAbsent: true })
  if (fresh) return undefined
  const prev = await getItem<RosterUpload>(rosterKey(keyHash).pk, 'ROSTER', true)
  return prev ? { bodyHash: prev.bodyHash, ...(prev.doneAt ? { doneAt: prev.doneAt } : {}) } : { bodyHash }
}

/** Every account of the roster is open: from here a late retry is answered plainly (see importRoster). */
export async function finishRosterUpload(keyHash: string, bodyHash: string, at: string): Promise<void> {
  await putItem({ ...rosterKey(keyHash), bodyHash, doneAt: at, expiresAt: expiresAfter(retention.idempotencyDays) })
}
