import { describe, expect, it } from 'vitest'
import type { Entrustment } from '@shouhu/shared'
import { entrustmentLetter, renderEntrustmentLetterPdf } from './entrustment-letter'
import { letterAvailable } from './lazy'

const names = new Map([
  ['341324102200', '丁湖村'],
  ['341324102000', '丁湖镇'],
  ['310101000000', '黄浦区'],
])

function entrustment(over: Partial<Entrustment> = {}): Entrustment {
  return {
    id: 'E1',
    reference: 'K7QM-3XPT',
    status: 'verified',
    villageCode: '341324102200',
    townshipCode: '341324102000',
    countyCode: '341324000000',
    ownerId: 'U1',
    registrant: 'mother',
    parents: [
      { relation: 'father', situation: 'working_away', name: '刘建国', phone: '13912345678', workplaceCode: '310101000000', awaySince: '2025-01-01' },
      { relation: 'mother', situation: 'not_away', name: '王秀兰', phone: undefined, canGuard: false, unableReason: 'severe_illness' },
    ],
    children: [
      { childId: '1', name: '刘小雨', sex: 'female', birthDate: '2016-03-10', idNumber: '341324201603100025', householdRegistration: 'rural', villageCode: '341324102200', school: { name: '丁湖镇中心小学' } },
      { childId: '2', name: '刘小明', sex: 'male', birthDate: '2016-03-10', idNumber: '341324201603100017', householdRegistration: 'rural', villageCode: '341324102200' },
    ],
    caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: '34132419580402004X', birthDate: '1958-04-02', health: 'good', livesWithChild: true, round: 1, invitedAt: '2026-11-01T00:00:00Z', userId: 'U2' },
    invitationCode: 'AAAA-BBBB',
    pastCaregivers: [],
    contactPlan: { frequency: 'weekly', methods: ['video'] },
    startDate: '2026-11-01',
    endDate: '2027-11-01',
    consent: { version: 'v1', agreedAt: '2026-11-01T00:00:00Z', recordedBy: 'U1', guardianName: '王秀兰' },
    acceptedAt: '2026-11-02T00:00:00Z',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-02T00:00:00Z',
    version: 3,
    ...over,
  }
}

const text = (pages: ReturnType<typeof entrustmentLetter>) => JSON.stringify(pages)

describe('the entrustment letter (委托照护书, one per child: 004 #5)', () => {
  it('has one page per child naming that child, the parents, the caregiver, the period and the contact promise', () => {
    const pages = entrustmentLetter(entrustment(), names)
    expect(pages).toHaveLength(2)
    expect(pages.map((p) => p.reference)).toEqual(['编号 K7QM-3XPT-1', '编号 K7QM-3XPT-2'])
    expect(JSON.stringify(pages[0])).toContain('刘小雨')
    expect(JSON.stringify(pages[0])).not.toContain('刘小明')
    const all = text(pages)
    expect(all).toContain('在黄浦区务工')
    expect(all).toContain('因重病不能照护孩子')
    expect(all).toContain('自 2026-11-01 至 2027-11-01')
    expect(all).toContain('父母承诺每周一次视频通话和孩子联系')
    expect(pages[0]!.draftNote).toBeUndefined()
  })

  it('masks phone and ID numbers and never names a category of child', () => {
    const all = text(entrustmentLetter(entrustment(), names))
    for (const secret of ['13912345678', '13700001111', '34132419580402004X', '341324201603100025']) expect(all).not.toContain(secret)
    expect(all).toContain('139****5678')
    expect(all).not.toMatch(/留守|困境/)
  })

  // Decided: ID numbers stay masked on a letter meant for signing (see entrustment-letter.ts: the
  // file leaves the system; the committee checks ID cards in person when the parties sign).
  it('a letter for signing still shows no full ID number of any party, only the last four digits', () => {
    const all = text(entrustmentLetter(entrustment(), names))
    for (const id of ['34132419580402004X', '341324201603100025', '341324201603100017']) {
      expect(all).not.toContain(id)
      expect(all).toContain(id.slice(-4))
    }
  })

  it('is offered only while it is true: the caregiver has accepted and the arrangement is in force', () => {
    const cg = entrustment().caregiver
    expect(letterAvailable(entrustment({ status: 'accepted' }))).toBe(true)
    expect(letterAvailable(entrustment({ status: 'visit_scheduled' }))).toBe(true)
    expect(letterAvailable(entrustment({ status: 'verified' }))).toBe(true)
    // Found unfit, the old letter said she had not yet accepted and still named her as caregiver.
    expect(letterAvailable(entrustment({ status: 'caregiver_unfit' }))).toBe(false)
    expect(letterAvailable(entrustment({ status: 'pending_caregiver', caregiver: { ...cg, userId: undefined } }))).toBe(false)
    expect(letterAvailable(entrustment({ status: 'caregiver_declined', caregiver: { ...cg, userId: undefined } }))).toBe(false)
    expect(letterAvailable(entrustment({ status: 'ended' }))).toBe(false)
  })

  it('a page rendered anyway outside those states says it cannot serve as the letter, never 「尚未确认」 about someone found unfit', () => {
    const unfit = entrustmentLetter(entrustment({ status: 'caregiver_unfit' }), names)
    expect(unfit[0]!.draftNote).toContain('不能作为委托照护书使用')
    expect(text(unfit)).not.toContain('尚未')
  })

  it('names the village committee once (丁湖村委会, not 丁湖村村（居）民委员会) and nests no brackets', () => {
    const pages = entrustmentLetter(entrustment({ lastVisit: { visitedOn: '2026-11-05', outcome: 'verified' } as Entrustment['lastVisit'] }), names)
    const all = text(pages)
    expect(all).toContain('丁湖村委会')
    expect(all).not.toContain('村村')
    expect(all).not.toContain('村（居）')
    expect(all).toContain('张桂芳（祖父母）')
    for (const p of pages) {
      for (const line of [...p.blocks.flatMap((b) => b.lines), ...p.signatures]) expect(line, line).not.toMatch(/（[^）]*（/)
    }
  })

  it('says who helped when police started it', () => {
    const started = entrustmentLetter(entrustment({ startedBy: { userId: 'P', name: '吴警官', unit: '泗县看守所', guardian: 'father' } }), names)
    expect(text(started)).toContain('本委托由泗县看守所吴警官协助办理')
  })

  // Parsing and subsetting the 8 MB font takes 1–2 s alone and over 5 s on the shared 2-core
  // machine under load: a longer limit than vitest's default 5 s, not a sleep.
  it('renders a PDF page per child with the Chinese font embedded', { timeout: 30_000 }, async () => {
    const pdf = await renderEntrustmentLetterPdf(entrustmentLetter(entrustment(), names))
    const raw = pdf.toString('latin1')
    expect(raw.startsWith('%PDF-')).toBe(true)
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2)
    expect(raw).toContain('NotoSansHans')
  })

  it('a parent who has died is named as such and signs nothing; the living parent signs', () => {
    const pages = entrustmentLetter(
      entrustment({
        registrant: 'father',
        parents: [
          { relation: 'father', situation: 'working_away', name: '刘建国', phone: '13912345678', workplaceCode: '310101000000', awaySince: '2025-01-01' },
          { relation: 'mother', situation: 'deceased', name: '王秀兰' },
        ],
      }),
      names,
    )
    expect(text(pages)).toContain('母亲：王秀兰，已去世')
    expect(pages[0]!.signatures.filter((s) => s.startsWith('委托人'))).toEqual(['委托人（父亲）签字：'])
  })
})
