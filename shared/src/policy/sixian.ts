import type { AmountRule, DocumentRequirement, PolicySet } from './types'

/**
 * 泗县 (Anhui), the demo county: 泗政办秘〔2020〕9号, seed 001. Its own notice, read as it is
 * (001 §2(一)2):
 *
 * > 事实无人抚养儿童、艾滋病病毒感染儿童，参照全县社会散居孤儿保障标准发放基本生活补贴。
 * > 符合最低生活保障条件的重残儿童、重病儿童和贫困家庭儿童，按程序纳入保障范围，为其提供基本生活保障。
 * > 因遭遇突发性事件、意外伤害、受监护人侵害导致儿童及其家庭生活陷入困境的，给予临时救助。
 *
 * So only orphans, de-facto unsupported and HIV-infected children are paid a children's
 * allowance, at the county's scattered-orphan standard — a published county figure, kept here as
 * a named parameter. Disabled, seriously ill and poor-family children are supported through
 * 低保, and sudden hardship through 临时救助: the pre-check sends them there and promises no
 * amount. (Until 2026 the demo ran Wenling's formulas here, promising 448 元 to every 低保 child.)
 */

const identity: DocumentRequirement[] = [
  { kind: 'household_register', clause: '001 §2(一)1' },
  { kind: 'child_birth_or_id', clause: '001 §2(一)1' },
  { kind: 'guardian_id', clause: '001 §2(一)1' },
]

const orphanStandard = (clause: string, plain: string): AmountRule => ({ kind: 'local_standard', parameter: 'scatteredOrphanStandard', clause, plain })

