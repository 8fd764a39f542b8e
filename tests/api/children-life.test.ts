import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { inbox, signIn } from './helpers'
import { addDays, addMonths, chinaToday, enrolled, runChildDue, storedChild, timeline } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff
let town: Staff

beforeAll(async () => {
  dinghu = await signIn('dinghu')
  town = await signIn('dinghu-town')
})

const notes = async (childId: string, kind: string) => {
  await ctx.streamIdle()
  return (await inbox(dinghu.token)).items.filter((n) => n.subject.id === childId && n.kind === kind)
}

describe('life events', () => {
  it('the parents’ return ends the left-behind status and tells the director when someone else records it', async () => {
    const file = await enrolled(dinghu.token, { name: '返乡甲', birthDate: '2013-06-01' })
    expect(file.categories.map((k: any) => k.id)).toContain('left_behind')
    const res = await call('POST', `/staff/children/${file.id}/parents-returned`, { token: town.token, body: { returnedOn: chinaToday(), relations: ['father'] } })
    expect(res.status).toBe(200)
    expect(res.body.categories.map((k: any) => k.id)).not.toContain('left_behind')
    expect(res.body.parents[0]).toMatchObject({ relation: 'father', situation: 'at_home' })
    expect(await notes(file.id, 'child_parents_returned')).toHaveLength(1)
    expect((await timeline(dinghu.token, file.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['parents_returned', 'category_ended']))
    // The same request again (a retry after a lost answer): nobody is away any more, nothing new.
    const again = await call('POST', `/staff/children/${file.id}/parents-returned`, { token: town.token, body: { returnedOn: chinaToday(), relations: ['father'] } })
    expect(again.status).toBe(200)
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'parents_returned')).toHaveLength(1)
    expect(await notes(file.id, 'child_parents_returned')).toHaveLength(1)
    const bad = await call('POST', `/staff/children/${file.id}/parents-returned`, { token: dinghu.token, body: { returnedOn: '2026-13-01', relations: [] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: any) => f.field).sort()).toEqual(['relations', 'returnedOn'])
  })

  it('the director who records the return on the file is not sent a message about it', async () => {
    const file = await enrolled(dinghu.token, { name: '返乡乙', birthDate: '2013-07-01' })
    const res = await call('POST', `/staff/children/${file.id}/parents-returned`, { token: dinghu.token, body: { returnedOn: chinaToday(), relations: ['father'] } })
    expect(res.status).toBe(200)
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'parents_returned')).toHaveLength(1)
    expect(await notes(file.id, 'child_parents_returned')).toHaveLength(0)
  })

  it('the 16th birthday ends it on the day the child is 16 full years old (the same 周岁 rule everywhere), via the due runner', async () => {
    const { fullYears, periodCompleteOn, chinaStartOfDay } = await import('@shouhu/shared')
    const birthDate = addMonths(chinaToday(), -16 * 12)
    const sixteenOn = periodCompleteOn(birthDate, 16 * 12)
    expect(sixteenOn).toBe(addDays(chinaToday(), 1))
    expect([fullYears(birthDate, chinaToday()), fullYears(birthDate, sixteenOn)]).toEqual([15, 16])
    const file = await enrolled(dinghu.token, { name: '十六甲', birthDate })
    expect(file.categories.find((k: any) => k.id === 'left_behind')).toMatchObject({ until: sixteenOn })
    const fires = Date.parse(chinaStartOfDay(sixteenOn))
    await runChildDue(new Date(fires - 1000))
    expect((await storedChild(file.id)).categories.map((k: any) => k.id)).toContain('left_behind')
    await runChildDue(new Date(fires + 1000))
    expect((await storedChild(file.id)).categories.map((k: any) => k.id)).not.toContain('left_behind')
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'category_ended')).toHaveLength(1)
    expect(await notes(file.id, 'child_category_ended')).toHaveLength(1)
    await runChildDue(new Date(fires + 2000))
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'category_ended')).toHaveLength(1)
  })

  it('an approved allowance adds its category with its clause and version, once', async () => {
    const body = { name: '补贴甲', birthDate: '2012-07-01' }
    const file = await enrolled(dinghu.token, body)
    const { addAllowanceCategory } = await import('../../functions/src/workflows/children')
    const { getItem } = await import('../../functions/src/data/table')
    void getItem
    const idNumber = (await import('./children-fixtures')).childId('2012-07-02')
    // A child without a file: nothing to add to.
    expect(await addAllowanceCategory(idNumber, { id: 'dibao_family', label: '低保家庭儿童', clause: '003 §2(一)', policyVersion: 'wenling 2023.1' }, 'APP1')).toBeUndefined()
    const withId = await enrolled(dinghu.token, { name: '补贴乙', birthDate: '2012-07-02', idNumber })
    const added = await addAllowanceCategory(idNumber, { id: 'dibao_family', label: '低保家庭儿童', clause: '003 §2(一)', policyVersion: 'wenling 2023.1' }, 'APP1')
    expect(added!.categories.find((k) => k.id === 'dibao_family')).toMatchObject({ basis: 'allowance', source: '003 §2(一)', policyVersion: 'wenling 2023.1' })
    // It makes the child one in difficulty: the quarterly check applies (001 #6).
    expect(added!.duties.map((d) => d.ruleId)).toContain('quarterly_check')
    const again = await addAllowanceCategory(idNumber, { id: 'dibao_family', label: '低保家庭儿童', clause: '003 §2(一)', policyVersion: 'wenling 2023.1' }, 'APP1')
    expect((await timeline(dinghu.token, withId.id)).filter((e) => e.kind === 'application')).toHaveLength(1)
    expect(again!.links.applications).toEqual(['APP1'])
    void file
  })
})
