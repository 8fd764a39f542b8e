import { beforeAll, describe, expect, it } from 'vitest'
import { call, residentToken, staffToken, useApi } from '../support/api-harness'
import { registered, visitBody } from '../support/entrustment-fixtures'

/**
 * The entrustment letter is offered only while what it says is true (issue #8): the caregiver
 * it names has accepted and the arrangement is in force. Before acceptance, after the village
 * found the caregiver unfit, or after it ended, the API refuses it (409) — and a staff download
 * that was refused leaves no 「下载了委托照护书」 audit line.
 */
useApi()

type Json = Record<string, any>
let parent: string
let dinghu: string

beforeAll(async () => {
  parent = await residentToken('letter-parent')
  dinghu = await staffToken('dinghu')
})

const letter = async (path: string, token: string) => {
  const { app } = await import('../../functions/src/app')
  const res = await app.request(`/api${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as Json) : undefined }
}
async function downloads(id: string): Promise<number> {
  const { query } = await import('../../functions/src/data/table')
  return (await query<Json>({ pk: `ENTRUST#${id}`, skPrefix: 'EVENT#', consistent: true })).filter((e) => e.kind === 'letter_downloaded').length
}

describe('the letter follows the state of the entrustment', () => {
  it('not before the caregiver accepts; then to the parents, the caregiver and the village; not once she is found unfit', async () => {
    const e = await registered(parent)
    const pending = await letter(`/entrustments/${e.id}/letter`, parent)
    expect(pending.status).toBe(409)
    expect(pending.body!.error.message).toContain('照护人已经接受')
    expect((await letter(`/staff/entrustments/${e.id}/letter`, dinghu)).status).toBe(409)
    expect(await downloads(e.id)).toBe(0)

    const caregiver = await residentToken('letter-caregiver')
    expect((await call('POST', `/entrustments/invitations/${e.invitationCode}/accept`, { token: caregiver })).status).toBe(200)
    for (const [path, token] of [
      [`/entrustments/${e.id}/letter`, parent],
      [`/entrustments/${e.id}/letter`, caregiver],
      [`/staff/entrustments/${e.id}/letter`, dinghu],
    ] as const) {
      const ok = await letter(path, token)
      expect(ok.status, path).toBe(200)
      expect(ok.type).toBe('application/pdf')
    }
    expect(await downloads(e.id)).toBe(1)

    const unfit = await call('POST', `/staff/entrustments/${e.id}/visits`, { token: dinghu, body: visitBody('caregiver_unfit') })
    expect(unfit.status).toBe(200)
    expect((await letter(`/entrustments/${e.id}/letter`, parent)).status).toBe(409)
    expect((await letter(`/entrustments/${e.id}/letter`, caregiver)).status).toBe(409)
    expect((await letter(`/staff/entrustments/${e.id}/letter`, dinghu)).status).toBe(409)
    expect(await downloads(e.id)).toBe(1)
  })
})
