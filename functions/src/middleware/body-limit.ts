import { bodyLimit } from 'hono/body-limit'
import { HttpError } from '../errors'

/**
 * The largest request body the API reads. The biggest real one (an entrustment with several
 * children, or an application listing 15 photos) is under 30 KB; photos never pass through
 * the API (they go straight to storage).
 */
export const MAX_BODY_BYTES = 64 * 1024

/** @example app.use(limitBody) */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HttpError('PAYLOAD_TOO_LARGE')
  },
})
