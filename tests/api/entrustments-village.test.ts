import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, residentToken, staffToken, useApi } from '../support/api-harness'
import {
  GRANDMA,
  PHONES,
  PLACES,
  addDays,
  addMonths,
  awayParent,
  caregiverBody,
  chinaToday,
  childBody,
  entrustmentBody,
  homeParent,
  registered,
  visitBody,
  withCheckDigit,
} from '../support/entrustment-fixtures'
import { addStaff, inbox } from './helpers'

const ctx = useApi()

type Json = Record<string, any>
type Staff = { token: string }
const staff: Record<string, Staff> = {}
let parent: string

beforeAll(async () => {
  for (const u of ['dinghu', 'shiding', 'dinghu-town', 'sixian', 'dinghu-school', 'sixian-police']) staff[u] = { token: await staffToken(u) }
  staff['caogou-town'] = await addStaff({ username: 'caogou-town', role: 'township_supervisor', displayName: '孙督导', divisionCode: '341324103000', divisionName: '草沟镇' })
  staff['lingbi'] = await addStaff({ username: 'lingbi', role: 'county_officer', displayName: '吴科长', divisionCode: '341323000000', divisionName: '灵璧县' })
  parent = await residentToken('vil-parent')
})

let caregiverCount = 0
/** Registered by the parent and accepted by a fresh caregiver account. */
async function accepted(body: Json = entrustmentBody()): Promise<{ e: Json; caregiver: string }> {
  const e = await registered(parent, body)
  const caregiver = await residentToken(`vil-caregiver-${++caregiverCount}`)
  const res = await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: caregiver })
  expect(res.status).toBe(200)
  return { e, caregiver }
}
async function stored(id: string): Promise<Json> {
  const { getItem } = await import('../../functions/src/data/table')
  return (await getItem<Json>(`ENTRUST#${id}`, 'ENTRUST', true))!
}
async function notesAbout(token: string, id: string, kind?: string): Promise<Json[]> {
  await ctx.streamIdle()
  return (await inbox(token)).items.filter((n) => n.subject.id === id && (!kind || n.kind === kind))
}
const staffGet = (who: string, id: string) => call('GET', `/staff/entrustments/${id}`, { token: staff[who]!.token })
const visit = (who: string, id: string, body: Json) => call('POST', `/staff/entrustments/${id}/visits`, { token: staff[who]!.token, body })
const careList = async (who: string) => (await call('GET', '/staff/entrustments/care-list', { token: staff[who]!.token })).body.items as Json[]

describe('jurisdiction', () => {
  const pairs = [
    ['dinghu', 'shiding', 'village'],
    ['dinghu-town', 'caogou-town', 'township'],
    ['sixian', 'lingbi', 'county'],
  ] as const
  it.each(pairs)('%s lists, opens and may visit; %s (another %s) sees nothing and is refused 403, leaving no trace', async (allowed, denied) => {
    const { e } = await accepted()
    const list = async (who: string) => ((await call('GET', '/staff/entrustments?filter=all', { token: staff[who]!.token })).body.items as Json[]).map((i) => i.id)
    expect(await list(allowed)).toContain(e.id)
    expect(await list(denied)).not.toContain(e.id)
    const before = await stored(e.id)
    const refused = await staffGet(denied, e.id)
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).not.toContain('刘小雨')
    expect((await visit(denied, e.id, visitBody('verified'))).status).toBe(403)
    expect((await call('POST', `/staff/entrustments/${e.id}/schedule-visit`, { token: staff[denied]!.token, body: { date: chinaToday() } })).status).toBe(403)
    expect((await call('POST', `/staff/entrustments/${e.id}/contacts`, { token: staff[denied]!.token })).status).toBe(403)
    expect((await call('GET', `/staff/entrustments/${e.id}/letter`, { token: staff[denied]!.token })).status).toBe(403)
    expect(await stored(e.id)).toEqual(before)

    expect((await staffGet(allowed, e.id)).status).toBe(200)
    const ok = await visit(allowed, e.id, visitBody('verified'))
    expect(ok.status).toBe(200)
    expect((await stored(e.id)).status).toBe('verified')
  })

  it('residents cannot use staff routes, and partners cannot act on a village’s entrustment', async () => {
    const { e } = await accepted()
    for (const token of [parent, staff['dinghu-school']!.token, staff['sixian-police']!.token]) {
      expect((await call('POST', `/staff/entrustments/${e.id}/visits`, { token, body: visitBody('verified') })).status).toBe(403)
      expect((await call('GET', '/staff/entrustments/care-list', { token })).status).toBe(403)
    }
    expect((await call('GET', '/staff/entrustments', { token: parent })).status).toBe(403)
    expect((await stored(e.id)).status).toBe('accepted')
  })
})

