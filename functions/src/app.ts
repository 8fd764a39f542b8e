import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { Health, SessionUser, errorMessages } from '@shouhu/shared'
import { HttpError } from './errors'
import { log } from './log'
import { authRoutes } from './routes/auth'
import { divisionRoutes } from './routes/divisions'
import { reportRoutes } from './routes/reports'
import { staffReportRoutes } from './routes/staff-reports'
import { notificationRoutes } from './routes/notifications'
import { subscriptionRoutes } from './routes/subscriptions'
import { entrustmentRoutes } from './routes/entrustments'
import { staffEntrustmentRoutes } from './routes/staff-entrustments'
import { applicationRoutes } from './routes/applications'
import { staffApplicationRoutes } from './routes/staff-applications'
import { staffAdminRoutes } from './routes/staff-admin'
import { staffChildRoutes } from './routes/staff-children'
import { staffChildImportRoutes } from './routes/staff-child-imports'
import { staffReferralRoutes } from './routes/staff-referrals'
import { staffExportRoutes } from './routes/staff-exports'
import { staffSpotCheckRoutes } from './routes/staff-spot-checks'
import { staffOverviewRoutes } from './routes/staff-overview'
import { staffChildMoveRoutes } from './routes/staff-child-moves'
import { conferenceTaskRoutes, staffCaseRoutes } from './routes/staff-cases'
import { requireUser } from './middleware/auth'
import { boundedParams } from './middleware/params'
import { limitBody } from './middleware/body-limit'
import { $, errors, file, json, route, routes } from './contract'

/** Built on the first request for it, so a cold start never pays for the generator. */
let document: Promise<Record<string, unknown>> | undefined
const openApiDocument = (): Promise<Record<string, unknown>> => (document ??= import('./contract-document').then((m) => m.buildDocument(app)))

/** The whole API; Lambda and the local server both serve exactly this app. */
export const app = $(routes()
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
  .openapi(route({ method: 'get', path: '/openapi.json', summary: '本接口说明（OpenAPI 3.1）', tags: ['服务'], security: [],
    responses: { 200: file('application/json', 'OpenAPI 3.1 文档'), ...errors() } }), async (c) => c.json(await openApiDocument()))
  .openapi(route({ method: 'get', path: '/reference', summary: '接口说明网页', tags: ['服务'], security: [],
    responses: { 200: file('text/html', '接口说明网页'), ...errors() } }), async (c) =>
    c.html((await import('./contract-document')).referencePage(await openApiDocument())))
  .route('/auth', authRoutes)
  .openapi(route({ method: 'get', path: '/me', summary: '当前登录的账号', tags: ['登录'], middleware: [requireUser] as const,
    responses: { 200: json(SessionUser, '当前账号'), ...errors(401, 403) } }), (c) => c.json(c.var.user))
  .route('/divisions', divisionRoutes)
  .route('/reports', reportRoutes)
  .route('/staff/reports', staffReportRoutes)
  .route('/notifications', notificationRoutes)
  .route('/subscriptions', subscriptionRoutes)
  .route('/entrustments', entrustmentRoutes)
  .route('/staff/entrustments', staffEntrustmentRoutes)
  .route('/applications', applicationRoutes)
  .route('/staff/applications', staffApplicationRoutes)
  .route('/staff-admin', staffAdminRoutes)
  .route('/staff/children', staffChildRoutes)
  .route('/staff/child-imports', staffChildImportRoutes)
  .route('/staff/referrals', staffReferralRoutes)
  .route('/staff/exports', staffExportRoutes)
  .route('/staff/spot-checks', staffSpotCheckRoutes)
  .route('/staff/overview', staffOverviewRoutes)
  .route('/staff/child-moves', staffChildMoveRoutes)
  .route('/staff/cases', staffCaseRoutes)
  .route('/staff/conference-tasks', conferenceTaskRoutes)

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

export type AppType = typeof app
