import { describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { app } from '../../functions/src/app.js'
import { apiBase, finishApi } from '../../functions/src/app-base.js'
import { publicApi } from '../../functions/src/app-public.js'
import { staffApi } from '../../functions/src/app-staff.js'
import { API_ROUTES } from '../../infra/lib/api.js'

/**
 * The API is served by one function per audience (infra/lib/api.ts). Each holds only its part
 * of the routes, so a path API Gateway sends to the wrong function would answer 404 in the
 * cloud while every local test passes against the whole app. This checks every route of the
 * whole app against the gateway's routing table.
 */
const served = {
  public: finishApi(apiBase().route('/', publicApi)),
  staff: finishApi(apiBase().route('/', staffApi)),
  letters: app,
}

/** Each method and path once (a declared route registers its validators and middleware under the same key). */
const routesOf = (h: Hono) =>
  [...new Set(h.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].map((key) => {
    const [method, path] = key.split(' ') as [string, string]
    return { method, path }
  })

/** The gateway's choice for a request: the route with the most literal path segments that matches. */
function gatewayTarget(method: string, path: string) {
  const segments = path.split('/').filter(Boolean)
  const matches = API_ROUTES.filter((r) => {
    if (r.method !== 'ANY' && r.method !== method) return false
    const pattern = r.path.split('/').filter(Boolean)
    if (pattern.at(-1)?.endsWith('+}')) {
      return pattern.length - 1 < segments.length && pattern.slice(0, -1).every((p, i) => p.startsWith('{') || p === segments[i])
    }
    return pattern.length === segments.length && pattern.every((p, i) => p.startsWith('{') || p === segments[i])
  })
  const literal = (p: string) => p.split('/').filter((s) => s && !s.startsWith('{')).length
  const greedy = (p: string) => (p.endsWith('+}') ? 1 : 0)
  return matches.sort((a, b) => greedy(a.path) - greedy(b.path) || literal(b.path) - literal(a.path))[0]
}

describe('the API functions', () => {
  const all = routesOf(app)

  it('together serve every route of the whole app, each part in one place', () => {
    expect(all.length).toBeGreaterThan(80)
    const inParts = [...routesOf(served.public), ...routesOf(served.staff)].map((r) => `${r.method} ${r.path}`)
    const docs = new Set(['GET /api/openapi.json', 'GET /api/reference'])
    const health = 'GET /api/health'
    for (const r of all) {
      const key = `${r.method} ${r.path}`
      if (docs.has(key)) continue
      // Health is in both (each function answers it); every other route is in exactly one part.
      expect(inParts.filter((k) => k === key).length, key).toBe(key === health ? 2 : 1)
    }
  })

  it('API Gateway sends every route to a function that serves it', () => {
    for (const r of all) {
      // A concrete path for the route: each `:param` becomes a value.
      const concrete = r.path.replace(/:[^/]+/g, 'x1')
      const target = gatewayTarget(r.method, concrete)
      expect(target, `${r.method} ${r.path}`).toBeDefined()
      const served_ = routesOf(served[target!.fn]).some((s) => s.method === r.method && s.path === r.path)
      expect(served_, `${r.method} ${r.path} → ${target!.fn}`).toBe(true)
    }
  })

  it('the staff function holds none of the public routes, and the public one none under /api/staff', () => {
    expect(routesOf(served.staff).every((r) => r.path === '/api/health' || /^\/api\/staff[-/]/.test(r.path))).toBe(true)
    expect(routesOf(served.public).some((r) => /^\/api\/staff[-/]/.test(r.path))).toBe(false)
  })
})
