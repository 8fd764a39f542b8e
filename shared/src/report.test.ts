import { describe, expect, it } from 'vitest'
import { ReportCreate, reportFieldLabels } from './report'
import { fieldErrors } from './errors'

describe('the report form schema', () => {
  it('accepts an anonymous report with no contact details', () => {
    const r = ReportCreate.safeParse({ villageCode: '341324102200', situations: ['other'], reporter: { anonymous: true } })
    expect(r.success).toBe(true)
  })
  it('names each bad field in Chinese', () => {
    const r = ReportCreate.safeParse({ villageCode: '1', situations: ['other', 'other'], reporter: { anonymous: false, name: '张三', phone: '1381234' } })
    expect(r.success).toBe(false)
    const errors = fieldErrors(r.error!, reportFieldLabels)
    expect(errors.map((e) => e.field).sort()).toEqual(['reporter.phone', 'situations', 'villageCode'])
    expect(errors.find((e) => e.field === 'reporter.phone')!.message).toBe('反映人手机号：请填写 11 位手机号码')
  })
  it('does not keep a name or phone when the reporter chose to stay anonymous', () => {
    const r = ReportCreate.parse({ villageCode: '341324102200', situations: ['other'], reporter: { anonymous: true, name: '张三', phone: '13812345678' } as any })
    expect(r.reporter).toEqual({ anonymous: true })
  })
})
