import { Hono } from 'hono'
import { getNotification, inboxOf, updateNotification } from '../data/notifications'
import { HttpError } from '../errors'
import { type AuthEnv, requireUser } from '../middleware/auth'

/** Everyone's own inbox: staff hear about reports, families about their applications. */
export const notificationRoutes = new Hono<AuthEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const items = await inboxOf(c.var.user.id)
    return c.json({ items, unread: items.filter((n) => !n.readAt).length })
  })
  .post('/:id/read', async (c) => {
    const n = await getNotification(c.req.param('id'))
    if (!n || n.recipientId !== c.var.user.id) throw new HttpError('NOT_FOUND')
    const { version, ...plain } = n
    if (n.readAt) return c.json(plain)
    const saved = await updateNotification(n, { ...plain, readAt: new Date().toISOString() })
    if (!saved) throw new HttpError('CONFLICT')
    const { version: _v, ...result } = saved
    return c.json(result)
  })
