import { describe, expect, it } from 'vitest'
import { createApiClient, type TransportRequest } from './core'
import { fillPath, typedApi } from './typed'

function client(responses: Array<{ statusCode: number; data: unknown } | 'drop'>) {
  const seen: TransportRequest[] = []
  const core = createApiClient({
    base: '/api',
    transport: async (req) => {
      seen.push(req)
      const next = responses.shift()
      if (!next || next === 'drop') throw new Error('request:fail')
      return next
    },
    token: (auth) => `${auth}-token`,
    sleep: async () => {},
  })
  return { api: typedApi(core, '/api'), seen }
}

describe('the typed client', () => {
  it('fills path parameters encoded and leaves empty query values out', () => {
    expect(fillPath('/staff/children/{id}/problems/{problemId}/resolve', { id: 'C 1/2', problemId: 'P1' })).toBe('/staff/children/C%201%2F2/problems/P1/resolve')
    expect(fillPath('/staff/reports', {}, { status: 'open', cursor: undefined, limit: '' })).toBe('/staff/reports?status=open')
    expect(fillPath('/staff/reports', {}, { cursor: 'a=b&c' })).toBe('/staff/reports?cursor=a%3Db%26c')
    expect(() => fillPath('/staff/children/{id}', {})).toThrow(/\{id\}/)
  })

  it('sends a GET with the session, the path filled and the query, and returns the answer', async () => {
    const { api, seen } = client([{ statusCode: 200, data: { items: [], nextCursor: 'n2' } }])
    const page = await api.get('/staff/reports', { auth: 'staff', query: { status: 'all', cursor: 'n1' } })
    expect(page.nextCursor).toBe('n2')
    expect(seen[0]).toMatchObject({ url: '/api/staff/reports?status=all&cursor=n1', method: 'GET', data: undefined })
    expect(seen[0]!.header.Authorization).toBe('Bearer staff-token')
  })

  it('sends a creating POST with its Idempotency-Key and retries it over a dropped connection with the same key', async () => {
    const { api, seen } = client(['drop', { statusCode: 201, data: { id: 'R1', trackingCode: 'ABC' } }])
    const body = { villageCode: '341324102200' } as never
    await api.post('/reports', { auth: 'resident', body, idempotencyKey: 'key-12345678' })
    expect(seen).toHaveLength(2)
    for (const req of seen) {
      expect(req).toMatchObject({ url: '/api/reports', method: 'POST', data: body })
      expect(req.header['Idempotency-Key']).toBe('key-12345678')
    }
  })

  it('never repeats a POST without a key, sends {} when the route takes no body, and sends declared headers only when set', async () => {
    const { api, seen } = client(['drop', { statusCode: 200, data: {} }, { statusCode: 200, data: {} }])
    await expect(api.post('/staff/reports/{id}/reporter-contact', { auth: 'staff', params: { id: 'R1' } })).rejects.toMatchObject({ code: 'NETWORK' })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.data).toEqual({})
    await api.get('/reports/track/{code}', { params: { code: 'ABC' }, headers: { 'X-Report-Token': undefined } })
    expect(seen[1]!.header['X-Report-Token']).toBeUndefined()
    expect(seen[1]!.header.Authorization).toBeUndefined()
    await api.get('/reports/track/{code}', { params: { code: 'ABC' }, headers: { 'X-Report-Token': 'tok' } })
    expect(seen[2]!.header['X-Report-Token']).toBe('tok')
  })

  it('builds the full address of a download or upload route', () => {
    const { api } = client([])
    expect(api.url('GET /staff/exports/{id}/file', { params: { id: 'X1' } })).toBe('/api/staff/exports/X1/file')
    expect(api.url('GET /staff/cases/mass-lists/workbook', { query: { reason: 'on_demand' } })).toBe('/api/staff/cases/mass-lists/workbook?reason=on_demand')
  })
})