describe('the village verifies by a home visit', () => {
  it('the new entrustment is first in the director’s to-do list; scheduling the visit tells the family and the caregiver', async () => {
    const { e, caregiver } = await accepted()
    const todo = await call('GET', '/staff/entrustments?filter=todo', { token: staff.dinghu!.token })
    expect(todo.body.items[0]).toMatchObject({ id: e.id, status: 'accepted', childNames: ['刘小雨'], caregiverName: '张桂芳', villageName: '丁湖村' })

    const date = addDays(chinaToday(), 2)
    const res = await call('POST', `/staff/entrustments/${e.id}/schedule-visit`, { token: staff.dinghu!.token, body: { date, time: '09:30', note: '先电话联系奶奶' } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'visit_scheduled', visitPlan: { date, time: '09:30' } })
    const [toParent] = await notesAbout(parent, e.id, 'entrustment_visit_scheduled')
    const [toCaregiver] = await notesAbout(caregiver, e.id, 'entrustment_visit_scheduled')
    expect(toParent!.body).toContain(date)
    expect(toCaregiver!.body).toContain('09:30')
    const parentView = (await call('GET', `/entrustments/${e.id}`, { token: parent })).body
    expect(parentView.statusText).toBe('村里已安排上门核实')
    // The staff note is not for the family.
    expect(JSON.stringify(parentView)).not.toContain('先电话联系奶奶')
    expect((await call('POST', `/staff/entrustments/${e.id}/schedule-visit`, { token: staff.dinghu!.token, body: { date: addDays(chinaToday(), -1) } })).status).toBe(400)
  })

  it('a visit before the caregiver accepted is refused (409) and changes nothing', async () => {
    const e = await registered(parent)
    const res = await visit('dinghu', e.id, visitBody('verified'))
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('INVALID_TRANSITION')
    expect(await stored(e.id)).toMatchObject({ status: 'pending_caregiver', version: 0 })
  })

  it('checklist and outcome are validated: "verified" with a failing item is refused', async () => {
    const { e } = await accepted()
    const body = visitBody('verified')
    body.checklist.safety = { rating: 'inadequate', note: '电线裸露' }
    const res = await visit('dinghu', e.id, body)
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0]).toMatchObject({ field: 'outcome' })
    expect(res.body.error.fields[0].message).toContain('核实结果')
    expect((await stored(e.id)).status).toBe('accepted')
  })

  it('caregiver unfit → the parents are told the reason and asked to choose another → the new caregiver accepts → the village verifies', async () => {
    const { e, caregiver } = await accepted()
    const unfit = await visit('dinghu', e.id, visitBody('caregiver_unfit', { note: '内部记录：奶奶行走需拐杖' }))
    expect(unfit.status).toBe(200)
    expect(unfit.body).toMatchObject({ status: 'caregiver_unfit', lastVisit: { outcome: 'caregiver_unfit', recordedByName: '李主任' } })

    const [note] = await notesAbout(parent, e.id, 'entrustment_unfit')
    expect(note!.title).toBe('请另选一位照护人')
    expect(note!.body).toContain('奶奶腿脚不便')
    const seen = (await call('GET', `/entrustments/${e.id}`, { token: parent })).body
    expect(seen).toMatchObject({ status: 'caregiver_unfit', statusText: '需要另选照护人', actions: ['replace_caregiver', 'end'] })
    expect(seen.unfitReason).toContain('奶奶腿脚不便')
    expect(seen.nextStep).toContain('另选')
    expect(JSON.stringify(seen)).not.toContain('内部记录')
    // The unfit caregiver is not told the reason meant for the parents.
    expect(JSON.stringify((await call('GET', `/entrustments/${e.id}`, { token: caregiver })).body)).not.toContain('腿脚不便')

    const replaced = await call('POST', `/entrustments/${e.id}/caregiver`, {
      token: parent,
      body: { caregiver: caregiverBody({ name: '刘建民', relationship: 'uncle_aunt', idNumber: withCheckDigit('34132419800707001'), birthDate: '1980-07-07', phone: '13600002222' }) },
    })
    expect(replaced.body.status).toBe('pending_caregiver')
    const before = (await notesAbout(staff.dinghu!.token, e.id, 'entrustment_new')).length
    const uncle = await residentToken('vil-uncle')
    expect((await call('POST', `/entrustments/invitations/${replaced.body.invitationCode}/accept`, { token: uncle })).status).toBe(200)
    // Accepted again: the village is told again, as for a new entrustment.
    expect(await notesAbout(staff.dinghu!.token, e.id, 'entrustment_new')).toHaveLength(before + 1)
    // The old caregiver no longer sees it.
    expect((await call('GET', `/entrustments/${e.id}`, { token: caregiver })).status).toBe(404)

    const ok = await visit('dinghu', e.id, visitBody('verified_with_followup'))
    expect(ok.body).toMatchObject({ status: 'verified', caregiver: { name: '刘建民', round: 2 } })
    expect(ok.body.pastCaregivers).toMatchObject([{ name: '张桂芳', outcome: 'unfit' }])
    const verifiedNote = await notesAbout(parent, e.id, 'entrustment_verified')
    expect(verifiedNote[0]!.body).toContain('一个月后回访')
  })

  it('two directors recording at once: one visit is saved, the other retried on the new state', async () => {
    await addStaff({ username: 'dinghu-2', role: 'village_director', displayName: '钱主任', divisionCode: PLACES.DINGHU, divisionName: '丁湖村' }).then((s) => (staff['dinghu-2'] = s))
    const { e } = await accepted()
    const [a, b] = await Promise.all([visit('dinghu', e.id, visitBody('caregiver_unfit')), visit('dinghu-2', e.id, visitBody('caregiver_unfit'))])
    // The second finds the caregiver already unfit: no second finding on top of it.
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const s = await stored(e.id)
    expect(s.version).toBe(2)
    expect(s.pastCaregivers).toHaveLength(1)
  })
})

