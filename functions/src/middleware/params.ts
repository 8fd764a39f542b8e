import { createMiddleware } from 'hono/factory'
import { HttpError } from '../errors'

/**
 * Every id, code and name in a path is at most this long. Ours are 22 (ids), 14 (tracking
 * codes), 9 (invitation codes) or about 75 (notification ids, dotted) characters; DynamoDB
 * refuses keys over 2 KB with an error that used to surface as a 500.
 */
const MAX_SEGMENT = 128
/** Ids and codes are letters, digits, `-`, `_` and `.`; nothing else can name a record. */
const segmentPattern = /^[A-Za-z0-9_.-]+$/
const MAX_QUERY_VALUE = 1024

/**
 * Refuses, before any route runs, a path segment that cannot be an id or code (404, as for
 * any unknown record) and an over-long query value (400). One check for every route with
 * an id, so no handler can forget it.
 *
 * @example app.use(boundedParams)
 */
export const boundedParams = createMiddleware(async (c, next) => {
  let segments: string[]
  try {
    segments = c.req.path.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    throw new HttpError('NOT_FOUND')
  }
  if (segments.some((s) => s.length > MAX_SEGMENT || !segmentPattern.test(s))) throw new HttpError('NOT_FOUND')
  const url = new URL(c.req.url)
  for (const [name, value] of url.searchParams) {
    if (name.length > 32 || value.length > MAX_QUERY_VALUE) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: name.slice(0, 32), code: 'too_long', message: '查询条件太长了' }])
    }
  }
  await next()
})
