import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { errorMessages } from '@shouhu/shared'
import { HttpError } from './errors'
import { log } from './log'
import { authRoutes } from './routes/auth'
import { divisionRoutes } from './routes/divisions'
import { reportRoutes } from './routes/reports'
import { staffReportRoutes } from './routes/staff-reports'
import { notificationRoutes } from './routes/notifications'
import { entrustmentRoutes } from './routes/entrustments'
import { staffEntrustmentRoutes } from './routes/staff-entrustments'
import { applicationRoutes } from './routes/applications'
import { staffApplicationRoutes } from './routes/staff-applications'
import { staffAdminRoutes } from './routes/staff-admin'
import { staffChildRoutes } from './routes/staff-children'
import { staffChildImportRoutes } from './routes/staff-child-imports'
import { conferenceTaskRoutes, staffCaseRoutes } from './routes/staff-cases'
import { requireUser } from './middleware/auth'
import { boundedParams } from './middleware/params'
import { limitBody } from './middleware/body-limit'

/** The whole API; Lambda and the local server both serve exactly this app. */
export const app = new Hono()
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
  .use(boundedParams, limitBody)
  .get('/health', (c) => c.json({ ok: true }))
  .route('/auth', authRoutes)
  .get('/me', requireUser, (c) => c.json(c.var.user))
  .route('/divisions', divisionRoutes)
  .route('/reports', reportRoutes)
  .route('/staff/reports', staffReportRoutes)
  .route('/notifications', notificationRoutes)
  .route('/entrustments', entrustmentRoutes)
  .route('/staff/entrustments', staffEntrustmentRoutes)
  .route('/applications', applicationRoutes)
  .route('/staff/applications', staffApplicationRoutes)
  .route('/staff-admin', staffAdminRoutes)
  .route('/staff/children', staffChildRoutes)
  .route('/staff/child-imports', staffChildImportRoutes)
  .route('/staff/cases', staffCaseRoutes)
  .route('/staff/conference-tasks', conferenceTaskRoutes)

app.onError((err, c) => {
  if (err instanceof HttpError) return c.json(err.toJSON(), err.status as 400)
  // Hono's JSON validator answers an unparsable body itself; give it our shape.
  if (err instanceof HTTPException && err.status === 400) {
    return c.json(new HttpError('VALIDATION_FAILED', '提交的内容不是有效的 JSON', [{ field: '(body)', code: 'invalid_json', message: '提交的内容格式有误' }]).toJSON(), 400)
  }
  if (err instanceof HTTPException) return c.json({ error: { code: `HTTP_${err.status}`, message: err.message } }, err.status)
  // Only the path and error name: bodies may hold phone numbers and are never logged.
  log.error('unhandled error', { path: c.req.path, method: c.req.method, error: err.name, message: err.message })
  return c.json({ error: { code: 'INTERNAL', message: errorMessages.INTERNAL } }, 500)
})

app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: errorMessages.NOT_FOUND } }, 404))

export type AppType = typeof app
