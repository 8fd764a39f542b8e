/**
 * One API contract (issue #9): every route is declared once, with `@hono/zod-openapi`, from the
 * zod schemas in `shared/`. The declaration drives the validation, the OpenAPI document served
 * at `GET /api/openapi.json` (and the reference page `GET /api/reference`), and the mini-app's
 * typed client (generated from the document: mini-app/src/api/contract.gen.ts, `npm run api:types`).
 * `tests/api/contract.test.ts` fails for any route Hono serves that is not in the document.
 *
 * Converting a plain-Hono route file is mechanical:
 *
 * ```ts
 * // before
 * export const thingRoutes = new Hono<StaffEnv>()
 *   .use(requireUser, requireStaff)
 *   .get('/:id', async (c) => c.json(await view(c.req.param('id'))))
 *   .post('/:id/close', requireCounty, jsonBody(CloseThing, labels), async (c) => { … c.req.valid('json') … })
 *
 * // after
 * export const thingRoutes = $(routes<StaffEnv>().use(requireUser, requireStaff))
 *   .openapi(route({ method: 'get', path: '/{id}', summary: '一件事的详情', tags: ['事项'],
 *       request: { params: pathParams('id') },
 *       responses: { 200: json(ThingView, '这件事'), ...errors(401, 403, 404) } }),
 *     async (c) => c.json(await view(c.req.param('id'))))
 *   .openapi(route({ method: 'post', path: '/{id}/close', summary: '办结', tags: ['事项'], middleware: [requireCounty, labels(closeLabels)] as const,
 *       request: { params: pathParams('id'), body: jsonRequest(CloseThing) },
 *       responses: { 200: json(ThingView, '办结后的事项'), ...errors(400, 401, 403, 404, 409) } }),
 *     async (c) => { … c.req.valid('json') … })
 * ```
 *
 * - Paths use `{id}`, not `:id`; every path parameter is declared (`pathParams`).
 * - The body is `jsonRequest(Schema)` (it replaces `jsonBody(Schema, fieldLabels)`); the field labels
 *   for the Chinese 400 messages become the route middleware `labels(fieldLabels)`, listed last.
 * - Route-only middleware (role checks, throttles, body limits) goes in `middleware: [...] as const`.
 * - Responses: `json(Schema, '说明')` for the success body (a shared schema, named in the document by
 *   its export name), `file('application/pdf', '说明')` for files, and `errors(...)` for the error
 *   statuses the route can answer. 500 is added to every route; a POST always gets 413 (body limit).
 * - Query parameters: `PageQuery` for paged lists, `query({...})` for the rest; handlers keep their
 *   own checks (their messages are the contract's 400s).
 * - Header parameters the handler reads are declared too, so integrators see them:
 *   `headers: idempotencyHeader('required')` on a creating POST whose handler refuses a missing key
 *   (`'optional'` where a key only makes a retry safe), `headers: reportTokenHeader` where
 *   `X-Report-Token` is read. These never fail validation on their own: the handler's check
 *   (`requiredIdempotencyKey` in idempotency-key.ts) gives the 400 with its Chinese message, as before.
 * - The mini-app's client is generated from this document (`npm run api:types` writes
 *   mini-app/src/api/contract.gen.ts): a route declared here is callable, typed, as
 *   `api.get('/path/{id}', { params: { id } })` there; tests/api/contract.test.ts fails when the
 *   generated file is out of date.
 * - Handlers stay as they were: `c.json(x)` needs no status argument, because error responses are
 *   typed without a body (they are documented with the one `ApiError` body at run time).
 */
import { $, OpenAPIHono, createRoute, type RouteConfig } from '@hono/zod-openapi'
import type { Context, Env } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as z from 'zod'
import { ApiError, type ErrorCode, fieldErrors } from '@shouhu/shared'
import { HttpError, statusOf } from './errors'

export { $ }

type LabelsEnv = { Variables: { fieldLabels?: Record<string, string> } }

/**
 * The Chinese name of each field, for the route's 400 messages (「账号：不能为空」). A route
 * middleware, listed last in `middleware`, so the validator's hook finds them on the context.
 */
export function labels(fieldLabels: Record<string, string>) {
  return createMiddleware<LabelsEnv>(async (c, next) => {
    c.set('fieldLabels', fieldLabels)
    await next()
  })
}

/** The 400 every declared request schema answers with: our `ApiError` shape, a Chinese message per field. */
function validationHook(result: { success: boolean; error?: unknown }, c: Context): undefined {
  if (!result.success) {
    const fieldLabels = (c as Context<LabelsEnv>).get('fieldLabels') ?? {}
    throw new HttpError('VALIDATION_FAILED', undefined, fieldErrors(result.error as z.ZodError, fieldLabels))
  }
  return undefined
}

/** A route group: an OpenAPIHono whose validation failures are the contract's 400. */
export function routes<E extends Env = Env>() {
  return new OpenAPIHono<E>({ defaultHook: validationHook })
}

/** `createRoute` with the bearer scheme filled in (override with `security: []` for open routes). */
export function route<const R extends RouteConfig>(config: R): R & { getRoutingPath(): string } {
  return createRoute({ security: [{ Bearer: [] }], ...config } as R)
}

/** A JSON success response. */
export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

/**
 * A file answer (a PDF letter). Typed without a body so the handler may return any Response.
 */
