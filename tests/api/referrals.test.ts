import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, residentToken, useApi } from '../support/api-harness'
import { inbox, signIn } from './helpers'
import { enrolled, timeline } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
type Json = Record<string, any>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff, edu: Staff, police: Staff, yibao: Staff, court: Staff, fulian: Staff
const DEPARTMENT_ACCOUNTS = {
  education: 'sixian-edu',
  medical_insurance: 'sixian-yibao',
  disabled_federation: 'sixian-canlian',
  health: 'sixian-health',
  police: 'sixian-gongan',
  procuratorate: 'sixian-jcy',
  court: 'sixian-fayuan',
  youth_league: 'sixian-tuanwei',
  womens_federation: 'sixian-fulian',
} as const

beforeAll(async () => {
  ;[dinghu, shiding, town, county, edu, police, yibao, court, fulian] = await Promise.all(
    ['dinghu', 'shiding', 'dinghu-town', 'sixian', 'sixian-edu', 'sixian-gongan', 'sixian-yibao', 'sixian-fayuan', 'sixian-fulian'].map(signIn),
  )
})

const guardianConsent = { basis: 'guardian', givenBy: '测奶奶', relation: '奶奶', givenOn: '2026-11-20' }

function dropoutBody(childId: string, over: Json = {}): Json {
  return { childId, department: 'education', reasons: ['suspected_dropout'], note: '开学两周没去学校', urgency: 'routine', shared: ['name', 'school'], consent: guardianConsent, ...over }
}

async function refer(token: string, body: Json, key = randomUUID()) {
  return call('POST', '/staff/referrals', { token, body, headers: { 'idempotency-key': key } })
}

async function referred(token: string, body: Json): Promise<Json> {
  const res = await refer(token, body)
  if (res.status !== 201) throw new Error(`refer: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

const deptGet = (who: Staff, id: string) => call('GET', `/staff/referrals/department/${id}`, { token: who.token })
const deptList = async (who: Staff, state = 'open') => (await call('GET', `/staff/referrals/department?state=${state}&limit=100`, { token: who.token })).body

async function rawReferral(id: string): Promise<Json> {
  const { getItem } = await import('../../functions/src/data/table')
  return (await getItem<Json>(`REFERRAL#${id}`, 'REFERRAL', true))!
}

async function runReferralDue(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return runAllDue(now, { only: ['REFERRAL'] })
}

describe('a director refers a suspected dropout to education with the least data', () => {
  it('the education liaison sees only name, school and the reason; acknowledges, records, closes; the village sees the outcome on the timeline', async () => {
    const child = await enrolled(dinghu.token, { name: '转介甲', birthDate: '2013-04-02' })
    const r = await referred(dinghu.token, dropoutBody(child.id))
    expect(r.state).toBe('sent')
    expect(r.facts.map((f: Json) => f.fact)).toEqual(['name', 'school'])
    expect(r.facts[1].value).toBe('小学，丁湖镇中心小学，三年级')
    expect(r.consent).toMatchObject({ basis: 'guardian', givenBy: '测奶奶', childAge: expect.any(Number), recordedByName: dinghu.displayName })
    // Three working days: the due day is a working day of the State Council's calendar.
    const { isWorkingDay } = await import('@shouhu/shared')
    expect(isWorkingDay(new Date(Date.parse(r.acknowledgeDueAt) + 8 * 3600_000).toISOString().slice(0, 10))).toBe(true)

    const list = await deptList(edu)
    const row = list.items.find((i: Json) => i.id === r.id)
    expect(row).toMatchObject({ childName: '转介甲', reasonLabels: ['疑似辍学'], state: 'sent', villageName: expect.any(String) })

    const view = await deptGet(edu, r.id)
    expect(view.status).toBe(200)
    expect(view.body.facts.map((f: Json) => f.label)).toEqual(['姓名', '学校和年级'])
    const text = JSON.stringify(view.body)
    // Not in the share: the caregiver, the parents, the ID, the colour, the child's file id.
    for (const secret of ['测奶奶', '测大山', '13700001111', child.id, 'yellow', 'colour', 'childId', 'consent']) expect(text).not.toContain(secret)

    const ack = await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: edu.token, body: { version: view.body.version } })
    expect(ack.status).toBe(200)
    expect(ack.body.state).toBe('acknowledged')
    const act = await call('POST', `/staff/referrals/department/${r.id}/actions`, { token: edu.token, body: { version: ack.body.version, text: '联系学校和奶奶，孩子周一返校' } })
    expect(act.body.state).toBe('in_progress')
    const closed = await call('POST', `/staff/referrals/department/${r.id}/close`, { token: edu.token, body: { version: act.body.version, outcome: 'resolved', text: '孩子已返校上课' } })
    expect(closed.status).toBe(200)
    expect(closed.body.outcome).toMatchObject({ kind: 'resolved', text: '孩子已返校上课' })

    const staffView = await call('GET', `/staff/referrals/${r.id}`, { token: dinghu.token })
    expect(staffView.body).toMatchObject({ state: 'closed', outcome: { kind: 'resolved' }, childName: '转介甲' })
    const lines = (await timeline(dinghu.token, child.id)).filter((e) => e.kind === 'referral')
    expect(lines.map((e) => e.detail.state)).toEqual(['closed', 'in_progress', 'acknowledged', 'sent'])
    expect(lines[0].text).toContain('孩子已返校上课')
    const onFile = (await call('GET', `/staff/referrals/child/${child.id}`, { token: dinghu.token })).body.items
    expect(onFile).toEqual([expect.objectContaining({ id: r.id, state: 'closed', outcome: 'resolved', departmentLabel: '教育局' })])

    // The department and the referrer were told.
    await ctx.streamIdle()
    expect((await inbox(edu.token)).items.some((n) => n.subject.id === r.id && n.kind === 'referral_new')).toBe(true)
    const told = (await inbox(dinghu.token)).items.filter((n) => n.subject.id === r.id).map((n) => n.kind)
    expect(told.filter((k) => k === 'referral_updated')).toHaveLength(2)

    // Every view audited: the referral's and the child's read audit name the liaison.
    const { referralReadAudit } = await import('../../functions/src/data/referrals')
    const { childReadAudit } = await import('../../functions/src/data/children')
    expect((await referralReadAudit(r.id)).some((a) => a.userId === edu.id && a.department === 'education')).toBe(true)
    expect((await childReadAudit(child.id)).some((a) => a.userId === edu.id && a.what === `referral:${r.id}`)).toBe(true)
  })
})

