import { describe, expect, it } from 'vitest'
import { emptyReportForm, formErrorsFrom, toReportInput, toggleSituation, validateReportForm } from './form'

const village = '341324100201'

describe('report form validation', () => {
  it('puts each shared schema error under its own field, with the field named in Chinese', () => {
    const result = validateReportForm({ ...emptyReportForm(), villageCode: '341324100000' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.villageCode).toEqual(['孩子实际居住的村（社区）：请选择到村（社区）一级'])
    expect(result.errors.situations).toEqual(['请至少选择一项看到的情况'])
    expect(result.errors.description).toBeUndefined()
    expect(result.errors.form).toBeUndefined()
  })

  it('asks a named reporter for name and a valid mobile number, each under its field', () => {
    const result = validateReportForm({
      ...emptyReportForm(village),
      situations: ['living_alone'],
      anonymous: false,
      name: '',
      phone: '1380013800',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors['reporter.name']).toEqual(['反映人姓名：请填写姓名'])
    expect(result.errors['reporter.phone']).toEqual(['反映人手机号：请填写 11 位手机号码'])
    expect(result.errors.villageCode).toBeUndefined()
  })

  it('accepts a complete anonymous report and sends no name or phone even if typed earlier', () => {
    const state = { ...emptyReportForm(village), situations: toggleSituation([], 'dropout'), name: '张三', phone: '13800138000' }
    const result = validateReportForm(state)
    expect(result).toEqual({
      ok: true,
      value: { villageCode: village, situations: ['dropout'], description: '', childDescription: '', reporter: { anonymous: true } },
    })
    expect(JSON.stringify(toReportInput(state))).not.toContain('13800138000')
  })

  it('maps server field errors (400 VALIDATION_FAILED) onto the same fields', () => {
    const errors = formErrorsFrom([
      { field: 'reporter.phone', code: 'invalid_format', message: '反映人手机号：请填写 11 位手机号码' },
      { field: 'situations.2', code: 'invalid_value', message: '请从列表中选择看到的情况' },
      { field: 'situations.4', code: 'invalid_value', message: '请从列表中选择看到的情况' },
      { field: '(body)', code: 'custom', message: '提交的内容有误' },
    ])
    expect(errors).toEqual({
      'reporter.phone': ['反映人手机号：请填写 11 位手机号码'],
      situations: ['请从列表中选择看到的情况'],
      form: ['提交的内容有误'],
    })
  })

  it('asks a named reporter whether the village may contact them, and a teacher for their unit (issue 8)', () => {
    const named = { ...emptyReportForm(village), situations: ['dropout' as const], anonymous: false, name: '孙老师', phone: '13966667777', relation: 'teacher' as const }
    const result = validateReportForm(named)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors['reporter.contactPermission']).toEqual(['请选择村里能否联系您'])
    expect(result.errors['reporter.unit']?.[0]).toContain('工作单位')
    const done = validateReportForm({ ...named, contactPermission: 'may_contact', unit: '丁湖镇中心小学' })
    expect(done.ok).toBe(true)
    if (done.ok) expect(done.value.reporter).toMatchObject({ contactPermission: 'may_contact', unit: '丁湖镇中心小学', relation: 'teacher' })
  })

  it('toggles a situation on and off', () => {
    expect(toggleSituation(toggleSituation(['dropout'], 'abandoned'), 'dropout')).toEqual(['abandoned'])
  })
})
