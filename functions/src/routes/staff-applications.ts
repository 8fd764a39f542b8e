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
  inJurisdiction,
  policyForDivision,
  chinaDate,
  type EpidemicSwitchView,
} from '@shouhu/shared'
import { epidemicSwitch, setEpidemicSwitch, type EpidemicSwitch } from '../data/policy-switches'
import { applicationEvents, applicationsInDivision, getApplication } from '../data/applications'
import { viewUrl } from '../data/documents'
import { HttpError } from '../errors'
import { log } from '../log'
import { type StaffEnv, requireStaff, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'
import { takeApplicationStep } from '../workflows/applications'
import { officesOf, policyOf, publicNotice, staffSummary, staffView } from '../views/applications'
import { divisionNames } from '../views/reports'

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
    let states: (ApplicationState | undefined)[]
    if (stage === 'mine') states = ApplicationState.options.filter((s) => holderActor(s) === role)
    else if (stage === 'all') states = [undefined]
    else {
      const parsed = ApplicationState.safeParse(stage)
      if (!parsed.success) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'stage', code: 'invalid_value', message: '环节：只能是 mine、all 或一个申请状态' }])
      }
      states = [parsed.data]
    }
    const lists = await Promise.all(states.map((s) => applicationsInDivision(role, divisionCode, s)))
    const found = lists.flat()
    const names = await divisionNames(found.flatMap((a) => [a.villageCode, a.townshipCode, a.countyCode]))
    const now = new Date()
    const items = found.map((a) => staffSummary(a, names, now))
    // Overdue first, then the longest waiting: what most needs doing is on top.
    items.sort((x, y) => Number(y.overdue) - Number(x.overdue) || (x.stageSince < y.stageSince ? -1 : 1))
    return c.json({ items })
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
  .post('/:id/note-missing', jsonBody(NoteMissing, applicationFieldLabels), (c) => act(c, 'note_missing', c.req.valid('json')))
  // One route for every change at 18 or on leaving; the decision names the step of the table.
  .post('/:id/exit', jsonBody(RecordExit, applicationFieldLabels), (c) => {
    const input = c.req.valid('json')
    const step = input.decision === 'in_school' ? 'continue_in_school' : input.decision === 'enlisted' ? 'record_enlistment' : input.decision === 'resumed' ? 'resume_study' : 'record_exit'
    return act(c, step, input)
  })
