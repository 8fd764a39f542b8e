import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { RecordSpotCheckResult, StartSpotCheck, ancestorAt, spotCheckFieldLabels } from '@shouhu/shared'
import { HttpError } from '../errors'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { recordSpotCheckResult, spotCheckView, startSpotCheck } from '../workflows/exports-spot-checks'

/**
 * 档案年度抽查 (004 #8): the county officer starts the year's check and records the checklist
 * per drawn file; a township supervisor may read its own township's part.
 */
const requireCounty = createMiddleware<StaffEnv>(async (c, next) => {
  if (c.var.user.role !== 'county_officer') throw new HttpError('FORBIDDEN', '档案抽查由县级民政部门进行')
  await next()
})

function yearParam(raw: string): number {
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100) {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'year', code: 'invalid_value', message: '抽查年度：请选择年度' }])
  }
  return Number(raw)
}

const childIdPattern = /^[0-9A-Za-z]{1,64}$/

export const staffSpotCheckRoutes = new Hono<StaffEnv>()
  .use(requireUser, requireStaff)
  .post('/', requireCounty, jsonBody(StartSpotCheck, spotCheckFieldLabels), async (c) => {
    const { check, created } = await startSpotCheck(c.req.valid('json'), c.var.user)
    return c.json(check, created ? 201 : 200)
  })
  .get('/:year', async (c) => {
    const year = yearParam(c.req.param('year'))
    const user = c.var.user
    if (user.role === 'village_director') throw new HttpError('FORBIDDEN', '档案抽查由县级民政部门进行')
    const check = await spotCheckView(ancestorAt(user.divisionCode, 'county'), year, user.role === 'county_officer' ? undefined : user.divisionCode)
    if (!check) throw new HttpError('NOT_FOUND', '这一年的抽查还没有开始')
    return c.json(check)
  })
  .post('/:year/files/:childId', requireCounty, jsonBody(RecordSpotCheckResult, spotCheckFieldLabels), async (c) => {
    const year = yearParam(c.req.param('year'))
    const childId = c.req.param('childId')
    if (!childIdPattern.test(childId)) throw new HttpError('NOT_FOUND')
    return c.json(await recordSpotCheckResult(year, childId, c.req.valid('json'), c.var.user))
  })
