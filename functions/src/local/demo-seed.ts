import type { StaffRole } from '@shouhu/shared'
import { hashPassword } from '../auth/passwords'
import { addDevAccount, createStaff, findLogin } from '../data/users'
import { getDivision } from '../data/divisions'
import { importDivisions } from './divisions-import'

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

export const demoResidents = [{ account: 'resident', displayName: '王大姐' }]

/** Idempotent: a second run leaves existing accounts and data alone. */
export async function seedDemo(progress: (line: string) => void = () => {}) {
  if (!(await getDivision('341324102201'))) await importDivisions([DEMO_COUNTY], progress)
  else progress('区划数据已存在，跳过导入')
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
}
