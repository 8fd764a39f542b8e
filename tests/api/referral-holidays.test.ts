import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled } from './children-fixtures'

/**
 * Working days are the State Council's (shared/src/policy/holidays.ts): a referral sent just
 * before 国庆 is not due while every office is closed, and the department is not reminded then.
 */
useApi()
afterEach(() => vi.useRealTimers())

async function runReferralDue(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return runAllDue(now, { only: ['REFERRAL'] })
}

async function rawReferral(id: string) {
  const { getItem } = await import('../../functions/src/data/table')
  return (await getItem<Record<string, any>>(`REFERRAL#${id}`, 'REFERRAL', true))!
}

describe('a referral sent before a holiday week', () => {
  it('is due three working days later counting past 国庆 2026 (1–7 October off), and nobody is reminded during the holiday', async () => {
    // Tuesday 29 September 2026, 10:00 China time.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-09-29T02:00:00.000Z'))
    const dinghu = await signIn('dinghu')
    const child = await enrolled(dinghu.token, { name: '节前转介' })
    const res = await call('POST', '/staff/referrals', {
      token: dinghu.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        childId: child.id,
        department: 'education',
        reasons: ['suspected_dropout'],
        urgency: 'routine',
        shared: ['name', 'school'],
        consent: { basis: 'guardian', givenBy: '测奶奶', relation: '奶奶', givenOn: '2026-09-28' },
      },
    })
    expect(res.status).toBe(201)
    // Wed 30 Sep is the first working day, Thu 8 and Fri 9 October the second and third.
    // Mon–Fri alone would have given Fri 2 October, in the middle of the holiday.
    expect(res.body.acknowledgeDueAt).toBe('2026-10-09T02:00:00.000Z')
    vi.useRealTimers()

    const stored = await rawReferral(res.body.id)
    expect(stored.acknowledgeRule).toBe('3 个工作日内签收')
    await runReferralDue(new Date('2026-10-05T02:00:00.000Z'))
    expect((await rawReferral(res.body.id)).ackRemindedAt).toBeUndefined()
    await runReferralDue(new Date('2026-10-09T02:01:00.000Z'))
    expect((await rawReferral(res.body.id)).ackRemindedAt).toBeDefined()
  })
})
