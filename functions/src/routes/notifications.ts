import { Hono } from 'hono'
import { getNotification, inboxPage, markNotificationRead, unreadCount } from '../data/notifications'
import { HttpError } from '../errors'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'

/** Everyone's own inbox: staff hear about reports, families about their applications. */
export const notificationRoutes = new Hono<AuthEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const page = pageParams(c, 100)
    const [list, unread] = await Promise.all([withCursor(page.cursor, () => inboxPage(c.var.user.id, page)), unreadCount(c.var.user.id)])
    return c.json({ items: list.items, unread, ...(list.cursor ? { nextCursor: list.cursor } : {}) })
  })
  .post('/:id/read', async (c) => {
    const n = await getNotification(c.req.param('id'))
    if (!n || n.recipientId !== c.var.user.id) throw new HttpError('NOT_FOUND')
    const { version, ...plain } = n
    if (n.readAt) return c.json(plain)
    const saved = await markNotificationRead(n, new Date().toISOString())
    if (!saved) throw new HttpError('CONFLICT')
    const { version: _v, ...result } = saved
    return c.json(result)
  })
