import { describe, expect, it } from 'vitest'
import { StaffCreate } from '@shouhu/shared'
import { accountLabels, accountMessages } from './messages'

function messages(body: Record<string, unknown>) {
  const role = (body.role ?? '') as Parameters<typeof accountLabels>[0]
  const parsed = StaffCreate.safeParse(body)
  expect(parsed.success).toBe(false)
  return accountMessages(parsed.error!, accountLabels(role))
}

describe('the account form says which field is wrong', () => {
  it('a village director with no place is asked for 所在的村（社区）, not 「请从列表中选择」', () => {
    const m = messages({ username: 'Bad Name!', displayName: '钱主任', role: 'village_director', divisionCode: '' })
    expect(m.divisionCode).toEqual(['请选择所在的村（社区）'])
    expect(m.username).toHaveLength(1)
    expect(m.username![0]).toMatch(/^账号用 3 到 32 个/)
  })

  it('a township supervisor is asked for 所在的乡镇（街道）', () => {
    expect(messages({ username: 'li-1', displayName: '李', role: 'township_supervisor', divisionCode: '' }).divisionCode).toEqual(['请选择所在的乡镇（街道）'])
  })

  it('no role reads 「请选择岗位」, never 「不是可选的内容」', () => {
    const m = messages({ username: 'li-1', displayName: '李', role: '', divisionCode: '' })
    expect(m.role).toEqual(['请选择岗位'])
  })

  it('a school, a unit and a name are each named once', () => {
    const m = messages({ username: 'li-1', displayName: '', role: 'school_liaison', divisionCode: '341324102000' })
    expect(m.schoolId).toEqual(['请选择学校'])
    expect(m.displayName).toEqual(['请填写姓名'])
    expect(messages({ username: 'li-1', displayName: '李', role: 'police_officer', divisionCode: '341324000000' }).unit).toEqual(['请填写所在单位'])
  })
})
