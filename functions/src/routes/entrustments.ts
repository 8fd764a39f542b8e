import type { Context } from 'hono'
import {
  FamilyEntrustmentList,
  FamilyEntrustmentView,
  KnownSchoolList,
  DeclineInvitation,
  EndEntrustment,
  EntrustmentCreate,
  RenewEntrustment,
  ReplaceCaregiver,
  VillageCode,
  type Entrustment,
  entrustmentFieldLabels,
} from '@shouhu/shared'
import { entrustmentEvents, entrustmentsOfUser, getEntrustment, invitation } from '../data/entrustments'
import { schoolsNear } from '../data/schools'
import { HttpError } from '../errors'
import { type AuthEnv, requireResident, requireUser } from '../middleware/auth'
import { $, errors, file, json, jsonRequest, labels, pathParams, query, route, routes, idempotencyHeader } from '../contract'
import { throttleLookups } from '../middleware/throttle'
import { actorKindFor, registerEntrustment, runEntrustmentAction } from '../workflows/entrustments'
import { entrustmentLetterResponse } from '../documents/lazy'
import { codesOf, divisionNames, familyView } from '../views/entrustments'

/**
 * 委托照护, the family's side: a parent registers, the caregiver answers the invitation in
 * their own account, the parent follows every step, replaces a caregiver, renews or ends.
 * Police or prison staff who started an entrustment act here in the parent's place.
 */
type Viewer = 'parent' | 'starter' | 'caregiver'

async function asFamily(c: Context<AuthEnv>, e: Entrustment): Promise<Viewer> {
  const kind = actorKindFor(e, c.var.user)
  // Strangers get 404, not 403: whether an entrustment exists is itself private.
  if (kind !== 'parent' && kind !== 'starter' && kind !== 'caregiver') throw new HttpError('NOT_FOUND')
  return kind
}

async function familyAnswer(e: Entrustment, viewer: Viewer | 'invitee') {
  const [names, events] = await Promise.all([divisionNames(codesOf(e)), viewer === 'parent' || viewer === 'starter' ? entrustmentEvents(e.id) : []])
  return familyView(e, viewer, names, events)
}

async function load(c: Context<AuthEnv>): Promise<Entrustment> {
  const e = await getEntrustment(c.req.param('id')!)
  if (!e) throw new HttpError('NOT_FOUND')
  return e
}

/** `k7qm 3xpt`, `K7QM3XPT` and `K7QM-3XPT` are the same code. */
function normaliseCode(raw: string): string {
  const s = raw.toUpperCase().replace(/[^0-9A-Z]/g, '')
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : s
}

/** Refuses an invitation that is not the current one, or the registering parent answering it. */
function invitationGuard(code: string, userId: string) {
  return (e: Entrustment) => {
    // A caregiver replaced since the code was sent no longer holds an invitation.
    if (e.invitationCode !== code) throw new HttpError('NOT_FOUND', '这个邀请已失效，孩子的家长已改请其他人照护')
    if (e.ownerId === userId) throw new HttpError('FORBIDDEN', '这是您登记的委托，请把邀请码发给照护人，由照护人本人确认')
  }
}

/** The entrustment behind an invitation code, if the code is the current one. */
async function invited(c: Context<AuthEnv>): Promise<{ e: Entrustment; guard: (e: Entrustment) => void }> {
  const code = normaliseCode(c.req.param('code')!)
  const invite = await invitation(code)
  const e = invite && (await getEntrustment(invite.entrustmentId))
  if (!e) throw new HttpError('NOT_FOUND', '邀请码不正确，请向孩子的家长核对')
  const guard = invitationGuard(code, c.var.user.id)
  guard(e)
  return { e, guard }
}

const tags = ['委托照护（家庭）']

