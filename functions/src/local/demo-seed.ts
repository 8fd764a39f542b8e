import type { Department, KnownSchool, PartnerRole, StaffRole } from '@shouhu/shared'
import { hashPassword } from '../auth/passwords'
import { addDevAccount, createPartner, createStaff, findLogin } from '../data/users'
import { putSchool } from '../data/schools'
import { getDivision } from '../data/divisions'
import { importCountyLevels, importDivisions } from './divisions-import'
import { seedDemoChildren } from '../workflows/child-demo'

/**
 * The demo county: 泗县 (Anhui, 341324), the county of seed 001. Two neighbouring villages of
 * 丁湖镇 each have a child director, the township a supervisor, the county an officer.
 */
export const DEMO_COUNTY = '341324'
export const DEMO_PASSWORD = 'shouhu123'

export const demoStaff: { username: string; role: StaffRole; displayName: string; divisionCode: string }[] = [
  { username: 'dinghu', role: 'village_director', displayName: '李主任', divisionCode: '341324102200' },
  { username: 'shiding', role: 'village_director', displayName: '赵主任', divisionCode: '341324102201' },
  { username: 'dinghu-town', role: 'township_supervisor', displayName: '陈督导', divisionCode: '341324102000' },
  { username: 'sixian', role: 'county_officer', displayName: '周科长', divisionCode: '341324000000' },
]

export const demoResidents = [
  { account: 'resident', displayName: '王大姐' },
  // Entrusted care (issue #3): the grandmother a migrant parent asks to care for the children.
  { account: 'caregiver', displayName: '张奶奶' },
]

/**
 * Entrusted care (issue #3): the township's central primary school has a liaison account; its
 * middle school has none, so the village director's task says to inform it.
 */
export const demoSchools: KnownSchool[] = [
  { id: 'dinghu-primary', name: '丁湖镇中心小学', divisionCode: '341324102000', countyCode: '341324000000' },
  { id: 'dinghu-middle', name: '丁湖镇中学', divisionCode: '341324102000', countyCode: '341324000000' },
]

export const demoPartners: { username: string; role: PartnerRole; displayName: string; divisionCode: string; schoolId?: string; unit?: string; department?: Department }[] = [
  { username: 'dinghu-school', role: 'school_liaison', displayName: '孙老师（丁湖镇中心小学）', divisionCode: '341324102000', schoolId: 'dinghu-primary' },
  { username: 'sixian-police', role: 'police_officer', displayName: '吴警官', divisionCode: '341324000000', unit: '泗县公安局' },
  // One liaison per county department referrals go to (issue #11, 004 §4(二)); 团委 and 妇联
  // receive the half-yearly lists (004 §4(三)).
  ...(
    [
      ['sixian-edu', 'education', '钱老师（泗县教育局）'],
      ['sixian-yibao', 'medical_insurance', '冯科员（泗县医保局）'],
      ['sixian-canlian', 'disabled_federation', '褚干事（泗县残联）'],
      ['sixian-health', 'health', '卫医生（泗县卫生健康委）'],
      ['sixian-gongan', 'police', '蒋警官（泗县公安局）'],
      ['sixian-jcy', 'procuratorate', '沈检察官（泗县人民检察院）'],
      ['sixian-fayuan', 'court', '韩法官（泗县人民法院）'],
      ['sixian-tuanwei', 'youth_league', '杨书记（共青团泗县委员会）'],
      ['sixian-fulian', 'womens_federation', '朱主席（泗县妇联）'],
    ] as const
  ).map(([username, department, displayName]) => ({ username, role: 'department_liaison' as const, displayName, divisionCode: '341324000000', department })),
]

/**
 * Idempotent: a second run leaves existing accounts and data alone. `allCounties` also loads
 * every county of the country (for entrusted care's "where do the parents work" picker): the
 * running stack wants it, API tests do not need the 3,300 extra items in every test table.
 */
export async function seedDemo(progress: (line: string) => void = () => {}, opts: { allCounties?: boolean } = {}) {
  // Demo accounts share one known password: they must never exist in a deployed table.
  if (!process.env.DYNAMODB_ENDPOINT) throw new Error('the demo seed runs only against DynamoDB Local (DYNAMODB_ENDPOINT unset)')
  if (!(await getDivision('341324102201'))) await importDivisions([DEMO_COUNTY], progress)
  else progress('区划数据已存在，跳过导入')
  // Where parents work, for entrusted care: every county of the country (310101 = 上海市黄浦区).
  if (opts.allCounties && !(await getDivision('310101000000'))) await importCountyLevels([DEMO_COUNTY], progress)
  for (const s of demoStaff) {
    if (await findLogin(s.username)) continue
    const division = await getDivision(s.divisionCode)
    await createStaff(
      {
        role: s.role,
        displayName: s.displayName,
        divisionCode: s.divisionCode,
        divisionName: division?.name ?? s.divisionCode,
        // Demo openids, so the local WeChat outbox shows who would get each message.
        openid: `demo-openid-${s.username}`,
      },
      { username: s.username, passwordHash: await hashPassword(DEMO_PASSWORD) },
    )
    progress(`创建账号 ${s.username}（${s.displayName}）`)
  }
  for (const r of demoResidents) await addDevAccount(r.account, r.displayName)
  for (const school of demoSchools) await putSchool(school)
  let partnerHash: string | undefined
  for (const p of demoPartners) {
    if (await findLogin(p.username)) continue
    const division = await getDivision(p.divisionCode)
    // One hash for the demo partners: they share the demo password, and hashing is slow on purpose.
    partnerHash ??= await hashPassword(DEMO_PASSWORD)
    await createPartner(
      { ...p, divisionName: division?.name ?? p.divisionCode, openid: `demo-openid-${p.username}` },
      { username: p.username, passwordHash: partnerHash },
    )
    progress(`创建账号 ${p.username}（${p.displayName}）`)
  }
  await seedDemoChildren(progress)
}
