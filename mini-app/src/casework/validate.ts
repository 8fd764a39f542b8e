import type * as z from 'zod'
import { fieldErrors } from '@shouhu/shared'
import type { FieldMessages } from './use-draft-form'

/** zod's own fallback texts are English (a missing nested object): never show those to a villager. */
const english = /[A-Za-z]{4,}/

/**
 * Checks a form with the shared schema and returns Chinese messages by field path. A message
 * that is not Chinese becomes 「<field>：请填写或选择这一项」.
 */
export function messagesFor<S extends z.ZodType>(schema: S, value: unknown, labels: Record<string, string>): { ok: true; data: z.output<S> } | { ok: false; fields: FieldMessages } {
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, data: parsed.data }
  const fields: FieldMessages = {}
  for (const f of fieldErrors(parsed.error, labels)) {
    let message = f.message
    if (english.test(message)) {
      const label = labelFor(labels, f.field)
      message = label ? `${label}：请填写或选择这一项` : '请填写或选择这一项'
    }
    const list = (fields[f.field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return { ok: false, fields }
}

/** The label fieldErrors used for a field path (the path itself, else its first part). */
export function labelFor(labels: Record<string, string>, field: string): string | undefined {
  return labels[field] ?? labels[field.split('.')[0] ?? '']
}

/** Messages of a field and everything under it (`checks` gathers `checks.safety` …). */
export function under(fields: FieldMessages, prefix: string): string[] {
  return Object.entries(fields)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, v]) => v)
}

/** The first field, in the order the page shows them, that has a message. */
export function firstError(fields: FieldMessages, order: readonly string[]): string | undefined {
  return order.find((prefix) => under(fields, prefix).length > 0)
}
