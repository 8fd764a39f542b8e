import { describe, expect, it } from 'vitest'
import { addDays, chinaToday } from '@shouhu/shared'
import { emptyEntrustmentForm, toEntrustmentInput, toPoliceInput, validateCaregiver, validateEntrustmentForm, withIdDerived, type EntrustmentFormState } from './form'

function filled(): EntrustmentFormState {
  const s = emptyEntrustmentForm()
  s.registrant = 'mother'
  s.parents[0] = { ...s.parents[0], name: '刘建国', phone: '13912345678', situation: 'working_away', workplaceCode: '310101000000', awaySince: addDays(chinaToday(), -200) }
  s.parents[1] = { ...s.parents[1], name: '王秀兰', phone: '13812345678', situation: 'not_away', canGuard: 'no', unableReason: 'severe_illness' }
  s.villageCode = '341324102200'
  s.children = [{ name: '刘小雨', sex: 'female', birthDate: '2016-03-10', idNumber: '341324201603100025', householdRegistration: 'rural', schoolMode: 'list', schoolId: 'dinghu-primary', schoolName: '丁湖镇中心小学' }]
  s.caregiver = { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: '34132419580402004X', birthDate: '1958-04-02', health: 'good', livesWithChild: 'yes' }
  s.frequency = 'weekly'
  s.methods = ['video']
  s.consent = true
  return s
}

describe('the entrustment form', () => {
  it('a complete form passes the shared schema and carries the consent version', () => {
    const checked = validateEntrustmentForm(filled())
    expect(checked.ok).toBe(true)
    if (checked.ok) {
      expect(checked.value.consent.agreed).toBe(true)
      expect(checked.value.children[0]!.villageCode).toBe('341324102200')
      expect(checked.value.parents[1]).toMatchObject({ situation: 'not_away', canGuard: false, unableReason: 'severe_illness' })
    }
  })

  it('an empty form names what is missing, in Chinese, under each field; the village once for all children', () => {
    const checked = validateEntrustmentForm(emptyEntrustmentForm())
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.errors.registrant).toEqual(['您的身份：请选择父亲或母亲'])
    expect(checked.errors['parents.0.situation']).toEqual(['请选择第1位家长的情况'])
    expect(checked.errors['children.0.idNumber']?.[0]).toContain('第1个孩子的身份证号码')
    expect(checked.errors.villageCode?.[0]).toBe('请选择孩子实际居住的村（社区）')
    expect(checked.errors['children.0.villageCode']).toBeUndefined()
    expect(checked.errors.consent?.[0]).toContain('请阅读并同意')
    expect(checked.errors['caregiver.livesWithChild']).toEqual(['照护人是否和孩子同住：请选择是否和孩子一起住'])
  })

  it('without the consent ticked the body has no consent at all', () => {
    const s = filled()
    s.consent = false
    expect(toEntrustmentInput(s).consent).toBeUndefined()
  })

  it('a child not at school sends no school; one picked but not chosen asks for it', () => {
    const s = filled()
    s.children[0]!.schoolMode = 'none'
    expect(toEntrustmentInput(s).children[0]!.school).toBeUndefined()
    s.children[0]!.schoolMode = 'list'
    s.children[0]!.schoolId = ''
    const checked = validateEntrustmentForm(s)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.errors['children.0.school.name']?.[0]).toContain('请填写学校名称')
  })

  it('typing a full ID number fills in the birth date and sex when they are empty', () => {
    expect(withIdDerived({ idNumber: '341324201603100025', birthDate: '', sex: '' as const })).toEqual({ idNumber: '341324201603100025', birthDate: '2016-03-10', sex: 'female' })
    expect(withIdDerived({ idNumber: '341324201603100025', birthDate: '2016-03-11', sex: 'male' as const }).birthDate).toBe('2016-03-11')
    expect(withIdDerived({ idNumber: '3413242016', birthDate: '', sex: '' as const }).birthDate).toBe('')
  })

  it('a replacement caregiver is checked on its own', () => {
    const checked = validateCaregiver({ ...filled().caregiver, idNumber: '34132419580402004Y' })
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(Object.keys(checked.errors)).toEqual(['caregiver.idNumber'])
  })
})

describe('police or prison staff registering for a detained parent', () => {
  it('needs whose consent was recorded and the unit instead of the registrant', () => {
    const s = { ...filled(), registrant: '' as const, police: { guardian: '' as const, unit: '' } }
    const checked = validateEntrustmentForm(s, true)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(Object.keys(checked.errors).sort()).toEqual(['guardian', 'unit'])
    const ok = validateEntrustmentForm({ ...s, police: { guardian: 'father', unit: '泗县看守所' } }, true)
    expect(ok.ok).toBe(true)
    expect(toPoliceInput({ ...s, police: { guardian: 'father', unit: '泗县看守所' } })).not.toHaveProperty('registrant')
  })
})
