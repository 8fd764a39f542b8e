import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { StaffLogin } from './auth'
import { fieldErrors } from './errors'

describe('fieldErrors', () => {
  it('never passes zod’s English default on to people: a number where the password belongs reads in Chinese, the code stays', () => {
    const r = StaffLogin.safeParse({ username: 'dinghu', password: 12345 })
    const [e] = fieldErrors(r.error!, { password: '密码' })
    expect(e).toEqual({ field: 'password', code: 'invalid_type', message: '密码：格式不对' })
  })

  it('keeps a schema’s own Chinese message, naming the field once', () => {
    const r = StaffLogin.safeParse({ username: '', password: 'x' })
    expect(fieldErrors(r.error!, { username: '账号' })[0]!.message).toBe('请填写账号')
    const short = z.object({ note: z.string().min(2, '太短了') }).safeParse({ note: 'x' })
    expect(fieldErrors(short.error!, { note: '说明' })[0]!.message).toBe('说明：太短了')
  })

  it('does not name a field twice when the schema already named it (结档’s 说明)', async () => {
    const { CloseChild } = await import('./child-moves')
    const r = CloseChild.safeParse({ reason: 'moved_out', effectiveOn: '2026-11-01', note: '', version: 1 })
    const note = fieldErrors(r.error!, { note: '说明' }).find((e) => e.field === 'note')
    expect(note?.message).toMatch(/^说明：请/)
    expect(note?.message).not.toMatch(/说明：说明/)
  })

  it('names an unexpected extra field plainly', () => {
    const r = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1 })
    expect(fieldErrors(r.error!)[0]).toMatchObject({ code: 'unrecognized_keys', message: '有多余的内容' })
  })

  it('a field left empty on the enrolment and visit forms asks for it, never 「格式不对」, and names it once', async () => {
    const { EnrolChild, RecordContact, childFieldLabels, visitFieldLabelsChild: visitFieldLabels } = await import('./child')
    const enrol = EnrolChild.safeParse({ name: '小明', sex: 'male', parents: [{ relation: 'father' }, { relation: 'mother', situation: 'at_home' }] })
    const byField = Object.fromEntries(fieldErrors(enrol.error!, childFieldLabels).map((e) => [e.field, e.message]))
    expect(byField).toMatchObject({
      birthDate: '出生日期：请选择日期',
      villageCode: '请选择实际居住的村（社区）',
      'parents.0.situation': '请选择第1位家长的情况',
    })
    const visit = RecordContact.safeParse({ kind: 'home_visit', visitedOn: '2026-11-02', checks: { safety: { rating: 'problem', note: ' ' } } })
    const messages = fieldErrors(visit.error!, visitFieldLabels).map((e) => e.message)
    expect(messages.length).toBeGreaterThan(0)
    for (const m of messages) expect(m).not.toMatch(/格式不对/)
    expect(messages).toContain(`${visitFieldLabels['checks.guardianship']}：请选择情况`)
    // 「有问题」 with no sentence is refused, naming the item.
    expect(messages).toContain(`${visitFieldLabels['checks.safety']}：有隐患或有问题时，请写一句说明`)
  })
})
