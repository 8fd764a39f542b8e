import * as z from 'zod'

/**
 * Children's allowance policy as data (issue #4, STYLE "Policy is data"). Each locality's
 * rules — categories, required papers, monthly amounts, which benefits exclude each other,
 * and what happens at 18 — live in one versioned `PolicySet`, every rule naming the seed
 * clause it comes from (`'003 §2(一)4'` = seed 003, part 二, item (一), point 4).
 *
 * **Money is integer fen (分) everywhere**: 1 yuan = 100 fen. Formulas are evaluated exactly
 * (as fractions) and rounded once, up, to the policy's rounding unit: the seed rules are
 * floors ("不低于"), so rounding down would pay less than the rule allows.
 */

/** A seed clause, e.g. `'003 §2(一)4'`. */
export type SeedClause = string

export const LocalityId = z.enum(['sixian', 'wenling', 'guangdong', 'ningxia'])
export type LocalityId = z.infer<typeof LocalityId>

/**
 * What a parent's situation is, as the pre-check asks it (each parent separately). 重残 and
 * 重病 are two answers: Ningxia pays the de-facto-unsupported standard for some 重残
 * combinations only, never for 重病 (002 §3(一)).
 */
export const ParentCircumstance = z.enum(['present', 'deceased', 'missing', 'severely_disabled', 'seriously_ill', 'imprisoned', 'remarried_away'], {
  error: '请选择父母的情况',
})
export type ParentCircumstance = z.infer<typeof ParentCircumstance>
export const parentCircumstanceLabel: Record<ParentCircumstance, string> = {
  present: '在家，能照顾孩子',
  deceased: '已去世',
  missing: '失踪、失联',
  severely_disabled: '重度残疾',
  seriously_ill: '患重病',
  imprisoned: '服刑、强制戒毒或被限制人身自由',
  remarried_away: '改嫁（再婚）离家，不再抚养',
}

/** Social assistance the family already receives (低保 etc.). */
export const FamilyAssistance = z.enum(['none', 'dibao', 'dibao_edge', 'expense_hardship', 'tekun'], { error: '请选择家庭享受的救助' })
export type FamilyAssistance = z.infer<typeof FamilyAssistance>
export const familyAssistanceLabel: Record<FamilyAssistance, string> = {
  none: '都没有',
  dibao: '最低生活保障（低保）',
  dibao_edge: '低保边缘家庭',
  expense_hardship: '支出型困难家庭',
  tekun: '特困人员救助供养（特困）',
}

/** The child's own disability, by the certificate (残疾人证) grade. */
export const ChildDisability = z.enum(['none', 'grade_1_2', 'mental_grade_3_4', 'other_grade'], { error: '请选择孩子的残疾情况' })
export type ChildDisability = z.infer<typeof ChildDisability>
export const childDisabilityLabel: Record<ChildDisability, string> = {
  none: '没有残疾',
  grade_1_2: '一级或二级残疾',
  mental_grade_3_4: '三级或四级精神、智力残疾',
  other_grade: '其他等级的残疾',
}

/**
 * Living support a child may already receive. The first three are "basic living" support
 * that is never paid twice (002 §3(一); 003 §2(一)); the last three may be combined (003 §2(二)2).
 */
export const Benefit = z.enum(['dibao', 'orphan_allowance', 'tekun', 'fact_unsupported_allowance', 'nursing_subsidy', 'rehab_training_subsidy', 'rehab_living_subsidy'])
export type Benefit = z.infer<typeof Benefit>
export const benefitLabel: Record<Benefit, string> = {
  dibao: '最低生活保障金（低保）',
  orphan_allowance: '孤儿基本生活费（养育津贴）',
  tekun: '特困人员救助供养金',
  fact_unsupported_allowance: '事实无人抚养儿童基本生活补贴',
  nursing_subsidy: '重度残疾人护理补贴',
  rehab_training_subsidy: '医疗康复训练补贴',
  rehab_living_subsidy: '康复生活补贴',
}

