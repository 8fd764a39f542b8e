import ExcelJS from 'exceljs'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { chinaMonth } from '@shouhu/shared'
import { DINGHU, OTHER_TOWN_VILLAGE, SHIDING, call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { caregiverBody, registered, withCheckDigit } from '../support/entrustment-fixtures'
import { addStaff, signIn, storedReport } from './helpers'
import { addDays, addMonths, chinaToday, enrolBody, enrolled, storedChild, timeline } from './children-fixtures'
import { advance, childId as applicantChildId, newApplication, step, storedApplication, storedApplicationEvents } from './application-helpers'

/**
 * "Every read and write limited to the user's jurisdiction or own records, tested both ways":
 * the routes no other suite proved both ways. Each case refuses the neighbouring area (another
 * village, township or county; another family; another department) and checks nothing moved
 * or leaked, then lets the own area (or the record's owner) do the same thing.
 * The routes already proven both ways elsewhere are not repeated here.
 */
useApi()
useDocuments()

type Json = Record<string, any>
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff, caogouTown: Staff, lingbi: Staff

beforeAll(async () => {
  ;[dinghu, shiding, town, county] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian'].map(signIn))
  caogouTown = await addStaff({ username: 'both-caogou-town', role: 'township_supervisor', displayName: '孙督导', divisionCode: '341324103000', divisionName: '草沟镇' })
  lingbi = await addStaff({ username: 'both-lingbi', role: 'county_officer', displayName: '吴科长', divisionCode: '341323000000', divisionName: '灵璧县' })
})

/** Own and neighbouring staff at each level: 丁湖村/石丁村, 丁湖镇/草沟镇, 泗县/灵璧县. */
const own = () => ({ village: dinghu, township: town, county })
const neighbour = () => ({ village: shiding, township: caogouTown, county: lingbi })
type Level = 'village' | 'township' | 'county'

describe('residents: only their own records', () => {
  it('GET /applications/mine lists the guardian’s application, never another family’s', async () => {
    const guardian = await residentToken('both-guardian-a')
    const other = await residentToken('both-guardian-b')
    const a = await newApplication(guardian)
    const ids = async (token: string) => ((await call('GET', '/applications/mine', { token })).body.items as Json[]).map((i) => i.id)
    expect(await ids(guardian)).toContain(a.id)
    expect(await ids(other)).not.toContain(a.id)
  })

  const familyWrites = [
    ['caregiver', () => ({ caregiver: caregiverBody({ name: '刘建民', relationship: 'uncle_aunt', idNumber: withCheckDigit('34132419800707001'), birthDate: '1980-07-07', phone: '13600002222' }) })],
    ['renew', () => ({ endDate: addMonths(chinaToday(), 18) })],
  ] as const
  it.each(familyWrites)('POST /entrustments/{id}/%s: another family gets 404 and the entrustment is unchanged; the parent is not refused', async (action, body) => {
    const parent = await residentToken(`both-parent-${action}`)
    const stranger = await residentToken(`both-stranger-${action}`)
    // A parent with an entrustment of their own is still a stranger to this one.
    await registered(stranger)
    const e = await registered(parent)
    // Renewing is for an entrustment in force: the caregiver accepts first.
    if (action === 'renew') expect((await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: await residentToken('both-renew-caregiver') })).status).toBe(200)
    const before = await storedEntrustment(e.id)
    const refused = await call('POST', `/entrustments/${e.id}/${action}`, { token: stranger, body: body() })
    expect(refused.status).toBe(404)
    expect(JSON.stringify(refused.body)).not.toContain('刘小雨')
    expect(await storedEntrustment(e.id)).toEqual(before)
    const res = await call('POST', `/entrustments/${e.id}/${action}`, { token: parent, body: body() })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect((await storedEntrustment(e.id)).version).toBe(before.version + 1)
  })

  it('POST /entrustments/invitations/{code}/decline: the registering parent cannot decline their own invitation; the invited caregiver can', async () => {
    const parent = await residentToken('both-decline-parent')
    const e = await registered(parent)
    const before = await storedEntrustment(e.id)
    const refused = await call('POST', `/entrustments/invitations/${e.invitationCode}/decline`, { token: parent, body: { reason: '' } })
    expect(refused.status).toBe(403)
    expect(await storedEntrustment(e.id)).toEqual(before)
    const caregiver = await residentToken('both-decline-caregiver')
    const res = await call('POST', `/entrustments/invitations/${e.invitationCode}/decline`, { token: caregiver, body: { reason: '照顾不了' } })
    expect(res.status).toBe(200)
    expect((await storedEntrustment(e.id)).status).toBe('caregiver_declined')
  })

  it('POST /reports/track/{code}/rotate: another report’s device token is refused (404) and the code keeps working; the report’s own token rotates it', async () => {
    const reporter = await residentToken('both-rotate')
    const r = (await fileReport(reporter, reportBody())).body
    const another = (await fileReport(reporter, reportBody({ description: '另一个孩子' }))).body
    const refused = await call('POST', `/reports/track/${r.trackingCode}/rotate`, { headers: { 'x-report-token': another.accessToken } })
    expect(refused.status).toBe(404)
    expect(refused.body).not.toHaveProperty('trackingCode')
    expect((await storedReport(r.id)).trackingCode).toBe(r.trackingCode)
    expect((await call('GET', `/reports/track/${r.trackingCode}`, { headers: { 'x-report-token': r.accessToken } })).status).toBe(200)
    const rotated = await call('POST', `/reports/track/${r.trackingCode}/rotate`, { headers: { 'x-report-token': r.accessToken } })
    expect(rotated.status).toBe(200)
    expect((await storedReport(r.id)).trackingCode).toBe(rotated.body.trackingCode)
  })
})

