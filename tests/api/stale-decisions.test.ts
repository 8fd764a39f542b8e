import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { chinaToday, addDays, registered } from '../support/entrustment-fixtures'
import { signIn, storedEvents, storedReport } from './helpers'
import { advance, newApplication, step, storedApplication, storedApplicationEvents } from './application-helpers'

/**
 * Issue 8: a stale decision is refused, not re-applied. Every staff action carries the version
 * the staff member saw; if the record changed meanwhile the answer is 409 STALE_VERSION with
 * the fresh record (before: a send-back landed on a review made a moment earlier, and 3–4 of
 * 20 concurrent regrades all applied).
 */
useApi()
useDocuments()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let resident: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  resident = await residentToken('stale-resident')
})

describe('reports', () => {
  it('of 20 concurrent regrades made on the same version exactly one applies; the other 19 are 409 with the fresh report', async () => {
    const r = (await fileReport(resident, reportBody({ situations: ['dropout'] }))).body
    const colours = ['red', 'blue', 'green'] as const
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', `/staff/reports/${r.id}/regrade`, {
          token: [village, township, county][i % 3]!.token,
          body: { version: 0, colour: colours[i % 3], reason: `并发调整第 ${i} 次` },
        }),
      ),
    )
    const ok = results.filter((x) => x.status === 200)
    expect(ok).toHaveLength(1)
    const refused = results.filter((x) => x.status === 409)
    expect(refused).toHaveLength(19)
    for (const x of refused) {
      expect(x.body.error.code).toBe('STALE_VERSION')
      expect(x.body.error.message).toBe('记录已被他人更新，已为你刷新')
      expect(x.body.error.current).toMatchObject({ id: r.id, version: 1, colour: ok[0]!.body.colour })
    }
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'regraded')).toHaveLength(1)
    expect(await storedReport(r.id)).toMatchObject({ version: 1, colour: ok[0]!.body.colour })
  })

  it('closing on a version older than an acknowledgement is refused and the report stays open', async () => {
    const r = (await fileReport(resident, reportBody())).body
    expect((await call('POST', `/staff/reports/${r.id}/acknowledge`, { token: village.token, body: { version: 0 } })).status).toBe(200)
    const stale = await call('POST', `/staff/reports/${r.id}/close`, { token: township.token, body: { version: 0, outcome: 'family_contacted' } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.current).toMatchObject({ status: 'acknowledged', version: 1 })
    expect(await storedReport(r.id)).toMatchObject({ status: 'acknowledged', version: 1 })
  })

  it('an action without the version it was decided on is refused (400, naming the field)', async () => {
    const r = (await fileReport(resident, reportBody())).body
    const { app } = await import('../../functions/src/app')
    const res = await app.request(`/api/staff/reports/${r.id}/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${village.token}` },
      body: '{}',
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as any
    expect(body.error.fields[0]).toMatchObject({ field: 'version', message: expect.stringContaining('刷新') })
  })
})

describe('allowance applications', () => {
  it('a send-back decided before a review landed is refused with the reviewed application; nothing is sent back', async () => {
    const a = await newApplication(resident)
    await advance(a.id, { village: village.token, township: township.token, county: county.token }, 'accepted')
    const seen = (await call('GET', `/staff/applications/${a.id}`, { token: township.token })).body
    const review = await step(township.token, a.id, 'review', { version: seen.version, opinion: '材料齐全，情况属实' })
    expect(review.status).toBe(200)
    const sendBack = await step(township.token, a.id, 'send-back', {
      version: seen.version,
      missing: [{ kind: 'household_register', note: '户口本首页' }],
      message: '请补充户口本首页',
    })
    expect(sendBack.status).toBe(409)
    expect(sendBack.body.error.code).toBe('STALE_VERSION')
    expect(sendBack.body.error.current).toMatchObject({ id: a.id, state: 'reviewed', version: seen.version + 1 })
    const stored = await storedApplication(a.id)
    expect(stored.state).toBe('reviewed')
    expect((await storedApplicationEvents(a.id)).some((e: any) => e.step === 'send_back')).toBe(false)
  })
})

describe('entrusted care', () => {
  it('scheduling a visit on a version that has since changed is refused with the fresh entrustment', async () => {
    const parent = await residentToken('stale-parent')
    const e = await registered(parent)
    const caregiver = await residentToken('stale-caregiver')
    expect((await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: caregiver })).status).toBe(200)
    const seen = (await call('GET', `/staff/entrustments/${e.id}`, { token: village.token })).body
    const first = await call('POST', `/staff/entrustments/${e.id}/schedule-visit`, { token: village.token, body: { version: seen.version, date: addDays(chinaToday(), 2) } })
    expect(first.status).toBe(200)
    const again = await call('POST', `/staff/entrustments/${e.id}/schedule-visit`, { token: township.token, body: { version: seen.version, date: addDays(chinaToday(), 5) } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('STALE_VERSION')
    expect(again.body.error.current).toMatchObject({ id: e.id, version: seen.version + 1 })
  })
})
