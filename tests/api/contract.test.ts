/**
 * The one API contract (issue #9): every route Hono serves is in the OpenAPI document with its
 * error responses, the document holds together, and real answers match their declared schemas.
 * A route added in plain Hono (not declared in functions/src/contract.ts style) fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type * as z from 'zod'
import { DINGHU, call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn } from './helpers'

useApi()

type Json = Record<string, any>
let doc: Json
const methods = ['get', 'post', 'put', 'patch', 'delete']

beforeAll(async () => {
  const res = await call('GET', '/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
})

const toDocPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

describe('the document', () => {
  it('is OpenAPI 3.1 naming the API, its version and the Bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('守护 API')
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(doc.components.securitySchemes.Bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('lists every route Hono has registered (a route not declared in the contract fails here)', async () => {
    const { app } = await import('../../functions/src/app')
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS').map((r) => `${r.method.toLowerCase()} ${toDocPath(r.path)}`),
    )
    const documented = new Set(Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item).filter((m) => methods.includes(m)).map((m) => `${m} ${path}`)))
    expect(served.size).toBeGreaterThan(90)
    expect([...served].filter((r) => !documented.has(r))).toEqual([])
    expect([...documented].filter((r) => !served.has(r))).toEqual([])
  })

  it('gives every operation a summary, a success answer and its error answers with the one ApiError body', () => {
    const problems: string[] = []
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        const where = `${method.toUpperCase()} ${path}`
        const statuses = Object.keys(op.responses ?? {})
        if (!op.summary) problems.push(`${where}: no summary`)
        if (!statuses.some((s) => s.startsWith('2'))) problems.push(`${where}: no success answer`)
        for (const s of statuses.filter((s) => Number(s) >= 400)) {
          if (op.responses[s].content?.['application/json']?.schema?.$ref !== '#/components/schemas/ApiError') problems.push(`${where} ${s}: not ApiError`)
        }
        const need = ['500']
        if (method === 'post') need.push('413')
        if ((op.parameters ?? []).some((p: Json) => p.in === 'path')) need.push('404')
        if (op.requestBody?.content?.['application/json'] || (op.parameters ?? []).some((p: Json) => p.in === 'query')) need.push('400')
        if (!(Array.isArray(op.security) && op.security.length === 0)) need.push('401', '403')
        for (const s of need) if (!statuses.includes(s)) problems.push(`${where}: missing ${s}`)
        if (op.responses['400'] && !/VALIDATION_FAILED/.test(op.responses['400'].description)) problems.push(`${where}: 400 without its code`)
        if (op.responses['409'] && !/STALE_VERSION/.test(op.responses['409'].description)) problems.push(`${where}: 409 without its codes`)
      }
    }
    expect(problems).toEqual([])
  })

  it('holds together: every $ref resolves, every path parameter is declared, JSON bodies are required', () => {
    const problems: string[] = []
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`))
      if (!node || typeof node !== 'object') return
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref') {
          const target = String(v).replace(/^#\//, '').split('/').reduce<any>((n, part) => n?.[part], doc)
          if (!target) problems.push(`${where}: dangling ${v}`)
        } else visit(v, `${where}.${k}`)
      }
    }
    visit(doc, '')
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      expect(path.startsWith('/api/')).toBe(true)
      for (const [method, op] of Object.entries(item as Json)) {
        expect(methods).toContain(method)
        const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path' && p.required).map((p: Json) => p.name).sort()
        const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort()
        if (JSON.stringify(declared) !== JSON.stringify(inPath)) problems.push(`${method} ${path}: path parameters ${declared} vs ${inPath}`)
        if (op.requestBody && op.requestBody.required !== true) problems.push(`${method} ${path}: optional body is never validated`)
      }
    }
    for (const name of ['ApiError', 'FieldError', 'StaffReportView', 'ChildStaffView', 'LoginResult']) expect(doc.components.schemas[name]).toBeTruthy()
    expect(problems).toEqual([])
  })

  it('is served as a readable page in Chinese, without scripts', async () => {
    const { app } = await import('../../functions/src/app')
    const res = await app.request('/api/reference')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('守护 API 接口说明')
    expect(html).toContain('Bearer')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('/api/staff/reports/{id}/acknowledge')
    expect(html).toContain('STALE_VERSION')
    expect(html).toContain('StaffReportView')
  })
})

it('docs/api.md is generated from the document and up to date (npm run api:docs)', async () => {
  const { readFileSync } = await import('node:fs')
  const { apiMarkdown } = await import('../../functions/src/contract-document')
  expect(readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')).toBe(apiMarkdown(doc))
})

describe('the mini-app client is generated from the document', () => {
  it('mini-app/src/api/contract.gen.ts is up to date (npm run api:types)', async () => {
    const { readFileSync } = await import('node:fs')
    const { clientTypes, clientTypesFile } = await import('../../functions/src/ops/client-types')
    expect(readFileSync(new URL(`../../${clientTypesFile}`, import.meta.url), 'utf8')).toBe(clientTypes(doc))
  })

  it('names every body and answer after its shared schema, so the client uses the shared types', async () => {
    const { sharedSchemaNames } = await import('../../functions/src/ops/client-types')
    const shared = sharedSchemaNames()
    const named = new Set<string>()
    JSON.stringify(doc.paths, (k, v) => (k === '$ref' && named.add(String(v).split('/').pop()!), v))
    expect([...named].filter((n) => !shared.has(n))).toEqual([])
  })

  it('declares the headers the API reads: Idempotency-Key on creating POSTs, X-Report-Token where a report is tracked', () => {
    const headers = (method: string, path: string) => (doc.paths[path]?.[method]?.parameters ?? []).filter((p: Json) => p.in === 'header')
    for (const path of ['/api/reports', '/api/applications', '/api/entrustments', '/api/staff/children', '/api/staff/children/{id}/visits', '/api/staff/referrals', '/api/staff/cases/conferences']) {
      expect(headers('post', path), path).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }))
    }
    for (const path of ['/api/staff/exports', '/api/staff-admin/accounts', '/api/staff/child-imports']) {
      expect(headers('post', path), path).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: false }))
    }
    expect(headers('get', '/api/reports/track/{code}')).toContainEqual(expect.objectContaining({ name: 'X-Report-Token', required: false }))
    expect(headers('post', '/api/reports/track/{code}/rotate')).toContainEqual(expect.objectContaining({ name: 'X-Report-Token' }))
  })

  it('a creating POST without its Idempotency-Key is still refused by the handler with its Chinese 400', async () => {
    const resident = await residentToken('contract-nokey')
    const res = await call('POST', '/reports', { token: resident, body: reportBody() })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toContainEqual(expect.objectContaining({ field: 'Idempotency-Key', code: 'missing_idempotency_key' }))
  })

  /**
   * No address is written by hand in the mini-app: every string that starts with `/` in a file
   * calling the API is a path of the document (checked by tsc where it is passed to api.get/post),
   * every `METHOD /path` one of its routes (api.url), and no template literal builds an API path.
   */
  it('the mini-app writes no API path by hand (api.get/post/url with contract paths only)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs')
    const { join, relative } = await import('node:path')
    const root = new URL('../../mini-app/src/', import.meta.url).pathname
    const paths = new Set(Object.keys(doc.paths).map((p) => p.replace(/^\/api/, '')))
    const routes = new Set(Object.entries(doc.paths as Json).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/^\/api/, '')}`)))
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name)
        if (statSync(full).isDirectory()) walk(full)
        else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'contract.gen.ts') files.push(full)
      }
    }
    walk(root)
    const problems: string[] = []
    let checked = 0
    for (const file of files) {
      const where = relative(root, file)
      // Comments may name paths; only code counts.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
      for (const m of text.matchAll(/'((?:GET |POST )?\/[^'\s]*)'/g)) {
        const literal = m[1]!
        if (literal === '/api' && where === 'api/client.ts') continue // the default base, not a route
        if (/\/index(\?|$)/.test(literal) || literal.includes('/assets/')) continue // screens and images, not the API
        checked++
        const known = literal.includes(' ') ? routes.has(literal) : paths.has(literal)
        if (!known) problems.push(`${where}: '${literal}' is not a route of the document`)
      }
      for (const m of text.matchAll(/`\/(staff|staff-admin|reports|applications|entrustments|notifications|auth|divisions|subscriptions|me)\b[^`]*`/g)) {
        if (/\/index(\?|$)/.test(m[0])) continue // a screen's address
        if (m[0].includes('${string}')) continue // a type: the contract's paths under a prefix
        problems.push(`${where}: ${m[0].slice(0, 80)} builds an API path by hand`)
      }
      if (/\bapiBase\b/.test(text) && where !== 'api/client.ts') problems.push(`${where}: uses apiBase; build the address with api.url('METHOD /path', …)`)
    }
    expect(checked).toBeGreaterThan(100)
    expect(problems).toEqual([])
  })
})