describe('each department sees only what was referred to it, and only the shared facts', () => {
  it('every other department gets 404 on the referral and an empty list; shiding is refused the referral and the child', async () => {
    const child = await enrolled(dinghu.token, { name: '转介乙' })
    const r = await referred(dinghu.token, dropoutBody(child.id))
    for (const [department, username] of Object.entries(DEPARTMENT_ACCOUNTS)) {
      if (department === 'education') continue
      const who = await signIn(username)
      expect((await deptGet(who, r.id)).status, department).toBe(404)
      expect((await deptList(who)).items.some((i: Json) => i.id === r.id), department).toBe(false)
      const ack = await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: who.token, body: { version: r.version } })
      expect(ack.status, department).toBe(404)
      // A liaison is not civil-affairs staff: the child's file and the staff lists are closed to them.
      expect((await call('GET', `/staff/children/${child.id}`, { token: who.token })).status, department).toBe(403)
      expect((await call('GET', `/staff/referrals/${r.id}`, { token: who.token })).status, department).toBe(403)
    }
    expect((await call('GET', `/staff/referrals/${r.id}`, { token: shiding.token })).status).toBe(403)
    expect((await call('GET', `/staff/referrals/child/${child.id}`, { token: shiding.token })).status).toBe(403)
    expect((await refer(shiding.token, dropoutBody(child.id))).status).toBe(403)
    // Own area both ways: the township and the county read it.
    expect((await call('GET', `/staff/referrals/${r.id}`, { token: town.token })).status).toBe(200)
    expect((await call('GET', `/staff/referrals/${r.id}`, { token: county.token })).status).toBe(200)
    // Civil-affairs staff cannot act as the department.
    expect((await deptGet(dinghu, r.id)).status).toBe(403)
  })

  it('a department of another county never sees it', async () => {
    const { createPartner } = await import('../../functions/src/data/users')
    const { hashPassword } = await import('../../functions/src/auth/passwords')
    await createPartner(
      { role: 'department_liaison', department: 'education', displayName: '外县教育局', divisionCode: '341302000000', divisionName: '埇桥区' },
      { username: 'other-edu', passwordHash: await hashPassword('shouhu123') },
    )
    const other = await signIn('other-edu')

    const child = await enrolled(dinghu.token, { name: '转介丙' })
    const r = await referred(dinghu.token, dropoutBody(child.id))
    expect((await deptGet(other, r.id)).status).toBe(404)
    expect((await deptList(other)).items).toEqual([])
  })

  it('police get what they need to act on abuse: who, where, with whom, what was found — not school or finances', async () => {
    const child = await enrolled(dinghu.token, { name: '转介丁', grade: { situations: ['abuse_violence'], reason: '身上有伤' } })
    const r = await referred(dinghu.token, {
      childId: child.id,
      department: 'police',
      reasons: ['abuse'],
      urgency: 'urgent',
      shared: ['name', 'sex', 'age', 'village', 'caregiver', 'parents', 'situations'],
      consent: { basis: 'override', justification: '疑似遭受虐待，依法向公安机关报告，来不及也不应先征得监护人同意' },
    })
    const view = (await deptGet(police, r.id)).body
    expect(view.facts.map((f: Json) => f.fact)).toEqual(['name', 'sex', 'age', 'village', 'caregiver', 'parents', 'situations'])
    const caregiver = view.facts.find((f: Json) => f.fact === 'caregiver').value
    expect(caregiver).toContain('测奶奶')
    expect(caregiver).not.toContain('13700001111')
    expect(JSON.stringify(view)).not.toContain('丁湖镇中心小学')
    // Red on the file: one hour to acknowledge, not three working days.
    expect(Date.parse(r.acknowledgeDueAt) - Date.parse(r.createdAt)).toBe(3600_000)
    // The court is named by the same clause but was not sent this one.
    expect((await deptGet(court, r.id)).status).toBe(404)
  })

  it('sharing more than the minimum is refused without a reason, and recorded with one', async () => {
    const child = await enrolled(dinghu.token, { name: '转介戊' })
    const without = await refer(dinghu.token, dropoutBody(child.id, { shared: ['name', 'school', 'categories', 'caregiver'] }))
    expect(without.status).toBe(400)
    expect(without.body.error.fields).toEqual([expect.objectContaining({ field: 'extraJustification', message: expect.stringContaining('家庭困难类别、照护人') })])
    const r = await referred(dinghu.token, dropoutBody(child.id, { shared: ['name', 'school', 'caregiver'], extraJustification: '学校需要联系奶奶一起劝返' }))
    expect(r.extra).toEqual({ facts: ['caregiver'], justification: '学校需要联系奶奶一起劝返' })
    expect((await deptGet(edu, r.id)).body.facts.map((f: Json) => f.fact)).toEqual(['name', 'school', 'caregiver'])
  })
})

