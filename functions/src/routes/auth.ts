import { Hono } from 'hono'
import { DevLogin, StaffLogin, WechatLogin, type SessionUser } from '@shouhu/shared'
import { issueSessionToken } from '../auth/tokens'
import { verifyPassword } from '../auth/passwords'
import { openidFromLoginCode } from '../auth/wechat'
import { devAccounts, findLogin, getUser, residentForOpenid, type UserRecord } from '../data/users'
import { config } from '../config'
import { HttpError } from '../errors'
import { jsonBody } from '../middleware/validate'

const sessionUser = ({ id, role, displayName, divisionCode, divisionName }: UserRecord): SessionUser => ({
  id,
  role,
  displayName,
  divisionCode,
  divisionName,
})

async function loginResult(user: UserRecord) {
  const session = sessionUser(user)
  return { token: await issueSessionToken(session), user: session }
}

/** Demo residents sign in as `dev-<account>` openids, the same path a WeChat user takes. */
const devOpenid = (account: string) => `dev-${account}`

export const authRoutes = new Hono()
  .post('/staff-login', jsonBody(StaffLogin, { username: '账号', password: '密码' }), async (c) => {
    const { username, password } = c.req.valid('json')
    const login = await findLogin(username)
    const user = login && (await verifyPassword(password, login.passwordHash)) ? await getUser(login.userId) : undefined
    if (!user) throw new HttpError('BAD_CREDENTIALS')
    return c.json(await loginResult(user))
  })
  .post('/wechat-login', jsonBody(WechatLogin), async (c) => {
    const openid = await openidFromLoginCode(c.req.valid('json').code)
    return c.json(await loginResult(await residentForOpenid(openid)))
  })
  .get('/dev-accounts', async (c) => {
    if (!config.devLogin) throw new HttpError('NOT_FOUND')
    return c.json({ items: await devAccounts() })
  })
  .post('/dev-login', jsonBody(DevLogin, { account: '演示账号' }), async (c) => {
    if (!config.devLogin) throw new HttpError('NOT_FOUND')
    const { account } = c.req.valid('json')
    const known = (await devAccounts()).find((a) => a.account === account)
    if (!known) throw new HttpError('BAD_CREDENTIALS', '没有这个演示账号')
    return c.json(await loginResult(await residentForOpenid(devOpenid(account), known.displayName)))
  })
