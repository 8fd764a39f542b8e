import { describe, expect, it } from 'vitest'
import { groupedCode } from './format'

describe('groupedCode', () => {
  it('groups a long reference in fours, with no trailing space', () => {
    expect(groupedCode('01M8KCQKPNYB27AQE1KGDF')).toBe('01M8 KCQK PNYB 27AQ E1KG DF')
    expect(groupedCode('ABCDEFGH')).toBe('ABCD EFGH')
    expect(groupedCode('')).toBe('')
  })
})
