import { Hono } from 'hono'
import type { Context } from 'hono'
import {
  AcceptApplication,
  type Application,
  ApplicationState,
  type ApplicationStep,
  AnnualReview,
  ApproveApplication,
  EpidemicSwitchInput,
  NoteMissing,
  RecordExit,
  RecordObjection,
  RejectApplication,
  ReviewApplication,
  SendBack,
  StartNotice,
  StartPayment,
  VillageCheck,
  applicationFieldLabels,
  describeClause,
  holderActor,
  seenVersion,
  inJurisdiction,
  policyForDivision,
  chinaDate,
  type EpidemicSwitchView,
} from '@shouhu/shared'
import { epidemicSwitch, setEpidemicSwitch, type EpidemicSwitch } from '../data/policy-switches'
import { type QueueSelection, applicationEvents, applicationsInDivision, getApplication, saveApplicationChange } from '../data/applications'
import { pageParams, withCursor } from '../middleware/paging'
import { viewUrl } from '../data/documents'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { applyApplicationStep, epidemicCovers, timersFor } from '../workflows/applications'
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
  const [events, names, epidemic] = await Promise.all([applicationEvents(a.id), namesFor(a), epidemicSwitch(a.countyCode)])
  return staffView(c.var.user, a, events, names, urls, new Date(), epidemic)
}

const countyOf = (divisionCode: string) => `${divisionCode.slice(0, 6)}000000`

function switchView(s: EpidemicSwitch): EpidemicSwitchView {
  const policy = policyForDivision(s.countyCode, chinaDate())
  return {
    countyCode: s.countyCode,
    on: s.on,
    since: s.since,
    byName: s.byName,
    plain: policy?.epidemic.plain ?? '疫情防控期间，申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
    source: describeClause(policy?.epidemic.clause ?? '000 §3(一)'),
  }
}

/**
 * One step of the flow, decided on the version the staff member was shown: the shared
 * transition table decides, and if the application changed since (a review landed a moment
 * earlier), the step is refused with 409 and the fresh application, never re-applied.
 */
async function act<S extends ApplicationStep>(c: Context<StaffEnv>, step: S, body: Parameters<typeof applyApplicationStep<S>>[2] & { version: number }) {
  const { version, ...input } = body
  const a = await applicationInJurisdiction(c)
  const stale = async () => new HttpError('STALE_VERSION', undefined, undefined, await detail(c, (await getApplication(a.id)) ?? a))
  if (a.version !== version) throw await stale()
  const policy = policyOf(a)
  const epidemic = await epidemicCovers(a, policy)
  const { next, events } = applyApplicationStep(a, step, input as typeof body, c.var.user, { now: new Date(), offices: officesOf(a, await namesFor(a)), policy, epidemic })
  if (!(await saveApplicationChange(a, next, events, timersFor(next)))) throw await stale()
  return c.json(await detail(c, { ...next, version: a.version + 1 }))
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
  // The county's epidemic switch (000 §3(一)): every staff member of the county sees it; only the
  // county's civil-affairs officer turns it on or off.
  .get('/switches/epidemic', async (c) => c.json(switchView(await epidemicSwitch(countyOf(c.var.user.divisionCode)))))
  .post('/switches/epidemic', jsonBody(EpidemicSwitchInput, applicationFieldLabels), async (c) => {
    if (c.var.user.role !== 'county_officer') throw new HttpError('FORBIDDEN', '疫情防控简化办理由县民政局开启或关闭')
    const { on } = c.req.valid('json')
    return c.json(switchView(await setEpidemicSwitch(countyOf(c.var.user.divisionCode), on, c.var.user)))
  })
  .get('/:id', async (c) => c.json(await detail(c, await applicationInJurisdiction(c))))
  .get('/:id/notice', async (c) => {
    const a = await applicationInJurisdiction(c)
    if (!a.notice) throw new HttpError('NOT_FOUND', '这份申请还没有公示')
    return c.json(publicNotice(a, await namesFor(a)))
  })
  .post('/:id/village-check', jsonBody(seenVersion(VillageCheck), applicationFieldLabels), (c) => act(c, 'village_check', c.req.valid('json')))
  .post('/:id/accept', jsonBody(seenVersion(AcceptApplication), applicationFieldLabels), (c) => act(c, 'accept', c.req.valid('json')))
  .post('/:id/review', jsonBody(seenVersion(ReviewApplication), applicationFieldLabels), (c) => act(c, 'review', c.req.valid('json')))
  .post('/:id/public-notice', jsonBody(seenVersion(StartNotice), applicationFieldLabels), (c) => act(c, 'start_notice', c.req.valid('json')))
  .post('/:id/objections', jsonBody(seenVersion(RecordObjection), applicationFieldLabels), (c) => act(c, 'record_objection', c.req.valid('json')))
  .post('/:id/approve', jsonBody(seenVersion(ApproveApplication), applicationFieldLabels), (c) => act(c, 'approve', c.req.valid('json')))
  .post('/:id/reject', jsonBody(seenVersion(RejectApplication), applicationFieldLabels), (c) => act(c, 'reject', c.req.valid('json')))
  .post('/:id/send-back', jsonBody(seenVersion(SendBack), applicationFieldLabels), (c) => act(c, 'send_back', c.req.valid('json')))
  .post('/:id/payment', jsonBody(seenVersion(StartPayment), applicationFieldLabels), (c) => act(c, 'start_payment', c.req.valid('json')))
  .post('/:id/annual-review', jsonBody(seenVersion(AnnualReview), applicationFieldLabels), (c) => act(c, 'annual_review', c.req.valid('json')))
  .post('/:id/note-missing', jsonBody(seenVersion(NoteMissing), applicationFieldLabels), (c) => act(c, 'note_missing', c.req.valid('json')))
  // One route for every change at 18 or on leaving; the decision names the step of the table.
  .post('/:id/exit', jsonBody(seenVersion(RecordExit), applicationFieldLabels), (c) => {
    const input = c.req.valid('json')
    const step = input.decision === 'in_school' ? 'continue_in_school' : input.decision === 'enlisted' ? 'record_enlistment' : input.decision === 'resumed' ? 'resume_study' : 'record_exit'
    return act(c, step, input)
  })
