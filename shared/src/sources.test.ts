import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describeClause, describeClauses, policySources } from './sources'
import { policySets } from './policy'
import { applicationSteps } from './application-workflow'

describe('clause references in words a cadre can look up', () => {
  it('names the document and its part, item and point', () => {
    expect(describeClause('003 §2(一)')).toBe('温岭市《关于推进困境儿童精准保障工作的实施意见》第二部分第（一）项')
    expect(describeClause('003 §2(一)4')).toBe('温岭市《关于推进困境儿童精准保障工作的实施意见》第二部分第（一）项第4点')
    expect(describeClause('003 §1')).toBe('温岭市《关于推进困境儿童精准保障工作的实施意见》第一部分')
    expect(describeClause('004 #9')).toBe('广东省民政厅等部门《广东省农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》第9点')
    expect(describeClause('001 §2(一)2')).toBe('泗县人民政府办公室《关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知》第二部分第（一）项第2点')
  })
  it('spells out each of several references, once', () => {
    expect(describeClauses(['003 §2(一); 003 §2(二)2', '003 §2(一)'])).toEqual([
      '温岭市《关于推进困境儿童精准保障工作的实施意见》第二部分第（一）项',
      '温岭市《关于推进困境儿童精准保障工作的实施意见》第二部分第（二）项第2点',
    ])
  })
  it('leaves what it cannot parse as it is, never drops it', () => {
    expect(describeClause('民法典 §201')).toBe('民法典 §201')
  })
  it('every clause a rule cites describes into words with no seed number left', () => {
    const refs = policySets.flatMap((p) => [
      ...p.categories.flatMap((c) => [c.clause, c.amount.clause, ...c.documents.map((d) => d.clause)]),
      p.exit.clause,
      p.noDoubleSupport.clause,
      p.reviewClause,
      p.epidemic.clause,
    ])
    for (const r of [...refs, ...Object.values(applicationSteps).flatMap((s) => (s.clause ? [s.clause] : []))]) {
      expect(describeClause(r), r).not.toMatch(/\b00\d\b|§|#/)
    }
  })
  it('each title and issuer is the one printed at the top of its seed', () => {
    // The seeds sit beside the repository (`../shared/seeds`), not in it.
    const seeds = [join(__dirname, '../../../shared/seeds'), join(__dirname, '../../../../shared/seeds')].find((d) => existsSync(d))
    if (!seeds) return
    const files = readdirSync(seeds)
    for (const s of Object.values(policySources)) {
      const text = readFileSync(join(seeds, files.find((f) => f.startsWith(s.seed))!), 'utf8').replace(/\s+/g, '')
      expect(text, s.seed).toContain(s.title.replace(/\s+/g, ''))
      if (s.docNo) expect(text, s.seed).toContain(s.docNo)
    }
  })
})

describe('citations say what the clause says', () => {
  it('公示 is local practice: no seed is cited for it', () => {
    for (const step of ['start_notice', 'record_objection', 'end_notice'] as const) {
      expect(applicationSteps[step].clause).toBeUndefined()
      expect(applicationSteps[step].practice).toContain('本地')
    }
  })
  it('the yearly review of an allowance does not cite 004 #8 (the county\'s yearly spot check of files)', () => {
    for (const p of policySets) expect(p.reviewClause).not.toBe('004 #8')
    expect(applicationSteps.annual_review.clause).toBeUndefined()
  })
  it('000 §3(一) (papers later, same-month approval) is cited only by the epidemic steps', () => {
    const cites = Object.entries(applicationSteps).filter(([, s]) => s.clause === '000 §3(一)').map(([k]) => k)
    expect(cites.sort()).toEqual(['note_missing', 'supply_later'])
  })
})
