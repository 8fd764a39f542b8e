import { createHmac, timingSafeEqual } from 'node:crypto'
import { sign } from 'hono/jwt'
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

/**
 * HS256 checked with node:crypto, synchronously. hono's `verify` goes through WebCrypto: a key
 * import and a thread-pool round trip on every request, the largest cost of an API request
 * besides DynamoDB itself (bench/README.md, "Where an API request's time goes"). The same checks
 * as hono's: three parts, header alg HS256 (no other algorithm is ever accepted), the signature
 * (constant-time compare), and exp / nbf / iat against the clock.
 */
export function verifyHs256(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [head, body, signature] = parts as [string, string, string]
  if (!/^[A-Za-z0-9_-]+$/.test(signature)) return undefined
  let header: unknown
  let payload: unknown
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof header !== 'object' || header === null || (header as { alg?: unknown }).alg !== 'HS256') return undefined
  const typ = (header as { typ?: unknown }).typ
  if (typ !== undefined && typ !== 'JWT') return undefined
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
  const claims = payload as Record<string, unknown>
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  if (claims.exp !== undefined && (!num(claims.exp) || (claims.exp as number) <= nowSeconds)) return undefined
  if (claims.nbf !== undefined && (!num(claims.nbf) || (claims.nbf as number) > nowSeconds)) return undefined
  if (claims.iat !== undefined && (!num(claims.iat) || nowSeconds < (claims.iat as number))) return undefined
  return claims
}

export async function readSession(token: string): Promise<SessionClaims | undefined> {
  try {
    const payload = verifyHs256(token, await sessionSecret())
    if (!payload) return undefined
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