describe('rural left-behind determination (004 §2(一)), shown to staff only', () => {
  const today = chinaToday()
  const bornYearsAgo = (years: number, extraDays = 0) => addDays(addMonths(today, -12 * years), -extraDays)

  async function determination(body: Json): Promise<Json> {
    const e = await registered(parent, body)
    const view = await staffGet('dinghu', e.id)
    expect(view.status).toBe(200)
    // The family's view carries no such thing.
    expect(JSON.stringify((await call('GET', `/entrustments/${e.id}`, { token: parent })).body)).not.toMatch(/leftBehind|留守/)
    return view.body.children[0].leftBehind
  }
  const withChild = (over: Json) => entrustmentBody({ children: [childBody(over)] })
  const withParents = (father: Json, mother: Json) => entrustmentBody({ parents: [father, mother] })

  it('15 years old counts; the day after the 16th birthday does not (周岁 from the day after the birthday)', async () => {
    const fifteen = bornYearsAgo(15)
    expect(await determination(withChild({ birthDate: fifteen, seq: 11 }))).toMatchObject({ leftBehind: true })
    const sixteenPlusOne = bornYearsAgo(16, 1)
    const d = await determination(withChild({ birthDate: sixteenPlusOne, seq: 12 }))
    expect(d.leftBehind).toBe(false)
    expect(d.reasons.join()).toContain('已满十六周岁')
  })

  it('2 months away does not count yet (and says from when); 3 full months does', async () => {
    const two = await determination(withParents(awayParent('father', { awaySince: addMonths(today, -2) }), awayParent('mother', { awaySince: addMonths(today, -2) })))
    expect(two.leftBehind).toBe(false)
    expect(two.from).toBe(addDays(addMonths(today, 1), 1))
    const three = await determination(withParents(awayParent('father', { awaySince: addDays(addMonths(today, -3), -1) }), awayParent('mother', { awaySince: addMonths(today, -4) })))
    expect(three.leftBehind).toBe(true)
  })

  it('both parents in another town of the same county do not count; in another county they do', async () => {
    const same = await determination(withParents(awayParent('father', { workplaceCode: PLACES.SAME_COUNTY }), awayParent('mother', { workplaceCode: PLACES.SAME_COUNTY })))
    expect(same.leftBehind).toBe(false)
    expect(same.reasons.join()).toContain('本县')
    const other = await determination(withParents(awayParent('father', { workplaceCode: PLACES.OTHER_COUNTY }), awayParent('mother', { workplaceCode: PLACES.OTHER_COUNTY })))
    expect(other.leftBehind).toBe(true)
  })

  it('one parent away and the other at home: able → no, unable (imprisoned) → yes', async () => {
    const able = await determination(withParents(awayParent('father'), homeParent('mother')))
    expect(able.leftBehind).toBe(false)
    const unable = await determination({
      ...withParents(awayParent('father'), homeParent('mother', { canGuard: false, unableReason: 'imprisoned_or_detained', phone: '' })),
      registrant: 'father',
    })
    expect(unable.leftBehind).toBe(true)
    expect(unable.reasons.join()).toContain('服刑在押或被羁押')
  })

  it('an urban-registered child does not count', async () => {
    expect((await determination(withChild({ householdRegistration: 'urban', seq: 13 }))).leftBehind).toBe(false)
  })
})