/** The few questions of the eligibility pre-check. Advice only, never a decision. */
export const PreCheckAnswers = z.object({
  /** `YYYY-MM-DD`; from the ID number when the guardian applies. */
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '请选择孩子的出生日期' }),
  /** Household registration (户籍) in this county/city: Wenling requires it (003 §1). */
  localHukou: z.boolean().default(true),
  father: ParentCircumstance,
  mother: ParentCircumstance,
  familyAssistance: FamilyAssistance.default('none'),
  disability: ChildDisability.default('none'),
  seriousIllness: z.boolean().default(false),
  /** The child or a parent is affected by HIV/AIDS (受艾滋病影响, Wenling 003 §2(一)3). */
  hivAffected: z.boolean().default(false),
  /** The child itself carries HIV (艾滋病病毒感染儿童: 泗县 001 §2(一)2, Guangdong 004 §2(二)1). */
  hivInfected: z.boolean().default(false),
  /** A sudden event (accident, disaster, serious illness of the family) left the child without support. */
  suddenHardship: z.boolean().default(false),
  /** Only asked from 18: still at school. */
  inSchool: z.boolean().default(false),
  currentBenefits: z.array(Benefit).default([]),
})
export type PreCheckAnswers = z.infer<typeof PreCheckAnswers>
export type PreCheckFacts = Omit<PreCheckAnswers, 'birthDate'> & { ageYears: number; ageMonths: number }

/**
 * When a category may apply, as data. Evaluated by `matches()` in `calculator.ts`.
 * `parents: 'each'` — both parents' situations are in `in`; `'some'` — at least one is;
 * `'pair'` — one is in `one` and the other in `other` (either way round).
 */
export type PolicyCondition =
  | { all: PolicyCondition[] }
  | { any: PolicyCondition[] }
  | { not: PolicyCondition }
  | { parents: 'each' | 'some'; in: ParentCircumstance[] }
  | { parents: 'pair'; one: ParentCircumstance[]; other: ParentCircumstance[] }
  | { familyAssistance: FamilyAssistance[] }
  | { disability: ChildDisability[] }
  | { flag: 'seriousIllness' | 'hivAffected' | 'hivInfected' | 'suddenHardship' | 'localHukou' }
  | { ageUnderMonths: number }

/** Papers a guardian photographs. Which ones a category needs is policy data. */
export const DocumentKind = z.enum([
  'household_register',
  'child_birth_or_id',
  'guardian_id',
  'death_certificate',
  'missing_proof',
  'imprisonment_proof',
  'disability_certificate',
  'diagnosis',
  'assistance_certificate',
  'hiv_medical_proof',
  'family_statement',
  'school_certificate',
  'other',
], { error: '请选择材料类型' })
export type DocumentKind = z.infer<typeof DocumentKind>
export const documentKindLabel: Record<DocumentKind, string> = {
  household_register: '户口簿（户主页和孩子页）',
  child_birth_or_id: '孩子的出生医学证明或身份证',
  guardian_id: '监护人身份证',
  death_certificate: '父母死亡证明',
  missing_proof: '公安机关出具的失踪、失联证明',
  imprisonment_proof: '服刑、强制戒毒等证明',
  disability_certificate: '残疾人证（第二代）',
  diagnosis: '医院诊断证明',
  assistance_certificate: '低保、低保边缘或特困证明',
  hiv_medical_proof: '相关医疗证明',
  family_statement: '家庭情况说明（村委会出具）',
  school_certificate: '在读证明',
  other: '其他材料',
}

export interface DocumentRequirement {
  kind: DocumentKind
  /** The clause defining the fact this paper proves. The seeds name facts, not papers. */
  clause: SeedClause
  /** Needed only when this holds (e.g. a death certificate only when a parent has died). */
  when?: PolicyCondition
}

/**
 * How a category's monthly amount is found. `percent` of another category (or of a yearly
 * local parameter divided by 12); `floorFen` a monthly minimum; `local_standard` a published
 * local figure named in the policy's parameters; `none` no monthly living allowance.
 */
export type AmountRule =
  | { kind: 'percent_of_yearly_parameter'; parameter: string; percent: number; clause: SeedClause; plain: string }
  | { kind: 'percent_of_category'; category: string; percent: number; floorFen?: number; clause: SeedClause; plain: string }
  | { kind: 'local_standard'; parameter: string; clause: SeedClause; plain: string }
  | { kind: 'none'; clause: SeedClause; plain: string }

/** An amount added on top of the category's, when its condition holds (e.g. infant nutrition). */
export interface Supplement {
  id: string
  label: string
  monthlyFen: number
  when: PolicyCondition
  clause: SeedClause
  plain: string
}

