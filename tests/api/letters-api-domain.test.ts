import { beforeAll, describe, expect, it } from 'vitest'
import { call, residentToken, staffToken, useApi } from '../support/api-harness'
import { registered } from '../support/entrustment-fixtures'

/**
 * Letters reach a phone only through the project's own API domain (issue #10): WeChat downloads
 * only from https domains listed in the console (服务器域名 → downloadFile), and an S3 presigned
 * URL on an AWS host cannot be listed. So the letter is the API route's own response body — the
 * Letters Lambda behind `GET /api/entrustments/{id}/letter` — never a link to storage; the
 * mini-app does `Taro.downloadFile(<API base>/entrustments/<id>/letter)` then `Taro.openDocument`.
 */
useApi()

type Json = Record<string, any>
let parent: string
let caregiver: string
let dinghu: string
let shiding: string
let accepted: Json

const storageLink = /amazonaws\.com|X-Amz-|s3[.-][a-z0-9-]*\.|presign/i

/** An API Gateway HTTP API (payload 2.0) GET, as the custom domain delivers it to the Letters function. */
function httpApiEvent(path: string, token: string) {
  return {
    version: '2.0',
    routeKey: 'GET /api/entrustments/{id}/letter',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, host: 'api.example.cn', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.cn',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'wechatdevtools' },
      requestId: 'r1',
      routeKey: 'GET /api/entrustments/{id}/letter',
      stage: '$default',
      time: '28/Nov/2026:09:30:00 +0000',
      timeEpoch: 1795858200000,
    },
    isBase64Encoded: false,
  }
}

beforeAll(async () => {
  parent = await residentToken('letters-parent')
  caregiver = await residentToken('letters-caregiver')
  dinghu = await staffToken('dinghu')
  shiding = await staffToken('shiding')
  const e = await registered(parent)
  expect((await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: caregiver })).status).toBe(200)
  accepted = e
})

describe('the entrustment letter is downloaded from the API domain itself', () => {
  it('the Letters function answers the API route with the PDF bytes (base64 for API Gateway), no redirect, no storage link', async () => {
    const { handler } = await import('../../functions/src/lambda/letters')
    const res = (await handler(httpApiEvent(`/api/entrustments/${accepted.id}/letter`, parent) as never, {} as never)) as Json
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers.location).toBeUndefined()
    expect(res.isBase64Encoded).toBe(true)
    const pdf = Buffer.from(res.body, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(1000)
  })

  it('the same route in-process, for the parent, the caregiver and the village, streams the file; the neighbouring village is refused', async () => {
    const { app } = await import('../../functions/src/app')
    for (const [path, token] of [
      [`/api/entrustments/${accepted.id}/letter`, parent],
      [`/api/entrustments/${accepted.id}/letter`, caregiver],
      [`/api/staff/entrustments/${accepted.id}/letter`, dinghu],
    ] as const) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('location'), path).toBeNull()
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="entrustment-letter-/)
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    }
    const neighbour = await app.request(`/api/staff/entrustments/${accepted.id}/letter`, { headers: { authorization: `Bearer ${shiding}` } })
    expect(neighbour.status).toBe(403)
    expect(neighbour.headers.get('content-type')).toContain('json')
  })

  it('no screen a device loads carries a link to storage: the family view, the staff view and the family list', async () => {
    for (const [path, token] of [
      [`/entrustments/${accepted.id}`, parent],
      [`/entrustments/${accepted.id}`, caregiver],
      ['/entrustments/mine', parent],
      [`/staff/entrustments/${accepted.id}`, dinghu],
    ] as const) {
      const res = await call('GET', path, { token })
      expect(res.status, path).toBe(200)
      expect(JSON.stringify(res.body), path).not.toMatch(storageLink)
    }
  })
})
