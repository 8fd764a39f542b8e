import { Hono } from 'hono'
import { SubscriptionDecision } from '@shouhu/shared'
import { recordSubscription } from '../data/subscriptions'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'

/**
 * The mini-app reports what a person answered to WeChat's subscription prompt (only the phone
 * sees it). The server sends a message of a template only while it holds an unused 「允许」 for
 * it, and never after a 「拒绝」 — so a refusal is remembered, not just hidden on one phone.
 */
export const subscriptionRoutes = new Hono<AuthEnv>()
  .use(requireUser)
  .post('/', jsonBody(SubscriptionDecision, { template: '提醒类型', decision: '是否接收' }), async (c) => {
    const { template, decision } = c.req.valid('json')
    return c.json(await recordSubscription(c.var.user.id, template, decision, new Date().toISOString()))
  })
