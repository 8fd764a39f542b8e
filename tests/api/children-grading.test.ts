import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { inbox, signIn } from './helpers'
import { addDays, addMonths, chinaToday, enrol, enrolBody, enrolled, getFile, recordVisit, storedChild, timeline, visitBody } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff

beforeAll(async () => {
  ;[dinghu, shiding, town, county] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian'].map(signIn))
})

const grade = (token: string, id: string, body: unknown) => call('POST', `/staff/children/${id}/grade`, { token, body })
const confirm = (token: string, id: string, body: unknown) => call('POST', `/staff/children/${id}/grade/confirm`, { token, body })
const confirmations = async (token: string) => (await call('GET', '/staff/children/confirmations?limit=100', { token })).body.items as any[]

describe('grading from the situation catalogue (004 §3)', () => {
  it('the colour is the most urgent situation’s; every change records who, when and why on the timeline', async () => {
    const file = await enrolled(dinghu.token, { name: '评级甲', birthDate: '2014-08-08' })
    expect(file.grade.colour).toBe('green')
    const yellow = await grade(dinghu.token, file.id, { situations: ['dropout', 'one_parent_addiction'], reason: '本学期旷课十余天' })
    expect(yellow.status).toBe(200)
    expect(yellow.body.grade).toMatchObject({ colour: 'yellow', situations: ['dropout', 'one_parent_addiction'], reason: '本学期旷课十余天', gradedByName: dinghu.displayName })
    const blue = await grade(dinghu.token, file.id, { situations: ['care_lacking'], reason: '已返校，照护仍不足' })
    expect(blue.body.grade.colour).toBe('blue')
    const graded = (await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'graded')
    expect(graded.map((e) => [e.colour, e.actorName])).toEqual([
      ['blue', dinghu.displayName],
      ['yellow', dinghu.displayName],
    ])
    expect(graded[0].text).toContain('已返校，照护仍不足')
    expect(graded[0].detail).toMatchObject({ from: 'yellow', to: 'blue' })
  })

  it('a grade given with the enrolment reads as the first grade; the same child enrolled again never overwrites the file’s grade', async () => {
    const body = enrolBody({ name: '评级初', birthDate: '2014-07-07', grade: { situations: ['dropout'], reason: '开学两周未到校' } })
    const res = await enrol(dinghu.token, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.grade).toMatchObject({ colour: 'yellow', situations: ['dropout'], reason: '开学两周未到校' })
    const graded = (await timeline(dinghu.token, res.body.id)).filter((e) => e.kind === 'graded')
    expect(graded).toHaveLength(1)
    expect(graded[0].text).toMatch(/^评定等级：黄色/)
    expect(graded[0].text).not.toContain('undefined')
    expect(graded[0].detail).toEqual(expect.not.objectContaining({ from: expect.anything() }))

    // The same child (same ID number) enrolled again with other facts and another grade: the
    // facts are brought up to date, the file's grade stays the director's.
    const again = await enrol(dinghu.token, { ...body, note: '奶奶生病住院', grade: { situations: ['care_lacking'], reason: '照护不足' } })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    const stored = await storedChild(res.body.id)
    expect(stored.note).toBe('奶奶生病住院')
    expect(stored.grade).toMatchObject({ colour: 'yellow', situations: ['dropout'], reason: '开学两周未到校', gradedByName: dinghu.displayName })
    expect((await getFile(dinghu.token, res.body.id)).body.grade.colour).toBe('yellow')
  })

  it('bad grade input: 400 naming the field; unknown situation refused', async () => {
    const file = await enrolled(dinghu.token, { name: '评级乙', birthDate: '2014-09-09' })
    const res = await grade(dinghu.token, file.id, { situations: ['flying'], reason: '' })
    expect(res.status).toBe(400)
    const fields = res.body.error.fields.map((f: any) => f.field)
    expect(fields).toEqual(expect.arrayContaining(['situations.0', 'reason']))
    expect(res.body.error.fields.find((f: any) => f.field === 'reason').message).toBe('请写明评定的理由')
  })
})

