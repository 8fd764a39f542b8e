import { createMiddleware } from 'hono/factory'
import { type PartnerRole, type SessionUser, type StaffRole, isPartner, isStaff } from '@shouhu/shared'
import { checkSession } from '../auth/sessions'
import { type SessionClaims, readSession } from '../auth/tokens'
import { HttpError } from '../errors'

export type AuthEnv = { Variables: { user: SessionUser; session: SessionClaims } }
export type StaffEnv = { Variables: { user: SessionUser & { role: StaffRole; divisionCode: string }; session: SessionClaims } }

/** What a session signed in with a temporary password may do: change it (and see who it is). */
const allowedWithTemporaryPassword = new Set(['/api/me', '/api/auth/change-password', '/api/auth/sign-out-everywhere'])

/**
 * Verifies the session token on every request and that the account still stands behind it
 * (active, same session version: `auth/sessions.ts`); the user is then `c.var.user`.
 */
export const requireUser = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const token = header.startsWith('Bearer ') ? header.slice(7) : ''
  const session = token ? await readSession(token) : undefined
  if (!session) throw new HttpError('UNAUTHENTICATED')
  const check = await checkSession(session.user.id, session.sessionVersion)
  if (check === 'disabled') throw new HttpError('SESSION_ENDED', '此账号已停用，请联系县民政局或乡镇儿童督导员')
  if (check === 'ended') throw new HttpError('SESSION_ENDED')
  if (session.mustChangePassword && !allowedWithTemporaryPassword.has(c.req.path)) throw new HttpError('PASSWORD_CHANGE_REQUIRED')
  c.set('user', session.user)
  c.set('session', session)
  await next()
})

/**
 * Civil-affairs staff only (village, township, county). Partner accounts (school liaison,
 * police) sign in at the same page but are refused here: they have no jurisdiction.
 */
export const requireStaff = createMiddleware<StaffEnv>(async (c, next) => {
  const user = c.get('user')
  if (!user || !isStaff(user.role) || !user.divisionCode) throw new HttpError('FORBIDDEN')
  await next()
})

export const requireResident = createMiddleware<AuthEnv>(async (c, next) => {
  if (c.get('user')?.role !== 'resident') throw new HttpError('FORBIDDEN', '此功能仅供居民使用')
  await next()
})

/** Civil-affairs staff or a partner organisation (entrusted care only). */
export const requireStaffOrPartner = createMiddleware<AuthEnv>(async (c, next) => {
  const user = c.get('user')
  if (!user || !(isStaff(user.role) || isPartner(user.role))) throw new HttpError('FORBIDDEN')
  await next()
})

export function requirePartner(role: PartnerRole) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    if (c.get('user')?.role !== role) throw new HttpError('FORBIDDEN')
    await next()
  })
}

export type MaybeUserEnv = { Variables: { user?: SessionUser } }

/**
 * A session if one is sent, none otherwise: for what anyone holding a code may see (a
 * report's progress by its tracking code) and its owner may see a little more of.
 */
export const optionalUser = createMiddleware<MaybeUserEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const token = header.startsWith('Bearer ') ? header.slice(7) : ''
  const session = token ? await readSession(token) : undefined
  // An ended session counts as none here: the code alone decides what is shown.
  if (session && (await checkSession(session.user.id, session.sessionVersion)) === 'ok') c.set('user', session.user)
  await next()
})
