import { describe, expect, it } from 'vitest'
import { sign } from 'hono/jwt'
import { verifyHs256 } from './tokens'

const secret = 'unit-test-secret-unit-test-secret'
const now = 1_800_000_000
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

describe('verifyHs256 (node:crypto in place of WebCrypto)', () => {
  it('accepts what hono signs and returns its claims', async () => {
    const token = await sign({ id: 'u1', role: 'resident', iat: now, exp: now + 60 }, secret, 'HS256')
    expect(verifyHs256(token, secret, now)).toMatchObject({ id: 'u1', role: 'resident' })
  })

  it('refuses another secret, a changed payload, a changed signature and a malformed token', async () => {
    const token = await sign({ id: 'u1', iat: now, exp: now + 60 }, secret, 'HS256')
    const [h, , s] = token.split('.')
    expect(verifyHs256(token, `${secret}x`, now)).toBeUndefined()
    expect(verifyHs256(`${h}.${b64({ id: 'admin', iat: now, exp: now + 60 })}.${s}`, secret, now)).toBeUndefined()
    expect(verifyHs256(`${token.slice(0, -2)}AA`, secret, now)).toBeUndefined()
    expect(verifyHs256(token.split('.').slice(0, 2).join('.'), secret, now)).toBeUndefined()
    expect(verifyHs256('a.b.c!', secret, now)).toBeUndefined()
  })

  it('refuses any algorithm but HS256, including "none"', async () => {
    const token = await sign({ id: 'u1', exp: now + 60 }, secret, 'HS512')
    expect(verifyHs256(token, secret, now)).toBeUndefined()
    expect(verifyHs256(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ id: 'u1' })}.`, secret, now)).toBeUndefined()
  })

  it('refuses an expired token, one not yet valid and one issued in the future', async () => {
    expect(verifyHs256(await sign({ exp: now }, secret, 'HS256'), secret, now)).toBeUndefined()
    expect(verifyHs256(await sign({ exp: now + 60, nbf: now + 10 }, secret, 'HS256'), secret, now)).toBeUndefined()
    expect(verifyHs256(await sign({ exp: now + 60, iat: now + 10 }, secret, 'HS256'), secret, now)).toBeUndefined()
    expect(verifyHs256(await sign({ exp: 'never' } as unknown as { exp: number }, secret, 'HS256'), secret, now)).toBeUndefined()
  })
})