describe('consent (PIPL §31) and bad input', () => {
  it('under 14 the child alone cannot consent; an override needs its reason; every bad field is named in Chinese', async () => {
    const child = await enrolled(dinghu.token, { name: '转介己', birthDate: '2016-01-01' })
    const own = await refer(dinghu.token, dropoutBody(child.id, { consent: { basis: 'child', givenOn: '2026-11-20' } }))
    expect(own.status).toBe(400)
    expect(own.body.error.fields[0]).toMatchObject({ field: 'consent.basis', code: 'guardian_required' })
    expect(own.body.error.fields[0].message).toContain('监护人同意')
    const bare = await refer(dinghu.token, dropoutBody(child.id, { consent: { basis: 'override' } }))
    expect(bare.status).toBe(400)
    expect(bare.body.error.fields).toEqual([expect.objectContaining({ field: 'consent.justification', message: expect.stringMatching(/^不经同意通报的理由：/) })])

    const res = await refer(dinghu.token, { childId: child.id, department: 'bank', reasons: ['abuse', 'abuse'], shared: [], consent: { basis: 'guardian' } })
    expect(res.status).toBe(400)
    const fields = Object.fromEntries(res.body.error.fields.map((f: Json) => [f.field, f.message]))
    expect(fields.department).toBe('请选择转介部门')
    expect(fields.shared).toBe('请至少选择一项要告诉部门的信息')
    expect(fields['consent.givenBy']).toBe('请填写同意的监护人姓名')
    expect(fields['consent.givenOn']).toMatch(/^同意日期：/)
    for (const m of Object.values(fields)) expect(m).toMatch(/[\u4e00-\u9fa5]/)

    const wrongDept = await refer(dinghu.token, dropoutBody(child.id, { department: 'police' }))
    expect(wrongDept.status).toBe(400)
    expect(wrongDept.body.error.fields[0]).toMatchObject({ field: 'reasons.0', message: expect.stringContaining('不由这个部门处理') })

    expect((await refer(dinghu.token, dropoutBody('x'.repeat(5000)))).status).toBe(400)
    expect((await refer(dinghu.token, dropoutBody('NOSUCHCHILD'))).status).toBe(404)
    expect((await call('GET', `/staff/referrals/department/${'x'.repeat(3000)}`, { token: edu.token })).status).toBe(404)
    expect((await call('GET', '/staff/referrals/department?cursor=garbage', { token: edu.token })).status).toBe(400)
    const badClose = await call('POST', '/staff/referrals/department/ANY/close', { token: edu.token, body: { outcome: 'maybe', text: '' } })
    expect(badClose.status).toBe(400)
    const closeFields = Object.fromEntries(badClose.body.error.fields.map((f: Json) => [f.field, f.message]))
    expect(closeFields.outcome).toMatch(/^办理结果：/)
    expect(closeFields.text).toMatch(/^内容：/)
    expect(closeFields.version).toBe('缺少记录版本，请刷新后再操作')
    // Nothing half-written: no referral for this child.
    expect((await call('GET', `/staff/referrals/child/${child.id}`, { token: dinghu.token })).body.items).toEqual([])
  })

  it('a county officer and a resident cannot refer', async () => {
    const child = await enrolled(dinghu.token, { name: '转介庚' })
    expect((await refer(county.token, dropoutBody(child.id))).status).toBe(403)
    expect((await refer(fulian.token, dropoutBody(child.id))).status).toBe(403)
  })
})

