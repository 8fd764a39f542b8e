import { describe, expect, it } from 'vitest'
import { EntrustmentCreate, PoliceEntrustmentCreate, RecordVisit, ReplaceCaregiver, entrustmentFieldLabels, leftBehindFacts, livingParents } from './entrustment'
import { determineLeftBehind } from './left-behind'
import { ENTRUSTMENT_CONSENT_VERSION } from './consent'
import { addDays, addYears, chinaToday } from './civil-date'
import { fieldErrors } from './errors'

const today = chinaToday()
const DINGHU = '341324102200'

function valid(): any {
  return {
    registrant: 'mother',
    parents: [
      { relation: 'father', situation: 'working_away', name: '刘建国', phone: '13912345678', workplaceCode: '310101000000', awaySince: addDays(today, -200), expectedReturn: '' },
      { relation: 'mother', situation: 'working_away', name: '王秀兰', phone: '13812345678', workplaceCode: '440300000000'.replace('440300', '440304'), awaySince: addDays(today, -120) },
    ],
    children: [
      { name: '刘小雨', sex: 'female', birthDate: '2016-03-10', idNumber: '341324201603100025', householdRegistration: 'rural', villageCode: DINGHU, school: { name: '丁湖镇中心小学' } },
    ],
    caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: '34132419580402004X', birthDate: '1958-04-02', health: 'good', livesWithChild: true },
    contactPlan: { frequency: 'weekly', methods: ['video'] },
    startDate: today,
    endDate: addYears(today, 1),
    consent: { version: ENTRUSTMENT_CONSENT_VERSION, agreed: true },
  }
}

function errorsOf(input: unknown) {
  const r = EntrustmentCreate.safeParse(input)
  expect(r.success).toBe(false)
  return Object.fromEntries(fieldErrors(r.error!, entrustmentFieldLabels).map((e) => [e.field, e.message]))
}

describe('the entrustment form schema', () => {
  it('accepts a complete registration and drops blank optional fields', () => {
    const r = EntrustmentCreate.parse(valid())
    expect(r.parents[0]).not.toHaveProperty('expectedReturn', '')
    expect(r.children[0]!.idNumber).toBe('341324201603100025')
  })

  it('upper-cases a lower-case x check character', () => {
    const input = valid()
    input.caregiver.idNumber = '34132419580402004x'
    expect(EntrustmentCreate.parse(input).caregiver.idNumber).toBe('34132419580402004X')
  })

  it.each([
    ['a wrong check digit', '341324201603100026', '校验位不正确'],
    ['17 digits', '34132420160310002', '18 位'],
    ['an unknown province prefix', '991324201603100025', '省份代码'],
    ['an impossible birth date (Feb 30)', '341324201602300025', '出生日期'],
  ])('refuses a child ID number with %s, naming the child and the field in Chinese', (_, id, message) => {
    const input = valid()
    input.children[0].idNumber = id
    const errors = errorsOf(input)
    expect(errors['children.0.idNumber']).toContain('第1个孩子的身份证号码：')
    expect(errors['children.0.idNumber']).toContain(message)
  })

  it('refuses a birth date or sex that does not match the ID number', () => {
    const input = valid()
    input.children[0].birthDate = '2016-03-11'
    input.children[0].sex = 'male'
    const errors = errorsOf(input)
    expect(errors['children.0.birthDate']).toBe('第1个孩子的出生日期：出生日期与身份证号码不一致')
    expect(errors['children.0.sex']).toBe('第1个孩子的性别：性别与身份证号码不一致')
  })

  it('refuses a malformed phone, an unreal date and a workplace above county level', () => {
    const input = valid()
    input.parents[0].phone = '1391234567'
    input.parents[1].awaySince = '2026-13-01'
    input.parents[1].workplaceCode = '440300000000'
    const errors = errorsOf(input)
    expect(errors['parents.0.phone']).toBe('第1位家长的手机号码：请填写 11 位手机号码')
    expect(errors['parents.1.awaySince']).toContain('真实的日期')
    expect(errors['parents.1.workplaceCode']).toContain('请选择到县（区）一级')
  })

  it('refuses an end date before the start, beyond three years, or already past', () => {
    const before = valid()
    before.endDate = addDays(before.startDate, -1)
    expect(errorsOf(before).endDate).toContain('结束日期应晚于开始日期')
    const long = valid()
    long.endDate = addDays(addYears(long.startDate, 3), 1)
    expect(errorsOf(long).endDate).toContain('最长委托 3 年')
    const past = valid()
    past.startDate = addDays(today, -60)
    past.endDate = addDays(today, -1)
    expect(errorsOf(past).endDate).toContain('晚于今天')
  })

  it('requires consent, ticked, to the current text version', () => {
    const none = valid()
    delete none.consent
    expect(errorsOf(none).consent).toContain('请阅读并同意')
    const unticked = valid()
    unticked.consent.agreed = false
    expect(errorsOf(unticked)['consent.agreed']).toContain('请阅读并同意')
    const stale = valid()
    stale.consent.version = 'entrustment-consent-2020-v0'
    expect(errorsOf(stale).consent).toContain('已更新')
  })

  it('requires the reason when a parent at home cannot guard, and a caregiver who is an adult', () => {
    const input = valid()
    input.parents[1] = { relation: 'mother', situation: 'not_away', name: '王秀兰', phone: '13812345678', canGuard: false }
    input.caregiver = { ...input.caregiver, idNumber: '341324201005200018', birthDate: '2010-05-20' }
    const errors = errorsOf(input)
    expect(errors['parents.1.unableReason']).toContain('请选择不能照护孩子的原因')
    expect(errors['caregiver.birthDate']).toContain('年满十八周岁')
  })

  it('refuses children from two villages in one entrustment, and two parents of the same kind', () => {
    const input = valid()
    input.children.push({ ...input.children[0], name: '刘小明', sex: 'male', idNumber: '341324201603100017', villageCode: '341324102201' })
    input.parents[1].relation = 'father'
    const errors = errorsOf(input)
    expect(errors['children.1.villageCode']).toContain('同一个村')
    expect(errors['parents.1.relation']).toContain('分别填写父亲和母亲')
  })

  it('needs a reason to entrust: both parents at home and able is refused', () => {
    const input = valid()
    input.parents = input.parents.map((p: any) => ({ relation: p.relation, name: p.name, phone: p.phone, situation: 'not_away', canGuard: true }))
    expect(errorsOf(input).parents).toContain('才需要登记委托照护')
  })
})

