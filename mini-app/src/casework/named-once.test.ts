import { describe, expect, it } from 'vitest'
import { CloseChild, TransferChild, nameOnce } from '@shouhu/shared'
import { withoutErrors } from '../forms/without-errors'
import { messagesFor } from './validate'

const labels = { toVillageCode: '转入的村（社区）', reason: '原因', movedOn: '搬家的日期', effectiveOn: '日期', destination: '搬去的地方', note: '说明' }

describe('a move’s message names its field once', () => {
  it('an empty 转出原因 reads 「转出原因：…」, not 「原因：转出原因：…」', () => {
    const r = messagesFor(TransferChild, { toVillageCode: '341324102201', reason: '', movedOn: '2026-01-02', version: 1 }, labels)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.fields.reason).toEqual(['转出原因：请写清孩子搬到哪里、为什么'])
  })

  it('a 结档 note too short or too long is named once', () => {
    const base = { reason: 'turned_18', effectiveOn: '2026-01-02', note: '', version: 1 }
    const short = messagesFor(CloseChild, base, labels)
    expect(!short.ok && short.fields.note).toEqual(['说明：请写清是怎么知道的、是否已核实'])
    const long = messagesFor(CloseChild, { ...base, note: '很'.repeat(301), destination: '远'.repeat(101) }, labels)
    expect(!long.ok && long.fields.note).toEqual(['说明不超过 300 字'])
    expect(!long.ok && long.fields.destination).toEqual(['搬去的地方不超过 100 字'])
  })

  it('puts the label in front only where the message does not name the field', () => {
    expect(nameOnce('搬家的日期：请选择一个真实的日期', '搬家的日期')).toBe('搬家的日期：请选择一个真实的日期')
    expect(nameOnce('请选择学校', '学校')).toBe('请选择学校')
    expect(nameOnce('太长了', '说明')).toBe('说明：太长了')
    expect(nameOnce('太长了', undefined)).toBe('太长了')
  })
})

describe('a changed field loses its message', () => {
  it('drops the field, what lies under it and the form message, and keeps the rest', () => {
    const errors = { note: ['说明：请填写'], 'note.x': ['x'], reason: ['请选择结档原因'], form: ['没有保存'] }
    expect(withoutErrors(errors, 'note')).toEqual({ reason: ['请选择结档原因'] })
  })

  it('returns the same object when nothing goes (a keystroke re-renders nothing)', () => {
    const errors = { reason: ['请选择结档原因'] }
    expect(withoutErrors(errors, 'note')).toBe(errors)
  })
})
