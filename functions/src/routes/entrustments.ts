import { Hono, type Context } from 'hono'
import {
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
import { jsonBody } from '../middleware/validate'
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

export const entrustmentRoutes = new Hono<AuthEnv>()
  .use(requireUser)
  .get('/schools', async (c) => {
    const village = c.req.query('village') ?? ''
    if (!VillageCode.safeParse(village).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'village', code: 'invalid_format', message: '村（社区）：请选择到村一级' }])
    }
    return c.json({ items: await schoolsNear(village) })
  })
  .post('/', requireResident, jsonBody(EntrustmentCreate, entrustmentFieldLabels), async (c) => {
    const { entrustment, created } = await registerEntrustment(c.req.valid('json'), c.var.user, c.req.header('idempotency-key'))
    return c.json(await familyAnswer(entrustment, 'parent'), created ? 201 : 200)
  })
  .get('/mine', async (c) => {
    const items = await entrustmentsOfUser(c.var.user.id)
    const mine = items.filter((e) => ['parent', 'starter', 'caregiver'].includes(actorKindFor(e, c.var.user) ?? ''))
    const names = await divisionNames(mine.flatMap(codesOf))
    return c.json({ items: mine.map((e) => familyView(e, actorKindFor(e, c.var.user) as Viewer, names, [])) })
  })
  // Invitation codes can be guessed at like tracking codes: the same per-client throttle.
  .get('/invitations/:code', requireResident, throttleLookups('invite'), async (c) => {
    return c.json(await familyAnswer((await invited(c)).e, 'invitee'))
  })
  .post('/invitations/:code/accept', requireResident, throttleLookups('invite'), async (c) => {
    const { e, guard } = await invited(c)
    const next = await runEntrustmentAction(e.id, 'accept', {}, c.var.user, 'caregiver', guard)
    return c.json(await familyAnswer(next, 'caregiver'))
  })
  .post('/invitations/:code/decline', requireResident, throttleLookups('invite'), jsonBody(DeclineInvitation), async (c) => {
    const { e, guard } = await invited(c)
    const next = await runEntrustmentAction(e.id, 'decline', c.req.valid('json'), c.var.user, 'caregiver', guard)
    return c.json(await familyAnswer(next, 'invitee'))
  })
  .get('/:id', async (c) => {
    const e = await load(c)
    return c.json(await familyAnswer(e, await asFamily(c, e)))
  })
  .post('/:id/caregiver', jsonBody(ReplaceCaregiver, entrustmentFieldLabels), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'replace_caregiver', c.req.valid('json'), c.var.user), viewer))
  })
  .post('/:id/renew', jsonBody(RenewEntrustment, { endDate: '新的结束日期' }), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'renew', c.req.valid('json'), c.var.user), viewer))
  })
  .post('/:id/end', jsonBody(EndEntrustment, { reason: '结束原因', note: '说明' }), async (c) => {
    const viewer = await asFamily(c, await load(c))
    return c.json(await familyAnswer(await runEntrustmentAction(c.req.param('id'), 'end', c.req.valid('json'), c.var.user), viewer))
  })
  .get('/:id/letter', async (c) => {
    const e = await load(c)
    await asFamily(c, e)
    return entrustmentLetterResponse(e)
  })
