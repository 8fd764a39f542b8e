import { type Context, Hono } from 'hono'
import { DecideTransfer, MergeChildren, TransferChild } from '@shouhu/shared'
import { incomingTransfers } from '../data/children'
import { HttpError } from '../errors'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { staffView } from '../workflows/child-views'
import { decideTransfer, duplicateSuggestions, mergeChildren, requestTransfer } from '../workflows/child-moves'

/**
 * A child who moves and two files that are one child (issue #7): 转出 / 接收 / 退回 between
 * villages, the receiving village's 「待接收」 list, and 合并 from the file's 「可能重复」
 * suggestions. Every route checks the file's village against the signed-in staff member's
 * jurisdiction (shared/src/jurisdiction.ts) and the version the person was shown.
 */

const bad = (field: string, code: string, message: string) => new HttpError('VALIDATION_FAILED', undefined, [{ field, code, message }])

function pageQuery(c: Context<StaffEnv>) {
  const limit = Number(c.req.query('limit') ?? 50)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw bad('limit', 'invalid_value', '每页条数：1 到 100')
  const cursor = c.req.query('cursor') || undefined
  if (cursor && cursor.length > 2000) throw bad('cursor', 'invalid_cursor', '翻页标记无效，请从第一页重新查看')
  return { limit, cursor }
}

export const staffChildMoveRoutes = new Hono<StaffEnv>()
  .use(requireUser, requireStaff)
  // 待接收: files other villages asked this village to take over (a village director's own village).
  .get('/incoming', async (c) => {
    const { role, divisionCode } = c.var.user
    if (role !== 'village_director') return c.json({ items: [] })
    const page = pageQuery(c)
    try {
      const out = await incomingTransfers(divisionCode, page)
      return c.json({ items: out.items, ...(out.cursor ? { nextCursor: out.cursor } : {}) })
    } catch (e) {
      if (page.cursor && (e instanceof SyntaxError || (e as Error).name === 'ValidationException')) throw bad('cursor', 'invalid_cursor', '翻页标记无效，请从第一页重新查看')
      throw e
    }
  })
  .post('/:id/transfer', jsonBody(TransferChild), async (c) => {
    return c.json(await staffView(await requestTransfer(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
  .post('/:id/accept', jsonBody(DecideTransfer), async (c) => {
    return c.json(await staffView(await decideTransfer(c.req.param('id'), 'accept', c.req.valid('json'), c.var.user)))
  })
  .post('/:id/decline', jsonBody(DecideTransfer), async (c) => {
    return c.json(await staffView(await decideTransfer(c.req.param('id'), 'decline', c.req.valid('json'), c.var.user)))
  })
  .get('/:id/duplicates', async (c) => {
    return c.json({ items: await duplicateSuggestions(c.req.param('id'), c.var.user) })
  })
  .post('/:id/merge', jsonBody(MergeChildren), async (c) => {
    return c.json(await staffView(await mergeChildren(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
