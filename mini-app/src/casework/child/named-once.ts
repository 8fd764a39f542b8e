import type * as z from 'zod'
import type { FieldMessages } from '../use-draft-form'
import { messagesFor } from '../validate'

/**
 * A message names its field once. fieldErrors puts 「<label>：」 in front unless the message
 * already starts with exactly that; a schema that names the field in its own words
 * (「转出原因：请写清…」 under the label 原因, 「说明不超过 300 字」, 「请选择学校」) would otherwise
 * read 「原因：转出原因：请写清…」. The name counts as given when the message's first clause
 * holds the label.
 */
export function nameOnce(message: string, label: string | undefined): string {
  if (!label || !message.startsWith(`${label}：`)) return message
  const rest = message.slice(label.length + 1)
  const firstClause = rest.split(/[：，。]/)[0] ?? ''
  return firstClause.includes(label) ? rest : message
}

/** The label fieldErrors used for a field path (the path itself, else its first part). */
export function labelFor(labels: Record<string, string>, field: string): string | undefined {
  return labels[field] ?? labels[field.split('.')[0] ?? '']
}

/** messagesFor, with every message naming its field once. */
export function messagesNamedOnce<S extends z.ZodType>(schema: S, value: unknown, labels: Record<string, string>): { ok: true; data: z.output<S> } | { ok: false; fields: FieldMessages } {
  const r = messagesFor(schema, value, labels)
  if (r.ok) return r
  const fields: FieldMessages = {}
  for (const [field, messages] of Object.entries(r.fields)) {
    fields[field] = [...new Set(messages.map((m) => nameOnce(m, labelFor(labels, field))))]
  }
  return { ok: false, fields }
}

/**
 * The messages without those about the given fields (and what lies under them): a field the
 * user has just changed no longer says it is wrong. The same object when nothing goes, so a
 * keystroke re-renders nothing.
 */
export function withoutErrors(errors: FieldMessages, ...fields: string[]): FieldMessages {
  const gone = Object.keys(errors).filter((k) => k === 'form' || fields.some((f) => k === f || k.startsWith(`${f}.`)))
  if (!gone.length) return errors
  const next = { ...errors }
  for (const k of gone) delete next[k]
  return next
}
