import { describe, expect, it } from 'vitest'
import { maskIdNumber, maskName, maskPhone, scrubForLog } from './mask'

describe('masking', () => {
  it('shows only the first three and last four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
  it('hides the middle of an ID number', () => {
    expect(maskIdNumber('34132420100101123X')).toBe('341***********123X')
  })
  it('keeps only the family name', () => {
    expect(maskName('王小明')).toBe('王**')
  })
  it('scrubs phone and ID numbers out of text bound for a log', () => {
    const line = scrubForLog('{"phone":"13812345678","id":"34132420100101123X","n":"12"}')
    expect(line).not.toContain('13812345678')
    expect(line).not.toContain('34132420100101123X')
    expect(line).toContain('138****5678')
  })
})
