import { useState } from 'react'
import type * as z from 'zod'
import { ApiRequestError, errorText, staleRecord } from '../api/client'
import { redirectIfSignedOut } from '../staff/use-staff'
import type { FieldMessages } from '../casework/use-draft-form'
import { messagesFor } from '../casework/validate'

/** China time, as the director reads the clock: `2026-11-28` + `09:30` → an instant. */
export const instant = (day: string, time: string) => (day && time ? `${day}T${time}:00+08:00` : '')

/** The China clock now, as a day and an `HH:mm` time: 「现在」 on an emergency form. */
export function chinaNow(now = new Date()): { day: string; time: string } {
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString()
  return { day: local.slice(0, 10), time: local.slice(11, 16) }
}

/**
 * One form's state: its field messages, the page's error line, and a submit that checks with the
 * shared schema first (the same messages the server would give), then shows the server's own.
 */
export function useCaseForm() {
  const [errors, setErrors] = useState<FieldMessages>({})
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  function check<S extends z.ZodType>(schema: S, value: unknown, labels: Record<string, string>): z.output<S> | undefined {
    const r = messagesFor(schema, value, labels)
    if (!r.ok) {
      setErrors(r.fields)
      setMessage('请按提示修改后再提交')
      return undefined
    }
    setErrors({})
    return r.data
  }

  async function submit<T>(send: () => Promise<T>, onStale?: (fresh: unknown) => void): Promise<T | undefined> {
    if (busy) return undefined
    setBusy(true)
    setMessage('')
    try {
      return await send()
    } catch (e) {
      if (redirectIfSignedOut(e)) return undefined
      const fresh = staleRecord<unknown>(e)
      if (fresh && onStale) {
        onStale(fresh)
        setMessage('记录已被他人更新，已为你刷新，请核对后再提交')
        return undefined
      }
      setMessage(errorText(e))
      if (e instanceof ApiRequestError && e.fields.length) {
        const byField: FieldMessages = {}
        for (const f of e.fields) (byField[f.field] ??= []).push(f.message)
        setErrors(byField)
      }
      return undefined
    } finally {
      setBusy(false)
    }
  }

  return { errors, setErrors, message, setMessage, busy, check, submit }
}
