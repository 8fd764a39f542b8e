import { type Context, Hono } from 'hono'
import {
  AcknowledgeReferral,
  CloseReferral,
  CreateReferral,
  Department,
  RecordReferralAction,
  type ReferralAction,
  type SessionUser,
  createReferralLabels,
  departmentLabel,
  departmentMaySee,
  inJurisdiction,
  isStaff,
  referralActionLabels,
} from '@shouhu/shared'
import { auditChildRead, getChild } from '../data/children'
import { getReport } from '../data/reports'
import { type ReferralListScope, allOpenReferralRows, auditReferralRead, getReferral, referralLinks, referralRows } from '../data/referrals'
import { HttpError } from '../errors'
import { log } from '../log'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { pageParams, withCursor } from '../middleware/paging'
import { jsonBody } from '../middleware/validate'
import { departmentStep, departmentView, idempotencyKeyFrom, listItems, referChild, staffReferralView } from '../workflows/referrals'

/**
 * 转介 referrals (issue #11, 004 §4(二)). Civil-affairs staff refer a child and follow what came
 * of it; a department's liaison works only the referrals sent to their department in their
 * county and reads only the facts shared with it. Every read of a referral is audited, on the
 * referral and on the child's read audit (PIPL §35–§37).
 */

const idPattern = /^[0-9A-Za-z]{1,64}$/
const now = () => new Date()

function staffOnly(user: SessionUser): SessionUser & { divisionCode: string } {
  if (!isStaff(user.role) || !user.divisionCode) throw new HttpError('FORBIDDEN')
  return user as SessionUser & { divisionCode: string }
}

function liaisonOnly(user: SessionUser): SessionUser & { divisionCode: string; department: Department } {
  if (user.role !== 'department_liaison' || !user.department || !user.divisionCode) throw new HttpError('FORBIDDEN')
  return user as SessionUser & { divisionCode: string; department: Department }
}

function openParam(c: Context): boolean {
  const state = c.req.query('state') ?? 'open'
  if (state !== 'open' && state !== 'closed') throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'state', code: 'invalid_value', message: '状态：只能是 open（办理中）或 closed（已办结）' }])
  return state === 'open'
}

/** A referral the liaison's department may see; any other is "not found" (its existence is not theirs to know). */
async function departmentReferral(user: SessionUser, id: string) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const loaded = await getReferral(id)
  if (!loaded || !departmentMaySee(user, loaded.referral)) {
    if (loaded) log.warn('department denied referral', { userId: user.id, referralId: id })
    throw new HttpError('NOT_FOUND')
  }
  return loaded
}

async function staffReferral(user: SessionUser, id: string) {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const loaded = await getReferral(id)
  if (!loaded) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(user, loaded.referral.villageCode)) throw new HttpError('FORBIDDEN')
  return loaded
}

const departmentAction = (action: ReferralAction) => async (c: Context<AuthEnv>) => {
  const user = liaisonOnly(c.var.user)
  const loaded = await departmentReferral(user, c.req.param('id')!)
  const input = (c.req as unknown as { valid: (t: 'json') => { version: number } }).valid('json')
  return c.json(departmentView(await departmentStep(user, loaded, action, input, now())))
}

export const staffReferralRoutes = new Hono<AuthEnv>()
  .use(requireUser)
  // ---- the department's side --------------------------------------------------------------------
  .get('/department', async (c) => {
    const user = liaisonOnly(c.var.user)
    const open = openParam(c)
    const page = pageParams(c)
    const scope: ReferralListScope = { kind: 'department', countyCode: user.divisionCode, department: user.department }
    const { rows, cursor } = await withCursor(page.cursor, () => referralRows(scope, open, page))
    return c.json({ items: listItems(rows, now()), ...(cursor ? { nextCursor: cursor } : {}), departmentLabel: departmentLabel[user.department] })
  })
  .get('/department/:id', async (c) => {
    const user = liaisonOnly(c.var.user)
    const { referral } = await departmentReferral(user, c.req.param('id'))
    await Promise.all([auditReferralRead(referral.id, user, 'department'), auditChildRead(referral.childId, user, `referral:${referral.id}`)])
    return c.json(departmentView(referral))
  })
  .post('/department/:id/acknowledge', jsonBody(AcknowledgeReferral, referralActionLabels), departmentAction('acknowledge'))
  .post('/department/:id/actions', jsonBody(RecordReferralAction, referralActionLabels), departmentAction('record_action'))
  .post('/department/:id/close', jsonBody(CloseReferral, referralActionLabels), departmentAction('close'))
  // ---- civil-affairs staff ---------------------------------------------------------------------------
  .get('/', async (c) => {
    const user = staffOnly(c.var.user)
    const open = openParam(c)
    const page = pageParams(c)
    const scope: ReferralListScope = { kind: 'area', role: user.role as 'village_director', divisionCode: user.divisionCode }
    const at = now()
    const [{ rows, cursor }, all] = await Promise.all([
      withCursor(page.cursor, () => referralRows(scope, open, page)),
      // Open referrals by department and age (the county's view; a township's for its villages).
      open && !page.cursor ? allOpenReferralRows(scope) : Promise.resolve(undefined),
    ])
    let byDepartment
    if (all) {
      const per = new Map<Department, { count: number; oldest: string }>()
      for (const r of all) {
        const p = per.get(r.department)
        if (!p) per.set(r.department, { count: 1, oldest: r.createdAt })
        else (p.count++, r.createdAt < p.oldest && (p.oldest = r.createdAt))
      }
      byDepartment = [...per.entries()]
        .map(([department, p]) => ({ department, label: departmentLabel[department], count: p.count, oldestDays: Math.floor((at.getTime() - Date.parse(p.oldest)) / 86_400_000) }))
        .sort((a, b) => b.count - a.count)
    }
    return c.json({ items: listItems(rows, at), ...(cursor ? { nextCursor: cursor } : {}), ...(byDepartment ? { byDepartment } : {}) })
  })
  .post('/', jsonBody(CreateReferral, createReferralLabels), async (c) => {
    const user = staffOnly(c.var.user)
    const key = idempotencyKeyFrom(c.req.header('idempotency-key'))
    const out = await referChild(user, c.req.valid('json'), key, now())
    return c.json(staffReferralView(out.referral, out.childName), out.created ? 201 : 200)
  })
  .get('/child/:childId', async (c) => {
    const user = staffOnly(c.var.user)
    const id = c.req.param('childId')
    if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
    const child = await getChild(id)
    if (!child) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(user, child.villageCode)) throw new HttpError('FORBIDDEN')
    return c.json({ items: listItems(await referralLinks({ childId: id }), now()) })
  })
  .get('/report/:reportId', async (c) => {
    const user = staffOnly(c.var.user)
    const id = c.req.param('reportId')
    if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
    const report = await getReport(id)
    if (!report) throw new HttpError('NOT_FOUND')
    if (!inJurisdiction(user, report.villageCode)) throw new HttpError('FORBIDDEN')
    return c.json({ items: listItems(await referralLinks({ reportId: id }), now()) })
  })
  .get('/:id', async (c) => {
    const user = staffOnly(c.var.user)
    const { referral, childName } = await staffReferral(user, c.req.param('id'))
    await auditReferralRead(referral.id, user, 'staff')
    return c.json(staffReferralView(referral, childName))
  })
