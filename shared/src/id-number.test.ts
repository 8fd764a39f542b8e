import { describe, expect, it } from 'vitest'
import { IdNumber, birthDateOfId, idCheckChar, idNumberProblem, isValidIdNumber } from './id-number'

const withCheck = (first17: string) => first17 + idCheckChar(first17)

describe('ID numbers (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts a real number: the published example 11010519491231002X', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
  })
  it('computes the check character, including X for 10', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    const id = withCheck('34132420150601001')
    expect(isValidIdNumber(id)).toBe(true)
  })
  it('refuses a wrong check digit, a bad province, an impossible or future birth date, and 15 digits', () => {
    const good = withCheck('34132420150601001')
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(idNumberProblem(wrong)).toBe('check_digit')
    expect(idNumberProblem(withCheck('99132420150601001'))).toBe('province')
    expect(idNumberProblem(withCheck('34132420150231001'))).toBe('birth_date')
    expect(idNumberProblem(withCheck('34132429990101001'))).toBe('birth_date')
    expect(idNumberProblem('341324150601001')).toBe('format')
  })
  it('reads the birth date', () => {
    expect(birthDateOfId(withCheck('34132420150601001'))).toBe('2015-06-01')
  })
  it('the schema upper-cases x and explains a bad number in Chinese', () => {
    expect(IdNumber.parse(' 11010519491231002x ')).toBe('11010519491231002X')
    const bad = IdNumber.safeParse('110105194912310021')
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.message).toContain('校验位')
  })
})
