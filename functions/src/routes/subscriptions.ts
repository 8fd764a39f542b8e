import { SubscriptionDecision, SubscriptionState } from '@shouhu/shared'
import { recordSubscription } from '../data/subscriptions'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { $, errors, json, jsonRequest, labels, route, routes } from '../contract'

const tags = ['通知']

/**
 * The mini-app reports what a person answered to WeChat's subscription prompt (only the phone
 * sees it). The server sends a message of a template only while it holds an unused 「允许」 for
 * it, and never after a 「拒绝」 — so a refusal is remembered, not just hidden on one phone.
 */
export const subscriptionRoutes = $(routes<AuthEnv>().use(requireUser))
  .openapi(route({ method: 'post', path: '/', summary: '记下对微信订阅消息的回答（允许或拒绝）', tags, middleware: [labels({ template: '提醒类型', decision: '是否接收' })] as const,
    request: { body: jsonRequest(SubscriptionDecision) },
    responses: { 200: json(SubscriptionState, '这类提醒的订阅情况'), ...errors(400, 401, 403, 413) } }), async (c) => {
    const { template, decision } = c.req.valid('json')
    return c.json(await recordSubscription(c.var.user.id, template, decision, new Date().toISOString()))
  })