describe('retries and stale decisions', () => {
  it('the same key twice makes one referral; a different body under it is refused', async () => {
    const child = await enrolled(dinghu.token, { name: '转介辛' })
    const key = randomUUID()
    const results = await Promise.all([1, 2, 3].map(() => refer(dinghu.token, dropoutBody(child.id), key)))
    const ids = new Set(results.filter((x) => x.status < 300).map((x) => x.body.id))
    expect(ids.size).toBe(1)
    expect(results.map((x) => x.status).filter((s) => s === 201)).toHaveLength(1)
    const again = await refer(dinghu.token, dropoutBody(child.id), key)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe([...ids][0])
    expect((await refer(dinghu.token, dropoutBody(child.id, { note: '改了' }), key)).status).toBe(422)
    expect((await call('GET', `/staff/referrals/child/${child.id}`, { token: dinghu.token })).body.items).toHaveLength(1)
    expect((await timeline(dinghu.token, child.id)).filter((e) => e.kind === 'referral')).toHaveLength(1)
  })

  it('a step on a version the liaison did not see is refused with the fresh referral', async () => {
    const child = await enrolled(dinghu.token, { name: '转介壬' })
    const r = await referred(dinghu.token, dropoutBody(child.id))
    const ok = await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: edu.token, body: { version: r.version } })
    expect(ok.status).toBe(200)
    const stale = await call('POST', `/staff/referrals/department/${r.id}/close`, { token: edu.token, body: { version: r.version, outcome: 'resolved', text: '已返校' } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('STALE_VERSION')
    expect(stale.body.error.current).toMatchObject({ state: 'acknowledged', version: ok.body.version })
    expect(stale.body.error.current.childId).toBeUndefined()
    // Acknowledging twice is a wrong step, not a second acknowledgement.
    const twice = await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: edu.token, body: { version: ok.body.version } })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('INVALID_TRANSITION')
    // Twenty concurrent closes on one version: exactly one applies.
    const closes = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', `/staff/referrals/department/${r.id}/close`, { token: edu.token, body: { version: ok.body.version, outcome: 'resolved', text: `已返校${i}` } })))
    expect(closes.filter((x) => x.status === 200)).toHaveLength(1)
    expect(closes.filter((x) => x.status === 409)).toHaveLength(19)
  })
})

