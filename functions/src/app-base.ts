import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import type { Hono } from 'hono'
import { Health, errorMessages } from '@shouhu/shared'
import { HttpError } from './errors'
import { log } from './log'
import { boundedParams } from './middleware/params'
import { limitBody } from './middleware/body-limit'
import { $, errors, json, route, routes } from './contract'

/**
 * What every API function serves before its routes: CORS, the length and body limits, and
 * `/api/health`. The whole app (app.ts) and each audience's Lambda (lambda/api-*.ts) start
 * from this and end with `finishApi`, so a route answers the same wherever it is served.
 */
export function apiBase() {
  return $(routes()
    .basePath('/api')
    .use(
      cors({
        origin: '*',
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Report-Token'],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
      }),
    )
    // Before any route: ids and codes of any length answer 404 (never reach a table key), and
    // no body over 64 KB is read (but for the two file uploads, which set their own limit).
    .use(boundedParams, limitBody))
    .openapi(route({ method: 'get', path: '/health', summary: '服务是否在线', tags: ['服务'], security: [],
      responses: { 200: json(Health, '在线'), ...errors() } }), (c) => c.json({ ok: true }))
}

/** The error and not-found answers, in the contract's `ApiError` shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function finishApi<A extends Hono<any, any, any>>(app: A): A {
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(err.toJSON(), err.status as 400)
    // Hono's JSON validator answers an unparsable body itself, and a declared JSON body sent
    // with another content type is refused (415) before validation; both get our 400 shape.
    if (err instanceof HTTPException && (err.status === 400 || err.status === 415)) {
      return c.json(new HttpError('VALIDATION_FAILED', '提交的内容不是有效的 JSON', [{ field: '(body)', code: 'invalid_json', message: '提交的内容格式有误' }]).toJSON(), 400)
    }
    if (err instanceof HTTPException) return c.json({ error: { code: `HTTP_${err.status}`, message: err.message } }, err.status)
    // Only the path and error name: bodies may hold phone numbers and are never logged.
    log.error('unhandled error', { path: c.req.path, method: c.req.method, error: err.name, message: err.message })
    return c.json({ error: { code: 'INTERNAL', message: errorMessages.INTERNAL } }, 500)
  })
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: errorMessages.NOT_FOUND } }, 404))
  return app
}
