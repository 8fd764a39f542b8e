import { describe, expect, it } from 'vitest'
import { dueText, plainSource, whenText, withoutClause } from './plain'

describe('what a village director reads', () => {
  it('names the policy document instead of a seed number or clause mark', () => {
    expect(plainSource('004 §2(一)')).toBe('广东省《农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》')
    expect(plainSource('000 §2(三)')).toContain('广西壮族自治区《')
    expect(plainSource('§3.2')).toBe('相关政策文件')
    expect(plainSource('999 §1')).toBe('相关政策文件')
  })

  it('drops clause marks from a rule', () => {
    expect(withoutClause('黄色：至少每月入户走访一次（004 §3.2）')).toBe('黄色：至少每月入户走访一次')
    expect(withoutClause('每季度核实 001 #6')).toBe('每季度核实')
  })

  it('says the duty first and the colour after it', () => {
    const next = { kind: 'home_visit' as const, dueOn: '2026-11-28', overdueAt: '', what: '入户走访', why: '黄色：至少每月入户走访一次', clause: '004 §3.2' }
    expect(dueText(next, 'yellow')).toBe('至少每月入户走访一次（黄色）')
    expect(dueText({ ...next, why: '' }, 'blue')).toBe('入户走访（蓝色）')
  })

  it('counts days late or left', () => {
    expect(whenText('2026-11-25', '2026-11-28')).toBe('已逾期 3 天')
    expect(whenText('2026-11-28', '2026-11-28')).toBe('今天到期')
    // A red child's 24 hours ran out this morning: overdue, not 「今天到期」.
    expect(whenText('2026-11-28', '2026-11-28', true)).toBe('已逾期')
    expect(whenText('2026-11-30', '2026-11-28')).toBe('还有 2 天（11月30日）')
  })
})
