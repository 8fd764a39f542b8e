import { useCallback, useRef, useState } from 'react'
import { ApiRequestError, errorText } from '../api/core'
import { dropDraft, freshDraft, loadDraft, saveDraft, type Draft } from './draft'
import { keyAfterFailure } from './submission-key'

export type FieldMessages = Record<string, string[]>

export type SendResult<R> = { ok: true; result: R } | { ok: false; message: string; fields: FieldMessages; error?: unknown }

/**
 * One form with its draft on the phone and its exactly-once submission.
 * - Every change is written to storage at once (a closed page or a dead battery loses nothing).
 * - `send` is refused while a request is in flight: the lock is a ref, set before the request
 *   starts, so a double tap cannot slip in before React re-renders the disabled button.
 * - The draft (and its key) is dropped only after the server has answered with success.
 */
export function useDraftForm<T>(storageKey: string, initial: () => T) {
  const [draft, setDraft] = useState<Draft<T>>(() => loadDraft<T>(storageKey) ?? freshDraft(initial()))
  const [restored] = useState(() => loadDraft<T>(storageKey) !== undefined)
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const draftRef = useRef(draft)
  draftRef.current = draft

  const update = useCallback(
    (change: Partial<T> | ((v: T) => T)) => {
      const current = draftRef.current
      const values = typeof change === 'function' ? change(current.values) : { ...current.values, ...change }
      const next = { ...current, values }
      draftRef.current = next
      setDraft(next)
      saveDraft(storageKey, next)
    },
    [storageKey],
  )

  const reset = useCallback(() => {
    dropDraft(storageKey)
    const next = freshDraft(initial())
    draftRef.current = next
    setDraft(next)
    // `initial` is a factory the page gives once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey])

  async function send<R>(request: (values: T, idempotencyKey: string) => Promise<R>): Promise<SendResult<R>> {
    if (inFlight.current) return { ok: false, message: '', fields: {} }
    inFlight.current = true
    setBusy(true)
    const { key, values } = draftRef.current
    try {
      const result = await request(values, key)
      dropDraft(storageKey)
      return { ok: true, result }
    } catch (e) {
      const nextKey = keyAfterFailure(e, key)
      if (nextKey !== key) {
        const next = { ...draftRef.current, key: nextKey }
        draftRef.current = next
        setDraft(next)
        saveDraft(storageKey, next)
      } else {
        // Keep the draft (and its key) stored even if nothing was typed yet.
        saveDraft(storageKey, draftRef.current)
      }
      const fields: FieldMessages = {}
      if (e instanceof ApiRequestError) for (const f of e.fields) (fields[f.field] ??= []).push(f.message)
      return { ok: false, message: errorText(e), fields, error: e }
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return { values: draft.values, idempotencyKey: draft.key, restored, savedAt: draft.savedAt, update, reset, send, busy }
}
