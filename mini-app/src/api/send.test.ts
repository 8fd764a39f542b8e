import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from './send.h5'

/**
 * The H5 transport against a real HTTP server (node's fetch is the browser's API): it must answer
 * exactly as Taro.request did, because core.ts decides retries and errors from that answer.
 */
let server: Server
let base = ''
const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = []

beforeAll(async () => {
  // The transport reads index.html's early answers from `window`; none here.
  ;(globalThis as { window?: unknown }).window = globalThis
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body })
      if (req.url === '/json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[1,2]}')
      if (req.url === '/error') return void res.writeHead(409, { 'Content-Type': 'application/json' }).end('{"error":{"code":"STALE_VERSION","message":"记录已被他人更新"}}')
      if (req.url === '/html') return void res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad Gateway</html>')
      if (req.url === '/empty') return void res.writeHead(204).end()
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2_000)
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const get = (path: string, timeout = 5_000) => send({ url: `${base}${path}`, method: 'GET', header: { Accept: 'application/json', Authorization: 'Bearer t' }, timeout })

describe('the H5 transport (fetch)', () => {
  it('answers a JSON body parsed, with its status, and sends the headers it was given', async () => {
    expect(await get('/json')).toEqual({ statusCode: 200, data: { items: [1, 2] } })
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer t')
  })

  it('resolves an error status with its body, so the client can name the problem', async () => {
    expect(await get('/error')).toEqual({ statusCode: 409, data: { error: { code: 'STALE_VERSION', message: '记录已被他人更新' } } })
  })

  it('hands a body that is not JSON over as text, and an empty one as an empty string', async () => {
    expect(await get('/html')).toEqual({ statusCode: 502, data: '<html>Bad Gateway</html>' })
    expect(await get('/empty')).toEqual({ statusCode: 204, data: '' })
  })

  it('posts the body as JSON', async () => {
    const res = await send({ url: `${base}/json`, method: 'POST', header: { 'Content-Type': 'application/json' }, data: { name: '王小明' }, timeout: 5_000 })
    expect(res.statusCode).toBe(200)
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"name":"王小明"}' })
  })

  it('rejects when no answer comes in time, and when nothing answers at all', async () => {
    const started = Date.now()
    await expect(get('/slow', 200)).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(1_500)
    await expect(send({ url: 'http://127.0.0.1:1/nothing', method: 'GET', header: {}, timeout: 2_000 })).rejects.toThrow()
  })
})
