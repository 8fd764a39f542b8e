import { beforeAll, describe, expect, it } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn, storedEvents } from './helpers'

/**
 * Issue 8: the form lets a named reporter choose 「可以联系我」 or 「不要向村里透露我的身份」 and the
 * API does exactly what it said; a mandatory reporter (001 #6, 003 §3(一)) gets a timestamped
 * receipt that their duty was discharged, kept confidential like any reporter.
 */
useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let reporter: string
let other: string

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  reporter = await residentToken('choice-reporter')
  other = await residentToken('choice-other')
})

const PHONE = '13955556666'
const named = (over: Record<string, unknown> = {}) => ({ anonymous: false, name: '刘芳', phone: PHONE, relation: 'neighbour', ...over })

async function file(reporterInput: Record<string, unknown>, situations = ['carer_incapable']) {
  const res = await fileReport(reporter, reportBody({ situations: situations as any, reporter: reporterInput as any }))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

describe("the reporter's choice about the village", () => {
  it('「可以联系我」: the village director handling it sees the name and full phone, and every look is recorded', async () => {
    const r = await file(named({ contactPermission: 'may_contact' }))
    const seen = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    expect(seen.body.reporter).toEqual({ visibility: 'shown', name: '刘芳', phone: PHONE, relation: '邻居、村民' })
    const views = (await storedEvents(r.id)).filter((e) => e.kind === 'contact_viewed')
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({ actorId: village.id, actorName: village.displayName })
    expect((await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: village.token, body: {} })).status).toBe(200)
    expect((await storedEvents(r.id)).filter((e) => e.kind === 'contact_viewed')).toHaveLength(2)
    // Township staff still see it masked, as before.
    const masked = await call('GET', `/staff/reports/${r.id}`, { token: township.token })
    expect(masked.body.reporter).toMatchObject({ visibility: 'masked', phone: '139****6666' })
    // The looks read as one plain line, not one line per look.
    const again = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    expect(again.body.reporterViews).toMatch(/^反映人信息已被查看 4 次（.*李主任.*）/)
  })

  it('「不要向村里透露我的身份」: the village sees nothing of the reporter and is refused the contact', async () => {
    const r = await file(named({ contactPermission: 'keep_from_village' }))
    const seen = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    expect(seen.body.reporter).toEqual({ visibility: 'hidden' })
    expect(JSON.stringify(seen.body)).not.toContain(PHONE)
    expect(JSON.stringify(seen.body)).not.toContain('刘芳')
    expect((await call('POST', `/staff/reports/${r.id}/reporter-contact`, { token: village.token, body: {} })).status).toBe(403)
  })

  it('a client that does not say gets the safer choice: kept from the village', async () => {
    const r = await file(named())
    expect((await call('GET', `/staff/reports/${r.id}`, { token: village.token })).body.reporter).toEqual({ visibility: 'hidden' })
  })
})

describe("a mandatory reporter's receipt (001 #6, 003 §3(一))", () => {
  it('a teacher gets a receipt naming their unit, role and the server time, on screen now and from their own account later', async () => {
    const before = Date.now()
    const r = await file(named({ name: '孙老师', relation: 'teacher', unit: '丁湖镇中心小学' }), ['accidental_injury'])
    expect(r.callPoliceNow).toBe(true)
    expect(r.colour).toBe('red')
    expect(r.dutyReceipt).toMatchObject({ receiptNo: r.id, reporterName: '孙老师', role: '老师', unit: '丁湖镇中心小学', villageName: '丁湖村', issuedAt: r.createdAt })
    expect(Date.parse(r.dutyReceipt.issuedAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(r.dutyReceipt.text).toContain('已履行强制报告义务')
    expect(r.dutyReceipt.situations[0]).toContain('意外受伤')

    const mine = (await call('GET', '/reports/mine', { token: reporter })).body.items.find((x: any) => x.id === r.id)
    expect(mine.dutyReceipt).toEqual(r.dutyReceipt)
    const ownTrack = await call('GET', `/reports/track/${r.trackingCode}`, { token: reporter })
    expect(ownTrack.body.dutyReceipt).toEqual(r.dutyReceipt)
    // A code holder on another account sees the progress, never the receipt that names the reporter.
    const byCode = await call('GET', `/reports/track/${r.trackingCode}`, { token: other })
    expect(byCode.status).toBe(200)
    expect(byCode.body).not.toHaveProperty('dutyReceipt')
    expect(JSON.stringify(byCode.body)).not.toContain('孙老师')
    // The village (not allowed by this reporter) does not learn the unit either.
    const staffSeen = await call('GET', `/staff/reports/${r.id}`, { token: village.token })
    expect(JSON.stringify(staffSeen.body)).not.toContain('丁湖镇中心小学')
  })

  it('a mandatory reporter must name their unit; a neighbour gets no receipt', async () => {
    const missing = await fileReport(reporter, reportBody({ reporter: named({ relation: 'doctor' }) as any }))
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields).toContainEqual(expect.objectContaining({ field: 'reporter.unit', message: expect.stringContaining('工作单位') }))
    const neighbour = await file(named())
    expect(neighbour).not.toHaveProperty('dutyReceipt')
  })
})
