import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { closureReasonIds, closureReasons, reopenClause } from './closure'
import { describeClauses } from '../sources'

/** 结档 reasons are policy data: each cites a clause that really ends the duty to keep the file live. */
describe('closing a file: reasons and their clauses', () => {
  it('every reason names its clause, in words a cadre can look up', () => {
    for (const id of closureReasonIds) {
      const words = describeClauses([closureReasons[id].clause])
      expect(words.length, id).toBeGreaterThan(0)
      expect(words.filter((w) => !w.startsWith('民法典')).join(''), id).not.toMatch(/\b00\d\b|§|#/)
    }
  })
  it('only 18 full years closes a file for age; only a move out of the county needs where to', () => {
    expect(closureReasons.turned_18.minAge).toBe(18)
    expect(closureReasonIds.filter((id) => closureReasons[id].needsDestination)).toEqual(['moved_out_of_county'])
  })
  it('the cited clauses say it (dynamic ledger of the area; support ends at adulthood)', () => {
    const seeds = [join(__dirname, '../../../../shared/seeds'), join(__dirname, '../../../../../shared/seeds')].find((d) => existsSync(d))
    if (!seeds) return
    const files = readdirSync(seeds)
    const seed = (n: string) => readFileSync(join(seeds, files.find((f) => f.startsWith(n))!), 'utf8').replace(/\s+/g, '')
    expect(seed('002')).toContain('做到一人一档，准确掌握其数量规模、家庭情况、监护状况、身心健康状况等基本信息，实行动态管理')
    expect(seed('004')).toContain('对辖区内农村留守儿童和困境儿童全面摸底排查,落实数据动态更新机制')
    expect(seed('003')).toContain('成年后，具备劳动能力和完全民事行为能力，不再纳入保障')
  })
  it('恢复建档: only a death closure needs the township or county, on clauses that say the ledger and hard cases are the township\'s', () => {
    expect(closureReasonIds.filter((id) => closureReasons[id].reopenFrom === 'township')).toEqual(['died'])
    expect(describeClauses([reopenClause]).length).toBeGreaterThan(0)
    const seeds = [join(__dirname, '../../../../shared/seeds'), join(__dirname, '../../../../../shared/seeds')].find((d) => existsSync(d))
    if (!seeds) return
    const files = readdirSync(seeds)
    const seed = (n: string) => readFileSync(join(seeds, files.find((f) => f.startsWith(n))!), 'utf8').replace(/\s+/g, '')
    expect(seed('002')).toContain('督促指导乡镇人民政府（街道办事处）建立翔实的困境儿童信息台账')
    expect(seed('004')).toContain('对于情形复杂难判断的,由乡镇政府(街道办事处)组织专门力量评估确认')
  })
})