export interface CategoryRule {
  id: string
  /** The policy's own term, for staff screens and the public record. */
  officialName: string
  /** What the family sees: plain, never 困境 / 留守 (004 §7(四); DOMAIN §8). */
  guardianLabel: string
  clause: SeedClause
  /** Who this is, in plain Chinese, for the pre-check explanation. */
  plain: string
  appliesWhen: PolicyCondition
  /** Institution orphans and rescued wandering children are placed by the state, not applied for. */
  guardianMayApply: boolean
  /**
   * Set when the locality supports these children through another scheme (低保, 临时救助…)
   * rather than a children's allowance: the pre-check says where to go, in plain words, and
   * promises no amount (e.g. 泗县 001 §2(一)2). Such a category is never applied for here.
   */
  directedTo?: { scheme: string; plain: string; clause: SeedClause }
  documents: DocumentRequirement[]
  amount: AmountRule
  /** Situations within the category paid by another rule; the first that holds wins over `amount`. */
  amountCases?: { when: PolicyCondition; amount: AmountRule }[]
  supplements?: Supplement[]
  /** A basic living allowance: subject to the no-double-support rule. */
  livingAllowance: boolean
  /** Whether the age-18 exit rules apply (Wenling excludes 低保 family children, 003 §2(一)). */
  exitAt18: boolean
  /** Benefits this category is explicitly paid on top of (Wenling: 低保 children keep 低保). */
  combinesWith?: Benefit[]
}

/** What happens when a supported child turns 18. `null` months = not in this locality's rules. */
export interface ExitRules {
  atAge: number
  clause: SeedClause
  /** 成年后不再纳入保障，一次性发放 N 个月 */
  stopOneOffMonths: number
  /** 仍在校就学的继续享受至毕业，毕业后一次性发放 N 个月; null = not provided for */
  inSchoolThenOneOffMonths: number | null
  /** 就学期间应征入伍的一次性发放 N 个月; null = not provided for */
  enlistedOneOffMonths: number | null
  /**
   * A transition after **any** exit from basic living support (at 18 or earlier) during which
   * payment continues (004 #9), and the categories it covers.
   */
  transition?: { months: number; categories: string[]; clause: SeedClause; plain: string }
  /**
   * A condition of stopping at 18 that staff must answer, not assume (Wenling 003 §2(一):
   * 成年后，具备劳动能力和完全民事行为能力，不再纳入保障).
   */
  capacityCondition?: { question: string; clause: SeedClause; ifNot: string }
  plain: string
}

export interface NoDoubleSupportRule {
  /** Living support that is never paid together with another living allowance. */
  exclusive: Benefit[]
  /** May be received alongside (nursing, rehabilitation). */
  combinable: Benefit[]
  clause: SeedClause
  plain: string
  /** Set when the seed does not say it in so many words and the rule is carried over. */
  note?: string
}

export interface PolicyParameter {
  /** yuan per year, yuan per month … as stated in `unit`; stored in fen. */
  valueFen: number
  unit: 'fen_per_year' | 'fen_per_month'
  label: string
  /** Where the figure comes from (statistics bureau, local notice), and for which year. */
  source: string
  /**
   * A placeholder until the published figure is entered: every amount computed from it is
   * marked 演示金额 on every screen that shows it.
   */
  demo: boolean
}

export interface PolicySet {
  locality: LocalityId
  name: string
  /** Counties (6-digit prefix) whose families this set serves. */
  counties: string[]
  version: string
  /** `YYYY-MM-DD`: applications dated on or after this day use this version. */
  effectiveFrom: string
  source: { seed: string; title: string; docNo: string }
  /** Named local inputs of the formulas, e.g. last year's urban consumption per head. */
  parameters: Record<string, PolicyParameter>
  /** Amounts are rounded up to a multiple of this many fen (100 = whole yuan). */
  roundUpToFen: number
  categories: CategoryRule[]
  noDoubleSupport: NoDoubleSupportRule
  exit: ExitRules
  /**
   * Days a public notice (公示) runs unless the township sets another number. No seed requires
   * a notice: it is the local practice of the offices that run these allowances.
   */
  publicNoticeDays: number
  /**
   * How often a paid child's situation is reviewed, in months. The seeds ask for the recipients
   * to be managed dynamically (`reviewClause`); the yearly interval is local working practice.
   * Not 004 #8, which is the county's yearly spot check of the files, not of the allowance.
   */
  reviewEveryMonths: number
  reviewClause: SeedClause
  /**
   * 000 §3(一): during an epidemic the orphan and de-facto-unsupported procedures are simplified —
   * papers may be supplied afterwards, approval and payment in the same month. The county turns
   * it on (a switch per county); these are the categories it covers.
   */
  epidemic: { clause: SeedClause; categories: string[]; plain: string }
}
