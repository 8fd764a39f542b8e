import { beforeAll, describe, expect, it } from 'vitest'
import { chinaMonth, monthPlus } from '@shouhu/shared'
import { call, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { addStaff } from './helpers'
import { advance, applicationBody, childId, days, runTimers, step, storedApplication, storedTimers, submitApplication, uploadPhoto } from './application-helpers'

/**
 * At 18 under Wenling's rules (003 §2(一)): 具备劳动能力和完全民事行为能力 is asked before stopping;
 * a child still at school keeps being paid until graduation (the family reads 继续发放至毕业), the
 * month can be moved, and the one-off 6 months follow graduation; a child who enlists gets 12
 * months and is paid again on returning to school. A Wenling village and its staff are added to
 * this file's tables: the demo data is 泗县, which has its own rules.
 */
useApi()
useDocuments()
process.env.NOTICE_DAY_MS = '1'

const VILLAGE = '331081001001'
let guardian: string
let tokens: { village: string; township: string; county: string }

beforeAll(async () => {
  const { putDivisions } = await import('../../functions/src/data/divisions')
  await putDivisions([
    { code: '330000000000', name: '浙江省', level: 'province', parentCode: '000000000000', hasChildren: true },
    { code: '331000000000', name: '台州市', level: 'city', parentCode: '330000000000', hasChildren: true },
    { code: '331081000000', name: '温岭市', level: 'county', parentCode: '331000000000', hasChildren: true },
    { code: '331081001000', name: '太平街道', level: 'township', parentCode: '331081000000', hasChildren: true },
    { code: VILLAGE, name: '东门社区', level: 'village', parentCode: '331081001000', hasChildren: false },
  ])
  guardian = await residentToken('wenling-guardian')
  const village = await addStaff({ username: 'wl-village', role: 'village_director', displayName: '林主任', divisionCode: VILLAGE, divisionName: '东门社区' })
  const township = await addStaff({ username: 'wl-town', role: 'township_supervisor', displayName: '叶督导', divisionCode: '331081001000', divisionName: '太平街道' })
  const county = await addStaff({ username: 'wl-county', role: 'county_officer', displayName: '陈科长', divisionCode: '331081000000', divisionName: '温岭市' })
  tokens = { village: village.token, township: township.token, county: county.token }
})

/** A Wenling scattered orphan, paid, who is 18 周岁 in `inDays` days. */
async function payingOrphan(inDays = 20) {
  // The day the child is 18 周岁 is the day after the birthday (民法典 §201).
  const birthday = new Date(Date.now() + days(inDays - 1) + 8 * 3600_000).toISOString().slice(0, 10)
  const birth = `${Number(birthday.slice(0, 4)) - 18}${birthday.slice(5, 7)}${birthday.slice(8, 10)}`
  const photo = await uploadPhoto(guardian, 'death_certificate')
  const res = await submitApplication(
    guardian,
    applicationBody([photo], { villageCode: VILLAGE, categoryId: 'scattered_orphan', child: { name: '林小军', idNumber: childId(birth) }, situation: { father: 'deceased', mother: 'deceased' } }),
  )
  expect(res.status).toBe(201)
  await advance(res.body.id, tokens, 'paying')
  return res.body.id as string
}

const family = async (id: string) => (await call('GET', `/applications/${id}`, { token: guardian })).body
const exit = (id: string, body: Record<string, unknown>) => step(tokens.county, id, 'exit', body)

describe('Wenling at 18 (003 §2(一))', () => {
  it('the pre-check and the application are Wenling\'s own: 2,240 元, marked as a demo value', async () => {
    const id = await payingOrphan(200)
    expect(await storedApplication(id)).toMatchObject({ locality: 'wenling', estimate: { monthlyFen: 2_240_00, demo: true } })
  })

  it('stopping asks 「具备劳动能力和完全民事行为能力」 rather than assuming it', async () => {
    const id = await payingOrphan()
    const unanswered = await exit(id, { decision: 'stop' })
    expect(unanswered.status).toBe(400)
    expect(unanswered.body.error.fields[0]).toMatchObject({ field: 'capable' })
    const no = await exit(id, { decision: 'stop', capable: false })
    expect(no.status).toBe(400)
    expect(no.body.error.fields[0].message).toContain('特困')
    expect((await storedApplication(id)).state).toBe('paying')
    const yes = await exit(id, { decision: 'stop', capable: true })
    expect(yes.status).toBe(200)
    expect(await storedApplication(id)).toMatchObject({ state: 'exited', exit: { decision: 'stop', capable: true, oneOffFen: 6 * 2_240_00 } })
    expect((await family(id)).stateText).toBe('已停止发放')
  })

  it('still at school: keeps being paid — the family sees 「继续发放至毕业」 — the month can be moved, and graduation brings the one-off 6 months', async () => {
    const id = await payingOrphan()
    const graduation = monthPlus(chinaMonth(), 7)
    expect((await exit(id, { decision: 'in_school', graduationMonth: graduation })).status).toBe(200)
    expect(await storedApplication(id)).toMatchObject({ state: 'paying', exit: { decision: 'in_school', graduationMonth: graduation } })
    const seen = await family(id)
    expect(seen.stateText).toBe('继续发放至毕业')
    expect(seen.stateText).not.toBe('已停止发放')
    expect(seen.next).toContain('继续按月发放至毕业')

    // Staff extend it: a repeat year.
    const later = monthPlus(graduation, 12)
    expect((await exit(id, { decision: 'in_school', graduationMonth: later })).status).toBe(200)
    expect((await storedApplication(id)).exit?.graduationMonth).toBe(later)
    const timer = (await storedTimers(id)).find((t) => t.kind === 'exit')!
    expect(timer.at.slice(0, 7) <= `${later}`).toBe(true)
    await runTimers(new Date(Date.parse(timer.at) + 60_000))
    expect((await storedApplication(id)).exit?.graduationRaisedAt).toBeTruthy()

    const done = await exit(id, { decision: 'graduated' })
    expect(done.status).toBe(200)
    expect(await storedApplication(id)).toMatchObject({ state: 'exited', exit: { decision: 'graduated', oneOffFen: 6 * 2_240_00, paidThroughMonth: later } })
  })

  it('enlisted: one-off 12 months and paused; back at school, payment resumes', async () => {
    const id = await payingOrphan()
    expect((await exit(id, { decision: 'enlisted' })).status).toBe(200)
    expect(await storedApplication(id)).toMatchObject({ state: 'suspended', exit: { decision: 'enlisted', oneOffFen: 12 * 2_240_00 } })
    expect((await family(id)).stateText).toBe('服兵役期间暂停按月发放')
    const back = await exit(id, { decision: 'resumed' })
    expect(back.status).toBe(200)
    expect(await storedApplication(id)).toMatchObject({ state: 'paying', exit: { decision: 'resumed' } })
  })

  it('ending before 18 because the situation changed needs a reason the family sees', async () => {
    const id = await payingOrphan(400)
    expect((await exit(id, { decision: 'ended' })).status).toBe(400)
    const res = await exit(id, { decision: 'ended', reason: '已被依法收养' })
    expect(res.status).toBe(200)
    expect((await family(id)).next).toContain('已被依法收养')
  })
})
