import { Notification, NotificationInbox } from '@shouhu/shared'
import { getNotification, inboxPage, markNotificationRead, unreadCount } from '../data/notifications'
import { HttpError } from '../errors'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { $, PageQuery, errors, json, pathParams, route, routes } from '../contract'

const tags = ['通知']

/** Everyone's own inbox: staff hear about reports, families about their applications. */
export const notificationRoutes = $(routes<AuthEnv>().use(requireUser))
  .openapi(route({ method: 'get', path: '/', summary: '我的通知（分页）和未读数', tags, request: { query: PageQuery },
    responses: { 200: json(NotificationInbox, '通知'), ...errors(400, 401, 403) } }), async (c) => {
    const page = pageParams(c, 100)
    const [list, unread] = await Promise.all([withCursor(page.cursor, () => inboxPage(c.var.user.id, page)), unreadCount(c.var.user.id)])
    return c.json({ items: list.items, unread, ...(list.cursor ? { nextCursor: list.cursor } : {}) })
  })
  .openapi(route({ method: 'post', path: '/{id}/read', summary: '标为已读', tags, request: { params: pathParams('id') },
    responses: { 200: json(Notification, '已读的通知'), ...errors(401, 403, 404, 409, 413) } }), async (c) => {
    const n = await getNotification(c.req.param('id'))
    if (!n || n.recipientId !== c.var.user.id) throw new HttpError('NOT_FOUND')
    const { version, ...plain } = n
    if (n.readAt) return c.json(plain)
    const saved = await markNotificationRead(n, new Date().toISOString())
    if (!saved) throw new HttpError('CONFLICT')
    const { version: _v, ...result } = saved
    return c.json(result)
  })