describe('the care list is the one list of children’s files (issue #7)', () => {
  const fileOf = async (who: string, childId: string) => (await call('GET', `/staff/children/${childId}`, { token: staff[who]!.token })).body

  it('after verification, a qualifying child gets a file at green cadence at least (monthly contact, home visit every three months); a non-qualifying sibling does not', async () => {
    const body = entrustmentBody({
      children: [childBody({ name: '刘小雨', seq: 21 }), childBody({ name: '刘大哥', sex: 'male', birthDate: addDays(addMonths(chinaToday(), -12 * 16), -30), seq: 23, school: undefined })],
    })
    const { e } = await accepted(body)
    expect((await careList('dinghu')).filter((c) => c.entrustmentId === e.id)).toEqual([])
    await visit('dinghu', e.id, visitBody('verified'))
    const entries = (await careList('dinghu')).filter((c) => c.entrustmentId === e.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ name: '刘小雨', colour: 'green', villageName: '丁湖村', categories: ['农村留守儿童'], next: { kind: 'contact', dueOn: addMonths(chinaToday(), 1) } })
    const file = await fileOf('dinghu', entries[0]!.id)
    expect(file.links.entrustments).toEqual([e.id])
    expect(file.lastHomeVisitOn).toBe(chinaToday())
    expect(file.duties).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'green_home_visit', dueOn: addMonths(chinaToday(), 3), clause: '004 §3.4' })]))
    expect(file.categories[0]).toMatchObject({ id: 'left_behind', source: '004 §2(一)' })
    // Township and county see it too; the neighbouring village does not.
    expect((await careList('dinghu-town')).some((c) => c.entrustmentId === e.id)).toBe(true)
    expect((await careList('sixian')).some((c) => c.entrustmentId === e.id)).toBe(true)
    expect((await careList('shiding')).some((c) => c.entrustmentId === e.id)).toBe(false)
  })

  it('a director may set a closer cadence (yellow: monthly visits)', async () => {
    const { e } = await accepted(entrustmentBody({ children: [childBody({ seq: 25 })] }))
    await visit('dinghu', e.id, visitBody('verified_with_followup', { careLevel: 'yellow' }))
    const [entry] = (await careList('dinghu')).filter((c) => c.entrustmentId === e.id)
    expect(entry).toMatchObject({ colour: 'yellow', next: { kind: 'home_visit', dueOn: addMonths(chinaToday(), 1), why: '黄色：至少每月入户走访一次' } })
  })

  it('parents back home ("returned") end it: the child is no longer left behind, leaves the care list, and the village, school and caregiver are told', async () => {
    const { e, caregiver } = await accepted(entrustmentBody({ children: [childBody({ seq: 27 })] }))
    await visit('dinghu', e.id, visitBody('verified'))
    const [entry] = (await careList('dinghu')).filter((c) => c.entrustmentId === e.id)
    expect(entry).toBeTruthy()
    const res = await call('POST', `/entrustments/${e.id}/end`, { token: parent, body: { reason: 'returned' } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ended', endReason: 'returned', actions: [] })
    expect((await careList('dinghu')).some((c) => c.entrustmentId === e.id)).toBe(false)
    const file = await fileOf('dinghu', entry!.id)
    expect(file.categories.map((k: Json) => k.id)).not.toContain('left_behind')
    expect(await notesAbout(staff.dinghu!.token, entry!.id, 'child_parents_returned')).toHaveLength(1)
    expect((await notesAbout(staff.dinghu!.token, e.id, 'entrustment_ended'))[0]!.body).toContain('父母已返乡')
    expect(await notesAbout(staff['dinghu-school']!.token, e.id, 'entrustment_ended')).toHaveLength(1)
    expect(await notesAbout(caregiver, e.id, 'entrustment_ended')).toHaveLength(1)
    expect((await visit('dinghu', e.id, visitBody('verified'))).status).toBe(409)
  })
})

