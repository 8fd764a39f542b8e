import type { AmountRule, DocumentRequirement, PolicySet } from './types'

/**
 * Ningxia region, 宁政发〔2017〕86号, seed 002: four classes of children (002 §2(一)–(四)),
 * allowance standards (002 §3(一)) and the "one window accepts, departments handle together"
 * flow (002 §4(一)). The seed names the orphan allowance standards and how they are adjusted
 * each year but not their amounts, so the standard is a named parameter.
 */

const identity: DocumentRequirement[] = [
  { kind: 'household_register', clause: '002 §4(一)' },
  { kind: 'child_birth_or_id', clause: '002 §4(一)' },
  { kind: 'guardian_id', clause: '002 §4(一)' },
]

/**
 * 002 §3(一): 对父母双方重残、父母一方失踪另一方重残或服刑、父母一方重残另一方服刑的困境儿童，
 * 养育津贴按照事实无人抚养孤儿标准执行。
 */
const factUnsupportedStandard: AmountRule = {
  kind: 'local_standard',
  parameter: 'factUnsupportedOrphanStandard',
  clause: '002 §3(一)',
  plain: '父母双方重残、一方失踪另一方重残或服刑、一方重残另一方服刑的：按事实无人抚养孤儿养育津贴标准发放',
}

export const ningxia2017: PolicySet = {
  locality: 'ningxia',
  name: '宁夏回族自治区',
  counties: ['64'],
  version: '2017.1',
  effectiveFrom: '2017-11-09',
  source: { seed: '002', title: '自治区人民政府关于加强困境儿童保障工作的实施意见', docNo: '宁政发〔2017〕86号' },
  parameters: {
    factUnsupportedOrphanStandard: {
      valueFen: 1_000_00,
      unit: 'fen_per_month',
      label: '事实无人抚养孤儿养育津贴标准',
      // 002 §3(一): adjusted each year by 50% of the growth of rural disposable income per head.
      source: '演示值（1,000 元/月）；正式使用时按自治区每年调整后公布的标准设置',
      demo: true,
    },
  },
  roundUpToFen: 100,
  categories: [
    {
      id: 'family_difficulty',
      officialName: '家庭困境儿童',
      guardianLabel: '家庭有困难的孩子',
      clause: '002 §2(一)',
      plain: '父母一方去世、另一方重病或重残；父母双方重病、重残；或者因家庭贫困生活、就医、就学困难的孩子',
      appliesWhen: {
        any: [
          { parents: 'pair', one: ['deceased'], other: ['severely_disabled', 'seriously_ill'] },
          { parents: 'each', in: ['severely_disabled', 'seriously_ill'] },
          { familyAssistance: ['dibao', 'dibao_edge', 'expense_hardship', 'tekun'] },
        ],
      },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'death_certificate', clause: '002 §2(一)', when: { parents: 'some', in: ['deceased'] } },
        { kind: 'disability_certificate', clause: '002 §2(一)', when: { parents: 'some', in: ['severely_disabled'] } },
        { kind: 'diagnosis', clause: '002 §2(一)', when: { parents: 'some', in: ['seriously_ill'] } },
        { kind: 'assistance_certificate', clause: '002 §2(一)', when: { familyAssistance: ['dibao', 'dibao_edge', 'expense_hardship', 'tekun'] } },
      ],
      amount: {
        kind: 'none',
        clause: '002 §3(一)',
        plain: '因家庭贫困生活困难的，符合条件的纳入低保并适当提高救助水平；没有另外的儿童月补贴',
      },
      // 父母双方重残 only: both seriously ill, or one of each, is not in 002 §3(一)'s list.
      amountCases: [{ when: { parents: 'each', in: ['severely_disabled'] }, amount: factUnsupportedStandard }],
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'own_difficulty',
      officialName: '自身困境儿童',
      guardianLabel: '自身残疾或患重大疾病的孩子',
      clause: '002 §2(二)',
      plain: '孩子自身残疾（持残联核发的第二代残疾人证）或身患重大疾病，康复、照料、护理有困难',
      appliesWhen: { any: [{ disability: ['grade_1_2', 'mental_grade_3_4', 'other_grade'] }, { flag: 'seriousIllness' }] },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'disability_certificate', clause: '002 §2(二)', when: { disability: ['grade_1_2', 'mental_grade_3_4', 'other_grade'] } },
        { kind: 'diagnosis', clause: '002 §2(二)', when: { flag: 'seriousIllness' } },
      ],
      amount: { kind: 'none', clause: '002 §3(一)', plain: '符合条件的纳入残疾人两项补贴发放范围，没有另外的儿童月补贴' },
      livingAllowance: false,
      exitAt18: false,
    },
    {
      id: 'guardianship_difficulty',
      officialName: '监护困境儿童',
      guardianLabel: '父母无法履行抚养和监护的孩子',
      clause: '002 §2(三)',
      plain: '父母一方去世、另一方失踪、改嫁或服刑；一方失踪、另一方重残或服刑；一方重残、另一方服刑；父母双方失踪或服刑等，无法抚养监护的孩子',
      appliesWhen: {
        any: [
          { parents: 'pair', one: ['deceased'], other: ['missing', 'remarried_away', 'imprisoned'] },
          { parents: 'pair', one: ['missing'], other: ['severely_disabled', 'imprisoned'] },
          { parents: 'pair', one: ['severely_disabled'], other: ['imprisoned'] },
          { parents: 'each', in: ['missing', 'imprisoned'] },
        ],
      },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'death_certificate', clause: '002 §2(三)', when: { parents: 'some', in: ['deceased'] } },
        { kind: 'missing_proof', clause: '002 §2(三)', when: { parents: 'some', in: ['missing'] } },
        { kind: 'imprisonment_proof', clause: '002 §2(三)', when: { parents: 'some', in: ['imprisoned'] } },
        { kind: 'disability_certificate', clause: '002 §2(三)', when: { parents: 'some', in: ['severely_disabled'] } },
        { kind: 'family_statement', clause: '002 §2(三)' },
      ],
      amount: { kind: 'none', clause: '002 §3(一)', plain: '按相关规定安置和救助' },
      amountCases: [
        {
          when: {
            any: [
              { parents: 'pair', one: ['missing'], other: ['severely_disabled', 'imprisoned'] },
              { parents: 'pair', one: ['severely_disabled'], other: ['imprisoned'] },
            ],
          },
          amount: factUnsupportedStandard,
        },
      ],
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'temporary_difficulty',
      officialName: '临时困境儿童',
      guardianLabel: '临时遭遇困难的孩子',
      clause: '002 §2(四)',
      plain: '遭遇突发事件、意外伤害、重大疾病或其他特殊困难的孩子',
      appliesWhen: { flag: 'suddenHardship' },
      guardianMayApply: true,
      documents: [...identity, { kind: 'family_statement', clause: '002 §2(四)' }],
      amount: { kind: 'none', clause: '002 §3(一)', plain: '按相关规定实施临时救助，没有固定的月标准' },
      livingAllowance: false,
      exitAt18: false,
    },
  ],
  noDoubleSupport: {
    exclusive: ['dibao', 'orphan_allowance', 'tekun', 'fact_unsupported_allowance'],
    combinable: ['nursing_subsidy'],
    clause: '002 §3(一)',
    plain: '最低生活保障、孤儿养育津贴、特困供养救助不重复享受',
  },
  exit: {
    atAge: 18,
    clause: '002 §2',
    stopOneOffMonths: 0,
    inSchoolThenOneOffMonths: null,
    enlistedOneOffMonths: null,
    plain: '保障对象为未满 18 周岁的儿童，年满 18 周岁停止发放（本地政策未规定一次性补助）',
  },
  publicNoticeDays: 7,
  reviewEveryMonths: 12,
  // 002 §4(三): 一人一档，实行动态管理. The yearly interval is local practice.
  reviewClause: '002 §4(三)',
  epidemic: {
    clause: '000 §3(一)',
    categories: ['family_difficulty', 'guardianship_difficulty'],
    plain: '疫情防控期间，按事实无人抚养孤儿标准发放的申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
  },
}