describe('timing: acknowledgement reminders and stale referrals', () => {
  it('not acknowledged within 3 working days reminds the department and the referrer once; no outcome after 14 days is stale and reaches the township', async () => {
    const child = await enrolled(dinghu.token, { name: '转介癸' })
    const r = await referred(dinghu.token, dropoutBody(child.id))
    const before = new Date(Date.parse(r.acknowledgeDueAt) - 60_000)
    await runReferralDue(before)
    expect((await rawReferral(r.id)).ackRemindedAt).toBeUndefined()
    const after = new Date(Date.parse(r.acknowledgeDueAt) + 60_000)
    await runReferralDue(after)
    await runReferralDue(after)
    const reminded = await rawReferral(r.id)
    expect(reminded.ackRemindedAt).toBe(after.toISOString())
    // Next on the due index: the stale limit.
    expect(reminded.dueSk.startsWith(r.staleAt)).toBe(true)
    await ctx.streamIdle()
    const mine = (who: Staff, kind: string) => inbox(who.token).then((b) => b.items.filter((n) => n.subject.id === r.id && n.kind === kind))
    expect(await mine(edu, 'referral_ack_overdue')).toHaveLength(1)
    expect(await mine(dinghu, 'referral_ack_overdue')).toHaveLength(1)
    expect(await mine(town, 'referral_ack_overdue')).toHaveLength(0)

    await call('POST', `/staff/referrals/department/${r.id}/acknowledge`, { token: edu.token, body: { version: reminded.version } })
    const thirteen = new Date(Date.parse(r.createdAt) + 13 * 86_400_000)
    await runReferralDue(thirteen)
    expect((await rawReferral(r.id)).staleSince).toBeUndefined()
    const fifteen = new Date(Date.parse(r.createdAt) + 15 * 86_400_000)
    await runReferralDue(fifteen)
    await runReferralDue(fifteen)
    const stale = await rawReferral(r.id)
    expect(stale.staleSince).toBe(fifteen.toISOString())
    expect(stale.duePk).toBeUndefined()
    expect(await mine(town, 'referral_stale')).toHaveLength(1)
    expect(await mine(dinghu, 'referral_stale')).toHaveLength(1)
    expect(await mine(edu, 'referral_stale')).toHaveLength(1)
    expect((await deptGet(edu, r.id)).body.staleSince).toBe(fifteen.toISOString())
    expect((await timeline(dinghu.token, child.id)).some((e) => e.kind === 'referral' && e.detail.stale)).toBe(true)
    // Still workable: a stale referral can be closed and then no timer is left.
    const closed = await call('POST', `/staff/referrals/department/${r.id}/close`, { token: edu.token, body: { version: stale.version, outcome: 'resolved', text: '已返校' } })
    expect(closed.status).toBe(200)
    expect((await rawReferral(r.id)).duePk).toBeUndefined()
  })

  it('the police hour on a red child: reminded an hour after, not days', async () => {
    const child = await enrolled(dinghu.token, { name: '转介红', grade: { situations: ['abandoned'], reason: '被遗弃' } })
    const r = await referred(dinghu.token, { childId: child.id, department: 'police', reasons: ['abandonment'], urgency: 'urgent', shared: ['name', 'sex', 'age', 'village', 'caregiver', 'parents', 'situations'], consent: { basis: 'override', justification: '疑似被遗弃，依法报告' } })
    await runReferralDue(new Date(Date.parse(r.createdAt) + 61 * 60_000))
    expect((await rawReferral(r.id)).ackRemindedAt).toBeDefined()
    // The police are told it is urgent, never the child's colour (the village's grading).
    await ctx.streamIdle()
    const told = (await inbox(police.token)).items.filter((n) => n.subject.id === r.id)
    expect(told.map((n) => n.kind).sort()).toEqual(['referral_ack_overdue', 'referral_new'])
    expect(told.map((n) => n.title)).toEqual(expect.arrayContaining(['紧急转介，请立即签收', '紧急转介超过签收时限，请立即签收']))
    for (const n of told) expect(n).not.toHaveProperty('colour')
  })
})

