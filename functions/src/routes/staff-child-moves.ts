import { ChildStaffView, ClosedChildPage, CloseChild, DecideTransfer, DuplicateSuggestions, IncomingTransferPage, MergeChildren, ReopenChild, SetResponsibleDirector, TransferChild, VillageDirectors } from '@shouhu/shared'
import { incomingTransfers } from '../data/children'
import { pageParams as pageQuery, withCursor } from '../middleware/paging'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, idempotencyHeader, json, jsonRequest, labels, pagedQuery, pathParams, route, routes } from '../contract'
import { staffView } from '../workflows/child-views'
import { reopenChild } from '../workflows/child-reopen'
import { closeChild, closedList, decideTransfer, duplicateSuggestions, mergeChildren, requestTransfer, setResponsibleDirector, villageDirectors } from '../workflows/child-moves'

/**
 * A child who moves and two files that are one child (issue #7): 转出 / 接收 / 退回 between
 * villages, the receiving village's 「待接收」 list, and 合并 from the file's 「可能重复」
 * suggestions; who among the village's directors keeps the file (负责的儿童主任); and 结档,
 * closing a file for a reason of the policy data (shared/src/policy/closure.ts), and 恢复建档,
 * reopening one (workflows/child-reopen.ts). Every route checks the file's village against the signed-in staff member's
 * jurisdiction (shared/src/jurisdiction.ts) and the version the person was shown.
 */


const tags = ['儿童档案：转出、合并、负责人与结档']
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
  .openapi(route({ method: 'get', path: '/closed', summary: '已结档的档案（辖区内，最近结档的在前，分页）', tags, request: { query: pagedQuery({ village: '只看一个村（社区）' }) }, responses: { 200: json(ClosedChildPage, '已结档的档案'), ...errors(400, 401, 403) } }), async (c) => {
    const page = pageQuery(c)
    const out = await withCursor(page.cursor, () => closedList(c.var.user, c.req.query('village') || undefined, page))
    return c.json({ items: out.items, ...(out.cursor ? { nextCursor: out.cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/{id}/directors', summary: '本村的儿童主任（选择负责人用）', tags, request: { params: pathParams('id') }, responses: { 200: json(VillageDirectors, '本村的儿童主任'), ...errors(401, 403, 404) } }), async (c) => {
    return c.json(await villageDirectors(c.req.param('id'), c.var.user))
  })
  .openapi(route({ method: 'post', path: '/{id}/responsible', summary: '设定负责这份档案的儿童主任', tags, middleware: [labels({ directorId: '负责的儿童主任', version: '版本' })] as const, request: { params: pathParams('id'), body: jsonRequest(SetResponsibleDirector) }, responses: { 200: json(ChildStaffView, '设定后的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await setResponsibleDirector(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
  .openapi(route({ method: 'post', path: '/{id}/close', summary: '结档（搬到县外、年满 18 周岁、去世）：不再列入走访和统计，档案仍可查看', tags, middleware: [labels({ reason: '结档原因', effectiveOn: '日期', destination: '搬去的地方', destinationCountyCode: '搬到的县（区）', note: '说明', version: '版本' })] as const, request: { params: pathParams('id'), body: jsonRequest(CloseChild) }, responses: { 200: json(ChildStaffView, '结档后的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    return c.json(await staffView(await closeChild(c.req.param('id'), c.req.valid('json'), c.var.user)))
  })
  // 恢复建档: closed by mistake, or the child came back. A file closed for a death only by the township or county (closure.ts).
  .openapi(route({ method: 'post', path: '/{id}/reopen', summary: '恢复建档：已结档的档案回到本村名单和走访安排（须写明原因；去世结档的由乡镇或县恢复）', tags, middleware: [labels({ reason: '恢复原因', version: '版本' })] as const, request: { headers: idempotencyHeader('optional'), params: pathParams('id'), body: jsonRequest(ReopenChild) }, responses: { 200: json(ChildStaffView, '恢复后的档案'), ...errors(400, 401, 403, 404, 409, 413, 422) } }), async (c) => {
    return c.json(await staffView(await reopenChild(c.req.param('id'), c.req.valid('json'), c.var.user, c.req.header('idempotency-key'))))
  })
