/**
 * The API, typed from its one contract. Paths, parameters, headers, bodies and answers come from
 * ./contract.gen.ts, generated from the OpenAPI document (`npm run api:types`); nothing here or in
 * the screens writes a path or an answer type a second time.
 *
 * How to call a route (copy this; the path is the one in docs/api.md without `/api`):
 *
 * ```ts
 * import { api } from '../api/client'
 * const child = await api.get('/staff/children/{id}', { auth: 'staff', params: { id } })
 * const page = await api.get('/staff/reports', { auth: 'staff', query: { status, cursor } })
 * await api.post('/staff/children/{id}/visits', { auth: 'staff', params: { id }, body, idempotencyKey })
 * const pdf = api.url('GET /staff/entrustments/{id}/letter', { params: { id } }) // downloads, uploads
 * ```
 *
 * The answer's type is the route's declared success body; `body` is what its schema accepts;
 * `idempotencyKey` is required exactly where the route requires `Idempotency-Key`. Requests
 * still go through core.ts (Taro.request, the session header, retries, ApiRequestError).
 */
import type { ApiClient } from './core'
import type { GetOps, PostOps, UrlOps } from './contract.gen'

type Query = Record<string, string | undefined>
type AnyArgs = {
  auth?: 'resident' | 'staff'
  params?: Record<string, string>
  query?: Query
  body?: unknown
  idempotencyKey?: string
  headers?: Record<string, string | undefined>
}

/** The arguments may be left out when nothing in them is required. */
type ArgsOf<A> = {} extends A ? [args?: A] : [args: A]

const enc = encodeURIComponent

/** `/staff/children/{id}` with `{ id }` → `/staff/children/C1`, plus the query without empty values. */
export function fillPath(path: string, params: Record<string, string> = {}, query: Query = {}): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`)
    return enc(value)
  })
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v!)}`)
  return parts.length ? `${filled}?${parts.join('&')}` : filled
}

function headersOf(args: AnyArgs): Record<string, string> {
  return Object.fromEntries(Object.entries(args.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''))
}

export function typedApi(core: ApiClient, base: string) {
  return {
    get<P extends keyof GetOps>(path: P, ...[args]: ArgsOf<GetOps[P]['args']>): Promise<GetOps[P]['response']> {
      const a = (args ?? {}) as AnyArgs
      return core.request<GetOps[P]['response']>(fillPath(path, a.params, a.query), { method: 'GET', auth: a.auth, headers: headersOf(a) })
    },
    post<P extends keyof PostOps>(path: P, ...[args]: ArgsOf<PostOps[P]['args']>): Promise<PostOps[P]['response']> {
      const a = (args ?? {}) as AnyArgs
      return core.request<PostOps[P]['response']>(fillPath(path, a.params, a.query), {
        method: 'POST',
        body: a.body ?? {},
        auth: a.auth,
        idempotencyKey: a.idempotencyKey,
        headers: headersOf(a),
      })
    },
    /** The full address of a route, for Taro.downloadFile / uploadFile (files and uploads are not JSON). */
    url<K extends keyof UrlOps>(key: K, ...[args]: ArgsOf<UrlOps[K]['args']>): string {
      const a = (args ?? {}) as AnyArgs
      return `${base.replace(/\/+$/, '')}${fillPath(key.slice(key.indexOf(' ') + 1), a.params, a.query)}`
    },
  }
}
export type TypedApi = ReturnType<typeof typedApi>
