import { describe, expect, it } from 'vitest'
import type { Entrustment } from '@shouhu/shared'
import { entrustmentLetter, renderEntrustmentLetterPdf } from './entrustment-letter'

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

  it('says it is a preview until the caregiver has accepted, and who helped when police started it', () => {
    const pending = entrustmentLetter(
      entrustment({ status: 'pending_caregiver', caregiver: { ...entrustment().caregiver, userId: undefined }, startedBy: { userId: 'P', name: '吴警官', unit: '泗县看守所', guardian: 'father' } }),
      names,
    )
    expect(pending[0]!.draftNote).toContain('仅供预览')
    expect(text(pending)).toContain('本委托由泗县看守所吴警官协助办理')
  })

  it('renders a PDF page per child with the Chinese font embedded', async () => {
    const pdf = await renderEntrustmentLetterPdf(entrustmentLetter(entrustment(), names))
    const raw = pdf.toString('latin1')
    expect(raw.startsWith('%PDF-')).toBe(true)
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2)
    expect(raw).toContain('NotoSansHans')
  })
})
