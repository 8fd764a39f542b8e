import { sign, verify } from 'hono/jwt'
import { SessionUser } from '@shouhu/shared'
import { config } from '../config'
import { sessionSecret } from '../secrets'

/** Sessions are HS256-signed tokens carrying the user's role and jurisdiction; verified on every request. */
export async function issueSessionToken(user: SessionUser, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000)
  return sign({ ...user, iat, exp: iat + config.sessionTtlSeconds }, await sessionSecret(), 'HS256')
}

export async function readSessionToken(token: string): Promise<SessionUser | undefined> {
  try {
    const payload = await verify(token, await sessionSecret(), 'HS256')
    const parsed = SessionUser.safeParse(payload)
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
