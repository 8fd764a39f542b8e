import Taro from '@tarojs/taro'
import { ApiRequestError } from '../api/core'
import { newIdempotencyKey } from '../report-form/idempotency'

/**
 * A form kept on the phone while it is being filled in: a visit written at a doorstep with no
 * signal, or an enrolment form half done when the page is closed, is still there when the
 * director comes back. The idempotency key is stored with it, so however often the form is
 * sent — after a dropped network, a closed page, a second tap — the server files it once.
 */
export interface Draft<T> {
  /** Sent as `Idempotency-Key`: one per opened form, kept until the server has answered. */
  key: string
  values: T
  savedAt: string
}

const prefix = 'casework.draft.'

export function draftStorageKey(form: string, scope: string): string {
  return `${prefix}${form}.${scope}`
}

export function loadDraft<T>(storageKey: string): Draft<T> | undefined {
  try {
    const stored = Taro.getStorageSync(storageKey) as Draft<T> | '' | undefined
    if (stored && typeof stored === 'object' && typeof stored.key === 'string') return stored
  } catch {
    // Storage unreadable (private mode): start a fresh form.
  }
  return undefined
}

export function saveDraft<T>(storageKey: string, draft: Draft<T>): void {
  try {
    Taro.setStorageSync(storageKey, { ...draft, savedAt: new Date().toISOString() })
  } catch {
    // Storage full: the form still works, it just is not kept if the page closes.
  }
}

export function dropDraft(storageKey: string): void {
  try {
    Taro.removeStorageSync(storageKey)
  } catch {
    // Already gone.
  }
}

export function freshDraft<T>(values: T): Draft<T> {
  return { key: newIdempotencyKey(), values, savedAt: new Date().toISOString() }
}

/**
 * What happens to the key after a failed send. No answer (network, 5xx) may still have filed
 * the record: keep the key so the next press repeats the same submission. A 4xx means the
 * server stored nothing under it: a new key, so the corrected form is a fresh submission.
 */
export function keyAfterFailure(error: unknown, key: string): string {
  if (!(error instanceof ApiRequestError)) return key
  // A mismatch means this key already filed a (different) record: a new key would file a second.
  if (error.code === 'IDEMPOTENCY_MISMATCH') return key
  if (error.status >= 400 && error.status < 500) return newIdempotencyKey()
  return key
}