describe('hard to judge → the township confirms (004 §3 末段)', () => {
  it('the grade applies at once, waits in the township’s queue, the supervisor is told; the director cannot confirm; the supervisor confirms', async () => {
    const file = await enrolled(dinghu.token, { name: '难判甲', birthDate: '2013-10-10' })
    const res = await grade(dinghu.token, file.id, { situations: ['mental_distress'], reason: '情绪异常，原因不明', hardToJudge: true })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ grade: { colour: 'yellow' }, pendingGrade: { colour: 'yellow', gradedByName: dinghu.displayName } })
    const queued = (await confirmations(town.token)).find((i) => i.id === file.id)
    expect(queued).toMatchObject({ name: '难判甲', villageName: '丁湖村', proposedColour: 'yellow', currentColour: 'yellow', proposedByName: dinghu.displayName })
    expect((await confirmations(county.token)).some((i) => i.id === file.id)).toBe(true)
    expect((await call('GET', '/staff/children/confirmations', { token: dinghu.token })).status).toBe(403)
    await ctx.streamIdle()
    expect((await inbox(town.token)).items.filter((n) => n.subject.id === file.id && n.kind === 'child_grade_to_confirm')).toHaveLength(1)
    // The list row says it is waiting.
    const row = (await call('GET', '/staff/children?limit=100&colour=yellow', { token: dinghu.token })).body.items.find((i: any) => i.id === file.id)
    expect(row.gradePending).toBe(true)

    expect((await confirm(dinghu.token, file.id, { decision: 'confirm', reason: '同意' })).status).toBe(403)
    const ok = await confirm(town.token, file.id, { decision: 'confirm', reason: '组织评估后确认为黄色' })
    expect(ok.status).toBe(200)
    expect(ok.body.grade).toMatchObject({ colour: 'yellow', confirmedByName: town.displayName })
    expect(ok.body.pendingGrade).toBeUndefined()
    expect((await confirmations(town.token)).some((i) => i.id === file.id)).toBe(false)
    expect((await confirm(town.token, file.id, { decision: 'confirm', reason: '再次确认' })).status).toBe(409)
    const kinds = (await timeline(town.token, file.id)).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['grade_proposed', 'grade_confirmed']))
  })

  it('the township may change it, with its reason; a change without situations is 400', async () => {
    const file = await enrolled(dinghu.token, { name: '难判乙', birthDate: '2013-11-11' })
    await grade(dinghu.token, file.id, { situations: ['behaviour_concern'], reason: '行为异常', hardToJudge: true })
    expect((await confirm(town.token, file.id, { decision: 'change', reason: '需要重点跟踪' })).status).toBe(400)
    const changed = await confirm(town.token, file.id, { decision: 'change', situations: ['mental_distress'], reason: '评估为严重心理问题，重点跟踪' })
    expect(changed.status).toBe(200)
    expect(changed.body.grade).toMatchObject({ colour: 'yellow', confirmedByName: town.displayName })
    // The neighbouring township's supervisor cannot (its area does not hold the child).
    expect((await confirm(shiding.token, file.id, { decision: 'confirm', reason: 'x同意' })).status).toBe(403)
  })
})

