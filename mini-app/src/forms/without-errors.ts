export type Messages = Record<string, readonly string[] | undefined>

/**
 * The messages without those about the given fields (and what lies under them), nor the message
 * above the button: a field the user has just changed no longer says it is wrong. The same
 * object when nothing goes, so a keystroke re-renders nothing.
 */
export function withoutErrors<E extends Messages>(errors: E, ...fields: string[]): E {
  const gone = Object.keys(errors).filter((k) => k === 'form' || fields.some((f) => k === f || k.startsWith(`${f}.`)))
  if (!gone.length) return errors
  const next = { ...errors }
  for (const k of gone) delete next[k]
  return next
}
