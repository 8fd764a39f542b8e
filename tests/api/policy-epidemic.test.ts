import { beforeAll, describe, expect, it } from 'vitest'
import { chinaMonth } from '@shouhu/shared'
import { call, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { addStaff, signIn } from './helpers'
import { advance, newApplication, step, storedApplication, uploadPhoto } from './application-helpers'

/**
 * The county's epidemic switch (000 §3(一)): 疫情防控期间…其他手续可待疫期结束后补办，做到当月审批、当月发放.
 * Off, missing papers send an application back and it waits; on, they are noted as owed and it
 * goes on, and approval starts payment in the same month. Staff can see which it is.
 */
useApi()
useDocuments()
process.env.NOTICE_DAY_MS = '1'

type Staff = Awaited<ReturnType<typeof signIn>>
let guardian: string
let village: Staff
let township: Staff
let county: Staff
let tokens: { village: string; township: string; county: string }

beforeAll(async () => {
  guardian = await residentToken('epidemic-guardian')
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  tokens = { village: village.token, township: township.token, county: county.token }
})

const setSwitch = (token: string, on: boolean) => call('POST', '/staff/applications/switches/epidemic', { token, body: { on } })
const staffSees = async (id: string, token = township.token) => (await call('GET', `/staff/applications/${id}`, { token })).body

describe('switch off (the normal procedure)', () => {
  it('is off until the county turns it on; every staff member of the county can see it', async () => {
    for (const s of [village, township, county]) {
      const res = await call('GET', '/staff/applications/switches/epidemic', { token: s.token })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ countyCode: '341324000000', on: false })
      expect(res.body.source).toContain('《因新冠肺炎疫情影响造成监护缺失儿童救助保护实施方案》第三部分第（一）项')
    }
  })
  it('missing papers send the application back; it waits; approval does not start payment', async () => {
    const a = await newApplication(guardian)
    const view = await staffSees(a.id, village.token)
    expect(view.epidemic).toMatchObject({ on: false, covers: true })
    expect(view.steps).toContain('send_back')
    expect(view.steps).not.toContain('note_missing')
    expect((await step(village.token, a.id, 'note-missing', { missing: [{ kind: 'guardian_id' }], message: '请补交监护人身份证' })).status).toBe(409)
    expect((await step(village.token, a.id, 'send-back', { missing: [{ kind: 'guardian_id' }], message: '请补交监护人身份证' })).status).toBe(200)
    expect((await storedApplication(a.id)).state).toBe('needs_documents')

    const b = await newApplication(guardian)
    await advance(b.id, tokens, 'approved')
    expect((await storedApplication(b.id)).state).toBe('approved')
  })
})

describe('switch on (000 §3(一))', () => {
  it('only the county civil-affairs officer turns it on; the township cannot', async () => {
    expect((await setSwitch(township.token, true)).status).toBe(403)
    const res = await setSwitch(county.token, true)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ on: true, byName: county.displayName })
  })
  it('staff see it is on; missing papers are noted as owed and the application goes on', async () => {
    const a = await newApplication(guardian)
    const view = await staffSees(a.id, village.token)
    expect(view.epidemic).toMatchObject({ on: true, covers: true })
    expect(view.steps).toContain('note_missing')
    expect(view.steps).not.toContain('send_back')
    const back = await step(village.token, a.id, 'send-back', { missing: [{ kind: 'guardian_id' }], message: '请补交监护人身份证' })
    expect(back.status).toBe(409)
    expect(back.body.error.message).toContain('不因材料不全中止办理')
    const noted = await step(village.token, a.id, 'note-missing', { missing: [{ kind: 'guardian_id' }], message: '疫情结束后补交身份证复印件' })
    expect(noted.status).toBe(200)
    expect(await storedApplication(a.id)).toMatchObject({ state: 'submitted', papersLater: [{ kind: 'guardian_id' }] })

    // The family sees what is owed, says it does not hold things up, and supplies it whenever ready.
    const family = (await call('GET', `/applications/${a.id}`, { token: guardian })).body
    expect(family.papersLater.map((m: any) => m.label)).toEqual(['监护人身份证'])
    expect(family.state).toBe('submitted')
    await advance(a.id, tokens, 'accepted')
    const photo = await uploadPhoto(guardian, 'guardian_id')
    const supplied = await call('POST', `/applications/${a.id}/supply`, { token: guardian, body: { documents: [{ kind: 'guardian_id', key: photo.key }] } })
    expect(supplied.status).toBe(200)
    expect(supplied.body.state).toBe('accepted')
    expect(supplied.body.papersLater).toEqual([])
  })
  it('jurisdiction both ways: the neighbouring village cannot note papers on 丁湖村\'s application; another county\'s switch stays its own', async () => {
    const a = await newApplication(guardian)
    const shiding = await signIn('shiding')
    expect((await step(shiding.token, a.id, 'note-missing', { missing: [{ kind: 'guardian_id' }], message: '请补交' })).status).toBe(403)
    expect((await step(village.token, a.id, 'note-missing', { missing: [{ kind: 'guardian_id' }], message: '请补交' })).status).toBe(200)
    const otherCounty = await addStaff({ username: 'yongqiao-epi', role: 'county_officer', displayName: '吴科长', divisionCode: '341302000000', divisionName: '埇桥区' })
    expect((await call('GET', '/staff/applications/switches/epidemic', { token: otherCounty.token })).body).toMatchObject({ countyCode: '341302000000', on: false })
  })

  it('approval starts payment in the same month, in one step (当月审批、当月发放)', async () => {
    const a = await newApplication(guardian)
    await advance(a.id, tokens, 'awaiting_approval')
    const res = await step(county.token, a.id, 'approve', {})
    expect(res.status).toBe(200)
    expect(res.body.state).toBe('paying')
    const stored = await storedApplication(a.id)
    expect(stored.payment?.startMonth).toBe(chinaMonth(new Date(stored.decision!.at)))
  })
  it('turned off again, the normal procedure is back', async () => {
    expect((await setSwitch(county.token, false)).body.on).toBe(false)
    const a = await newApplication(guardian)
    expect((await staffSees(a.id, village.token)).epidemic.on).toBe(false)
    expect((await step(village.token, a.id, 'note-missing', { missing: [{ kind: 'guardian_id' }], message: '请补交' })).status).toBe(409)
  })
})
