import { beforeAll, describe, expect, it } from 'vitest'
import { call, outbox, residentToken, staffToken, useApi } from '../support/api-harness'
import { GRANDMA, PHONES, caregiverBody, childBody, entrustmentBody, registered, withCheckDigit } from '../support/entrustment-fixtures'
import { inbox } from './helpers'

const ctx = useApi()

type Json = Record<string, any>
let parent: string
let director: string
let neighbourDirector: string
let school: string

beforeAll(async () => {
  parent = await residentToken('cg-parent')
  director = await staffToken('dinghu')
  neighbourDirector = await staffToken('shiding')
  school = await staffToken('dinghu-school')
})

async function stored(id: string): Promise<Json> {
  const { getItem } = await import('../../functions/src/data/table')
  return (await getItem<Json>(`ENTRUST#${id}`, 'ENTRUST', true))!
}
async function events(id: string): Promise<Json[]> {
  const { entrustmentEvents } = await import('../../functions/src/data/entrustments')
  return entrustmentEvents(id)
}
/** Inbox entries about one entrustment, once the stream has caught up. */
async function notesAbout(token: string, id: string, kind?: string): Promise<Json[]> {
  await ctx.streamIdle()
  return (await inbox(token)).items.filter((n) => n.subject.type === 'entrustment' && n.subject.id === id && (!kind || n.kind === kind))
}
const accept = (token: string, code: string) => call('POST', `/entrustments/invitations/${code}/accept`, { token })
const decline = (token: string, code: string, reason = '') => call('POST', `/entrustments/invitations/${code}/decline`, { token, body: { reason } })

