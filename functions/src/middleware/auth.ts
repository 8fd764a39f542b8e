import { createMiddleware } from 'hono/factory'
import { type PartnerRole, type SessionUser, type StaffRole, isPartner, isStaff } from '@shouhu/shared'
import { readSessionToken } from '../auth/tokens'
import { HttpError } from '../errors'

export type AuthEnv = { Variables: { user: SessionUser } }
export type StaffEnv = { Variables: { user: SessionUser & { role: StaffRole; divisionCode: string } } }

/** Verifies the session token on every request; the user is then `c.var.user`. */
export const requireUser = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const token = header.startsWith('Bearer ') ? header.slice(7) : ''
  const user = token ? await readSessionToken(token) : undefined
  if (!user) throw new HttpError('UNAUTHENTICATED')
  c.set('user', user)
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
  const user = token ? await readSessionToken(token) : undefined
  if (user) c.set('user', user)
  await next()
})
