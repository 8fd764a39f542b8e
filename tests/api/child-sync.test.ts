import { beforeAll, describe, expect, it, vi } from 'vitest'
import { call, residentToken, staffToken, useApi } from '../support/api-harness'
import { childBody, entrustmentBody, registered, visitBody } from '../support/entrustment-fixtures'
import { timeline } from './children-fixtures'

useApi()

type Json = Record<string, any>
let dinghu: string
let parent: string

beforeAll(async () => {
  dinghu = await staffToken('dinghu')
  parent = await residentToken('sync-parent')
})

async function verified(seq: number): Promise<{ e: Json; idNumber: string }> {
  const child = childBody({ seq, name: '同步小雨' })
  const e = await registered(parent, entrustmentBody({ children: [child] }))
  const caregiver = await residentToken(`sync-caregiver-${seq}`)
  expect((await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: caregiver })).status).toBe(200)
  const res = await call('POST', `/staff/entrustments/${e.id}/visits`, { token: dinghu, body: visitBody('verified') })
  expect(res.status).toBe(200)
  expect(res.body.status).toBe('verified')
  return { e, idNumber: child.idNumber }
}

async function fileOf(idNumber: string): Promise<string | undefined> {
  const { idNumberHash } = await import('../../functions/src/workflows/child-clock')
  const { childIdForIdHash } = await import('../../functions/src/data/children')
  return childIdForIdHash(await idNumberHash(idNumber))
}

async function owed(entrustmentId: string): Promise<Json[]> {
  const { query } = await import('../../functions/src/data/table')
  return query<Json>({ pk: `ENTRUST#${entrustmentId}`, skPrefix: 'CHILDSYNC#', consistent: true })
}

async function runSync(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return runAllDue(now, { only: ['CHILD_SYNC'] })
}

describe('entrustment → child file sync is durable (issue #7)', () => {
  it('a verified entrustment updates the file at once and leaves nothing owed', async () => {
    const { e, idNumber } = await verified(31)
    const childId = await fileOf(idNumber)
    expect(childId).toBeTruthy()
    expect(await owed(e.id)).toEqual([])
    expect((await timeline(dinghu, childId!)).filter((t) => t.kind === 'entrustment')).toHaveLength(1)
  })

  it('a failing first attempt is retried by the scheduler and lands exactly once', async () => {
    const children = await import('../../functions/src/workflows/children')
    // The table refusing the file's write (throttling, a timeout) right after the entrustment saved.
    const spy = vi.spyOn(children, 'childFromEntrustment').mockRejectedValueOnce(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }))
    let e: Json, idNumber: string
    try {
      ;({ e, idNumber } = await verified(32))
      expect(spy).toHaveBeenCalledTimes(1)
    } finally {
      spy.mockRestore()
    }
    // The entrustment is verified, the file is not there yet, and the duty is kept on the due list.
    expect(await fileOf(idNumber)).toBeUndefined()
    const [item] = await owed(e.id)
    expect(item).toMatchObject({ entrustmentId: e.id, action: 'verify', attempts: 0 })
    expect(item!.duePk).toMatch(/^DUE#CHILD_SYNC#\d\d$/)
    const dueAt = Date.parse(item!.dueSk.slice(0, item!.dueSk.indexOf('#')))

    // Not before its time: the attempt after the save is never raced.
    expect((await runSync(new Date(dueAt - 1000))).CHILD_SYNC ?? 0).toBe(0)
    expect(await fileOf(idNumber)).toBeUndefined()

    expect((await runSync(new Date(dueAt + 1000))).CHILD_SYNC).toBe(1)
    const childId = await fileOf(idNumber)
    expect(childId).toBeTruthy()
    expect(await owed(e.id)).toEqual([])
    const file = await call('GET', `/staff/children/${childId}`, { token: dinghu })
    expect(file.body.links.entrustments).toEqual([e.id])

    // A replayed run (an overlapping minute) changes nothing.
    expect((await runSync(new Date(dueAt + 120_000))).CHILD_SYNC ?? 0).toBe(0)
    expect((await timeline(dinghu, childId!)).filter((t) => t.kind === 'entrustment')).toHaveLength(1)
  })

  it('a retry that fails again stays owed, later, and is counted', async () => {
    const children = await import('../../functions/src/workflows/children')
    const spy = vi.spyOn(children, 'childFromEntrustment').mockRejectedValue(Object.assign(new Error('down'), { name: 'InternalServerError' }))
    try {
      const { e, idNumber } = await verified(33)
      const [first] = await owed(e.id)
      const dueAt = Date.parse(first!.dueSk.slice(0, 24))
      expect((await runSync(new Date(dueAt + 1000))).CHILD_SYNC ?? 0).toBe(0)
      const [second] = await owed(e.id)
      expect(second).toMatchObject({ attempts: 1, lastError: 'InternalServerError' })
      expect(Date.parse(second!.dueSk.slice(0, 24))).toBeGreaterThan(dueAt + 1000)
      spy.mockRestore()
      expect((await runSync(new Date(Date.parse(second!.dueSk.slice(0, 24)) + 1000))).CHILD_SYNC).toBe(1)
      expect(await fileOf(idNumber)).toBeTruthy()
      expect(await owed(e.id)).toEqual([])
    } finally {
      spy.mockRestore()
    }
  })
})
