import { useCallback, useEffect, useRef, useState } from 'react'
import { revealFirstError } from './reveal'
import { withoutErrors, type Messages } from './without-errors'

/**
 * One error mechanism for every form. `show(errors)` after a failed submit puts the messages on
 * screen and then brings the first one into view and focus (forms/reveal). `watch` maps each
 * message key to the value it is about: when the user changes that value, its message goes
 * (and the message above the button too), so a fixed field no longer says it is wrong.
 * A key clears the messages under it as well (`children.0` clears `children.0.name`).
 *
 * @example
 * const [errors, setErrors, show] = useFieldErrors<Errors>({ villageCode, 'answers.birthDate': birthDate })
 * if (!parsed.success) return show(messagesFrom(parsed.error))
 */
export function useFieldErrors<E extends Messages>(watch: Record<string, unknown> = {}) {
  const [errors, setErrors] = useState<E>({} as E)
  const [revealCount, setRevealCount] = useState(0)
  const seen = useRef<Record<string, string>>({})

  const serialised: Record<string, string> = {}
  for (const [k, v] of Object.entries(watch)) serialised[k] = JSON.stringify(v ?? null)

  useEffect(() => {
    const changed = Object.keys(serialised).filter((k) => k in seen.current && seen.current[k] !== serialised[k])
    seen.current = serialised
    if (!changed.length) return
    setErrors((current) => withoutErrors(current, ...changed))
  })

  useEffect(() => {
    if (revealCount) revealFirstError()
  }, [revealCount])

  const show = useCallback((next: E) => {
    setErrors(next)
    setRevealCount((n) => n + 1)
  }, [])

  return [errors, setErrors, show] as const
}

/**
 * For pages that keep their own error state (the staff action panels): whenever one of the
 * given messages appears, bring the first message on the page into view and focus. Put the
 * class `field-errors` on a message box that is not a FieldErrorText.
 *
 * @example
 * useRevealWhenShown(actionError, errors)
 */
export function useRevealWhenShown(...messages: unknown[]): void {
  const shown = messages.some((m) => (typeof m === 'string' ? m !== '' : m && typeof m === 'object' && Object.values(m).some((v) => Array.isArray(v) && v.length > 0)))
  const key = JSON.stringify(messages)
  useEffect(() => {
    if (shown) revealFirstError()
  }, [key])
}

