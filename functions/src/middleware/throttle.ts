import { createMiddleware } from 'hono/factory'
import type { Context } from 'hono'
import { config } from '../config'
import { countHit, currentHits } from '../data/throttle'
import { HttpError } from '../errors'
import { hmac } from '../ids'
import { sessionSecret } from '../secrets'

type LambdaRequestContext = { http?: { sourceIp?: string }; identity?: { sourceIp?: string } }

/**
 * Who is asking, as far as the network can tell. Behind API Gateway the request context's
 * source IP is the one the client cannot forge (HTTP API: `http.sourceIp`; REST API:
 * `identity.sourceIp`); an `X-Forwarded-For` sent by the client itself would let a guesser
 * pick a fresh "client" per request. Only without a Lambda context (the local server, tests)
 * is the first forwarded address used.
 */
export function clientAddress(c: Context): string {
  const rc = (c.env as { requestContext?: LambdaRequestContext } | undefined)?.requestContext
  const fromLambda = rc?.http?.sourceIp ?? rc?.identity?.sourceIp
  if (fromLambda) return fromLambda
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || c.req.header('x-real-ip') || 'local'
}

/**
 * Throttles lookups by a code someone might try to guess (tracking codes, invitation codes),
 * per client: at most `config.lookupLimit` lookups and `config.lookupMissLimit` misses (404)
 * per window. Counters live in DynamoDB (the Lambdas share no memory) and expire by TTL.
 * Guessing a 12-character code at that rate would take longer than the report exists.
 *
 * @example routes.get('/track/:code', throttleLookups('track'), handler)
 */
export function throttleLookups(scope: string) {
  return createMiddleware(async (c, next) => {
    const window = config.lookupWindowSeconds
    // Hashed: the counters must not become a log of who looked up what from where.
    const client = hmac(await sessionSecret(), `throttle:${clientAddress(c)}`).slice(0, 22)
    const [hits, misses] = await Promise.all([countHit(scope, client, window), currentHits(`${scope}-miss`, client, window)])
    if (hits > config.lookupLimit || misses >= config.lookupMissLimit) {
      c.header('Retry-After', String(window))
      throw new HttpError('TOO_MANY_REQUESTS', `查询太频繁了，请 ${Math.ceil(window / 60)} 分钟后再试`)
    }
    try {
      await next()
    } finally {
      if (c.res.status === 404 || c.error instanceof HttpError && c.error.status === 404) await countHit(`${scope}-miss`, client, window)
    }
  })
}