describe('real answers match their declared schemas', () => {
  /** The zod schema a route declares for a status, straight from the registry the document is built from. */
  async function declared(method: string, path: string, status: number): Promise<z.ZodType> {
    const { app } = await import('../../functions/src/app')
    const def = app.openAPIRegistry.definitions.find((d: any) => d.type === 'route' && d.route.method === method && d.route.path === path.replace(/^\/api/, '')) as any
    const schema = def?.route.responses[status]?.content?.['application/json']?.schema
    if (!schema) throw new Error(`no ${status} schema for ${method} ${path}`)
    return schema
  }
  async function expectMatches(method: string, docPath: string, res: { status: number; body: Json }, status: number) {
    expect(res.status).toBe(status)
    const parsed = (await declared(method, docPath, status)).safeParse(res.body)
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([])
  }

  it('for a report filed, listed, shown, acted on, and for refusals', async () => {
    const resident = await residentToken('contract')
    const village = await signIn('dinghu')
    const neighbour = await signIn('shiding')
    await expectMatches('get', '/api/health', await call('GET', '/health'), 200)
    await expectMatches('get', '/api/me', await call('GET', '/me', { token: village.token }), 200)
    await expectMatches('get', '/api/divisions', await call('GET', `/divisions?parent=341324102000`), 200)

    const filed = await fileReport(resident)
    await expectMatches('post', '/api/reports', filed, 201)
    await expectMatches('get', '/api/reports/mine', await call('GET', '/reports/mine', { token: resident }), 200)
    await expectMatches('get', '/api/reports/track/{code}', await call('GET', `/reports/track/${filed.body.trackingCode}`), 200)
    await expectMatches('get', '/api/staff/reports', await call('GET', '/staff/reports', { token: village.token }), 200)
    await expectMatches('get', '/api/staff/reports/{id}', await call('GET', `/staff/reports/${filed.body.id}`, { token: village.token }), 200)
    await expectMatches('post', '/api/staff/reports/{id}/acknowledge', await call('POST', `/staff/reports/${filed.body.id}/acknowledge`, { token: village.token }), 200)
    await expectMatches('get', '/api/notifications', await call('GET', '/notifications', { token: village.token }), 200)
    await expectMatches('get', '/api/staff/children', await call('GET', `/staff/children?village=${DINGHU}`, { token: village.token }), 200)

    // Refusals carry the one error body, with the status the document lists.
    await expectMatches('post', '/api/staff/reports/{id}/acknowledge', await call('POST', `/staff/reports/${filed.body.id}/acknowledge`, { token: village.token, body: { version: 0 } }), 409)
    await expectMatches('get', '/api/staff/reports/{id}', await call('GET', `/staff/reports/${filed.body.id}`, { token: neighbour.token }), 403)
    await expectMatches('get', '/api/staff/reports/{id}', await call('GET', '/staff/reports/nosuchreport', { token: village.token }), 404)
    await expectMatches('get', '/api/staff/reports', await call('GET', '/staff/reports'), 401)
    const bad = await call('POST', '/reports', { token: resident, body: { villageCode: 'x' }, headers: { 'idempotency-key': 'contract-bad-1' } })
    await expectMatches('post', '/api/reports', bad, 400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
    expect(bad.body.error.fields.length).toBeGreaterThan(0)
  })
})
