import { Hono } from 'hono'
import { OverviewQuery, contains, fieldErrors } from '@shouhu/shared'
import { HttpError } from '../errors'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { overviewFor } from '../workflows/counters'

/**
 * 工作台 the overview (issue #12): the jurisdiction's figures from the per-village counters the
 * stream keeps (never the records themselves), broken down by township and village. A county
 * officer narrows the village breakdown to one township with `?township=`; township staff see
 * their villages; village staff their own village only.
 */
export const staffOverviewRoutes = new Hono<StaffEnv>()
  .use(requireUser, requireStaff)
  .get('/', async (c) => {
    const parsed = OverviewQuery.safeParse({ township: c.req.query('township') || undefined })
    if (!parsed.success) throw new HttpError('VALIDATION_FAILED', undefined, fieldErrors(parsed.error, { township: '乡镇（街道）' }))
    const user = c.var.user
    const township = parsed.data.township
    if (township && (user.role === 'village_director' || !contains(user.divisionCode!, township))) throw new HttpError('FORBIDDEN')
    return c.json(await overviewFor(user, { township: user.role === 'county_officer' ? township : undefined }))
  })
