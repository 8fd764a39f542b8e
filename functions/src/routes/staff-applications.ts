import { Hono } from 'hono'
import type { Context } from 'hono'
import {
  AcceptApplication,
  type Application,
  ApplicationState,
  type ApplicationStep,
  AnnualReview,
  ApproveApplication,
  RecordExit,
  RecordObjection,
  RejectApplication,
  ReviewApplication,
  SendBack,
  StartNotice,
  StartPayment,
  VillageCheck,
  applicationFieldLabels,
  inJurisdiction,
} from '@shouhu/shared'
import { type QueueSelection, applicationEvents, applicationsInDivision, getApplication } from '../data/applications'
import { pageParams, withCursor } from '../middleware/paging'
import { viewUrl } from '../data/documents'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { takeApplicationStep } from '../workflows/applications'
import { officesOf, policyOf, publicNotice, staffSummary, staffView } from '../views/applications'
import { divisionNames } from '../views/reports'

const holderLevelOf = { village_director: 'village', township_supervisor: 'township', county_officer: 'county' } as const

const namesFor = (a: Application) => divisionNames([a.villageCode, a.townshipCode, a.countyCode])

/** Loads an application the signed-in staff member may work on, or answers 404/403. */
async function applicationInJurisdiction(c: Context<StaffEnv>): Promise<Application> {
  const a = await getApplication(c.req.param('id')!)
  if (!a) throw new HttpError('NOT_FOUND')
  if (!inJurisdiction(c.var.user, a.villageCode)) {
    log.warn('staff denied application outside jurisdiction', { userId: c.var.user.id, applicationId: a.id })
    throw new HttpError('FORBIDDEN')
  }
  return a
}

async function detail(c: Context<StaffEnv>, a: Application) {
  const urls = new Map(await Promise.all(a.documents.map(async (d) => [d.id, await viewUrl(d.key)] as const)))
  return staffView(c.var.user, a, await applicationEvents(a.id), await namesFor(a), urls)
}

/** One step of the flow: the shared transition table decides, the versioned write settles races. */
async function act<S extends ApplicationStep>(c: Context<StaffEnv>, step: S, input: Parameters<typeof takeApplicationStep<S>>[2]) {
  const a = await applicationInJurisdiction(c)
  const saved = await takeApplicationStep(a, step, input, c.var.user, officesOf(a, await namesFor(a)), policyOf(a))
  return c.json(await detail(c, saved))
}

/** The staff side of 儿童关爱补贴 (issue #4): a queue per stage and jurisdiction, and one route per step. */
export const staffApplicationRoutes = new Hono<StaffEnv>()
  .use(requireUser, requireStaff)
  .get('/', async (c) => {
    const { role, divisionCode } = c.var.user
    const stage = c.req.query('stage') ?? 'mine'
    let which: QueueSelection
    if (stage === 'mine') which = { holder: holderLevelOf[role] }
    else if (stage === 'all') which = { all: true }
    else {
      const parsed = ApplicationState.safeParse(stage)
      if (!parsed.success) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'stage', code: 'invalid_value', message: '环节：只能是 mine、all 或一个申请状态' }])
      }
      which = { state: parsed.data }
    }
    // Overdue first, then the longest waiting: the sort key already orders it (stageSortKey).
    const page = pageParams(c, 100)
    const { applications, cursor } = await withCursor(page.cursor, () => applicationsInDivision(role, divisionCode, which, page))
    const names = await divisionNames(applications.flatMap((a) => [a.villageCode, a.townshipCode, a.countyCode]))
    const now = new Date()
    return c.json({ items: applications.map((a) => staffSummary(a, names, now)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .get('/:id', async (c) => c.json(await detail(c, await applicationInJurisdiction(c))))
  .get('/:id/notice', async (c) => {
    const a = await applicationInJurisdiction(c)
    if (!a.notice) throw new HttpError('NOT_FOUND', '这份申请还没有公示')
    return c.json(publicNotice(a, await namesFor(a)))
  })
  .post('/:id/village-check', jsonBody(VillageCheck, applicationFieldLabels), (c) => act(c, 'village_check', c.req.valid('json')))
  .post('/:id/accept', jsonBody(AcceptApplication, applicationFieldLabels), (c) => act(c, 'accept', {}))
  .post('/:id/review', jsonBody(ReviewApplication, applicationFieldLabels), (c) => act(c, 'review', c.req.valid('json')))
  .post('/:id/public-notice', jsonBody(StartNotice, applicationFieldLabels), (c) => act(c, 'start_notice', c.req.valid('json')))
  .post('/:id/objections', jsonBody(RecordObjection, applicationFieldLabels), (c) => act(c, 'record_objection', c.req.valid('json')))
  .post('/:id/approve', jsonBody(ApproveApplication, applicationFieldLabels), (c) => act(c, 'approve', c.req.valid('json')))
  .post('/:id/reject', jsonBody(RejectApplication, applicationFieldLabels), (c) => act(c, 'reject', c.req.valid('json')))
  .post('/:id/send-back', jsonBody(SendBack, applicationFieldLabels), (c) => act(c, 'send_back', c.req.valid('json')))
  .post('/:id/payment', jsonBody(StartPayment, applicationFieldLabels), (c) => act(c, 'start_payment', c.req.valid('json')))
  .post('/:id/annual-review', jsonBody(AnnualReview, applicationFieldLabels), (c) => act(c, 'annual_review', c.req.valid('json')))
  .post('/:id/exit', jsonBody(RecordExit, applicationFieldLabels), (c) => act(c, 'record_exit', c.req.valid('json')))
