import { sign, verify } from 'hono/jwt'
import { SessionUser } from '@shouhu/shared'
import { config } from '../config'
import { sessionSecret } from '../secrets'

/** What a session token carries besides the user: the account's session version and whether only a password change is allowed. */
export interface SessionClaims {
  user: SessionUser
  /** Must equal the account's `sessionVersion`, or the session has been ended. */
  sessionVersion: number
  mustChangePassword: boolean
}

/** Sessions are HS256-signed tokens carrying the user's role and jurisdiction; verified on every request. */
export async function issueSessionToken(
  user: SessionUser,
  now = Date.now(),
  extra: { sessionVersion?: number; mustChangePassword?: boolean } = {},
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return sign(
    { ...user, sv: extra.sessionVersion ?? 0, ...(extra.mustChangePassword ? { mcp: true } : {}), iat, exp: iat + config.sessionTtlSeconds },
    await sessionSecret(),
    'HS256',
  )
}

export async function readSession(token: string): Promise<SessionClaims | undefined> {
  try {
    const payload = await verify(token, await sessionSecret(), 'HS256')
    const parsed = SessionUser.safeParse(payload)
    if (!parsed.success) return undefined
    return { user: parsed.data, sessionVersion: Number(payload.sv ?? 0), mustChangePassword: payload.mcp === true }
  } catch {
    return undefined
  }
}

export async function readSessionToken(token: string): Promise<SessionUser | undefined> {
  return (await readSession(token))?.user
}
