import { isMain, runCommand, opsTarget, UsageError } from './target'

/**
 * Creates the first county officer (民政局) of a county in a deployed stack, who then creates
 * every other account from the mini-program. Prints a temporary password once; it must be
 * changed at the first sign-in. Refuses an existing username and a county whose divisions
 * have not been loaded (`npm run load-divisions`).
 *
 *   npm run bootstrap -w functions -- --stage prod --county 341324 --username sixian-admin --name 周科长
 */
export async function bootstrap(opts: { county: string; username: string; name: string }, say: (line: string) => void = console.log) {
  const { Username, DisplayName, levelOf } = await import('@shouhu/shared')
  const username = Username.safeParse(opts.username)
  if (!username.success) throw new UsageError(`账号不合适：${username.error.issues[0]?.message}`)
  const name = DisplayName.safeParse(opts.name)
  if (!name.success) throw new UsageError(`姓名不合适：${name.error.issues[0]?.message}`)
  const county = /^\d{6}$/.test(opts.county) ? `${opts.county}000000` : opts.county
  if (!/^\d{12}$/.test(county) || levelOf(county) !== 'county') throw new UsageError('--county 应为 6 位县级区划代码，如 341324')

  const { getDivision } = await import('../data/divisions')
  const division = await getDivision(county)
  if (!division) throw new UsageError(`表中没有区划 ${county}：请先运行 npm run load-divisions -w functions -- --county ${county.slice(0, 6)}`)
  const { findLogin, createAccount } = await import('../data/users')
  if (await findLogin(username.data)) throw new UsageError(`账号 ${username.data} 已存在`)
  const { temporaryPassword } = await import('../workflows/staff-accounts')
  const { hashPassword } = await import('../auth/passwords')
  const password = temporaryPassword()
  const user = await createAccount(
    { role: 'county_officer', displayName: name.data, divisionCode: county, divisionName: division.name, mustChangePassword: true },
    { username: username.data, passwordHash: await hashPassword(password) },
    { actorName: '初始化命令（bootstrap）', text: `${name.data}（${username.data}）` },
  )
  if (!user) throw new UsageError(`账号 ${username.data} 已存在`)
  say(`✓ 已为 ${division.name} 创建县级民政账号 ${username.data}（${name.data}）`)
  say(`  临时密码：${password}`)
  say('  首次登录时必须修改。请当面或电话告知本人，不要通过聊天群转发。')
  return { user, password }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values, table } = opsTarget({ county: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' } })
    if (!values.county || !values.username) throw new UsageError('用法：npm run bootstrap -w functions -- --stage prod --county 341324 --username <账号> --name <姓名>')
    console.log(`表 ${table}`)
    await bootstrap({ county: String(values.county), username: String(values.username), name: String(values.name ?? '县民政局管理员') })
  })
}
