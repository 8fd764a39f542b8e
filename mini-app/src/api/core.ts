import { type ApiError, errorMessages, type FieldError } from '@shouhu/shared'

/** An API error as the screens need it: a stable code, a Chinese message, per-field messages. */
export class ApiRequestError extends Error {
  readonly code: string
  readonly fields: FieldError[]
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number
  /** With 409 STALE_VERSION: the record as it is now, to show at once. */
  readonly current?: unknown

  constructor(code: string, message: string, status: number, fields: FieldError[] = [], current?: unknown) {
    super(message)
    this.name = 'ApiRequestError'
    this.code = code
    this.status = status
    this.fields = fields
    this.current = current
  }
}

/**
 * A staff decision refused because the record changed since it was shown. The screen shows
 * the fresh record it carries (typed by the caller) and says so: 「记录已被他人更新，已为你刷新」.
 */
export function staleRecord<T>(error: unknown): T | undefined {
  return error instanceof ApiRequestError && error.code === 'STALE_VERSION' && error.current ? (error.current as T) : undefined
}

export const NETWORK_ERROR = 'NETWORK'
export const networkMessage = '网络不太好，没有连上。已填写的内容还在，请稍后再试。'

export type AuthKind = 'resident' | 'staff' | 'none'

export interface TransportRequest {
  url: string
  method: 'GET' | 'POST'
  header: Record<string, string>
  data?: unknown
  timeout: number
}
export interface TransportResponse {
  statusCode: number
  data: unknown
}
/** Resolves with any HTTP status; rejects only when no answer arrived (as Taro.request does). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

export interface RequestOptions {
  method?: 'GET' | 'POST'
  body?: unknown
  auth?: AuthKind
  /** Sent as `Idempotency-Key`; a POST carrying one is safe to retry with the same key. */
  idempotencyKey?: string
  headers?: Record<string, string>
}

export interface ApiClientOptions {
  /** e.g. `/api` or `https://api.example.cn/api`, without a trailing slash. */
  base: string
  transport: Transport
  token: (auth: Exclude<AuthKind, 'none'>) => string | undefined
  /** Called when the server says the session is no longer valid, so it can be dropped. */
  onUnauthenticated?: (auth: Exclude<AuthKind, 'none'>) => void
  /** Wait before retry n (1-based). Rural networks drop requests; a short pause often suffices. */
  retryDelaysMs?: readonly number[]
  sleep?: (ms: number) => Promise<void>
  timeoutMs?: number
}

/** Network failures are retried this many times (so up to three attempts in all). */
export const MAX_RETRIES = 2
const gatewayStatuses = new Set([502, 503, 504])

export function createApiClient(options: ApiClientOptions) {
  const delays = options.retryDelaysMs ?? [800, 2000]
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const base = options.base.replace(/\/+$/, '')

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST')
    const auth = opts.auth ?? 'none'
    const header: Record<string, string> = { Accept: 'application/json', ...opts.headers }
    if (method === 'POST') header['Content-Type'] = 'application/json'
    if (auth !== 'none') {
      const token = options.token(auth)
      if (token) header.Authorization = `Bearer ${token}`
    }
    if (opts.idempotencyKey) header['Idempotency-Key'] = opts.idempotencyKey
    // Only requests that cannot create a second copy are repeated: reads, and writes that
    // carry an idempotency key (the server answers a repeat with the first result).
    const retryable = method === 'GET' || Boolean(opts.idempotencyKey)
    const req: TransportRequest = {
      url: `${base}${path}`,
      method,
      header,
      data: method === 'POST' ? (opts.body ?? {}) : undefined,
      timeout: options.timeoutMs ?? 15_000,
    }

    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse | undefined
      try {
        res = await options.transport(req)
      } catch {
        res = undefined
      }
      const failedInTransit = res === undefined || gatewayStatuses.has(res.statusCode)
      if (failedInTransit && retryable && attempt < MAX_RETRIES) {
        await sleep(delays[Math.min(attempt, delays.length - 1)] ?? 0)
        continue
      }
      if (res === undefined) throw new ApiRequestError(NETWORK_ERROR, networkMessage, 0)
      if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T
      const error = toApiRequestError(res.statusCode, res.data)
      if (error.status === 401 && auth !== 'none') options.onUnauthenticated?.(auth)
      throw error
    }
  }

  return {
    request,
    get: <T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...opts, method: 'GET' }),
    post: <T>(path: string, body: unknown = {}, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
      request<T>(path, { ...opts, method: 'POST', body }),
  }
}
export type ApiClient = ReturnType<typeof createApiClient>

/** Reads the contract's `ApiError` body; falls back to a message by status when it is absent. */
export function toApiRequestError(status: number, data: unknown): ApiRequestError {
  const body = typeof data === 'string' ? safeJson(data) : data
  const parsed = apiErrorBody(body)
  if (parsed) {
    const { code, message, fields, current } = parsed.error
    return new ApiRequestError(code, message, status, fields ?? [], current)
  }
  if (status === 401) return new ApiRequestError('UNAUTHENTICATED', errorMessages.UNAUTHENTICATED, status)
  if (status === 403) return new ApiRequestError('FORBIDDEN', errorMessages.FORBIDDEN, status)
  if (status === 404) return new ApiRequestError('NOT_FOUND', errorMessages.NOT_FOUND, status)
  if (status === 413) return new ApiRequestError('PAYLOAD_TOO_LARGE', errorMessages.PAYLOAD_TOO_LARGE, status)
  if (status === 429) return new ApiRequestError('TOO_MANY_REQUESTS', errorMessages.TOO_MANY_REQUESTS, status)
  if (gatewayStatuses.has(status)) return new ApiRequestError(NETWORK_ERROR, networkMessage, status)
  if (status >= 500) return new ApiRequestError('INTERNAL', errorMessages.INTERNAL, status)
  return new ApiRequestError('HTTP_' + status, errorMessages.INTERNAL, status)
}

/**
 * The contract's `ApiError` body (shared/src/errors.ts), read by hand rather than with its zod
 * schema: every screen that calls the API loads this file, and zod is 26 KB (brotli) the staff
 * inbox's first screen would otherwise wait for on a slow line (config/h5-first-screen.ts).
 * Typed as `ApiError`, so a change to the contract fails the type check here; a field without
 * the three strings is dropped, as the schema would refuse the body.
 */
export function apiErrorBody(body: unknown): ApiError | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error as Record<string, unknown> | undefined
  if (!error || typeof error !== 'object' || typeof error.code !== 'string' || typeof error.message !== 'string') return undefined
  const isField = (f: unknown): f is FieldError => {
    const r = f as Record<string, unknown> | null
    return !!r && typeof r.field === 'string' && typeof r.code === 'string' && typeof r.message === 'string'
  }
  if (error.fields !== undefined && !(Array.isArray(error.fields) && error.fields.every(isField))) return undefined
  return { error: { code: error.code, message: error.message, fields: error.fields as FieldError[] | undefined, current: error.current } }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The message to put on screen for anything a request threw. */
export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message
  return errorMessages.INTERNAL
}
