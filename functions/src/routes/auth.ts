import { Hono } from 'hono'
import { ChangePassword, DevLogin, StaffLogin, WechatBind, WechatLogin, signsInAsStaff, type SessionUser } from '@shouhu/shared'
import { clientAddress } from '../auth/client-address'
import { forgetSession } from '../auth/sessions'
import { signInGate } from '../auth/throttle'
import { issueSessionToken } from '../auth/tokens'
import { hashPassword, verifyPassword } from '../auth/passwords'
import { openidFromLoginCode } from '../auth/wechat'
import { bindStaffOpenid, devAccounts, findLogin, getUser, residentForOpenid, saveAccount, setPasswordItem, type UserRecord } from '../data/users'
import { config } from '../config'
import { HttpError } from '../errors'
import { type AuthEnv, requireUser } from '../middleware/auth'
import { jsonBody } from '../middleware/validate'

const sessionUser = ({ id, role, displayName, divisionCode, divisionName, department }: UserRecord): SessionUser => ({
  id,
  role,
  displayName,
  divisionCode,
  divisionName,
  // A department liaison answers for one department (004 §4(二)): what they may see follows from it.
  ...(department ? { department } : {}),
})

async function loginResult(user: UserRecord) {
  const session = sessionUser(user)
  const mustChangePassword = user.mustChangePassword === true
  return {
    token: await issueSessionToken(session, Date.now(), { sessionVersion: user.sessionVersion ?? 0, mustChangePassword }),
    user: session,
    ...(mustChangePassword ? { mustChangePassword } : {}),
  }
}

/**
 * Verified against when the username does not exist, so an unknown name costs the same scrypt
 * as a known one and the answer's timing does not tell which usernames exist.
 */
const DUMMY_HASH = 'scrypt$3U2bZpXsqt8sYNXn6SCtlg$7BQ1cM1VVudnvDnVMp8d9jT8wss9nPyn3KfYJfVMGb0'

/** Demo residents sign in as `dev-<account>` openids, the same path a WeChat user takes. */
const devOpenid = (account: string) => `dev-${account}`

/** The signed-in staff or partner account, fresh from the table (not the token's copy). */
async function ownAccount(user: SessionUser): Promise<UserRecord> {
  if (!signsInAsStaff(user.role)) throw new HttpError('FORBIDDEN', '此功能仅供工作人员使用')
  const account = await getUser(user.id)
  if (!account?.username) throw new HttpError('SESSION_ENDED')
  return account
}

export const authRoutes = new Hono<AuthEnv>()
  .post('/staff-login', jsonBody(StaffLogin, { username: '账号', password: '密码' }), async (c) => {
    const { password } = c.req.valid('json')
    const username = c.req.valid('json').username.toLowerCase()
    const gate = await signInGate(username, clientAddress(c))
    const login = await findLogin(username)
    const passwordOk = await verifyPassword(password, login?.passwordHash ?? DUMMY_HASH)
    if (!login || !passwordOk) {
      await gate.failed(login?.userId)
      throw new HttpError('BAD_CREDENTIALS')
    }
    await gate.succeeded()
    const user = await getUser(login.userId)
    if (!user) throw new HttpError('BAD_CREDENTIALS')
    if (user.active === false) throw new HttpError('ACCOUNT_DISABLED')
    return c.json(await loginResult(user))
  })
  /** Replaces the password (a temporary one first of all); every other session of the account ends. */
  .post('/change-password', requireUser, jsonBody(ChangePassword, { currentPassword: '当前密码', newPassword: '新密码' }), async (c) => {
    const account = await ownAccount(c.var.user)
    const { currentPassword, newPassword } = c.req.valid('json')
    const login = await findLogin(account.username!)
    if (!login || !(await verifyPassword(currentPassword, login.passwordHash))) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'currentPassword', code: 'wrong_password', message: '当前密码：不正确' }])
    }
    const next: UserRecord = { ...account, mustChangePassword: false, sessionVersion: (account.sessionVersion ?? 0) + 1 }
    const at = new Date().toISOString()
    const saved = await saveAccount(account, next, { at, action: 'password_changed', actorId: account.id, actorName: account.displayName }, [
      setPasswordItem(account.username!, account.id, await hashPassword(newPassword)),
    ])
    if (!saved) throw new HttpError('CONFLICT')
    forgetSession(account.id)
    return c.json(await loginResult({ ...next, version: (account.version ?? 0) + 1 }))
  })
  /** 退出所有设备: ends every session of the account, this one included. */
  .post('/sign-out-everywhere', requireUser, async (c) => {
    const account = await ownAccount(c.var.user)
    const saved = await saveAccount(account, { ...account, sessionVersion: (account.sessionVersion ?? 0) + 1 }, {
      at: new Date().toISOString(),
      action: 'signed_out_everywhere',
      actorId: account.id,
      actorName: account.displayName,
    })
    if (!saved) throw new HttpError('CONFLICT')
    forgetSession(account.id)
    return c.json({ ok: true })
  })
  /**
   * Staff sign in with a password, so their WeChat identity is unknown until they bind it here
   * with a `wx.login` code from inside WeChat: subscription messages are addressed to it.
   */
  .post('/wechat-bind', requireUser, jsonBody(WechatBind), async (c) => {
    const account = await ownAccount(c.var.user)
    const { code } = c.req.valid('json')
    // Locally there is no WeChat: a `dev-` code stands for the openid, as the resident dev sign-in does.
    const openid = config.devLogin && code.startsWith('dev-') ? code : await openidFromLoginCode(code)
    if (!(await bindStaffOpenid(account, openid))) {
      throw new HttpError('CONFLICT', '这个微信已绑定了另一个工作人员账号，请先在那个账号上解绑或联系上级')
    }
    return c.json({ ok: true, wechatBound: true })
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
