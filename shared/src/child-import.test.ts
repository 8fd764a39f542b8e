import { describe, expect, it } from 'vitest'
import {
  type LedgerContext,
  type LedgerKey,
  checkLedgerRow,
  duplicateRowError,
  ledgerCategoryChoices,
  ledgerDate,
  matchHeaders,
  parseSituations,
} from './child-import'
import { policyForDivision } from './policy'

const ctx: LedgerContext = {
  today: '2026-11-28',
  areaCode: '341324000000',
  areaName: '泗县',
  villages: new Map([
    ['341324102200', { name: '丁湖村', townshipName: '丁湖镇' }],
    ['341324103200', { name: '草沟村', townshipName: '草沟镇' }],
  ]),
  categories: ledgerCategoryChoices(policyForDivision('341324000000', '2026-11-28')),
}

const good: Partial<Record<LedgerKey, string>> = {
  name: '张小明',
  sex: '男',
  birthDate: '2015-09-01',
  idNumber: '341324201509011712',
  householdRegistration: '农村户口',
  villageCode: '341324102200',
  villageName: '丁湖村',
  fatherSituation: '外出务工',
  fatherWorkplace: '310101',
  fatherAwaySince: '2026-03-01',
  motherSituation: '重病',
  caregiverName: '张桂芳',
  caregiverRelation: '祖父母',
  categories: '重残、重病和贫困家庭儿童、单亲家庭儿童',
  colour: '黄色',
  situations: '照看孩子的老人或大人自己生活不能自理',
  colourReason: '祖母年老多病',
  lastHomeVisitOn: '2026/10/5',
}

const errorsOf = (cells: Partial<Record<LedgerKey, string>>) => {
  const c = checkLedgerRow(12, cells, ctx)
  return c.ok ? [] : c.errors
}

describe('a ledger row', () => {
  it('a valid row becomes the child file’s enrolment input', () => {
    const c = checkLedgerRow(2, good, ctx)
    expect(c.ok).toBe(true)
    if (!c.ok) return
    expect(c.row.key).toBe('341324201509011712')
    expect(c.row.lastHomeVisitOn).toBe('2026-10-05')
    expect(c.row.enrolment).toMatchObject({
      name: '张小明',
      sex: 'male',
      villageCode: '341324102200',
      singleParent: true,
      difficultyCategories: ['dibao_referral'],
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2026-03-01' },
        { relation: 'mother', situation: 'unable', unableReason: 'severe_illness' },
      ],
      caregiver: { name: '张桂芳', relationship: 'paternal_grandparent' },
      grade: { situations: ['carer_incapable'], reason: '祖母年老多病' },
      schooling: { stage: 'primary' },
    })
  })

  it('a wrong check digit is said by row and column in plain Chinese', () => {
    expect(errorsOf({ ...good, idNumber: '341324201509011713' })).toEqual([
      { row: 12, column: '身份证号码', code: 'id_check_digit', message: '第 12 行「身份证号码」：校验位不对，请核对' },
    ])
  })

  it('every problem of a row is reported, not only the first', () => {
    const codes = errorsOf({ ...good, name: '', sex: '男', birthDate: '2099-01-01', colour: '紫色' }).map((e) => `${e.column}|${e.code}`)
    expect(codes).toEqual(['姓名|required', '出生日期|future_date', '风险等级|invalid_choice'])
  })

  it('a village outside the county, a township code or an unknown village is refused', () => {
    expect(errorsOf({ ...good, villageCode: '341302102200' })[0]!.message).toBe('第 12 行「现居住村（社区）代码」：这个村（社区）不在泗县，只能导入本辖区的孩子')
    expect(errorsOf({ ...good, villageCode: '341324102000' })[0]!.code).toBe('not_village')
    expect(errorsOf({ ...good, villageCode: '341324102299' })[0]!.code).toBe('unknown_village')
    expect(errorsOf({ ...good, villageName: '石丁村' })[0]!.message).toContain('代码是丁湖村')
    const town = checkLedgerRow(3, { ...good, villageCode: '341324103200', villageName: '' }, { ...ctx, areaCode: '341324102000', areaName: '丁湖镇' })
    expect(town.ok).toBe(false)
  })

  it('the colour must be the one the situations give; red, yellow and blue need situations and a reason', () => {
    expect(errorsOf({ ...good, colour: '蓝色' })[0]!.message).toBe('第 12 行「风险等级」：和风险情形不一致：按填写的情形应为黄色')
    expect(errorsOf({ ...good, situations: '', colourReason: '' }).map((e) => e.column)).toEqual(['风险情形', '定级理由'])
    expect(checkLedgerRow(2, { ...good, colour: '绿色', situations: '', colourReason: '' }, ctx).ok).toBe(true)
  })

  it('a parent working away needs where and since when (left-behind is computed from them)', () => {
    expect(errorsOf({ ...good, fatherWorkplace: '', fatherAwaySince: '' }).map((e) => e.column)).toEqual(['父亲务工地代码', '父亲外出时间'])
    expect(errorsOf({ ...good, fatherWorkplace: '310000' })[0]!.code).toBe('not_county')
  })

  it('an ID number Excel stored as a number is explained', () => {
    expect(errorsOf({ ...good, idNumber: '3.41324201509012E+17' })[0]!.code).toBe('number_format')
  })

  it('the birth date and sex must agree with the ID number; an adult gets no child file', () => {
    expect(errorsOf({ ...good, birthDate: '2015-09-02' })[0]!.message).toContain('2015-09-01')
    expect(errorsOf({ ...good, sex: '女' })[0]!.column).toBe('性别')
    expect(errorsOf({ ...good, idNumber: '', birthDate: '2005-01-01' })[0]!.code).toBe('adult')
  })

  it('without an ID number the row key is county, name, birth date and village', () => {
    const c = checkLedgerRow(2, { ...good, idNumber: '' }, ctx)
    expect(c.ok && c.row.key).toBe('341324:张小明:2015-09-01:341324102200')
  })

  it('left-behind and other words that are not categories of the policy set are refused', () => {
    expect(errorsOf({ ...good, categories: '留守儿童' })[0]).toMatchObject({ column: '儿童类别', code: 'invalid_choice' })
  })
})

describe('reading cells', () => {
  it('situations are read label by label, though labels hold 、 and ，', () => {
    expect(parseSituations('照护明显不足（常吃不饱、穿不暖、无人过问）、孩子有残疾或重病，没有得到治疗康复')).toEqual({ ids: ['care_lacking', 'disability_unsupported'], unknown: [] })
    expect(parseSituations('打架').unknown).toEqual(['打架'])
  })

  it('dates as people type them', () => {
    for (const t of ['2015-09-01', '2015/9/1', '2015.9.1', '2015年9月1日', '20150901']) expect(ledgerDate(t)).toBe('2015-09-01')
    expect(ledgerDate('2015-02-30')).toBeUndefined()
    expect(ledgerDate('九月一日')).toBeUndefined()
  })

  it('headers with *, spaces or half-width brackets are recognised; missing required ones are named', () => {
    const m = matchHeaders(['序号', '姓名*', ' 性别 ', '现居住村(社区)代码'])
    expect(m.columns).toEqual({ seq: 1, name: 2, sex: 3, villageCode: 4 })
    expect(m.missing).toEqual(['出生日期', '户口类型', '父亲情况', '母亲情况', '风险等级'])
  })

  it('a repeated child names the first row', () => {
    expect(duplicateRowError(30, 12, true).message).toBe('第 30 行「身份证号码」：和第 12 行是同一个身份证号码，同一个孩子只填一行')
  })
})