export const entrustmentRoutes = $(routes<AuthEnv>().use(requireUser))
  .openapi(route({ method: 'get', path: '/schools', summary: '村附近的学校（委托照护登记时选择）', tags, request: { query: query({ village: '村（社区）代码，12 位' }) }, responses: { 200: json(KnownSchoolList, '村附近的学校（委托照护登记时选择）'), ...errors(400, 401, 403) } }), async (c) => {
    const village = c.req.query('village') ?? ''
    if (!VillageCode.safeParse(village).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'village', code: 'invalid_format', message: '村（社区）：请选择到村一级' }])
    }
    return c.json({ items: await schoolsNear(village) })
  })
  .openapi(route({ method: 'post', path: '/', summary: '家长登记委托照护（带 Idempotency-Key 可安全重试）', tags, middleware: [requireResident, labels(entrustmentFieldLabels)] as const, request: { headers: idempotencyHeader('required'), body: jsonRequest(EntrustmentCreate) }, responses: { 201: json(FamilyEntrustmentView, '已登记'), 200: json(FamilyEntrustmentView, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    const { entrustment, created } = await registerEntrustment(c.req.valid('json'), c.var.user, c.req.header('idempotency-key'))
    return c.json(await familyAnswer(entrustment, 'parent'), created ? 201 : 200)
  })
  .openapi(route({ method: 'get', path: '/mine', summary: '我作为家长或受委托人的委托照护', tags, responses: { 200: json(FamilyEntrustmentList, '我作为家长或受委托人的委托照护'), ...errors(401, 403) } }), async (c) => {
    const items = await entrustmentsOfUser(c.var.user.id)
    const mine = items.filter((e) => ['parent', 'starter', 'caregiver'].includes(actorKindFor(e, c.var.user) ?? ''))
    const names = await divisionNames(mine.flatMap(codesOf))
    return c.json({ items: mine.map((e) => familyView(e, actorKindFor(e, c.var.user) as Viewer, names, [])) })
  })
  // Invitation codes can be guessed at like tracking codes: the same per-client throttle.
  .openapi(route({ method: 'get', path: '/invitations/{code}', summary: '凭邀请码查看委托邀请', tags, middleware: [requireResident, throttleLookups('invite')] as const, request: { params: pathParams('code') }, responses: { 200: json(FamilyEntrustmentView, '凭邀请码查看委托邀请'), ...errors(401, 403, 404, 429) } }), async (c) => {
    return c.json(await familyAnswer((await invited(c)).e, 'invitee'))
  })
  .openapi(route({ method: 'post', path: '/invitations/{code}/accept', summary: '受委托人接受委托', tags, middleware: [requireResident, throttleLookups('invite')] as const, request: { params: pathParams('code') }, responses: { 200: json(FamilyEntrustmentView, '受委托人接受委托'), ...errors(401, 403, 404, 409, 413, 429) } }), async (c) => {
    const { e, guard } = await invited(c)
    const next = await runEntrustmentAction(e.id, 'accept', {}, c.var.user, 'caregiver', guard)
    return c.json(await familyAnswer(next, 'caregiver'))
  })
  .openapi(route({ method: 'post', path: '/invitations/{code}/decline', summary: '受委托人谢绝委托', tags, middleware: [requireResident, throttleLookups('invite')] as const, request: { params: pathParams('code'), body: jsonRequest(DeclineInvitation) }, responses: { 200: json(FamilyEntrustmentView, '受委托人谢绝委托'), ...errors(400, 401, 403, 404, 409, 413, 429) } }), async (c) => {
    const { e, guard } = await invited(c)
    const next = await runEntrustmentAction(e.id, 'decline', c.req.valid('json'), c.var.user, 'caregiver', guard)
    return c.json(await familyAnswer(next, 'invitee'))
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '一项委托照护（家长或受委托人）', tags, request: { params: pathParams('id') }, responses: { 200: json(FamilyEntrustmentView, '一项委托照护（家长或受委托人）'), ...errors(401, 403, 404) } }), async (c) => {
    const e = await load(c)
    return c.json(await familyAnswer(e, await asFamily(c, e)))
  })
  .openapi(route({ method: 'post', path: '/{id}/caregiver', summary: '更换受委托人', tags, middleware: [labels(entrustmentFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(ReplaceCaregiver) }, responses: { 200: json(FamilyEntrustmentView, '更换受委托人'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'replace_caregiver', c.req.valid('json'), c.var.user), viewer))
  })
  .openapi(route({ method: 'post', path: '/{id}/renew', summary: '延长委托期限', tags, middleware: [labels({ endDate: '新的结束日期' })] as const, request: { params: pathParams('id'), body: jsonRequest(RenewEntrustment) }, responses: { 200: json(FamilyEntrustmentView, '延长委托期限'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'renew', c.req.valid('json'), c.var.user), viewer))
  })
  .openapi(route({ method: 'post', path: '/{id}/end', summary: '结束委托', tags, middleware: [labels({ reason: '结束原因', note: '说明' })] as const, request: { params: pathParams('id'), body: jsonRequest(EndEntrustment) }, responses: { 200: json(FamilyEntrustmentView, '结束委托'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'end', c.req.valid('json'), c.var.user), viewer))
  })
  .openapi(route({ method: 'get', path: '/{id}/letter', summary: '委托书（PDF）', tags, request: { params: pathParams('id') }, responses: { 200: file('application/pdf', '委托书（PDF）'), ...errors(401, 403, 404) } }), async (c) => {
    const e = await load(c)
    await asFamily(c, e)
    return entrustmentLetterResponse(e)
  })
