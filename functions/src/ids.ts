import { createHash, createHmac, randomBytes } from 'node:crypto'

// Crockford base32: no I, L, O, U, so a code read out over the phone is not misheard.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function base32(bytes: Uint8Array, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length]! % 32]
  return out
}

/** Time-ordered id: sorts by creation time, unique without coordination. */
export function newId(now = Date.now()): string {
  let t = now
  let time = ''
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time
    t = Math.floor(t / 32)
  }
  return time + base32(randomBytes(12), 12)
}

/**
 * The code a reporter keeps to follow a report from any phone (e.g. `K7QM-3XPT-9ABC`): 12
 * characters of an alphabet with no look-alikes, 60 random bits, in groups of four for reading
 * aloud. With lookups throttled per client, guessing one is not feasible.
 */
export function newReportTrackingCode(): string {
  const s = base32(randomBytes(12), 12)
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

/**
 * Short code (e.g. `K7QM-3XPT`, 40 bits) for what lives briefly and is throttled the same way:
 * an entrusted-care invitation, sent by the parent to one caregiver.
 */
export function newTrackingCode(): string {
  const s = base32(randomBytes(8), 8)
  return `${s.slice(0, 4)}-${s.slice(4)}`
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url')
}
