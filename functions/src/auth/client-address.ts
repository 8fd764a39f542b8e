import type { Context } from 'hono'

/**
 * The caller's address, for per-client sign-in throttling. On Lambda it is the address API
 * Gateway saw (a client cannot forge it); locally the first X-Forwarded-For hop, else `local`.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { requestContext?: { http?: { sourceIp?: string } } } | undefined
  const fromGateway = env?.requestContext?.http?.sourceIp
  if (fromGateway) return fromGateway
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim().slice(0, 64) || 'local'
}