describe('allowance applications: each step refused to the neighbouring area at that level', () => {
  const rows: { route: string; state?: Parameters<typeof advance>[2]; level: Level; body?: Json; get?: true; turning18?: true }[] = [
    { route: 'review', state: 'accepted', level: 'township', body: { opinion: '材料齐全，情况属实' } },
    { route: 'public-notice', state: 'reviewed', level: 'township', body: { days: 7 } },
    { route: 'objections', state: 'public_notice', level: 'township', body: { text: '有村民反映其家庭另有收入' } },
    { route: 'notice', state: 'public_notice', level: 'township', get: true },
    { route: 'reject', state: 'awaiting_approval', level: 'county', body: { reason: '经核实家庭已退出低保，不符合条件' } },
    { route: 'send-back', level: 'village', body: { missing: [{ kind: 'guardian_id' }], message: '请补交监护人身份证' } },
    { route: 'payment', state: 'approved', level: 'county', body: { startMonth: chinaMonth() } },
    { route: 'annual-review', state: 'paying', level: 'village', body: { note: '入户复核，情况未变' } },
    { route: 'exit', state: 'paying', level: 'county', body: { decision: 'stop' }, turning18: true },
  ]
  let guardian: string
  beforeAll(async () => {
    guardian = await residentToken('both-app-guardian')
  })

  /** What must not move when a step is refused. */
  const snapshot = async (id: string) => {
    const a = await storedApplication(id)
    return { version: a.version, state: a.state, events: (await storedApplicationEvents(id)).length }
  }

  const cases = rows.map((r) => [`${r.get ? 'GET' : 'POST'} /staff/applications/{id}/${r.route}: the ${r.level} of another area is refused 403 and the application is unchanged; its own ${r.level} is not refused`, r] as const)
  it.each(cases)('%s', async (_, { route, state, level, body, get, turning18 }) => {
    let overrides: Json = {}
    if (turning18) {
      const birthday = new Date(Date.now() + 20 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10)
      overrides = { child: { name: '王小华', idNumber: applicantChildId(`${Number(birthday.slice(0, 4)) - 18}${birthday.slice(5, 7)}${birthday.slice(8, 10)}`) } }
    }
    const a = await newApplication(guardian, overrides)
    if (state) await advance(a.id, { village: dinghu.token, township: town.token, county: county.token }, state)
    const before = await snapshot(a.id)
    const send = (token: string) => (get ? call('GET', `/staff/applications/${a.id}/${route}`, { token }) : step(token, a.id, route, body))

    const refused = await send(neighbour()[level].token)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('FORBIDDEN')
    expect(JSON.stringify(refused.body)).not.toContain('王小')
    expect(await snapshot(a.id)).toEqual(before)

    const ok = await send(own()[level].token)
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect((await snapshot(a.id)).version).toBe(get ? before.version : before.version + 1)
  })

  it('POST /staff/applications/switches/epidemic: another county’s officer switches only their own county; 泗县 stays off', async () => {
    const res = await call('POST', '/staff/applications/switches/epidemic', { token: lingbi.token, body: { on: true } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ countyCode: '341323000000', on: true })
    for (const s of [county, dinghu]) {
      expect((await call('GET', '/staff/applications/switches/epidemic', { token: s.token })).body).toMatchObject({ countyCode: '341324000000', on: false })
    }
    expect((await call('GET', '/staff/applications/switches/epidemic', { token: lingbi.token })).body).toMatchObject({ countyCode: '341323000000', on: true })
  })
})