describe('a widowed parent entrusts the child (the other parent has died)', () => {
  it('the parent who died is shown as such, has no phone and is not offered as a contact; the verified child gets a file as a single-parent child, not as left behind', async () => {
    const body = entrustmentBody({ registrant: 'father', parents: [awayParent('father'), { relation: 'mother', situation: 'deceased', name: '王秀兰', phone: '' }], children: [childBody({ seq: 71 })] })
    const { e } = await accepted(body)
    const view = (await staffGet('dinghu', e.id)).body
    expect(view.parents[1]).toMatchObject({ relation: 'mother', name: '王秀兰', situation: 'deceased', situationText: '已去世', phone: '' })
    expect(view.children[0].leftBehind.leftBehind).toBe(false)
    expect(view.children[0].leftBehind.reasons).toContain('父母一方已去世：不属于农村留守儿童，按农村单亲家庭儿童关爱')
    const family = (await call('GET', `/entrustments/${e.id}`, { token: parent })).body
    expect(family.parents[1]).toMatchObject({ situationText: '已去世', phone: '' })
    const revealed = await call('POST', `/staff/entrustments/${e.id}/contacts`, { token: staff.dinghu!.token })
    expect(revealed.body.parents).toEqual([{ relation: 'father', name: '刘建国', phone: PHONES.father }])

    expect((await visit('dinghu', e.id, visitBody('verified'))).status).toBe(200)
    await ctx.streamIdle()
    const [entry] = (await careList('dinghu')).filter((c) => c.entrustmentId === e.id)
    expect(entry).toMatchObject({ name: '刘小雨', categories: ['农村单亲家庭儿童'] })
    const file = (await call('GET', `/staff/children/${entry!.id}`, { token: staff.dinghu!.token })).body
    expect(file.parents.find((p: Json) => p.relation === 'mother')).toMatchObject({ situation: 'deceased' })
    expect(file.categories.map((k: Json) => k.id)).toEqual(['single_parent'])

    // The father comes home: the child leaves the care list, and stays a single-parent child on the file.
    expect((await call('POST', `/entrustments/${e.id}/end`, { token: parent, body: { reason: 'returned' } })).status).toBe(200)
    await ctx.streamIdle()
    expect((await careList('dinghu')).some((c) => c.entrustmentId === e.id)).toBe(false)
    const after = (await call('GET', `/staff/children/${entry!.id}`, { token: staff.dinghu!.token })).body
    expect(after.parents.find((p: Json) => p.relation === 'father')).toMatchObject({ situation: 'at_home' })
    expect(after.categories.map((k: Json) => k.id)).toEqual(['single_parent'])
  })

  it('refuses a registration by the parent who has died, naming the field', async () => {
    const res = await call('POST', '/entrustments', {
      token: parent,
      body: entrustmentBody({ registrant: 'mother', parents: [awayParent('father'), { relation: 'mother', situation: 'deceased', name: '王秀兰' }], children: [childBody({ seq: 73 })] }),
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'registrant', message: '您的身份：应是在世的父亲或母亲，请核对' })])
  })
})