export const sixian2020: PolicySet = {
  locality: 'sixian',
  name: '泗县',
  counties: ['341324'],
  version: '2020.1',
  effectiveFrom: '2020-03-20',
  source: { seed: '001', title: '泗县人民政府办公室关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知', docNo: '泗政办秘〔2020〕9号' },
  parameters: {
    scatteredOrphanStandard: {
      valueFen: 1_000_00,
      unit: 'fen_per_month',
      label: '全县社会散居孤儿保障标准',
      // 001 §2(一)2 refers to the county's standard without stating it.
      source: '演示值（1,000 元/月）；正式使用时按县民政局公布的当年社会散居孤儿保障标准设置',
      demo: true,
    },
  },
  roundUpToFen: 100,
  categories: [
    {
      id: 'scattered_orphan',
      officialName: '社会散居孤儿',
      guardianLabel: '父母双亡、由亲属抚养的孩子',
      // 001 §2(一)1 lists orphans among the children protected; their standard is the one the
      // other categories are pegged to (001 §2(一)2).
      clause: '001 §2(一)1',
      plain: '父母都已去世，由亲属等在家庭中抚养的孩子',
      appliesWhen: { parents: 'each', in: ['deceased'] },
      guardianMayApply: true,
      documents: [...identity, { kind: 'death_certificate', clause: '001 §2(一)1' }],
      amount: orphanStandard('001 §2(一)2', '父母双亡的孩子：按全县社会散居孤儿保障标准发放'),
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'fact_unsupported',
      officialName: '事实无人抚养儿童',
      guardianLabel: '父母不能抚养的孩子',
      clause: '001 §2(一)2',
      // 001 names the category without defining it; the definition is the national one
      // (民发〔2019〕62号): both parents, or one dead or missing and the other, 重残、重病、服刑在押、失联.
      plain: '父母重残、重病、服刑、失踪失联，或一方去世另一方有上述情形，实际没有人抚养的孩子',
      appliesWhen: {
        all: [{ parents: 'each', in: ['deceased', 'missing', 'severely_disabled', 'seriously_ill', 'imprisoned'] }, { not: { parents: 'each', in: ['deceased'] } }],
      },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'death_certificate', clause: '001 §2(一)2', when: { parents: 'some', in: ['deceased'] } },
        { kind: 'missing_proof', clause: '001 §2(一)2', when: { parents: 'some', in: ['missing'] } },
        { kind: 'imprisonment_proof', clause: '001 §2(一)2', when: { parents: 'some', in: ['imprisoned'] } },
        { kind: 'disability_certificate', clause: '001 §2(一)2', when: { parents: 'some', in: ['severely_disabled'] } },
        { kind: 'diagnosis', clause: '001 §2(一)2', when: { parents: 'some', in: ['seriously_ill'] } },
      ],
      amount: orphanStandard('001 §2(一)2', '父母不能抚养的孩子：参照全县社会散居孤儿保障标准发放'),
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'hiv_infected',
      officialName: '艾滋病病毒感染儿童',
      guardianLabel: '需要长期治疗的孩子',
      clause: '001 §2(一)2',
      plain: '孩子本人感染艾滋病病毒',
      appliesWhen: { flag: 'hivInfected' },
      guardianMayApply: true,
      documents: [...identity, { kind: 'hiv_medical_proof', clause: '001 §2(一)2' }],
      amount: orphanStandard('001 §2(一)2', '参照全县社会散居孤儿保障标准发放'),
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'dibao_referral',
      officialName: '重残、重病和贫困家庭儿童',
      guardianLabel: '重度残疾、患重病或家庭困难的孩子',
      clause: '001 §2(一)2',
      plain: '孩子重度残疾或患重病，或者家庭贫困',
      appliesWhen: {
        any: [
          { disability: ['grade_1_2', 'mental_grade_3_4'] },
          { flag: 'seriousIllness' },
          { familyAssistance: ['dibao', 'dibao_edge', 'expense_hardship', 'tekun'] },
        ],
      },
      guardianMayApply: false,
      directedTo: {
        scheme: '最低生活保障（低保）',
        clause: '001 §2(一)2',
        plain:
          '按泗县的政策，这种情况没有单独的儿童补贴：符合低保条件的，按程序纳入低保，由低保保障孩子的基本生活；已经享受低保的，继续按低保领取。还没有享受低保的，可以请村儿童主任帮您申请低保。',
      },
      documents: [],
      amount: { kind: 'none', clause: '001 §2(一)2', plain: '纳入低保保障基本生活，没有单独的儿童月补贴' },
      livingAllowance: false,
      exitAt18: false,
    },
    {
      id: 'temporary_assistance',
      officialName: '遭遇突发事件、意外伤害的儿童',
      guardianLabel: '遇到突发困难的孩子',
      clause: '001 §2(一)2',
      plain: '因突发事件、意外伤害或受到监护人侵害，孩子和家里生活陷入困难',
      appliesWhen: { flag: 'suddenHardship' },
      guardianMayApply: false,
      directedTo: {
        scheme: '临时救助',
        clause: '001 §2(一)2',
        plain: '按泗县的政策，遇到突发事件、意外伤害等困难的，给予临时救助，按实际情况一次性发放，没有固定的月标准。请尽快告诉村儿童主任，由村里帮您申请临时救助。',
      },
      documents: [],
      amount: { kind: 'none', clause: '001 §2(一)2', plain: '临时救助，按实际情况一次性给予' },
      livingAllowance: false,
      exitAt18: false,
    },
  ],
  noDoubleSupport: {
    exclusive: ['dibao', 'orphan_allowance', 'tekun', 'fact_unsupported_allowance'],
    combinable: ['nursing_subsidy', 'rehab_training_subsidy', 'rehab_living_subsidy'],
    clause: '001 §2(一)2',
    plain: '孩子的基本生活保障只享受一种（孤儿、事实无人抚养儿童补贴或低保），护理补贴和康复补贴可以同时享受',
    note: '001 gives each group one scheme (orphan standard, or 低保, or 临时救助) without stating non-duplication in so many words; the wording follows 002 §3(一) and 003 §2(一).',
  },
  exit: {
    atAge: 18,
    clause: '001 §2(一)1',
    stopOneOffMonths: 0,
    inSchoolThenOneOffMonths: null,
    enlistedOneOffMonths: null,
    plain: '补贴面向未满 18 周岁的孩子；泗县的通知没有规定成年后一次性发放或在校继续发放，由县民政局按上级规定办理',
  },
  publicNoticeDays: 7,
  reviewEveryMonths: 12,
  // 001 §2(一)6: the village verifies each child's family situation every quarter and reports it.
  reviewClause: '001 §2(一)6',
  epidemic: {
    clause: '000 §3(一)',
    categories: ['scattered_orphan', 'fact_unsupported'],
    plain: '疫情防控期间，孤儿和事实无人抚养儿童的申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
  },
}