describe('staff accounts: a township supervisor manages its own villages’ directors only', () => {
  const routes = [
    { method: 'GET', path: '' },
    { method: 'GET', path: '/audit' },
    { method: 'POST', path: '/update', body: (version: number) => ({ version, displayName: '改了名字' }) },
    { method: 'POST', path: '/reactivate', body: (version: number) => ({ version }), deactivated: true },
    { method: 'POST', path: '/reset-password', body: (version: number) => ({ version }) },
  ]
  let seq = 0
  const createDirector = async (token: string, divisionCode: string) => {
    const res = await call('POST', '/staff-admin/accounts', { token, body: { username: `both-dir-${++seq}`, displayName: '钱主任', role: 'village_director', divisionCode } })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.account as Json
  }
  const asCounty = async (id: string) => (await call('GET', `/staff-admin/accounts/${id}`, { token: county.token })).body
  const auditLength = async (id: string) => (await call('GET', `/staff-admin/accounts/${id}/audit?limit=100`, { token: county.token })).body.items.length

  const cases = routes.map((r) => [`${r.method} /staff-admin/accounts/{id}${r.path}: another township’s director is refused 403 and unchanged; the township’s own director is not`, r] as const)
  it.each(cases)('%s', async (_, { method, path, body, deactivated }) => {
    const theirs = await createDirector(county.token, OTHER_TOWN_VILLAGE)
    const mine = await createDirector(town.token, DINGHU)
    for (const a of deactivated ? [theirs, mine] : []) {
      expect((await call('POST', `/staff-admin/accounts/${a.id}/deactivate`, { token: county.token, body: { version: (await asCounty(a.id)).version } })).status).toBe(200)
    }
    const before = await asCounty(theirs.id)
    const audited = await auditLength(theirs.id)
    const refused = await call(method, `/staff-admin/accounts/${theirs.id}${path}`, { token: town.token, body: body?.(before.version) })
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).not.toContain(theirs.username)
    expect(await asCounty(theirs.id)).toEqual(before)
    expect(await auditLength(theirs.id)).toBe(audited)

    const ownBefore = await asCounty(mine.id)
    const ok = await call(method, `/staff-admin/accounts/${mine.id}${path}`, { token: town.token, body: body?.(ownBefore.version) })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect((await asCounty(mine.id)).version).toBe(method === 'GET' ? ownBefore.version : ownBefore.version + 1)
  })
})