describe('the caregiver answers in their own account', () => {
  it('the invitation shows the caregiver what they are asked to do, masked, with accept and decline', async () => {
    const e = await registered(parent)
    const caregiver = await residentToken('cg-grandma-1')
    const res = await call('GET', `/entrustments/invitations/${e.invitationCode.toLowerCase().replace('-', '')}`, { token: caregiver })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: e.id, viewer: 'invitee', status: 'pending_caregiver', actions: ['accept', 'decline'] })
    expect(res.body.caregiver).toMatchObject({ name: '张桂芳', phone: '137****1111' })
    expect(res.body.invitationCode).toBeUndefined()
    expect(res.body.timeline).toEqual([])
    const text = JSON.stringify(res.body)
    for (const secret of [PHONES.father, PHONES.mother, PHONES.caregiver, GRANDMA.idNumber]) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/留守|困境/)
    expect((await call('GET', '/entrustments/invitations/ZZZZ-ZZZZ', { token: caregiver })).status).toBe(404)
  })

  it('accepting: accepted, the caregiver is linked and sees it in their list; the parent sees the new state and next step', async () => {
    const e = await registered(parent)
    const caregiver = await residentToken('cg-grandma-2')
    const caregiverId = (await call('GET', '/me', { token: caregiver })).body.id
    const res = await accept(caregiver, e.invitationCode)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'accepted', viewer: 'caregiver', actions: [] })
    const s = await stored(e.id)
    expect(s).toMatchObject({ status: 'accepted', version: 1, caregiver: { userId: caregiverId, round: 1 } })
    expect(s.acceptedAt).toBeTruthy()
    expect((await events(e.id)).map((ev) => ev.kind)).toEqual(['created', 'accepted'])

    const mine = await call('GET', '/entrustments/mine', { token: caregiver })
    expect(mine.body.items.map((i: Json) => [i.id, i.viewer])).toEqual([[e.id, 'caregiver']])
    expect((await call('GET', `/entrustments/${e.id}`, { token: caregiver })).body.status).toBe('accepted')

    const seen = await call('GET', `/entrustments/${e.id}`, { token: parent })
    expect(seen.body).toMatchObject({ status: 'accepted', statusText: '照护人已接受，等待村里核实' })
    expect(seen.body.invitationCode).toBeUndefined()
    expect(seen.body.nextStep).toContain('上门')
    expect(seen.body.timeline.map((t: Json) => t.text)).toEqual(['登记了委托照护', '照护人张桂芳接受了委托'])
    expect(await notesAbout(parent, e.id, 'entrustment_accepted')).toHaveLength(1)
  })

  it('declining sends it back to the parents with the reason; they choose another caregiver, who accepts', async () => {
    const e = await registered(parent)
    const first = await residentToken('cg-decliner')
    const res = await decline(first, e.invitationCode, '我自己身体不好，照顾不了')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('caregiver_declined')
    // The decliner has no access afterwards.
    expect((await call('GET', `/entrustments/${e.id}`, { token: first })).status).toBe(404)

    const parentView = (await call('GET', `/entrustments/${e.id}`, { token: parent })).body
    expect(parentView).toMatchObject({ status: 'caregiver_declined', actions: ['replace_caregiver', 'end'] })
    expect(parentView.pastCaregivers).toMatchObject([{ name: '张桂芳', outcome: 'declined', reason: '我自己身体不好，照顾不了' }])
    const [note] = await notesAbout(parent, e.id, 'entrustment_declined')
    expect(note!.body).toContain('我自己身体不好')
    expect(note!.page).toBe(`family/entrustment/index?id=${e.id}`)
    // Nobody at the village or school hears of it until someone accepts.
    expect(await notesAbout(director, e.id)).toEqual([])
    expect(await notesAbout(school, e.id)).toEqual([])

    const uncleId = withCheckDigit('34132419800707001')
    const replaced = await call('POST', `/entrustments/${e.id}/caregiver`, {
      token: parent,
      body: { caregiver: caregiverBody({ name: '刘建民', relationship: 'uncle_aunt', idNumber: uncleId, birthDate: '1980-07-07', phone: '13600002222' }) },
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ status: 'pending_caregiver', caregiver: { name: '刘建民', round: 2, accepted: false } })
    expect(replaced.body.invitationCode).not.toBe(e.invitationCode)

    // The first code is dead; the new one works for the new caregiver.
    const uncle = await residentToken('cg-uncle')
    const stale = await accept(uncle, e.invitationCode)
    expect(stale.status).toBe(404)
    expect(stale.body.error.message).toContain('失效')
    expect((await accept(uncle, replaced.body.invitationCode)).status).toBe(200)
    expect(await stored(e.id)).toMatchObject({ status: 'accepted', caregiver: { name: '刘建民', round: 2 } })
  })

  it('the parent cannot accept their own invitation, nor a member of staff', async () => {
    const e = await registered(parent)
    const own = await accept(parent, e.invitationCode)
    expect(own.status).toBe(403)
    expect((await accept(director, e.invitationCode)).status).toBe(403)
    expect((await stored(e.id)).status).toBe('pending_caregiver')
  })

  it('an invitation answered once cannot be answered again (409), by anyone', async () => {
    const e = await registered(parent)
    const a = await residentToken('cg-once-a')
    const b = await residentToken('cg-once-b')
    expect((await accept(a, e.invitationCode)).status).toBe(200)
    const again = await decline(a, e.invitationCode)
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'INVALID_TRANSITION', message: '这份邀请已经答复过了' })
    expect((await accept(b, e.invitationCode)).status).toBe(409)
    expect((await stored(e.id)).caregiver.userId).toBe((await call('GET', '/me', { token: a })).body.id)
  })

  it('two people accepting the same code at once: exactly one wins, the other is told; one event, one link', async () => {
    const e = await registered(parent)
    const tokens = await Promise.all(['cg-race-a', 'cg-race-b', 'cg-race-c'].map((a) => residentToken(a)))
    const results = await Promise.all(tokens.map((t) => accept(t, e.invitationCode)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const s = await stored(e.id)
    expect(s).toMatchObject({ status: 'accepted', version: 1 })
    expect((await events(e.id)).filter((ev) => ev.kind === 'accepted')).toHaveLength(1)
    const { query } = await import('../../functions/src/data/table')
    const links = await query<Json>({ pk: `ENTRUST#${e.id}`, skPrefix: 'LINK#', consistent: true })
    expect(links.map((l) => l.userId)).toEqual([s.caregiver.userId])
  })

  it('a parent replacing the caregiver while the caregiver accepts: one of them wins, the state is one or the other', async () => {
    const e = await registered(parent)
    const caregiver = await residentToken('cg-race-replace')
    const [acc, rep] = await Promise.all([
      accept(caregiver, e.invitationCode),
      call('POST', `/entrustments/${e.id}/caregiver`, { token: parent, body: { caregiver: caregiverBody({ name: '刘建民', idNumber: withCheckDigit('34132419800707001'), birthDate: '1980-07-07' }) } }),
    ])
    const s = await stored(e.id)
    if (acc.status === 200) {
      expect(rep.status).toBe(409)
      expect(s).toMatchObject({ status: 'accepted', caregiver: { name: '张桂芳' } })
    } else {
      expect(rep.status).toBe(200)
      expect([404, 409]).toContain(acc.status)
      expect(s).toMatchObject({ status: 'pending_caregiver', caregiver: { name: '刘建民', round: 2 } })
    }
    expect(s.version).toBe(1)
  })
})

