import { describe, expect, it } from 'vitest'
import { ApiError } from '@shouhu/shared'
import { ApiRequestError, apiErrorBody, createApiClient, type TransportRequest } from './core'

function client(responses: Array<{ statusCode: number; data: unknown } | 'drop'>, onUnauthenticated?: (a: string) => void) {
  const seen: TransportRequest[] = []
  const api = createApiClient({
    base: '/api/',
    transport: async (req) => {
      seen.push(req)
      const next = responses.shift()
      if (!next || next === 'drop') throw new Error('request:fail')
      return next
    },
    token: (auth) => (auth === 'staff' ? 'staff-token' : undefined),
    onUnauthenticated,
    sleep: async () => {},
  })
  return { api, seen }
}

describe('api client', () => {
  it('turns an ApiError body into an ApiRequestError with code, message and fields', async () => {
    const { api } = client([
      { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '您没有权限查看或处理这项内容' } } },
    ])
    const error = await api.get('/staff/reports/x', { auth: 'staff' }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiRequestError)
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '您没有权限查看或处理这项内容', status: 403, fields: [] })
  })

  it('does not repeat a POST without an idempotency key (it could file twice)', async () => {
    const { api, seen } = client(['drop', { statusCode: 200, data: {} }])
    const error = await api.post('/staff/reports/x/notes', { text: 'a' }, { auth: 'staff' }).catch((e) => e)
    expect(error).toMatchObject({ code: 'NETWORK', status: 0 })
    expect(seen).toHaveLength(1)
  })

  it('retries a read twice at most, then reports the network problem', async () => {
    const { api, seen } = client(['drop', 'drop', 'drop', { statusCode: 200, data: {} }])
    await expect(api.get('/divisions')).rejects.toMatchObject({ code: 'NETWORK' })
    expect(seen).toHaveLength(3)
    expect(seen[0]!.url).toBe('/api/divisions')
  })

  it('drops the session the server no longer accepts', async () => {
    const dropped: string[] = []
    const { api, seen } = client([{ statusCode: 401, data: null }], (a) => dropped.push(a))
    await expect(api.get('/staff/reports', { auth: 'staff' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(seen[0]!.header.Authorization).toBe('Bearer staff-token')
    expect(dropped).toEqual(['staff'])
  })

  it("reads an error body exactly when the contract's ApiError schema accepts it", () => {
    const bodies: unknown[] = [
      { error: { code: 'VALIDATION_FAILED', message: '提交的内容有误', fields: [{ field: 'child.name', code: 'too_small', message: '请填写孩子的名字' }] } },
      { error: { code: 'STALE_VERSION', message: '记录已被他人更新', current: { id: 'r1', version: 3 } } },
      { error: { code: 'FORBIDDEN', message: '无权限' }, extra: 1 },
      { error: { code: 'X' } },
      { error: { code: 1, message: 'm' } },
      { error: { code: 'X', message: 'm', fields: [{ field: 'a', message: 'm' }] } },
      { error: { code: 'X', message: 'm', fields: 'a' } },
      { error: null },
      { message: 'Internal Server Error' },
      'Bad Gateway',
      null,
      undefined,
      [],
    ]
    for (const body of bodies) {
      const schema = ApiError.safeParse(body)
      expect(apiErrorBody(body), JSON.stringify(body)).toEqual(schema.success ? schema.data : undefined)
    }
  })
})