describe('children’s files', () => {
  it('GET /staff/children/today: the neighbouring director’s list holds none of 丁湖村’s children, and asking for 丁湖村 is refused', async () => {
    const ids = (page: Json) => [...page.overdue, ...page.dueToday, ...page.thisWeek].map((i: Json) => i.id as string)
    const mine = await call('GET', '/staff/children/today', { token: dinghu.token })
    expect(mine.status).toBe(200)
    expect(mine.body.overdue.map((i: Json) => i.name)).toContain('刘小明')
    const theirs = await call('GET', '/staff/children/today', { token: shiding.token })
    expect(theirs.status).toBe(200)
    expect(ids(theirs.body).filter((id) => ids(mine.body).includes(id))).toEqual([])
    expect(JSON.stringify(theirs.body)).not.toContain('刘小明')
    expect((await call('GET', `/staff/children/today?village=${DINGHU}`, { token: shiding.token })).status).toBe(403)
    expect((await call('GET', `/staff/children/today?village=${DINGHU}`, { token: dinghu.token })).status).toBe(200)
  })

  it('GET /staff/children/confirmations and POST grade/confirm: another township neither sees nor confirms 丁湖村’s grade; 丁湖镇 does', async () => {
    const file = await enrolled(dinghu.token, { name: '双向确认', birthDate: '2013-10-11' })
    const graded = await call('POST', `/staff/children/${file.id}/grade`, { token: dinghu.token, body: { situations: ['mental_distress'], reason: '情绪异常，原因不明', hardToJudge: true } })
    expect(graded.body.pendingGrade).toBeTruthy()
    const queue = async (s: Staff) => ((await call('GET', '/staff/children/confirmations?limit=100', { token: s.token })).body.items as Json[]).map((i) => i.id)
    expect(await queue(town)).toContain(file.id)
    expect(await queue(caogouTown)).not.toContain(file.id)
    const before = await storedChild(file.id)
    const refused = await call('POST', `/staff/children/${file.id}/grade/confirm`, { token: caogouTown.token, body: { decision: 'confirm', reason: '同意' } })
    expect(refused.status).toBe(403)
    expect(await storedChild(file.id)).toMatchObject({ version: before.version, pendingGrade: before.pendingGrade })
    const ok = await call('POST', `/staff/children/${file.id}/grade/confirm`, { token: town.token, body: { decision: 'confirm', reason: '组织评估后确认' } })
    expect(ok.status).toBe(200)
    expect(ok.body.pendingGrade).toBeUndefined()
  })

  it('POST /staff/children/{id}/reports: a director cannot link the neighbouring village’s report to their own child; their own village’s report links', async () => {
    const resident = await residentToken('both-linker')
    const file = await enrolled(dinghu.token, { name: '双向关联', birthDate: '2014-01-12' })
    const neighbours = (await fileReport(resident, reportBody({ villageCode: SHIDING }))).body
    const reportBefore = (await storedReport(neighbours.id)).version
    const refused = await call('POST', `/staff/children/${file.id}/reports`, { token: dinghu.token, body: { reportId: neighbours.id } })
    expect(refused.status).toBe(403)
    expect(await storedChild(file.id)).toMatchObject({ version: file.version, links: { reports: [] } })
    expect((await storedReport(neighbours.id)).version).toBe(reportBefore)
    expect((await timeline(dinghu.token, file.id)).some((e) => e.kind === 'report_linked')).toBe(false)

    const ours = (await fileReport(resident, reportBody())).body
    const ok = await call('POST', `/staff/children/${file.id}/reports`, { token: dinghu.token, body: { reportId: ours.id } })
    expect(ok.status).toBe(201)
    expect((await storedChild(file.id)).links.reports).toEqual([ours.id])
  })

  it('POST /staff/children/{id}/update: a director cannot move their own file into the neighbouring village by editing it; an edit in place is kept', async () => {
    const body = enrolBody({ name: '双向更正', birthDate: '2012-06-13' })
    const file = await enrolled(dinghu.token, body)
    const refused = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...body, villageCode: SHIDING, version: file.version } })
    expect(refused.status).toBe(403)
    expect(await storedChild(file.id)).toMatchObject({ villageCode: DINGHU, version: file.version })
    expect((await call('GET', `/staff/children/${file.id}`, { token: shiding.token })).status).toBe(403)
    const ok = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...body, note: '奶奶腿脚不便', version: file.version } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(await storedChild(file.id)).toMatchObject({ villageCode: DINGHU, version: file.version + 1, note: '奶奶腿脚不便' })
  })

  it('POST /staff/child-moves/{id}/decline: only the receiving village sends a transfer back; the other village is refused and the transfer still waits', async () => {
    const file = await enrolled(dinghu.token, { name: '双向退回', birthDate: '2014-04-14' })
    const asked = await call('POST', `/staff/child-moves/${file.id}/transfer`, { token: dinghu.token, body: { toVillageCode: SHIDING, reason: '听说搬去石丁村了', version: file.version } })
    expect(asked.status).toBe(200)
    const refused = await call('POST', `/staff/child-moves/${file.id}/decline`, { token: dinghu.token, body: { version: asked.body.version, note: '不退回' } })
    expect(refused.status).toBe(403)
    expect(await storedChild(file.id)).toMatchObject({ version: asked.body.version, transfer: { toVillageCode: SHIDING } })
    const waiting = (await call('GET', '/staff/child-moves/incoming', { token: shiding.token })).body.items as Json[]
    expect(waiting.map((r) => r.childId)).toContain(file.id)

    const ok = await call('POST', `/staff/child-moves/${file.id}/decline`, { token: shiding.token, body: { version: asked.body.version, note: '孩子没有住在本村' } })
    expect(ok.status).toBe(200)
    expect((await storedChild(file.id)).transfer).toBeUndefined()
  })

  it('POST /staff/child-moves/{id}/merge: a director cannot merge the neighbouring village’s file into their own; neither is offered nor changed', async () => {
    const mine = await enrolled(dinghu.token, { name: '双向合并', birthDate: '2013-09-15' })
    const theirs = await enrolled(shiding.token, { name: '双向合并', birthDate: '2013-09-15', idNumber: undefined, villageCode: SHIDING })
    const offered = await call('GET', `/staff/child-moves/${mine.id}/duplicates`, { token: dinghu.token })
    expect(offered.status).toBe(200)
    expect(offered.body.items.map((i: Json) => i.id)).not.toContain(theirs.id)
    const refused = await call('POST', `/staff/child-moves/${mine.id}/merge`, { token: dinghu.token, body: { otherId: theirs.id, version: mine.version, otherVersion: theirs.version } })
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).not.toContain(theirs.id)
    expect(await storedChild(mine.id)).toMatchObject({ version: mine.version, villageCode: DINGHU })
    const after = await storedChild(theirs.id)
    expect(after).toMatchObject({ version: theirs.version, villageCode: SHIDING })
    expect(after.mergedInto).toBeUndefined()
    // The own village merges its own two files (child-moves.test.ts proves the merge itself).
    const ownDuplicate = await enrolled(dinghu.token, { name: '双向合并', birthDate: '2013-09-15', idNumber: undefined })
    const ok = await call('POST', `/staff/child-moves/${mine.id}/merge`, { token: dinghu.token, body: { otherId: ownDuplicate.id, version: mine.version, otherVersion: ownDuplicate.version } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
  })
})

