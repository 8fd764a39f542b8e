import type { DocumentRequirement, PolicySet } from './types'

/**
 * Guangdong province, 粤民发〔2024〕32号, seed 004: the six categories of 004 §2(二) and the
 * 6-month transition after exit (004 #9). The seed sets no amounts: orphans and de-facto
 * unsupported children are paid the province's published standard, named here as a parameter;
 * the other categories are supported through 低保 / 特困 / disability schemes, not a monthly
 * children's allowance of their own.
 */

const identity: DocumentRequirement[] = [
  { kind: 'household_register', clause: '004 §2(二)' },
  { kind: 'child_birth_or_id', clause: '004 §2(二)' },
  { kind: 'guardian_id', clause: '004 §2(二)' },
]

export const guangdong2024: PolicySet = {
  locality: 'guangdong',
  name: '广东省',
  counties: ['44'],
  version: '2024.1',
  effectiveFrom: '2024-04-18',
  source: { seed: '004', title: '广东省农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案', docNo: '粤民发〔2024〕32号' },
  parameters: {
    scatteredOrphanStandard: {
      valueFen: 1_600_00,
      unit: 'fen_per_month',
      label: '社会散居孤儿基本生活最低养育标准',
      source: '演示值（1,600 元/月）；正式使用时按省民政厅、财政厅公布的当年标准设置',
      demo: true,
    },
  },
  roundUpToFen: 100,
  categories: [
    {
      id: 'orphan',
      officialName: '孤儿（含艾滋病病毒感染儿童）',
      guardianLabel: '父母双亡的孩子，或感染艾滋病病毒的孩子',
      clause: '004 §2(二)1',
      plain: '父母都已去世的孩子；感染艾滋病病毒的孩子同样对待',
      appliesWhen: { any: [{ parents: 'each', in: ['deceased'] }, { flag: 'hivInfected' }] },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'death_certificate', clause: '004 §2(二)1', when: { parents: 'some', in: ['deceased'] } },
        { kind: 'hiv_medical_proof', clause: '004 §2(二)1', when: { flag: 'hivInfected' } },
      ],
      amount: { kind: 'local_standard', parameter: 'scatteredOrphanStandard', clause: '004 #9', plain: '孤儿：按省定散居孤儿基本生活标准发放' },
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'fact_unsupported',
      officialName: '事实无人抚养儿童',
      guardianLabel: '父母不能抚养的孩子（事实无人抚养）',
      clause: '004 §2(二)2',
      plain: '父母重残、重病、服刑、失踪失联，或一方去世另一方有上述情形，实际没有人抚养的孩子',
      appliesWhen: {
        all: [{ parents: 'each', in: ['deceased', 'missing', 'severely_disabled', 'seriously_ill', 'imprisoned'] }, { not: { parents: 'each', in: ['deceased'] } }],
      },
      guardianMayApply: true,
      documents: [
        ...identity,
        { kind: 'death_certificate', clause: '004 §2(二)2', when: { parents: 'some', in: ['deceased'] } },
        { kind: 'missing_proof', clause: '004 §2(二)2', when: { parents: 'some', in: ['missing'] } },
        { kind: 'imprisonment_proof', clause: '004 §2(二)2', when: { parents: 'some', in: ['imprisoned'] } },
        { kind: 'disability_certificate', clause: '004 §2(二)2', when: { parents: 'some', in: ['severely_disabled'] } },
        { kind: 'diagnosis', clause: '004 §2(二)2', when: { parents: 'some', in: ['seriously_ill'] } },
      ],
      amount: { kind: 'local_standard', parameter: 'scatteredOrphanStandard', clause: '004 #9', plain: '事实无人抚养儿童：按散居孤儿基本生活标准发放' },
      livingAllowance: true,
      exitAt18: true,
    },
    {
      id: 'difficult_family',
      officialName: '困难家庭儿童',
      guardianLabel: '低保、低保边缘、支出型困难或特困家庭的孩子',
      clause: '004 §2(二)3',
      plain: '最低生活保障家庭、低保边缘家庭、支出型困难家庭中的孩子，以及特困人员中的孩子',
      appliesWhen: { familyAssistance: ['dibao', 'dibao_edge', 'expense_hardship', 'tekun'] },
      guardianMayApply: true,
      documents: [...identity, { kind: 'assistance_certificate', clause: '004 §2(二)3' }],
      amount: { kind: 'none', clause: '004 #9', plain: '通过低保、低保边缘、支出型困难家庭救助或特困供养保障基本生活，没有另外的儿童月补贴' },
      livingAllowance: false,
      exitAt18: false,
    },
    {
      id: 'severely_disabled',
      officialName: '重残儿童',
      guardianLabel: '重度残疾的孩子',
      clause: '004 §2(二)4',
      plain: '一级、二级残疾，或三级、四级精神、智力残疾的孩子',
      appliesWhen: { disability: ['grade_1_2', 'mental_grade_3_4'] },
      guardianMayApply: true,
      documents: [...identity, { kind: 'disability_certificate', clause: '004 §2(二)4' }],
      amount: { kind: 'none', clause: '004 #9', plain: '享受残疾人两项补贴和康复救助，没有另外的儿童月补贴' },
      livingAllowance: false,
      exitAt18: false,
    },
    {
      id: 'fallback_guardianship',
      officialName: '兜底监护儿童',
      guardianLabel: '由民政部门监护的孩子',
      clause: '004 §2(二)5',
      plain: '依据未成年人保护法需民政部门长期监护或临时监护的孩子',
      appliesWhen: { any: [] },
      // Decided by civil affairs under the Minors Protection Law, not applied for by a family.
      guardianMayApply: false,
      documents: [],
      amount: { kind: 'none', clause: '004 §2(二)5', plain: '由民政部门安置照料' },
      livingAllowance: false,
      exitAt18: false,
    },
    {
      id: 'other',
      officialName: '其他类型',
      guardianLabel: '市、县规定的其他情形',
      clause: '004 §2(二)6',
      plain: '法律法规规章、上级政策文件及市、县人民政府规定的其他类型',
      appliesWhen: { any: [] },
      guardianMayApply: false,
      documents: [],
      amount: { kind: 'none', clause: '004 §2(二)6', plain: '按市、县规定' },
      livingAllowance: false,
      exitAt18: false,
    },
  ],
  noDoubleSupport: {
    exclusive: ['dibao', 'orphan_allowance', 'tekun', 'fact_unsupported_allowance'],
    combinable: ['nursing_subsidy', 'rehab_training_subsidy', 'rehab_living_subsidy'],
    clause: '004 #9; 004 §4(一)',
    plain: '每个孩子纳入一种基本生活保障（低保、特困、孤儿或事实无人抚养儿童），不重复享受；各部门比对是否按规定纳入或退出基本生活保障',
    note: '004 places each child in one scheme and requires data comparison (004 §4(一)) but does not spell out non-duplication; the wording follows 002 §3(一) and 003 §2(一).',
  },
  exit: {
    atAge: 18,
    clause: '004 #9',
    stopOneOffMonths: 0,
    inSchoolThenOneOffMonths: null,
    enlistedOneOffMonths: null,
    transition: {
      months: 6,
      categories: ['orphan', 'fact_unsupported'],
      clause: '004 #9',
      plain: '孤儿、事实无人抚养儿童退出基本生活保障后，设置 6 个月过渡期，过渡期内继续享受基本生活保障待遇',
    },
    plain: '年满 18 周岁退出基本生活保障；孤儿、事实无人抚养儿童无论因何退出，退出后都有 6 个月过渡期，继续发放',
  },
  publicNoticeDays: 7,
  reviewEveryMonths: 12,
  // 004 §4(一): departments compare whether children were rightly taken into or out of basic
  // living support. (004 #8 is the county's yearly spot check of the files, not this.)
  reviewClause: '004 §4(一)',
  epidemic: {
    clause: '000 §3(一)',
    categories: ['orphan', 'fact_unsupported'],
    plain: '疫情防控期间，孤儿和事实无人抚养儿童的申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
  },
}
