import type { CategoryRule, DocumentRequirement, PolicySet } from './types'

/**
 * Wenling city (Zhejiang), 温市委办发〔2023〕24号, seed 003. The only seed with the complete
 * chain of formulas (003 §2(一)1–5), so the one a guardian can get a real estimate from.
 */

const identity: DocumentRequirement[] = [
  { kind: 'household_register', clause: '003 §1' },
  { kind: 'child_birth_or_id', clause: '003 §1' },
  { kind: 'guardian_id', clause: '003 §1' },
]

/** Both parents' situations that leave nobody to raise the child, short of both having died. */
const unsupportedParents = ['deceased', 'missing', 'severely_disabled', 'seriously_ill', 'imprisoned'] as const

const categories: CategoryRule[] = [
  {
    id: 'institution_orphan',
    officialName: '福利机构孤儿',
    guardianLabel: '儿童福利机构养育的孤儿',
    clause: '003 §2(一)1',
    plain: '由儿童福利机构养育的孤儿',
    appliesWhen: { parents: 'each', in: ['deceased'] },
    // Placed and paid through the welfare institution; the base of every other Wenling amount.
    guardianMayApply: false,
    documents: [...identity, { kind: 'death_certificate', clause: '003 §2(一)1' }],
    amount: {
      kind: 'percent_of_yearly_parameter',
      parameter: 'urbanConsumptionPerCapita',
      percent: 70,
      clause: '003 §2(一)1',
      plain: '福利机构孤儿：每年不低于当地上年度城镇常住居民人均生活消费支出的 70%，按月发放',
    },
    livingAllowance: true,
    exitAt18: true,
  },
  {
    id: 'scattered_orphan',
    officialName: '社会散居孤儿',
    guardianLabel: '父母双亡、由亲属抚养的孩子',
    clause: '003 §2(一)1',
    plain: '父母都已去世，由亲属等在家庭中抚养的孩子',
    appliesWhen: { parents: 'each', in: ['deceased'] },
    guardianMayApply: true,
    documents: [...identity, { kind: 'death_certificate', clause: '003 §2(一)1' }],
    amount: {
      kind: 'percent_of_category',
      category: 'institution_orphan',
      percent: 80,
      clause: '003 §2(一)1',
      plain: '散居孤儿：福利机构孤儿标准的 80%',
    },
    livingAllowance: true,
    exitAt18: true,
  },
  {
    id: 'fact_unsupported',
    officialName: '事实无人抚养儿童',
    guardianLabel: '父母不能抚养的孩子（事实无人抚养）',
    clause: '003 §2(一)2',
    plain: '父母重残、重病、服刑、失踪失联，或一方去世另一方有上述情形，实际没有人抚养的孩子',
    appliesWhen: { all: [{ parents: 'each', in: [...unsupportedParents] }, { not: { parents: 'each', in: ['deceased'] } }] },
    guardianMayApply: true,
    documents: [
      ...identity,
      { kind: 'death_certificate', clause: '003 §2(一)2', when: { parents: 'some', in: ['deceased'] } },
      { kind: 'missing_proof', clause: '003 §2(一)2', when: { parents: 'some', in: ['missing'] } },
      { kind: 'imprisonment_proof', clause: '003 §2(一)2', when: { parents: 'some', in: ['imprisoned'] } },
      { kind: 'disability_certificate', clause: '003 §2(一)2', when: { parents: 'some', in: ['severely_disabled'] } },
      { kind: 'diagnosis', clause: '003 §2(一)2', when: { parents: 'some', in: ['seriously_ill'] } },
    ],
    amount: { kind: 'percent_of_category', category: 'scattered_orphan', percent: 100, clause: '003 §2(一)2', plain: '事实无人抚养儿童：按散居孤儿标准发放' },
    livingAllowance: true,
    exitAt18: true,
  },
  {
    id: 'own_difficulty',
    officialName: '自身困境儿童',
    guardianLabel: '因残疾或重病需要照料的孩子',
    clause: '003 §2(一)2',
    plain: '孩子自身残疾或患重病，康复、照料、护理有困难',
    appliesWhen: { any: [{ disability: ['grade_1_2', 'mental_grade_3_4', 'other_grade'] }, { flag: 'seriousIllness' }] },
    guardianMayApply: true,
    documents: [
      ...identity,
      { kind: 'disability_certificate', clause: '003 §1', when: { disability: ['grade_1_2', 'mental_grade_3_4', 'other_grade'] } },
      { kind: 'diagnosis', clause: '003 §1', when: { flag: 'seriousIllness' } },
    ],
    amount: { kind: 'percent_of_category', category: 'scattered_orphan', percent: 100, clause: '003 §2(一)2', plain: '因残疾或重病需要照料的孩子：按散居孤儿标准发放' },
    livingAllowance: true,
    exitAt18: true,
  },
  {
    id: 'hiv_affected',
    officialName: '受艾滋病影响儿童',
    guardianLabel: '受艾滋病影响的孩子',
    clause: '003 §2(一)3',
    plain: '孩子本人或父母受艾滋病影响',
    // A child who carries HIV is affected by it too.
    appliesWhen: { any: [{ flag: 'hivAffected' }, { flag: 'hivInfected' }] },
    guardianMayApply: true,
    documents: [...identity, { kind: 'hiv_medical_proof', clause: '003 §2(一)3' }],
    amount: { kind: 'percent_of_category', category: 'scattered_orphan', percent: 100, clause: '003 §2(一)3', plain: '受艾滋病影响的孩子：按散居孤儿标准发放' },
    livingAllowance: true,
    exitAt18: true,
  },
  {
    id: 'dibao_family',
    officialName: '低保家庭儿童',
    guardianLabel: '享受低保家庭的孩子',
    clause: '003 §2(一)4',
    plain: '家庭享受最低生活保障（低保）的孩子，在低保之外另行发放',
    appliesWhen: { familyAssistance: ['dibao'] },
    guardianMayApply: true,
    documents: [...identity, { kind: 'assistance_certificate', clause: '003 §2(一)4' }],
    amount: {
      kind: 'percent_of_category',
      category: 'scattered_orphan',
      percent: 20,
      floorFen: 200_00,
      clause: '003 §2(一)4',
      plain: '低保家庭儿童：散居孤儿标准的 20%，且每月不低于 200 元',
    },
    supplements: [
      {
        id: 'infant_nutrition',
        label: '婴幼儿营养补贴',
        monthlyFen: 30_00,
        when: { ageUnderMonths: 12 },
        clause: '003 §2(一)4',
        plain: '低收入家庭中 1 周岁以内的孩子，每月另加婴幼儿营养补贴 30 元',
      },
    ],
    livingAllowance: true,
    // 003 §2(一)4: 在享受低保政策的基础上发放 — paid on top of the family's 低保.
    combinesWith: ['dibao'],
    // 003 §2(一): 符合政府供养福利保障范围的儿童（低保家庭儿童除外）成年后……
    exitAt18: false,
  },
  {
    id: 'dibao_edge_infant',
    officialName: '低保边缘家庭婴幼儿',
    guardianLabel: '低保边缘家庭 1 周岁以内的孩子',
    clause: '003 §2(一)4',
    plain: '低保边缘家庭中 1 周岁以内的孩子，可领取婴幼儿营养补贴',
    appliesWhen: { all: [{ familyAssistance: ['dibao_edge'] }, { ageUnderMonths: 12 }] },
    guardianMayApply: true,
    documents: [...identity, { kind: 'assistance_certificate', clause: '003 §2(一)4' }],
    amount: { kind: 'none', clause: '003 §2(一)4', plain: '低保边缘家庭没有按月的基本生活费补助' },
    supplements: [
      {
        id: 'infant_nutrition',
        label: '婴幼儿营养补贴',
        monthlyFen: 30_00,
        when: { ageUnderMonths: 12 },
        clause: '003 §2(一)4',
        plain: '低收入家庭中 1 周岁以内的孩子，每月婴幼儿营养补贴 30 元',
      },
    ],
    livingAllowance: false,
    exitAt18: false,
  },
  {
    id: 'wandering',
    officialName: '流浪儿童',
    guardianLabel: '民政部门救助的流浪儿童',
    clause: '003 §2(一)5',
    plain: '民政部门救助的流浪儿童和公安部门移送的临时代为抚养儿童，救助期间发放',
    appliesWhen: { any: [] },
    // Paid by the rescuing civil-affairs office during the rescue; nobody applies for it.
    guardianMayApply: false,
    documents: [],
    amount: { kind: 'percent_of_category', category: 'scattered_orphan', percent: 50, clause: '003 §2(一)5', plain: '流浪儿童：救助期间按散居孤儿标准的 50% 发放' },
    livingAllowance: true,
    exitAt18: false,
  },
  {
    id: 'temporary_loss',
    officialName: '暂时性失依儿童',
    guardianLabel: '因突发事件暂时失去依靠的孩子',
    clause: '003 §2(一)6',
    plain: '因突发事件（事故、灾害、家人重病等）暂时失去依靠的孩子，给予临时救助',
    appliesWhen: { flag: 'suddenHardship' },
    guardianMayApply: true,
    documents: [...identity, { kind: 'family_statement', clause: '003 §2(一)6' }],
    amount: { kind: 'none', clause: '003 §2(一)6', plain: '临时救助：按实际情况一次性给予，没有固定的月标准' },
    livingAllowance: false,
    exitAt18: false,
  },
]