describe('masking and audited contact', () => {
  it('the staff view masks every phone and ID number; revealing the full numbers is recorded', async () => {
    const body = entrustmentBody({ children: [childBody({ seq: 31 })] })
    const { e } = await accepted(body)
    const view = await staffGet('dinghu', e.id)
    const text = JSON.stringify(view.body)
    for (const secret of [PHONES.father, PHONES.mother, PHONES.caregiver, GRANDMA.idNumber, body.children[0].idNumber]) expect(text).not.toContain(secret)
    expect(view.body.children[0].idNumber).toMatch(/^341\*{11}\d{3}[\dX]$/)
    expect(view.body.consent.version).toBe('entrustment-consent-2026-11-v1')

    const revealed = await call('POST', `/staff/entrustments/${e.id}/contacts`, { token: staff.dinghu!.token })
    expect(revealed.body).toEqual({
      parents: [
        { relation: 'father', name: '刘建国', phone: PHONES.father },
        { relation: 'mother', name: '王秀兰', phone: PHONES.mother },
      ],
      caregiver: { name: '张桂芳', phone: PHONES.caregiver },
    })
    const events = (await staffGet('dinghu', e.id)).body.events as Json[]
    expect(events.filter((ev) => ev.kind === 'contact_viewed')).toMatchObject([{ actorName: '李主任' }])
    // The family's timeline does not show staff looking.
    expect(JSON.stringify((await call('GET', `/entrustments/${e.id}`, { token: parent })).body.timeline)).not.toContain('手机号')
  })
})

