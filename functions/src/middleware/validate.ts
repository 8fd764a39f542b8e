import { validator } from 'hono/validator'
import type { z } from 'zod'
import { fieldErrors } from '@shouhu/shared'
import { HttpError } from '../errors'

/**
 * Validates a JSON body against a shared schema. Bad input is answered with 400, a stable
 * code and a Chinese message per field; the handler never runs, so nothing is stored.
 */
export function jsonBody<S extends z.ZodType>(schema: S, labels: Record<string, string> = {}) {
  return validator('json', async (_value, c) => {
    let raw: unknown
    try {
      raw = await c.req.json()
    } catch {
      throw new HttpError('VALIDATION_FAILED', '提交的内容不是有效的 JSON', [{ field: '(body)', code: 'invalid_json', message: '提交的内容格式有误' }])
    }
    const parsed = schema.safeParse(raw)
    if (!parsed.success) throw new HttpError('VALIDATION_FAILED', undefined, fieldErrors(parsed.error, labels))
    return parsed.data as z.infer<S>
  })
}