describe('the cadence per colour, strictest rule first, each citing its clause', () => {
  const duty = (file: any, ruleId: string) => file.duties.find((d: any) => d.ruleId === ruleId)

  it('yellow: home visit at least monthly (004 §3.2), counted from the last home visit; a phone call does not discharge it', async () => {
    const file = await enrolled(dinghu.token, { name: '节奏黄', birthDate: '2015-01-21', grade: { situations: ['dropout'], reason: '旷课' } })
    expect(file.duties[0]).toMatchObject({ ruleId: 'yellow_home_visit', dueOn: addMonths(chinaToday(), 1), clause: '004 §3.2' })
    const visited = addDays(chinaToday(), -10)
    const after = await recordVisit(dinghu.token, file.id, visitBody({ visitedOn: visited }))
    expect(after.status).toBe(201)
    expect(after.body.child.duties[0]).toMatchObject({ ruleId: 'yellow_home_visit', dueOn: addMonths(visited, 1) })
    const phone = await recordVisit(dinghu.token, file.id, visitBody({ kind: 'phone', visitedOn: chinaToday() }))
    expect(phone.body.child.duties[0].dueOn).toBe(addMonths(visited, 1))
  })

  it('blue: at least every two months (004 §3.3)', async () => {
    const file = await enrolled(dinghu.token, { name: '节奏蓝', birthDate: '2015-01-22', grade: { situations: ['care_lacking'], reason: '照护不足' } })
    expect(file.duties[0]).toMatchObject({ ruleId: 'blue_home_visit', dueOn: addMonths(chinaToday(), 2), clause: '004 §3.3' })
  })

  it('green: contact monthly (a phone call counts) and a home visit every three months (004 §3.4)', async () => {
    const file = await enrolled(dinghu.token, { name: '节奏绿', birthDate: '2015-01-23' })
    expect(file.duties.map((d: any) => [d.ruleId, d.dueOn])).toEqual([
      ['green_contact', addMonths(chinaToday(), 1)],
      ['green_home_visit', addMonths(chinaToday(), 3)],
    ])
    const called = addDays(chinaToday(), -3)
    const phone = await recordVisit(dinghu.token, file.id, visitBody({ kind: 'video', visitedOn: called }))
    expect(duty(phone.body.child, 'green_contact').dueOn).toBe(addMonths(called, 1))
    expect(duty(phone.body.child, 'green_home_visit').dueOn).toBe(addMonths(chinaToday(), 3))
    const later = await recordVisit(dinghu.token, file.id, visitBody({ kind: 'phone', visitedOn: chinaToday() }))
    expect(duty(later.body.child, 'green_contact').dueOn).toBe(addMonths(chinaToday(), 1))
    expect(duty(later.body.child, 'green_home_visit').dueOn).toBe(addMonths(chinaToday(), 3))
  })

  it('red: intervene at once — the intervention is due within the day (004 §3.1); recorded with when the police were told, it gives way to follow-up', async () => {
    const file = await enrolled(dinghu.token, { name: '节奏红', birthDate: '2015-01-24', grade: { situations: ['living_alone'], reason: '独自居住' } })
    const first = file.duties[0]
    expect(first).toMatchObject({ kind: 'intervention', ruleId: 'red_intervention', clause: '004 §3.1' })
    expect(Date.parse(first.overdueAt) - Date.parse(file.redSince)).toBe(24 * 3600_000)
    const policeAt = new Date(Date.now() - 3600_000).toISOString()
    const res = await call('POST', `/staff/children/${file.id}/interventions`, {
      token: dinghu.token,
      headers: { 'idempotency-key': 'intervene-0001' },
      body: { actedAt: new Date(Date.now() - 1800_000).toISOString(), whatWasDone: '上门将孩子接到姑姑家临时照料', policeToldAt: policeAt, childSafeNow: true },
    })
    expect(res.status).toBe(201)
    expect(res.body.entry).toMatchObject({ kind: 'intervention', detail: { policeToldAt: policeAt } })
    expect(res.body.child.duties.map((d: any) => d.ruleId)).not.toContain('red_intervention')
    expect(res.body.child.duties[0]).toMatchObject({ ruleId: 'red_follow_up' })
    // Neither the police time nor a reason: 400 on the field.
    const bad = await call('POST', `/staff/children/${file.id}/interventions`, {
      token: dinghu.token,
      headers: { 'idempotency-key': 'intervene-0002' },
      body: { actedAt: new Date().toISOString(), whatWasDone: '上门查看', childSafeNow: true },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'policeToldAt' })
    // Not red: an intervention is not what is due (409).
    const green = await enrolled(dinghu.token, { name: '节奏红乙', birthDate: '2015-01-25' })
    expect((await call('POST', `/staff/children/${green.id}/interventions`, { token: dinghu.token, headers: { 'idempotency-key': 'intervene-0003' }, body: { actedAt: new Date().toISOString(), whatWasDone: '上门查看', policeNotToldReason: '无需', childSafeNow: true } })).status).toBe(409)
  })

  it('a child in difficulty is verified at least quarterly (001 #6); a child with no difficulty category has no such duty', async () => {
    const file = await enrolled(dinghu.token, { name: '季度甲', birthDate: '2015-01-26', difficultyCategories: ['dibao_referral'], grade: { situations: ['care_lacking'], reason: '照护不足' } })
    expect(duty(file, 'quarterly_check')).toMatchObject({ kind: 'quarterly_check', dueOn: addMonths(chinaToday(), 3), clause: '001 #6' })
    expect(file.categories.find((k: any) => k.id === 'dibao_referral')).toMatchObject({ basis: 'director', policyVersion: 'sixian 2020.1' })
    const plain = await enrolled(dinghu.token, { name: '季度乙', birthDate: '2015-01-27' })
    expect(duty(plain, 'quarterly_check')).toBeUndefined()
  })

  it('epidemic: while the guardian is quarantined, follow up at least twice a week (000 §2(三)) until the director ends it', async () => {
    const file = await enrolled(dinghu.token, { name: '疫情甲', birthDate: '2015-01-28', grade: { situations: ['dropout'], reason: '旷课' } })
    const started = addDays(chinaToday(), -1)
    const start = await call('POST', `/staff/children/${file.id}/epidemic/start`, { token: dinghu.token, body: { guardian: 'quarantined', startedOn: started, note: '母亲集中隔离' } })
    expect(start.status).toBe(200)
    expect(start.body.duties[0]).toMatchObject({ kind: 'epidemic_followup', dueOn: addDays(started, 3), clause: '000 §2(三)' })
    expect((await call('POST', `/staff/children/${file.id}/epidemic/start`, { token: dinghu.token, body: { guardian: 'hospitalised', startedOn: started } })).status).toBe(409)
    const phone = await recordVisit(dinghu.token, file.id, visitBody({ kind: 'phone', visitedOn: chinaToday() }))
    expect(phone.body.child.duties[0]).toMatchObject({ kind: 'epidemic_followup', dueOn: addDays(chinaToday(), 3) })
    const end = await call('POST', `/staff/children/${file.id}/epidemic/end`, { token: dinghu.token, body: { note: '母亲解除隔离' } })
    expect(end.body.duties.map((d: any) => d.kind)).not.toContain('epidemic_followup')
    expect(end.body.epidemic).toBeUndefined()
    expect((await call('POST', `/staff/children/${file.id}/epidemic/end`, { token: dinghu.token, body: {} })).status).toBe(409)
  })

  it('the file shows which rule set each due date', async () => {
    const file = await getFile(dinghu.token, (await enrolled(dinghu.token, { name: '规则甲', birthDate: '2015-01-29' })).id)
    expect(file.body.dutyText).toEqual([`绿色：至少每个月联系一次：${addMonths(chinaToday(), 1)} 前`, `绿色：每三个月入户走访一次：${addMonths(chinaToday(), 3)} 前`])
    expect(file.body.policyVersion).toBe('sixian 2024.1')
    expect((await storedChild(file.body.id)).duties[0].clause).toBe('004 §3.4')
  })
})