describe('on acceptance the village and the school are told', () => {
  it("the child's village director and the school's liaison get an inbox entry and a WeChat message; the neighbouring director nothing", async () => {
    const e = await registered(parent)
    await accept(await residentToken('cg-notify'), e.invitationCode)

    const [village] = await notesAbout(director, e.id, 'entrustment_new')
    expect(village).toMatchObject({ title: '新的委托照护，请上门核实', page: `staff/entrustment/index?id=${e.id}` })
    expect(village!.body).toContain('丁湖镇 丁湖村')
    expect(village!.body).toContain('刘小雨')
    expect(village!.body).not.toContain('请告知')
    const [pupil] = await notesAbout(school, e.id, 'entrustment_school')
    expect(pupil!.body).toContain('贵校学生刘小雨')
    expect(await notesAbout(neighbourDirector, e.id)).toEqual([])

    const lines = outbox(ctx.outboxFile).filter((l) => l.page === `staff/entrustment/index?id=${e.id}`)
    expect(lines.map((l) => l.toOpenid).sort()).toEqual(['demo-openid-dinghu', 'demo-openid-dinghu-school'])
    for (const l of lines) expect(JSON.stringify(l)).not.toMatch(/1[3-9]\d{9}/)
    // Sent under the entrusted-care template, which people subscribe to separately from report alerts.
    expect(new Set(lines.map((l) => l.template))).toEqual(new Set(['entrustment_update']))

    // The school sees its pupil, the caregiver and masked numbers; nothing about the family's situation.
    const list = await call('GET', '/staff/entrustments', { token: school })
    expect(list.body.items.map((i: Json) => i.id)).toContain(e.id)
    const view = await call('GET', `/staff/entrustments/${e.id}`, { token: school })
    expect(view.status).toBe(200)
    expect(view.body.pupils).toEqual([{ name: '刘小雨', sex: 'female', birthDate: '2016-03-10' }])
    expect(view.body.caregiver).toEqual({ name: '张桂芳', relationshipText: '祖父母（爷爷奶奶）', phone: '137****1111' })
    expect(view.body).not.toHaveProperty('children')
    expect(JSON.stringify(view.body)).not.toMatch(/leftBehind|留守|workplace|awaySince|13912345678/)
  })

  it('a school with no liaison account (or typed by hand) is named in the director’s task instead', async () => {
    const e = await registered(
      parent,
      entrustmentBody({
        children: [
          childBody({ name: '刘大宝', sex: 'male', birthDate: '2012-05-05', seq: 5, school: { id: 'dinghu-middle', name: '丁湖镇中学' } }),
          childBody({ name: '刘小宝', sex: 'male', birthDate: '2019-09-09', seq: 7, school: { name: '丁湖幼儿园' } }),
        ],
      }),
    )
    await accept(await residentToken('cg-noliaison'), e.invitationCode)
    const [village] = await notesAbout(director, e.id, 'entrustment_new')
    expect(village!.body).toContain('学校暂无联络人账号，请告知：丁湖镇中学、丁湖幼儿园')
    expect(await notesAbout(school, e.id)).toEqual([])
    expect((await call('GET', `/staff/entrustments/${e.id}`, { token: school })).status).toBe(403)
    const staff = await call('GET', `/staff/entrustments/${e.id}`, { token: director })
    expect(staff.body.children.map((c: Json) => c.school)).toEqual([
      { name: '丁湖镇中学', informed: 'village_to_inform' },
      { name: '丁湖幼儿园', informed: 'village_to_inform' },
    ])
  })

  it('a pending entrustment is not shown to the school at all', async () => {
    const e = await registered(parent)
    expect((await call('GET', '/staff/entrustments', { token: school })).body.items.map((i: Json) => i.id)).not.toContain(e.id)
    expect((await call('GET', `/staff/entrustments/${e.id}`, { token: school })).status).toBe(403)
  })
})
