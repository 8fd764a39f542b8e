import { createMiddleware } from 'hono/factory'
import { RecordSpotCheckResult, SpotCheck, SpotCheckFile, StartSpotCheck, ancestorAt, spotCheckFieldLabels } from '@shouhu/shared'
import { HttpError } from '../errors'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, errors, json, jsonRequest, labels, pathParams, route, routes } from '../contract'
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

const tags = ['档案年度抽查']

export const staffSpotCheckRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'post', path: '/', summary: '开始本年度的档案抽查（按乡镇抽取档案；一年一次，再次开始答复第一次的抽取）', tags, middleware: [requireCounty, labels(spotCheckFieldLabels)] as const,
    request: { body: jsonRequest(StartSpotCheck) },
    responses: { 201: json(SpotCheck, '已开始抽查'), 200: json(SpotCheck, '这一年的抽查已经开始过：答复那一次的抽取'), ...errors(400, 401, 403, 413) } }), async (c) => {
    const { check, created } = await startSpotCheck(c.req.valid('json'), c.var.user)
    return c.json(check, created ? 201 : 200)
  })
  .openapi(route({ method: 'get', path: '/{year}', summary: '一年的抽查：抽到的档案和检查结果（乡镇只看本乡镇）', tags,
    request: { params: pathParams('year') },
    responses: { 200: json(SpotCheck, '这一年的抽查'), ...errors(400, 401, 403, 404) } }), async (c) => {
    const year = yearParam(c.req.param('year'))
    const user = c.var.user
    if (user.role === 'village_director') throw new HttpError('FORBIDDEN', '档案抽查由县级民政部门进行')
    const check = await spotCheckView(ancestorAt(user.divisionCode, 'county'), year, user.role === 'county_officer' ? undefined : user.divisionCode)
    if (!check) throw new HttpError('NOT_FOUND', '这一年的抽查还没有开始')
    return c.json(check)
  })
  .openapi(route({ method: 'post', path: '/{year}/files/{childId}', summary: '记录一份抽到的档案的检查结果', tags, middleware: [requireCounty, labels(spotCheckFieldLabels)] as const,
    request: { params: pathParams('year', 'childId'), body: jsonRequest(RecordSpotCheckResult) },
    responses: { 200: json(SpotCheckFile, '检查过的档案'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const year = yearParam(c.req.param('year'))
    const childId = c.req.param('childId')
    if (!childIdPattern.test(childId)) throw new HttpError('NOT_FOUND')
    return c.json(await recordSpotCheckResult(year, childId, c.req.valid('json'), c.var.user))
  })
