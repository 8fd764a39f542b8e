import * as z from 'zod'

/**
 * The county departments the village's findings go to (004 §4(二) 强化排查监测 names who is told
 * what; 004 §4(三) adds the lists to 团委, 妇联 and 残联). One catalogue for referrals, case
 * conferences and the half-yearly lists, so a department is spelled the same everywhere.
 */
export const Department = z.enum([
  'education', // 教育部门: suspected dropout, education aid, psychological problems at school
  'medical_insurance', // 医保部门: a child who should be insured and is not
  'disabled_federation', // 残联: disability without a certificate or without rehabilitation
  'health', // 卫生健康部门: serious mental illness needing treatment
  'police', // 公安: sexual assault, abuse, trafficking, violence, abandonment
  'procuratorate', // 检察院: the same unlawful harm
  'court', // 法院: the same unlawful harm
  'youth_league', // 团委: the red/yellow/blue lists every six months (004 §4(三))
  'womens_federation', // 妇联: the same lists
])
export type Department = z.infer<typeof Department>

export const departmentLabel: Record<Department, string> = {
  education: '教育局',
  medical_insurance: '医保局',
  disabled_federation: '残联',
  health: '卫生健康局',
  police: '公安局',
  procuratorate: '人民检察院',
  court: '人民法院',
  youth_league: '团县委',
  womens_federation: '妇联',
}
