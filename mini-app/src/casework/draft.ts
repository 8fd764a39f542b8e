import { getDeviceValue, removeDeviceValue, setDeviceValue } from '../device-storage'
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
    const stored = getDeviceValue(storageKey) as Draft<T> | undefined
    if (stored && typeof stored === 'object' && typeof stored.key === 'string') return stored
  } catch {
    // Storage unreadable (private mode): start a fresh form.
  }
  return undefined
}

export function saveDraft<T>(storageKey: string, draft: Draft<T>): void {
  try {
    setDeviceValue(storageKey, { ...draft, savedAt: new Date().toISOString() })
  } catch {
    // Storage full: the form still works, it just is not kept if the page closes.
  }
}

export function dropDraft(storageKey: string): void {
  try {
    removeDeviceValue(storageKey)
  } catch {
    // Already gone.
  }
}

export function freshDraft<T>(values: T): Draft<T> {
  return { key: newIdempotencyKey(), values, savedAt: new Date().toISOString() }
}
