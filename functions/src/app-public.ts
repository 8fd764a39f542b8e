import { SessionUser } from '@shouhu/shared'
import { authRoutes } from './routes/auth'
import { divisionRoutes } from './routes/divisions'
import { reportRoutes } from './routes/reports'
import { notificationRoutes } from './routes/notifications'
import { subscriptionRoutes } from './routes/subscriptions'
import { entrustmentRoutes } from './routes/entrustments'
import { applicationRoutes } from './routes/applications'
import { requireUser } from './middleware/auth'
import { errors, json, route, routes } from './contract'

/**
 * Every route outside `/api/staff*`: signing in, the division picker, reports and their
 * tracking codes, the inbox, WeChat subscriptions, entrusted care and allowance applications
 * as families use them. Served by the public API function (lambda/api-public.ts) and, with the
 * staff part, by the whole app (app.ts). Paths are relative to `/api`.
 */
export const publicApi = routes()
  .route('/auth', authRoutes)
  .openapi(route({ method: 'get', path: '/me', summary: '当前登录的账号', tags: ['登录'], middleware: [requireUser] as const,
    responses: { 200: json(SessionUser, '当前账号'), ...errors(401, 403) } }), (c) => c.json(c.var.user))
  .route('/divisions', divisionRoutes)
  .route('/reports', reportRoutes)
  .route('/notifications', notificationRoutes)
  .route('/subscriptions', subscriptionRoutes)
  .route('/entrustments', entrustmentRoutes)
  .route('/applications', applicationRoutes)