export function file(mediaType: string, description: string): { description: string } {
  return { description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } } as { description: string }
}

/** The media type of the Excel workbooks the API answers with (`file(xlsxMediaType, '…')`). */
export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A request body in JSON, always validated (a body sent without a JSON content type is refused, never skipped). */
export function jsonRequest<S extends z.ZodType>(schema: S, description?: string) {
  return { required: true as const, ...(description ? { description } : {}), content: { 'application/json': { schema } } }
}

/** A file upload: described in the document, read by the handler itself (no zod validator runs). */
export function uploadRequest(description: string, fields: Record<string, { type: 'string'; format?: 'binary'; description?: string }>, raw = false) {
  const multipart = { type: 'object', required: ['file'], properties: fields }
  return {
    required: true,
    description,
    content: {
      'multipart/form-data': { schema: multipart },
      ...(raw ? { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } : {}),
    },
  } as unknown as { required: true; description: string; content: {} }
}

/** Statuses an error can have, with the stable codes each may carry (from functions/src/errors.ts). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500

export const codesByStatus = Object.entries(statusOf).reduce<Record<number, ErrorCode[]>>((acc, [code, status]) => {
  ;(acc[status] ??= []).push(code as ErrorCode)
  return acc
}, {})

const statusText: Record<ErrorStatus, string> = {
  400: '请求内容有误（fields 列出每个有误的项目及其中文说明）',
  401: '未登录或登录已失效',
  403: '没有权限，或须先修改临时密码',
  404: '没有找到（不在权限范围内的记录也答 404 或 403）',
  409: '记录已被他人修改（STALE_VERSION 附带最新记录 current），或当前状态下不能这样操作',
  413: '提交的内容太大',
  415: '提交的内容不是 JSON',
  422: '同一个提交标识（Idempotency-Key）提交了不同的内容',
  429: '太频繁，请稍后再试（Retry-After）',
  500: '系统繁忙',
}

type ErrorResponses<S extends ErrorStatus> = { [K in S | 500]: { description: string } }

/**
 * The error responses a route can answer, each with the one `ApiError` body. Typed without a
 * body on purpose: that keeps handlers' `c.json(x)` as it is, while the success body stays typed
 * for the client. 500 is always included.
 */
export function errors<S extends ErrorStatus>(...statuses: S[]): ErrorResponses<S> {
  const out: Record<number, unknown> = {}
  for (const status of [...statuses, 500 as const]) {
    const codes = status === 415 ? ['VALIDATION_FAILED'] : (codesByStatus[status] ?? [])
    out[status] = {
      description: `${statusText[status]}。错误码：${codes.join('、')}`,
      content: { 'application/json': { schema: ApiError } },
    }
  }
  return out as ErrorResponses<S>
}

/**
 * Path parameters. boundedParams (middleware/params.ts) already answers 404 for anything else,
 * so this schema documents the rule and never fails on its own.
 */
export function pathParams<const N extends string>(...names: N[]) {
  const segment = z.string().max(128).regex(/^[A-Za-z0-9_.-]+$/)
  return z.object(Object.fromEntries(names.map((n) => [n, segment])) as { [K in N]: typeof segment })
}

/** Optional string query parameters, described; the handler checks them with its own messages. */
export function query<const K extends string>(described: Record<K, string>) {
  return z.object(Object.fromEntries(Object.entries(described).map(([k, d]) => [k, z.string().max(1024).optional().describe(d as string)])) as { [P in K]: z.ZodOptional<z.ZodString> })
}

const pageDescriptions = { limit: '每页条数，1 到 100', cursor: '上一页答复中的 nextCursor' }

/** `?limit=&cursor=` of every paged list (middleware/paging.ts checks it). */
export const PageQuery = query(pageDescriptions)

/** A paged list's query with its own filters. */
export const pagedQuery = <const K extends string>(filters: Record<K, string>) => query({ ...pageDescriptions, ...filters })

/**
 * `Idempotency-Key`: the same key on every attempt at one create, so a retry over a dropped
 * connection returns the first result instead of a second record. Optional in the schema on
 * purpose: the handler's own check answers a missing or malformed key with its Chinese 400.
 */
export function idempotencyHeader(need: 'required' | 'optional') {
  const description =
    need === 'required'
      ? '提交标识（8–100 位字母、数字、_ 或 -），每次新建时生成，重试时不变；缺少时答 400。同一标识再次提交答复第一次的结果，内容不同答 422'
      : '提交标识（8–100 位字母、数字、_ 或 -），可选；带上时重试不会重复新建，答复第一次的结果'
  return z.object({
    'Idempotency-Key': z.string().optional().openapi({ param: { required: need === 'required', description } }),
  })
}

/** `X-Report-Token`: the device token a reporter's phone keeps; when sent it must be the current one. */
export const reportTokenHeader = z.object({
  'X-Report-Token': z
    .string()
    .optional()
    .openapi({ param: { description: '提交反映的手机保存的查询凭证（可选）；带上时须是当前凭证，换码后旧凭证答 404' } }),
})

/** `X-File-Name`: the workbook's name when the body is the file itself (`application/octet-stream`). */
export const fileNameHeader = z.object({
  'X-File-Name': z.string().optional().openapi({ param: { description: '文件名（请求体就是文件时；也可用查询参数 fileName）' } }),
})
