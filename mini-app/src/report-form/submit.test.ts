import { describe, expect, it } from 'vitest'
import type { ReportCreated } from '@shouhu/shared'
import { createApiClient, type TransportRequest, type TransportResponse } from '../api/core'
import { emptyReportForm } from './form'
import { newIdempotencyKey, SubmissionKey } from './idempotency'
import { submitReport } from './submit'

const filled = { ...emptyReportForm('341324100201'), situations: ['abuse_violence' as const] }
const created: ReportCreated = {
  id: 'r1',
  trackingCode: 'AB12CD34',
  accessToken: 'tok',
  status: 'received',
  colour: 'red',
  callPoliceNow: true,
  createdAt: '2026-11-23T10:00:00.000Z',
}

/** A transport that plays back a script: 'drop' = no answer, a number = that status. */
function scripted(script: Array<'drop' | number>) {
  const seen: TransportRequest[] = []
  const transport = async (req: TransportRequest): Promise<TransportResponse> => {
    seen.push(req)
    const step = script.shift() ?? 201
    if (step === 'drop') throw new Error('request:fail timeout')
    if (step === 400) {
      return {
        statusCode: 400,
        data: {
          error: {
            code: 'VALIDATION_FAILED',
            message: '提交的内容有误，请检查标出的项目',
            fields: [{ field: 'villageCode', code: 'custom', message: '孩子实际居住的村（社区）：请选择到村（社区）一级' }],
          },
        },
      }
    }
    return { statusCode: step, data: step < 300 ? created : null }
  }
  const client = createApiClient({ base: '/api', transport, token: () => 'session', sleep: async () => {} })
  const send = (body: unknown, key: string) => client.post<ReportCreated>('/reports', body, { auth: 'resident', idempotencyKey: key })
  return { seen, send }
}

const keysOf = (seen: TransportRequest[]) => seen.map((r) => r.header['Idempotency-Key'])

describe('submitting a report over a flaky network', () => {
  it('retries dropped requests with the same idempotency key and files once', async () => {
    const { seen, send } = scripted(['drop', 'drop', 201])
    const key = new SubmissionKey()
    const first = key.current()
    const outcome = await submitReport(filled, key, send)
    expect(outcome).toEqual({ kind: 'created', report: created })
    expect(seen).toHaveLength(3)
    expect(keysOf(seen)).toEqual([first, first, first])
    expect(seen[0]!.header.Authorization).toBe('Bearer session')
  })

  it('keeps the key when every attempt failed, so pressing 提交 again repeats the same submission', async () => {
    const { seen, send } = scripted(['drop', 'drop', 'drop', 'drop', 200])
    const key = new SubmissionKey()
    const first = key.current()
    const failed = await submitReport(filled, key, send)
    expect(failed.kind).toBe('failed')
    if (failed.kind === 'failed') expect(failed.code).toBe('NETWORK')
    expect(seen).toHaveLength(3)
    const again = await submitReport(filled, key, send)
    expect(again.kind).toBe('created')
    expect(keysOf(seen)).toEqual([first, first, first, first, first])
  })

  it('keeps the key after a gateway timeout (the report may have been filed)', async () => {
    const { seen, send } = scripted([504, 504, 504, 200])
    const key = new SubmissionKey()
    const first = key.current()
    expect((await submitReport(filled, key, send)).kind).toBe('failed')
    expect(key.current()).toBe(first)
    expect((await submitReport(filled, key, send)).kind).toBe('created')
    expect(new Set(keysOf(seen))).toEqual(new Set([first]))
  })

  it('shows server field errors under the fields and uses a fresh key for the corrected form', async () => {
    const { seen, send } = scripted([400, 201])
    const key = new SubmissionKey()
    const first = key.current()
    const outcome = await submitReport(filled, key, send)
    expect(outcome).toEqual({ kind: 'invalid', errors: { villageCode: ['孩子实际居住的村（社区）：请选择到村（社区）一级'] } })
    expect(seen).toHaveLength(1)
    await submitReport(filled, key, send)
    expect(keysOf(seen)[1]).not.toBe(first)
  })

  it('does not send at all when the form fails the shared schema', async () => {
    const { seen, send } = scripted([])
    const outcome = await submitReport(emptyReportForm(), new SubmissionKey(), send)
    expect(outcome.kind).toBe('invalid')
    expect(seen).toHaveLength(0)
  })
})

describe('idempotency keys', () => {
  it('are v4 UUIDs, different each time, also without crypto.getRandomValues', () => {
    const fallback = (b: Uint8Array) => b.forEach((_, i) => (b[i] = Math.floor(Math.random() * 256)))
    const keys = new Set(Array.from({ length: 200 }, (_, i) => newIdempotencyKey(i % 2 ? fallback : undefined)))
    expect(keys.size).toBe(200)
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