describe('referrals: a department acts only on what was referred to it', () => {
  let otherCountyEdu: Staff
  beforeAll(async () => {
    const { createPartner } = await import('../../functions/src/data/users')
    const { hashPassword } = await import('../../functions/src/auth/passwords')
    await createPartner(
      { role: 'department_liaison', department: 'education', displayName: '外县教育局', divisionCode: '341323000000', divisionName: '灵璧县' },
      { username: 'both-lingbi-edu', passwordHash: await hashPassword('shouhu123') },
    )
    otherCountyEdu = await signIn('both-lingbi-edu')
  })
  const rawReferral = async (id: string) => {
    const { getItem } = await import('../../functions/src/data/table')
    return (await getItem<Json>(`REFERRAL#${id}`, 'REFERRAL', true))!
  }
  const bodies = {
    actions: (version: number) => ({ version, text: '联系学校和奶奶，孩子周一返校' }),
    close: (version: number) => ({ version, outcome: 'resolved', text: '孩子已返校上课' }),
  }

  it.each(Object.keys(bodies) as (keyof typeof bodies)[])(
    'POST /staff/referrals/department/{id}/%s: another department and another county’s education bureau get 404, the referral unchanged; the education bureau it went to is not refused',
    async (action) => {
      const [edu, police] = await Promise.all(['sixian-edu', 'sixian-gongan'].map(signIn))
      const child = await enrolled(dinghu.token, { name: '双向转介' })
      const referral = await call('POST', '/staff/referrals', {
        token: dinghu.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          childId: child.id,
          department: 'education',
          reasons: ['suspected_dropout'],
          note: '开学两周没去学校',
          urgency: 'routine',
          shared: ['name', 'school'],
          consent: { basis: 'guardian', givenBy: '测奶奶', relation: '奶奶', givenOn: '2026-11-20' },
        },
      })
      expect(referral.status, JSON.stringify(referral.body)).toBe(201)
      const ack = await call('POST', `/staff/referrals/department/${referral.body.id}/acknowledge`, { token: edu!.token, body: { version: referral.body.version } })
      expect(ack.status).toBe(200)
      const before = await rawReferral(referral.body.id)
      for (const who of [police!, otherCountyEdu]) {
        const refused = await call('POST', `/staff/referrals/department/${referral.body.id}/${action}`, { token: who.token, body: bodies[action](ack.body.version) })
        expect(refused.status).toBe(404)
        expect(JSON.stringify(refused.body)).not.toContain('双向转介')
      }
      expect(await rawReferral(referral.body.id)).toEqual(before)
      const ok = await call('POST', `/staff/referrals/department/${referral.body.id}/${action}`, { token: edu!.token, body: bodies[action](ack.body.version) })
      expect(ok.status, JSON.stringify(ok.body)).toBe(200)
      expect((await rawReferral(referral.body.id)).version).toBe(before.version + 1)
    },
  )
})