describe('partner roles: school liaison and police see entrusted care only, never reports', () => {
  it('a school liaison and a police officer are refused every report route', async () => {
    const report = await call('POST', '/reports', {
      token: parent,
      body: { villageCode: PLACES.DINGHU, situations: ['care_lacking'], reporter: { anonymous: true } },
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(report.status).toBe(201)
    for (const who of ['dinghu-school', 'sixian-police']) {
      const token = staff[who]!.token
      expect((await call('GET', '/staff/reports?status=all', { token })).status).toBe(403)
      expect((await call('GET', `/staff/reports/${report.body.id}`, { token })).status).toBe(403)
      expect((await call('POST', `/staff/reports/${report.body.id}/acknowledge`, { token, body: {} })).status).toBe(403)
      expect((await call('POST', `/staff/reports/${report.body.id}/close`, { token, body: { outcome: 'family_contacted' } })).status).toBe(403)
    }
    // The three civil-affairs roles still work.
    expect((await call('GET', `/staff/reports/${report.body.id}`, { token: staff.dinghu!.token })).status).toBe(200)
    expect((await call('GET', `/staff/reports/${report.body.id}`, { token: staff.sixian!.token })).status).toBe(200)
  })

  it('police start an entrustment for a detained parent; the caregiver confirms and the village verifies the same way', async () => {
    const police = staff['sixian-police']!.token
    const body = {
      ...entrustmentBody({ children: [childBody({ seq: 41 })] }),
      registrant: undefined,
      guardian: 'father',
      unit: '泗县看守所',
      parents: [homeParent('father', { canGuard: false, unableReason: 'imprisoned_or_detained', phone: '' }), awayParent('mother')],
    }
    const res = await call('POST', '/staff/entrustments', { token: police, body, headers: { 'idempotency-key': randomUUID() } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ viewer: 'starter', status: 'pending_caregiver', startedByUnit: '泗县看守所', actions: ['replace_caregiver', 'end'] })
    const s = await stored(res.body.id)
    expect(s.ownerId).toBeUndefined()
    expect(s.startedBy).toMatchObject({ unit: '泗县看守所', guardian: 'father' })
    expect(s.consent.guardianName).toBe('刘建国')
    // A resident cannot use the police route.
    expect((await call('POST', '/staff/entrustments', { token: parent, body, headers: { 'idempotency-key': randomUUID() } })).status).toBe(403)

    const caregiver = await residentToken('vil-police-caregiver')
    expect((await call('POST', `/entrustments/invitations/${res.body.invitationCode}/accept`, { token: caregiver })).status).toBe(200)
    const [toPolice] = await notesAbout(police, res.body.id, 'entrustment_accepted')
    expect(toPolice).toBeDefined()
    expect(await notesAbout(staff.dinghu!.token, res.body.id, 'entrustment_new')).toHaveLength(1)
    const staffView = (await staffGet('dinghu', res.body.id)).body
    expect(staffView.startedBy).toEqual({ name: '吴警官', unit: '泗县看守所' })
    expect(staffView.children[0].leftBehind.leftBehind).toBe(true)
    expect((await visit('dinghu', res.body.id, visitBody('caregiver_unfit'))).status).toBe(200)
    expect(await notesAbout(police, res.body.id, 'entrustment_unfit')).toHaveLength(1)

    // The officer follows it in their list and acts in the parent's place.
    const list = await call('GET', '/staff/entrustments', { token: police })
    expect(list.body.items.map((i: Json) => i.id)).toEqual([res.body.id])
    const replaced = await call('POST', `/entrustments/${res.body.id}/caregiver`, {
      token: police,
      body: { caregiver: caregiverBody({ name: '王秀芝', relationship: 'maternal_grandparent', idNumber: withCheckDigit('34132419600808004'), birthDate: '1960-08-08' }) },
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.status).toBe('pending_caregiver')
    // Another officer can neither see nor change it.
    const { createPartner } = await import('../../functions/src/data/users')
    const { hashPassword } = await import('../../functions/src/auth/passwords')
    await createPartner({ role: 'police_officer', displayName: '郑警官', divisionCode: '341323000000', divisionName: '灵璧县', unit: '灵璧县公安局' }, { username: 'lingbi-police', passwordHash: await hashPassword('shouhu123') })
    const otherOfficer = await staffToken('lingbi-police')
    expect((await call('GET', `/staff/entrustments/${res.body.id}`, { token: otherOfficer })).status).toBe(403)
    expect((await call('GET', '/staff/entrustments', { token: otherOfficer })).body.items).toEqual([])
    expect((await call('POST', `/entrustments/${res.body.id}/end`, { token: otherOfficer, body: { reason: 'other' } })).status).toBe(404)
    expect((await stored(res.body.id)).status).toBe('pending_caregiver')
  })
})

describe('renewal and the letter', () => {
  it('14 days before the end date the scheduler reminds the parents once; renewing moves the end date', async () => {
    const today = chinaToday()
    const { e } = await accepted(entrustmentBody({ startDate: addDays(today, -80), endDate: addDays(today, 10), children: [childBody({ seq: 51 })] }))
    const { runScheduledChecks } = await import('../../functions/src/lambda/schedule')
    const first = await runScheduledChecks(new Date())
    expect(first.renewalsReminded).toContain(e.id)
    const second = await runScheduledChecks(new Date())
    expect(second.renewalsReminded).not.toContain(e.id)
    const notes = await notesAbout(parent, e.id, 'entrustment_renewal_due')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.body).toContain(addDays(today, 10))

    const renewed = await call('POST', `/entrustments/${e.id}/renew`, { token: parent, body: { endDate: addMonths(today, 12) } })
    expect(renewed.status).toBe(200)
    expect(renewed.body.endDate).toBe(addMonths(today, 12))
    expect((await runScheduledChecks(new Date())).renewalsReminded).not.toContain(e.id)
    // Not due yet for the new date, due again 14 days before it.
    const later = new Date(Date.parse(`${addDays(addMonths(today, 12), -14)}T02:00:00Z`))
    expect((await runScheduledChecks(later)).renewalsReminded).toContain(e.id)
    expect((await call('POST', `/entrustments/${e.id}/renew`, { token: parent, body: { endDate: addDays(today, 5) } })).status).toBe(400)
  })

  it('the day after an end date passed unrenewed, the village director and the parents are told, once; nothing ends by itself', async () => {
    const today = chinaToday()
    const endDate = addDays(today, 10)
    const { e } = await accepted(entrustmentBody({ startDate: addDays(today, -80), endDate, children: [childBody({ name: '到期小芳', seq: 53 })] }))
    const { runScheduledChecks } = await import('../../functions/src/lambda/schedule')
    const { lapseNoticeAt } = await import('../../functions/src/data/entrustments')
    expect((await runScheduledChecks(new Date())).renewalsReminded).toContain(e.id)
    // Not before the morning after the end date.
    const onTheDay = new Date(Date.parse(lapseNoticeAt(endDate)) - 3_600_000)
    expect((await runScheduledChecks(onTheDay)).renewalsReminded).not.toContain(e.id)
    const after = new Date(Date.parse(lapseNoticeAt(endDate)) + 60_000)
    expect((await runScheduledChecks(after)).renewalsReminded).toContain(e.id)
    expect((await runScheduledChecks(new Date(after.getTime() + 86_400_000))).renewalsReminded).not.toContain(e.id)

    const village = await notesAbout(staff.dinghu!.token, e.id, 'entrustment_lapsed')
    expect(village).toHaveLength(1)
    expect(village[0]!.body).toContain('到期小芳')
    expect(village[0]!.body).toContain(`${endDate} 到期`)
    expect(village[0]!.body).toContain('请了解孩子现在由谁照料')
    const family = await notesAbout(parent, e.id, 'entrustment_lapsed')
    expect(family).toHaveLength(1)
    expect(family[0]!.body).toContain('请在小程序里续期')
    // Still in force (nobody knows yet whether the parents came home); the record says what happened.
    const seen = (await call('GET', `/entrustments/${e.id}`, { token: parent })).body
    expect(seen.status).toBe((await stored(e.id)).status)
    expect(['accepted', 'visit_scheduled', 'verified']).toContain(seen.status)
    expect(JSON.stringify(seen)).toContain('家长没有续期')
    // Renewed, the next reminder is for the new end date.
    const renewed = await call('POST', `/entrustments/${e.id}/renew`, { token: parent, body: { endDate: addMonths(today, 12) } })
    expect(renewed.status).toBe(200)
    const { getEntrustment, nextRenewalStep } = await import('../../functions/src/data/entrustments')
    expect(nextRenewalStep((await getEntrustment(e.id))!)).toMatchObject({ step: 'remind' })
  })

  it('the letter is a PDF with one page per child and an embedded Chinese font, for parents, caregiver and village staff only', async () => {
    const body = entrustmentBody({ children: [childBody({ seq: 61 }), childBody({ name: '刘小明', sex: 'male', birthDate: '2014-02-02', seq: 63 })] })
    const { e, caregiver } = await accepted(body)
    const { app } = await import('../../functions/src/app')
    const fetchPdf = (path: string, token: string) => app.request(`/api${path}`, { headers: { authorization: `Bearer ${token}` } })
    for (const [path, token] of [
      [`/entrustments/${e.id}/letter`, parent],
      [`/entrustments/${e.id}/letter`, caregiver],
      [`/staff/entrustments/${e.id}/letter`, staff.dinghu!.token],
    ] as const) {
      const res = await fetchPdf(path, token)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const pdf = Buffer.from(await res.arrayBuffer())
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const raw = pdf.toString('latin1')
      expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2)
      expect(raw).toMatch(/\/FontFile3|\/FontFile2/)
      expect(raw).toContain('NotoSansHans')
    }
    expect((await fetchPdf(`/entrustments/${e.id}/letter`, await residentToken('vil-stranger'))).status).toBe(404)
    expect((await fetchPdf(`/staff/entrustments/${e.id}/letter`, staff.shiding!.token)).status).toBe(403)
    expect((await fetchPdf(`/staff/entrustments/${e.id}/letter`, staff['dinghu-school']!.token)).status).toBe(403)
  })
})
