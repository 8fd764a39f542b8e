/**
 * A random RFC 4122 version-4 UUID. `crypto.randomUUID` is missing on the WeChat runtime and
 * on older Android WebViews, so the bytes come from `getRandomValues` where it exists and
 * from Math.random mixed with the clock otherwise (uniqueness, not secrecy, is what matters).
 */
export function newIdempotencyKey(random: (bytes: Uint8Array) => void = fillRandom): string {
  const b = new Uint8Array(16)
  random(b)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function fillRandom(bytes: Uint8Array): void {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) {
    c.getRandomValues(bytes)
    return
  }
  let seed = Date.now() ^ Math.floor(Math.random() * 0x7fffffff)
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    bytes[i] = (Math.floor(Math.random() * 256) ^ (seed >>> 16)) & 0xff
  }
}

/**
 * One key per filled-in form. Every attempt to send that form (automatic retries and the
 * resident pressing 提交 again after a failure) reuses it, so the server files one report
 * however often the request is repeated. It changes only when the server has definitely
 * refused the submission (nothing was filed under it) or after success.
 */
export class SubmissionKey {
  private value: string
  constructor(private readonly generate: () => string = () => newIdempotencyKey()) {
    this.value = generate()
  }
  current(): string {
    return this.value
  }
  rotate(): string {
    this.value = this.generate()
    return this.value
  }
}
