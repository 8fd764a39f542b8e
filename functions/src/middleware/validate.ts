import { validator } from 'hono/validator'
import type * as z from 'zod'
import { fieldErrors } from '@shouhu/shared'
import { HttpError } from '../errors'

/**
 * Validates a JSON body against a shared schema. Bad input is answered with 400, a stable
 * code and a Chinese message per field; the handler never runs, so nothing is stored.
 */
export function jsonBody<S extends z.ZodType>(schema: S, labels: Record<string, string> = {}) {
  return validator('json', (raw) => {
    const parsed = schema.safeParse(raw)
    if (!parsed.success) throw new HttpError('VALIDATION_FAILED', undefined, fieldErrors(parsed.error, labels))
    return parsed.data as z.infer<S>
  })
}