describe('a replacement caregiver', () => {
  it('is checked the same way (ID, adult)', () => {
    const r = ReplaceCaregiver.safeParse({ caregiver: { ...valid().caregiver, idNumber: '34132419580402004Y' } })
    expect(r.success).toBe(false)
  })
})

describe('the verification visit record', () => {
  const all = (rating: string) => Object.fromEntries(['age_and_health', 'daily_care', 'living_conditions', 'safety', 'schooling', 'child_view'].map((k) => [k, { rating }]))
  it('a caregiver found unfit needs the reason to tell the parents', () => {
    const r = RecordVisit.safeParse({ visitedOn: today, checklist: all('inadequate'), outcome: 'caregiver_unfit' })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['reasonForParents'])
  })
  it('cannot be "verified" while any checklist item is not adequate', () => {
    const checklist = { ...all('adequate'), safety: { rating: 'concern', note: '灶台离床太近' } }
    const r = RecordVisit.safeParse({ visitedOn: today, checklist, outcome: 'verified' })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.message).toContain('安全')
    expect(RecordVisit.safeParse({ visitedOn: today, checklist, outcome: 'verified_with_followup', followUp: '一个月后回访用火安全' }).success).toBe(true)
  })
  it('defaults the care level to green, and refuses red (immediate intervention is a report, not a cadence)', () => {
    expect(RecordVisit.parse({ visitedOn: today, checklist: all('adequate'), outcome: 'verified' }).careLevel).toBe('green')
    expect(RecordVisit.safeParse({ visitedOn: today, checklist: all('adequate'), outcome: 'verified', careLevel: 'red' }).success).toBe(false)
  })
})

describe('a parent who has died (a widowed parent who leaves to work still entrusts the child, 001 #7)', () => {
  const widowed = () => {
    const input = valid()
    input.registrant = 'father'
    input.parents[1] = { relation: 'mother', situation: 'deceased', name: '王秀兰', phone: '13812345678' }
    return input
  }

  it('is accepted with a name and no phone; a phone typed before the choice is dropped', () => {
    const r = EntrustmentCreate.parse(widowed())
    expect(r.parents[1]).toEqual({ relation: 'mother', situation: 'deceased', name: '王秀兰' })
    expect(livingParents(r.parents).map((p) => p.relation)).toEqual(['father'])
  })

  it('the child is not counted as left behind (004 §2(一) speaks of the other living parent), and the reason says why', () => {
    const r = EntrustmentCreate.parse(widowed())
    const d = determineLeftBehind(leftBehindFacts(r.children[0]!, r.parents), today)
    expect(d.leftBehind).toBe(false)
    expect(d.reasons).toContain('父母一方已去世：不属于农村留守儿童，按农村单亲家庭儿童关爱')
  })

  it('refuses a registration by the parent who has died, both parents deceased, and a widowed parent at home who can care', () => {
    const byDeceased = widowed()
    byDeceased.registrant = 'mother'
    expect(errorsOf(byDeceased).registrant).toBe('您的身份：应是在世的父亲或母亲，请核对')
    const orphan = widowed()
    orphan.parents[0] = { relation: 'father', situation: 'deceased', name: '刘建国' }
    expect(errorsOf(orphan).parents).toBe('父母情况：父母双方都已去世时不用登记委托照护，请直接联系村（居）委会的儿童主任')
    const atHome = widowed()
    atHome.parents[0] = { relation: 'father', situation: 'not_away', name: '刘建国', phone: '13912345678', canGuard: true }
    expect(errorsOf(atHome).parents).toContain('才需要登记委托照护')
  })

  it('the police record the consent of a living parent only', () => {
    const input = { ...widowed(), registrant: undefined, guardian: 'mother', unit: '泗县看守所' }
    const r = PoliceEntrustmentCreate.safeParse(input)
    expect(r.success).toBe(false)
    expect(fieldErrors(r.error!, entrustmentFieldLabels).find((e) => e.field === 'guardian')?.message).toBe('同意的监护人：应是在世的父亲或母亲，请核对')
    expect(PoliceEntrustmentCreate.safeParse({ ...input, guardian: 'father' }).success).toBe(true)
  })

  it('an empty choice asks which it is, naming the parent once', () => {
    const input = valid()
    input.parents[0] = { relation: 'father', name: '刘建国' }
    expect(errorsOf(input)['parents.0.situation']).toBe('请选择第1位家长的情况')
  })
})
