import { createMiddleware } from 'hono/factory'
import { bodyLimit } from 'hono/body-limit'
import { HttpError } from '../errors'

/**
 * The largest request body the API reads. The biggest real one (an entrustment with several
 * children, or an application listing 15 photos) is under 30 KB.
 */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * The two routes that take a file set their own, larger limit where they are declared: a
 * county's ledger workbook (staff-child-imports.ts) and a document photo sent through the
 * API's own domain from WeChat (applications.ts). Every other route reads at most 64 KB.
 */
const ownLimit = new Set(['/api/staff/child-imports', '/api/applications/uploads/file'])

const limited = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HttpError('PAYLOAD_TOO_LARGE')
  },
})

/** @example app.use(limitBody) */
export const limitBody = createMiddleware(async (c, next) => {
  if (c.req.method === 'POST' && ownLimit.has(c.req.path.replace(/\/+$/, ''))) return next()
  return limited(c, next)
})