describe('red cases: the county’s guardianship, the township’s conferences, the county’s lists and spot check', () => {
  const guardianshipBody = () => ({
    placement: 'relatives',
    carerName: '孩子的姑姑 测桂兰',
    reason: '孩子被打伤，爷爷无力照料，父母在外联系不上',
    startOn: chinaToday(),
    reviewOn: addDays(chinaToday(), 30),
    plannedEndOn: addDays(chinaToday(), 90),
  })
  const startGuardianship = (who: Staff, childId: string) =>
    call('POST', `/staff/cases/children/${childId}/guardianship`, { token: who.token, body: guardianshipBody(), headers: { 'idempotency-key': randomUUID() } })

  it('temporary guardianship: another county’s officer can neither start, review nor end one for a 泗县 child; 泗县’s officer can', async () => {
    const child = await enrolled(dinghu.token, { name: '双向监护' })
    const refusedStart = await startGuardianship(lingbi, child.id)
    expect(refusedStart.status).toBe(403)
    expect((await storedChild(child.id)).temporaryGuardianship).toBeUndefined()
    const started = await startGuardianship(county, child.id)
    expect(started.status).toBe(201)
    const g = started.body
    const read = async () => (await call('GET', `/staff/cases/guardianships/${g.id}`, { token: county.token })).body
    const before = await read()
    const writes = [
      ['review', { version: before.version, note: '孩子在姑姑家适应良好', nextReviewOn: addDays(chinaToday(), 60) }],
      ['end', { version: before.version, endOn: chinaToday(), outcome: '父亲返乡，孩子回到父亲身边', endReason: '父亲已返乡，能够照料' }],
    ] as const
    for (const [action, body] of writes) {
      const refused = await call('POST', `/staff/cases/guardianships/${g.id}/${action}`, { token: lingbi.token, body })
      expect(refused.status, action).toBe(403)
    }
    const peek = await call('GET', `/staff/cases/guardianships/${g.id}`, { token: lingbi.token })
    expect(peek.status).toBe(403)
    expect(JSON.stringify(peek.body)).not.toContain('测桂兰')
    const unchanged = await read()
    expect({ version: unchanged.version, reviewOn: unchanged.reviewOn, endOn: unchanged.endOn }).toEqual({ version: before.version, reviewOn: before.reviewOn, endOn: before.endOn })
    const list = await call('GET', '/staff/cases/guardianships?status=all&limit=100', { token: lingbi.token })
    expect(list.body.items.map((i: Json) => i.id)).not.toContain(g.id)
    const reviewed = await call('POST', `/staff/cases/guardianships/${g.id}/review`, { token: county.token, body: writes[0][1] })
    expect(reviewed.status).toBe(200)
  })

  it('case conferences: another township’s supervisor can neither convene one for a 丁湖村 child, list, read nor add decisions to 丁湖镇’s; 丁湖镇’s supervisor can', async () => {
    const child = await enrolled(dinghu.token, { name: '双向会商' })
    const conveneBody = {
      childId: child.id,
      heldOn: chinaToday(),
      place: '丁湖镇政府会议室',
      subject: '孩子长期不上学，家中无人照料',
      departments: ['education', 'police'],
      people: [{ name: '王老师', unit: '丁湖镇中心小学' }],
      decisions: [{ what: '入户核实照料情况', assignee: { type: 'staff', userId: dinghu.id }, dueOn: addDays(chinaToday(), 5) }],
    }
    const convene = (who: Staff) => call('POST', '/staff/cases/conferences', { token: who.token, body: conveneBody, headers: { 'idempotency-key': randomUUID() } })
    expect((await convene(caogouTown)).status).toBe(403)
    expect((await timeline(dinghu.token, child.id)).some((e) => e.kind === 'conference')).toBe(false)
    const conf = await convene(town)
    expect(conf.status).toBe(201)

    const list = async (who: Staff) => ((await call('GET', '/staff/cases/conferences?limit=100', { token: who.token })).body.items as Json[]).map((i) => i.id)
    expect(await list(town)).toContain(conf.body.id)
    expect(await list(caogouTown)).not.toContain(conf.body.id)
    expect((await call('GET', `/staff/cases/conferences/${conf.body.id}`, { token: caogouTown.token })).status).toBe(403)
    const more = { version: conf.body.version, decisions: [{ what: '核查是否存在侵害', assignee: { type: 'department', department: 'police' }, dueOn: addDays(chinaToday(), 3) }] }
    const refused = await call('POST', `/staff/cases/conferences/${conf.body.id}/decisions`, { token: caogouTown.token, body: more })
    expect(refused.status).toBe(403)
    const now = (await call('GET', `/staff/cases/conferences/${conf.body.id}`, { token: town.token })).body
    expect({ version: now.version, tasks: now.tasks.length }).toEqual({ version: conf.body.version, tasks: 1 })
    const added = await call('POST', `/staff/cases/conferences/${conf.body.id}/decisions`, { token: town.token, body: more })
    expect(added.status).toBe(200)
    expect(added.body.tasks).toHaveLength(2)
  })

  it('lists to 团委、妇联、残联: another county’s officer gets only their own county’s lists, never 泗县’s children or its export record', async () => {
    const { app } = await import('../../functions/src/app')
    const child = await enrolled(dinghu.token, { name: '双向名单' })
    expect((await call('POST', `/staff/children/${child.id}/grade`, { token: dinghu.token, body: { situations: ['carer_incapable'], reason: '入户核实' } })).status).toBe(200)
    const names = async (token: string) => {
      const res = await app.request('/api/staff/cases/mass-lists/workbook', { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
      return { exportId: res.headers.get('x-export-id'), text: JSON.stringify(wb.worksheets.map((w) => w.getSheetValues())) }
    }
    const ours = await names(county.token)
    expect(ours.text).toContain('双向名单')
    const theirs = await names(lingbi.token)
    expect(theirs.text).not.toContain('双向名单')
    expect(theirs.text).not.toContain('丁湖')
    const records = async (s: Staff) => ((await call('GET', '/staff/cases/mass-lists?limit=100', { token: s.token })).body.items as Json[]).map((e) => e.id)
    expect(await records(county)).toContain(ours.exportId)
    expect(await records(lingbi)).not.toContain(ours.exportId)
  })

  it('the yearly spot check: another county’s officer cannot read 泗县’s draw nor record a result on its files; 泗县’s officer records it', async () => {
    await enrolled(dinghu.token, { name: '双向抽查' })
    const started = await call('POST', '/staff/spot-checks', { token: county.token, body: { year: 2026, sampleSize: 1 } })
    expect([200, 201]).toContain(started.status)
    const drawn = started.body.files[0] as Json
    const result = { complete: true, visitsOnCadence: true, problemsFollowedUp: true, note: '档案齐全' }
    expect((await call('GET', '/staff/spot-checks/2026', { token: lingbi.token })).status).toBe(404)
    const refused = await call('POST', `/staff/spot-checks/2026/files/${drawn.childId}`, { token: lingbi.token, body: result })
    expect(refused.status).toBe(404)
    const file = async () => ((await call('GET', '/staff/spot-checks/2026', { token: county.token })).body.files as Json[]).find((f) => f.childId === drawn.childId)!
    expect((await file()).result).toBeUndefined()
    const ok = await call('POST', `/staff/spot-checks/2026/files/${drawn.childId}`, { token: county.token, body: result })
    expect(ok.status).toBe(200)
    expect((await file()).result).toMatchObject({ complete: true, checkedBy: { name: county.displayName } })
  })
})

async function storedEntrustment(id: string): Promise<Json> {
  const { getItem } = await import('../../functions/src/data/table')
  return (await getItem<Json>(`ENTRUST#${id}`, 'ENTRUST', true))!
}