describe('the county sees open referrals by department and age', () => {
  it('pages the open list with counts per department; closed ones leave it', async () => {
    const child = await enrolled(dinghu.token, { name: '转介县' })
    const a = await referred(dinghu.token, dropoutBody(child.id))
    await referred(dinghu.token, { childId: child.id, department: 'medical_insurance', reasons: ['uninsured'], shared: ['name', 'sex', 'age', 'village', 'household', 'caregiver'], consent: guardianConsent })
    // The counts per department are the overview's counters, kept by the stream (issue #12).
    await ctx.streamIdle()
    const res = await call('GET', '/staff/referrals?state=open&limit=1', { token: county.token })
    expect(res.status).toBe(200)
    expect(res.body.items).toHaveLength(1)
    expect(res.body.nextCursor).toBeDefined()
    const byDept = Object.fromEntries(res.body.byDepartment.map((d: Json) => [d.department, d.count]))
    expect(byDept.education).toBeGreaterThanOrEqual(1)
    expect(byDept.medical_insurance).toBeGreaterThanOrEqual(1)
    const next = await call('GET', `/staff/referrals?state=open&limit=100&cursor=${res.body.nextCursor}`, { token: county.token })
    expect(next.status).toBe(200)
    expect(res.body.items[0].ageDays).toBe(0)
    const all = [...res.body.items, ...next.body.items]
    expect(all.some((i: Json) => i.id === a.id)).toBe(true)
    // The neighbouring village sees none of dinghu's.
    const neighbour = await call('GET', '/staff/referrals?state=open&limit=100', { token: shiding.token })
    expect(neighbour.body.items.some((i: Json) => i.id === a.id)).toBe(false)
    expect(neighbour.body.byDepartment ?? []).toEqual([])
    expect((await call('GET', '/staff/referrals?state=all', { token: county.token })).status).toBe(400)
    expect(yibao.id).toBeTruthy()
  })
})

describe('department accounts in staff administration', () => {
  it('the county creates a department liaison; one without a department is refused by name', async () => {
    const ok = await call('POST', '/staff-admin/accounts', { token: county.token, body: { username: 'sixian-edu2', displayName: '新联络人', role: 'department_liaison', divisionCode: '341324000000', department: 'education' } })
    expect(ok.status).toBe(201)
    expect(ok.body.account).toMatchObject({ role: 'department_liaison', department: 'education' })
    const missing = await call('POST', '/staff-admin/accounts', { token: county.token, body: { username: 'sixian-edu3', displayName: '新联络人', role: 'department_liaison', divisionCode: '341324000000' } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ field: 'department', message: expect.stringContaining('请选择部门') })])
    expect((await call('POST', '/staff-admin/accounts', { token: town.token, body: { username: 'sixian-edu4', displayName: '新', role: 'department_liaison', divisionCode: '341324000000', department: 'education' } })).status).toBe(403)
  })
})

describe('a referral arising from a report', () => {
  it('names a report linked to the file and is listed on the report; an unlinked report is refused by name', async () => {
    const child = await enrolled(dinghu.token, { name: '转介报' })
    const filed = await fileReport(await residentToken('referral-reporter'))
    expect(filed.status).toBe(201)
    const reportId = filed.body.id
    // Not linked yet: the report page learns there is no file to refer from.
    const before = await call('GET', `/staff/referrals/report/${reportId}`, { token: dinghu.token })
    expect(before.status).toBe(200)
    expect(before.body.linkedChildren).toEqual([])
    const unlinked = await refer(dinghu.token, dropoutBody(child.id, { reportId }))
    expect(unlinked.status).toBe(400)
    expect(unlinked.body.error.fields[0]).toMatchObject({ field: 'reportId', code: 'not_linked' })
    expect((await call('POST', `/staff/children/${child.id}/reports`, { token: dinghu.token, body: { reportId } })).status).toBe(201)
    const r = await referred(dinghu.token, dropoutBody(child.id, { reportId }))
    expect(r.reportId).toBe(reportId)
    const onReport = await call('GET', `/staff/referrals/report/${reportId}`, { token: dinghu.token })
    expect(onReport.body.items).toEqual([expect.objectContaining({ id: r.id, state: 'sent' })])
    // The report page's 「转介」 refers the linked child; the township sees the same file.
    expect(onReport.body.linkedChildren).toEqual([{ id: child.id, name: child.name }])
    expect((await call('GET', `/staff/referrals/report/${reportId}`, { token: town.token })).body.linkedChildren).toEqual([{ id: child.id, name: child.name }])
    expect((await call('GET', `/staff/referrals/report/${reportId}`, { token: shiding.token })).status).toBe(403)
    // The department never learns which report (nor who reported).
    expect(JSON.stringify((await deptGet(edu, r.id)).body)).not.toContain(reportId)
  })
})
