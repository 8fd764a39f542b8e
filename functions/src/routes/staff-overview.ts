import { Overview, OverviewQuery, contains, fieldErrors } from '@shouhu/shared'
import { HttpError } from '../errors'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { $, errors, json, query, route, routes } from '../contract'
import { overviewFor } from '../workflows/counters'

const tags = ['工作台']

/**
 * 工作台 the overview (issue #12): the jurisdiction's figures from the per-village counters the
 * stream keeps (never the records themselves), broken down by township and village. A county
 * officer narrows the village breakdown to one township with `?township=`; township staff see
 * their villages; village staff their own village only.
 */
export const staffOverviewRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
  .openapi(route({ method: 'get', path: '/', summary: '辖区的工作数字（按乡镇、村和儿童主任）', tags,
    request: { query: query({ township: '只看一个乡镇（街道）的各村（县级民政部门），12 位代码' }) },
    responses: { 200: json(Overview, '辖区的工作数字'), ...errors(400, 401, 403) } }), async (c) => {
    const parsed = OverviewQuery.safeParse({ township: c.req.query('township') || undefined })
    if (!parsed.success) throw new HttpError('VALIDATION_FAILED', undefined, fieldErrors(parsed.error, { township: '乡镇（街道）' }))
    const user = c.var.user
    const township = parsed.data.township
    if (township && (user.role === 'village_director' || !contains(user.divisionCode!, township))) throw new HttpError('FORBIDDEN')
    return c.json(await overviewFor(user, { township: user.role === 'county_officer' ? township : undefined }))
  })
