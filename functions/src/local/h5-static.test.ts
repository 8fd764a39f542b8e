import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, brotliCompressSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { acceptsBrotli, brotliFiles } from './h5-static'

describe('Accept-Encoding', () => {
  it('takes br when listed without a zero weight', () => {
    expect(acceptsBrotli('gzip, deflate, br, zstd')).toBe(true)
    expect(acceptsBrotli('br;q=0.5, gzip')).toBe(true)
    expect(acceptsBrotli('gzip, br;q=0')).toBe(false)
    expect(acceptsBrotli('gzip, deflate')).toBe(false)
    expect(acceptsBrotli(undefined)).toBe(false)
  })
})

describe('brotli copies of the H5 build', () => {
  const root = mkdtempSync(join(tmpdir(), 'h5-static-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'js'))
  const script = 'console.log("守护")\n'.repeat(200)
  writeFileSync(join(root, 'js/app.1234abcd.js'), script)
  writeFileSync(join(root, 'js/app.1234abcd.js.br'), brotliCompressSync(script))
  writeFileSync(join(root, 'js/plain.5678abcd.js'), script)
  writeFileSync(join(root, 'secret.js.br'), brotliCompressSync('not for the web'))
  const site = new Hono().use('/*', brotliFiles(root)).get('*', (c) => c.text('plain file', 200))

  it('sends the .br file with its type, encoding and Vary to a browser that accepts br', async () => {
    const res = await site.request('/js/app.1234abcd.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i)
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script)
  })

  it('falls through to the plain file without br, or when there is no .br copy', async () => {
    const gzipOnly = await site.request('/js/app.1234abcd.js', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(await gzipOnly.text()).toBe('plain file')
    expect(gzipOnly.headers.get('vary')).toMatch(/Accept-Encoding/i)
    const noCopy = await site.request('/js/plain.5678abcd.js', { headers: { 'Accept-Encoding': 'br' } })
    expect(noCopy.headers.get('content-encoding')).toBeNull()
    expect(await noCopy.text()).toBe('plain file')
  })

  it('never reads outside the build directory', async () => {
    const inner = new Hono().use('/*', brotliFiles(join(root, 'js'))).get('*', (c) => c.text('plain file', 200))
    for (const path of ['/..%2Fsecret.js', '/%2e%2e%2Fsecret.js', '/x/..%2F..%2Fsecret.js']) {
      const res = await inner.request(path, { headers: { 'Accept-Encoding': 'br' } })
      expect(res.headers.get('content-encoding'), path).toBeNull()
    }
  })
})
