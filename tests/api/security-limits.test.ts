import { beforeAll, describe, expect, it } from 'vitest'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { call, fileReport, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { applicationBody, submitApplication, uploadPhoto } from './application-helpers'

/** Issue 8, security loose ends: key lengths, body size, idempotency across accounts, concurrent retries. */
useApi()
useDocuments()

let resident: string
let stranger: string
let staff: string

beforeAll(async () => {
  resident = await residentToken('limits-a')
  stranger = await residentToken('limits-b')
  staff = await staffToken('dinghu')
})

const long = (n: number) => 'A'.repeat(n)

describe('ids, codes and usernames of any length', () => {
  it.each([129, 2_100, 5_000])('a %i-character id or code answers 404 on every route that takes one, never 500', async (n) => {
    const id = long(n)
    const routes: [string, string, string | undefined][] = [
      ['GET', `/staff/reports/${id}`, staff],
      ['POST', `/staff/reports/${id}/acknowledge`, staff],
      ['GET', `/staff/applications/${id}`, staff],
      ['POST', `/staff/applications/${id}/review`, staff],
      ['GET', `/staff/entrustments/${id}`, staff],
      ['POST', `/staff/entrustments/${id}/visits`, staff],
      ['GET', `/reports/track/${id}`, undefined],
      ['POST', `/reports/track/${id}/rotate`, undefined],
      ['GET', `/applications/${id}`, resident],
      ['GET', `/entrustments/${id}`, resident],
      ['GET', `/entrustments/invitations/${id}`, resident],
      ['POST', `/notifications/${id}/read`, resident],
    ]
    for (const [method, path, token] of routes) {
      const res = await call(method, path, { token, body: method === 'POST' ? { version: 0 } : undefined, headers: { 'x-forwarded-for': '192.0.2.200' } })
      expect(res.status, `${method} ${path.slice(0, 40)}…`).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
  })

  it('odd characters in an id (spaces, %00, Chinese, quotes) answer 404, not 500', async () => {
    for (const raw of ['a b', '%00', '%E4%B8%AD%E6%96%87', "x'y", '%25']) {
      const res = await call('GET', `/staff/reports/${raw}`, { token: staff })
      expect(res.status, raw).toBe(404)
    }
  })

  it('a username or demo account of 3,000 characters answers 400 naming the field, never 500', async () => {
    const login = await call('POST', '/auth/staff-login', { body: { username: long(3000), password: 'x' } })
    expect(login.status).toBe(400)
    expect(login.body.error.fields[0]).toMatchObject({ field: 'username', message: expect.stringContaining('账号') })
    const dev = await call('POST', '/auth/dev-login', { body: { account: long(3000) } })
    expect(dev.status).toBe(400)
  })

  it('an over-long query value answers 400', async () => {
    const res = await call('GET', `/staff/reports?cursor=${long(3000)}`, { token: staff })
    expect(res.status).toBe(400)
  })
})

describe('request bodies are limited in size', () => {
  it('a 100 KB body is refused with 413 and a Chinese message before anything is stored', async () => {
    const res = await call('POST', '/reports', {
      token: resident,
      body: { ...reportBody(), description: '很'.repeat(40_000) },
      headers: { 'idempotency-key': 'limits-big-body-1' },
    })
    expect(res.status).toBe(413)
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太长了，请删减后再提交' })
  })
})

describe('an idempotency key replayed from another account', () => {
  it("never returns someone else's report or its access token", async () => {
    const key = 'shared-key-limits-0001'
    const first = await fileReport(resident, reportBody({ description: '甲的反映' }), key)
    expect(first.status).toBe(201)
    const replayed = await fileReport(stranger, reportBody({ description: '甲的反映' }), key)
    expect(replayed.status).toBe(201)
    expect(replayed.body.id).not.toBe(first.body.id)
    expect(replayed.body.accessToken).not.toBe(first.body.accessToken)
    expect(replayed.body.trackingCode).not.toBe(first.body.trackingCode)
    // The owner's own retry still finds their report.
    const own = await fileReport(resident, reportBody({ description: '甲的反映' }), key)
    expect(own.status).toBe(200)
    expect(own.body.id).toBe(first.body.id)
  })

  it("never returns someone else's allowance application", async () => {
    const key = 'shared-key-limits-app-1'
    const photo = await uploadPhoto(resident, 'assistance_certificate')
    const first = await submitApplication(resident, applicationBody([photo]), key)
    expect(first.status).toBe(201)
    const other = await submitApplication(stranger, applicationBody([photo]), key)
    expect(other.body.id ?? '').not.toBe(first.body.id)
    expect(JSON.stringify(other.body)).not.toContain(first.body.id)
  })
})

describe('thirty concurrent retries of one application', () => {
  it('store one application and one copy of its papers, not thirty', async () => {
    const { s3, documentsBucket } = await import('../../functions/src/data/s3')
    const count = async () => {
      let n = 0
      let token: string | undefined
      do {
        const out = await (await s3()).send(new ListObjectsV2Command({ Bucket: documentsBucket(), Prefix: 'applications/', ContinuationToken: token }))
        n += out.KeyCount ?? 0
        token = out.NextContinuationToken
      } while (token)
      return n
    }
    const photo = await uploadPhoto(resident, 'assistance_certificate')
    const body = applicationBody([photo])
    const before = await count()
    const results = await Promise.all(Array.from({ length: 30 }, () => submitApplication(resident, body, 'thirty-retries-key-1')))
    const ids = new Set(results.filter((r) => r.status < 300).map((r) => r.body.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.every((r) => r.status === 200 || r.status === 201 || r.status === 409)).toBe(true)
    expect(await count()).toBe(before + 1)
    const mine = await call('GET', '/applications/mine', { token: resident })
    expect(mine.body.items.filter((a: any) => a.id === [...ids][0])).toHaveLength(1)
  })
})