export const wenling2023: PolicySet = {
  locality: 'wenling',
  name: '温岭市',
  // Wenling itself only. The demo county 泗县 has its own set (sixian.ts, seed 001): a family
  // is never shown another place's policy.
  counties: ['331081'],
  version: '2023.1',
  effectiveFrom: '2023-07-24',
  source: { seed: '003', title: '关于推进困境儿童精准保障工作的实施意见', docNo: '温市委办发〔2023〕24号' },
  parameters: {
    urbanConsumptionPerCapita: {
      valueFen: 48_000_00,
      unit: 'fen_per_year',
      label: '当地上年度城镇常住居民人均生活消费支出',
      // The formula's one local input (003 §2(一)1). Replace with the statistics bureau's
      // published figure for the previous year when a new version takes effect.
      source: '演示值（48,000 元/年）；正式使用时按统计部门公布的上年度数据设置',
      demo: true,
    },
  },
  roundUpToFen: 100,
  categories,
  noDoubleSupport: {
    exclusive: ['dibao', 'orphan_allowance', 'tekun', 'fact_unsupported_allowance'],
    combinable: ['nursing_subsidy', 'rehab_training_subsidy', 'rehab_living_subsidy'],
    clause: '003 §2(一); 003 §2(二)2',
    plain: '基本生活费补助与其他生活救助不重复享受；护理补贴、医疗康复训练补贴、康复生活补贴可以重复享受',
  },
  exit: {
    atAge: 18,
    clause: '003 §2(一)',
    stopOneOffMonths: 6,
    inSchoolThenOneOffMonths: 6,
    enlistedOneOffMonths: 12,
    capacityCondition: {
      question: '是否具备劳动能力和完全民事行为能力',
      clause: '003 §2(一)',
      ifNot: '不具备劳动能力或完全民事行为能力的，不按「成年后一次性发放 6 个月」退出：请先按规定为其办理特困人员救助供养等保障，期间继续按月发放',
    },
    plain: '年满 18 周岁、具备劳动能力和完全民事行为能力的，不再纳入保障，一次性发放 6 个月的基本生活费；仍在校就学的继续发放至毕业，毕业后一次性发放 6 个月；就学期间应征入伍的一次性发放 12 个月，保留学籍回校就学期间恢复发放',
  },
  publicNoticeDays: 7,
  reviewEveryMonths: 12,
  // 003 §2(一): 发放对象按月动态管理. The yearly home review is local practice on top of it.
  reviewClause: '003 §2(一)',
  epidemic: {
    clause: '000 §3(一)',
    categories: ['scattered_orphan', 'fact_unsupported'],
    plain: '疫情防控期间，孤儿和事实无人抚养儿童的申请不因材料不全中止办理，材料可以事后补交；当月审批、当月发放',
  },
}
