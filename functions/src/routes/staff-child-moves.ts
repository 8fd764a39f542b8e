import { ChildStaffView, DecideTransfer, DuplicateSuggestions, IncomingTransferPage, MergeChildren, TransferChild } from '@shouhu/shared'
import { incomingTransfers } from '../data/children'
import { pageParams as pageQuery, withCursor } from '../middleware/paging'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, json, jsonRequest, labels, pathParams, route, routes } from '../contract'
import { staffView } from '../workflows/child-views'
import { decideTransfer, duplicateSuggestions, mergeChildren, requestTransfer } from '../workflows/child-moves'

/**
 * A child who moves and two files that are one child (issue #7): 转出 / 接收 / 退回 between
 * villages, the receiving village's 「待接收」 list, and 合并 from the file's 「可能重复」
 * suggestions. Every route checks the file's village against the signed-in staff member's
 * jurisdiction (shared/src/jurisdiction.ts) and the version the person was shown.
 */


const tags = ['儿童档案：转出与合并']
const noLabels = labels({})

export const staffChildMoveRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  // 待接收: files other villages asked this village to take over (a village director's own village).
  .openapi(route({ method: 'get', path: '/incoming', summary: '待接收：其他村请本村接收的档案（分页）', tags, request: { query: PageQuery }, responses: { 200: json(IncomingTransferPage, '待接收的档案'), ...errors(400, 401, 403) } }), async (c) => {
    const { role, divisionCode } = c.var.user
    if (role !== 'village_director') return c.json({ items: [] })
    const page = pageQuery(c)
    const out = await withCursor(page.cursor, () => incomingTransfers(divisionCode, page))
    return c.json({ items: out.items, ...(out.cursor ? { nextCursor: out.cursor } : {}) })
  })
  .openapi(route({ method: 'post', path: '/{id}/transfer', summary: '转出：请另一个村（社区）接收这个孩子的档案', tags, middleware: [noLabels] as const, request: { params: pathParams('id'), body: jsonRequest(TransferChild) }, responses: { 200: json(ChildStaffView, '转出后的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await requestTransfer(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
  .openapi(route({ method: 'post', path: '/{id}/accept', summary: '接收转来的档案', tags, middleware: [noLabels] as const, request: { params: pathParams('id'), body: jsonRequest(DecideTransfer) }, responses: { 200: json(ChildStaffView, '接收后的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await decideTransfer(c.req.param('id'), 'accept', c.req.valid('json'), c.var.user)))
  })
  .openapi(route({ method: 'post', path: '/{id}/decline', summary: '退回转来的档案', tags, middleware: [noLabels] as const, request: { params: pathParams('id'), body: jsonRequest(DecideTransfer) }, responses: { 200: json(ChildStaffView, '退回后的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await decideTransfer(c.req.param('id'), 'decline', c.req.valid('json'), c.var.user)))
  })
  .openapi(route({ method: 'get', path: '/{id}/duplicates', summary: '可能重复的档案（同县同名同出生日期）', tags, request: { params: pathParams('id') }, responses: { 200: json(DuplicateSuggestions, '可能是同一个孩子的档案'), ...errors(401, 403, 404) } }), async (c) => {
    return c.json({ items: await duplicateSuggestions(c.req.param('id'), c.var.user) })
  })
  .openapi(route({ method: 'post', path: '/{id}/merge', summary: '合并：经人确认是同一个孩子的两份档案', tags, middleware: [noLabels] as const, request: { params: pathParams('id'), body: jsonRequest(MergeChildren) }, responses: { 200: json(ChildStaffView, '保留的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await mergeChildren(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
