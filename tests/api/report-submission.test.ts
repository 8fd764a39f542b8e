import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { DINGHU, call, fileReport, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'

useApi()

async function openQueue(username = 'dinghu') {
  return (await call('GET', '/staff/reports?status=all', { token: await staffToken(username) })).body.items as any[]
}

describe('submitting a report', () => {
  it('rejects bad input with 400 naming each bad field in Chinese, and stores nothing', async () => {
    const token = await residentToken()
    const before = (await openQueue()).length
    const res = await fileReport(token, {
      villageCode: '3413241022',
      situations: [],
      reporter: { anonymous: false, name: '', phone: '12345' },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    const fields = Object.fromEntries(res.body.error.fields.map((f: any) => [f.field, f]))
    expect(Object.keys(fields).sort()).toEqual(['reporter.name', 'reporter.phone', 'situations', 'villageCode'])
    expect(fields['reporter.phone'].message).toContain('反映人手机号')
    expect(fields['reporter.phone'].message).toContain('11 位手机号码')
    expect(fields['situations'].code).toBe('too_small')
    expect(fields['villageCode'].message).toMatch(/村（社区）/)
    expect(await openQueue()).toHaveLength(before)
  })

  it('rejects a situation that is not in the catalogue and a township code instead of a village', async () => {
    const token = await residentToken()
    const res = await fileReport(token, reportBody({ villageCode: '341324102000', situations: ['made_up' as any] }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields.map((f: any) => f.field).sort()).toEqual(['situations.0', 'villageCode'])
  })

  it('rejects a village code that does not exist', async () => {
    const res = await fileReport(await residentToken(), reportBody({ villageCode: '341324102999' }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0]).toMatchObject({ field: 'villageCode', code: 'unknown_village' })
  })

  it('rejects a body that is not JSON', async () => {
    const res = await call('POST', '/reports', { token: await residentToken(), body: '{not json', headers: { 'idempotency-key': randomUUID() } })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].code).toBe('invalid_json')
  })

  it('requires an idempotency key', async () => {
    const res = await call('POST', '/reports', { token: await residentToken(), body: reportBody() })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0]).toMatchObject({ field: 'Idempotency-Key', code: 'missing_idempotency_key' })
  })

  it('requires a signed-in resident', async () => {
    expect((await call('POST', '/reports', { body: reportBody(), headers: { 'idempotency-key': randomUUID() } })).status).toBe(401)
    const forged = (await call('POST', '/reports', { token: 'x.y.z', body: reportBody(), headers: { 'idempotency-key': randomUUID() } })).status
    expect(forged).toBe(401)
    const asStaff = await fileReport(await staffToken('dinghu'))
    expect(asStaff.status).toBe(403)
  })

  it('a retried submission returns the same report and never creates a second one', async () => {
    const token = await residentToken()
    const key = randomUUID()
    const body = reportBody({ description: '重试测试：孩子晚上没人管' })
    const first = await fileReport(token, body, key)
    expect(first.status).toBe(201)
    const retry = await fileReport(token, body, key)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    const matching = (await openQueue()).filter((r) => r.trackingCode === first.body.trackingCode)
    expect(matching).toHaveLength(1)
  })

  it('simultaneous retries with one key still make exactly one report', async () => {
    const token = await residentToken()
    const key = randomUUID()
    const body = reportBody({ description: '并发重试' })
    const results = await Promise.all(Array.from({ length: 6 }, () => fileReport(token, body, key)))
    const ids = new Set(results.filter((r) => r.status < 300).map((r) => r.body.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    const all = await openQueue()
    expect(all.filter((r) => r.id === [...ids][0])).toHaveLength(1)
  })

  it('reusing a key for a different report is refused, and the first report is kept', async () => {
    const token = await residentToken()
    const key = randomUUID()
    const first = await fileReport(token, reportBody({ description: '第一份' }), key)
    const other = await fileReport(token, reportBody({ description: '另一份' }), key)
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH')
    const detail = await call('GET', `/staff/reports/${first.body.id}`, { token: await staffToken('dinghu') })
    expect(detail.body.description).toBe('第一份')
  })

  it('gives the reporter a tracking code and a status they can follow', async () => {
    const token = await residentToken()
    const res = await fileReport(token)
    expect(res.body.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    const status = await call('GET', `/reports/track/${res.body.trackingCode}`, { token, headers: { 'x-report-token': res.body.accessToken } })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ status: 'received', statusText: '已收到', villageName: '丁湖村' })
    expect(status.body).not.toHaveProperty('colour')
    expect(new Date(res.body.createdAt).getTime()).toBeLessThanOrEqual(Date.now())
  })
})
