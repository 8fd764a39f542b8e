import { describe, expect, it } from 'vitest'
import { maskBankAccount, maskIdNumber, maskName, maskPhone, scrubForLog } from './mask'

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

describe('bank accounts', () => {
  it('shows only the last four digits once entered', () => {
    expect(maskBankAccount('6222021234567890123')).toBe('**** 0123')
    expect(maskBankAccount('6222 0212 3456 7890')).toBe('**** 7890')
  })
  it('are scrubbed from log lines, and so is an ID number next to them', () => {
    const line = scrubForLog('{"account":"6222021234567890123","id":"34132420150601001X","village":"341324102200"}')
    expect(line).not.toContain('6222021234567890123')
    expect(line).toContain('**** 0123')
    expect(line).not.toContain('34132420150601001X')
    // A 12-digit division code is not a bank account.
    expect(line).toContain('341324102200')
  })
})
