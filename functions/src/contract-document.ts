/**
 * The OpenAPI document and its reference page, built from the route declarations (contract.ts).
 * Imported lazily by app.ts on the first `GET /api/openapi.json` or `/api/reference`: the
 * generator's work never runs in a cold start that does not ask for it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import * as z from 'zod'
import * as shared from '@shouhu/shared'

export const API_VERSION = '1.0.0'

/**
 * Names every shared schema in the document by its export name (one PascalCase name per schema
 * and type, STYLE.md), so routes reference `#/components/schemas/StaffReportView` rather than
 * repeating it inline. Done on the schema objects themselves, once, without touching `shared/`.
 */
function nameSharedSchemas() {
  for (const [name, value] of Object.entries(shared)) {
    if (!/^[A-Z]/.test(name) || !(value instanceof z.ZodType)) continue
    const meta = zodToOpenAPIRegistry.get(value) as { _internal?: { refId?: string } } | undefined
    if (meta?._internal?.refId) continue
    zodToOpenAPIRegistry.add(value, { ...(meta ?? {}), _internal: { ...(meta?._internal ?? {}), refId: name } })
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildDocument(app: OpenAPIHono<any, any, any>): Record<string, unknown> {
  nameSharedSchemas()
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    description: '登录（/api/auth/staff-login、/api/auth/wechat-login）得到的会话令牌：Authorization: Bearer <token>',
  })
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: '守护 API',
      version: API_VERSION,
      description:
        '守护：农村留守儿童和困境儿童关爱保护的小程序与部门系统接口。除注明无需登录的接口外，均以 Bearer 会话令牌认证。' +
        '所有错误答复同一结构 ApiError：稳定的错误码 code、中文说明 message，表单错误附 fields（每个有误项目的字段、代码和中文说明）。',
    },
    servers: [{ url: '/' }],
  }) as unknown as Record<string, unknown>
  return doc
}

type Doc = {
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, Operation>>
}
type Operation = {
  summary?: string
  tags?: string[]
  security?: unknown[]
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/** A schema's name as the document refers to it, or a short description of an inline one. */
export function schemaName(schema: unknown): string {
  const s = schema as { $ref?: string; type?: string | string[]; format?: string; items?: unknown; allOf?: unknown[] } | undefined
  if (!s) return '—'
  if (s.$ref) return s.$ref.split('/').pop()!
  if (s.allOf) return s.allOf.map(schemaName).join(' + ')
  if (s.type === 'array') return `${schemaName(s.items)}[]`
  if (s.format === 'binary') return '文件'
  return Array.isArray(s.type) ? s.type.join('|') : (s.type ?? '对象')
}

/** The operations of the document in a stable order: path, then method. */
export function operations(doc: Record<string, unknown>) {
  const d = doc as unknown as Doc
  return Object.keys(d.paths)
    .sort()
    .flatMap((path) =>
      Object.keys(d.paths[path]!)
        .sort()
        .map((method) => ({ path, method, op: d.paths[path]![method]! })),
    )
}

/** The error codes a response status lists in its description (see contract.ts `errors`). */
export const errorCodesOf = (description = '') => (description.split('错误码：')[1] ?? '').match(/[A-Z][A-Z_]{2,}/g) ?? []

/**
 * The reference page: plain HTML rendered on the server from the document, no scripts, so it
 * opens on any machine a department's integrator has (and inside networks without CDN access).
 */
export function referencePage(doc: Record<string, unknown>): string {
  const d = doc as unknown as Doc
  const rows = operations(doc).map(({ path, method, op }) => {
    const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code>（${p.in === 'path' ? '路径' : p.in === 'query' ? '查询' : esc(p.in)}${p.required ? '，必填' : ''}）${p.description ? '：' + esc(p.description) : ''}</li>`)
    const body = Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => `<code>${esc(type)}</code> ${esc(schemaName(c.schema))}`)
    const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
      const schemas = Object.entries(r.content ?? {}).map(([type, c]) => `${esc(schemaName(c.schema))}${type === 'application/json' ? '' : `（${esc(type)}）`}`)
      const codes = Number(status) >= 400 ? errorCodesOf(r.description) : []
      return `<tr><td>${esc(status)}</td><td>${schemas.join('，') || '—'}</td><td>${codes.map((c) => `<code>${c}</code>`).join(' ') || esc(r.description ?? '')}</td></tr>`
    })
    const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-')
    return `<section id="${esc(id)}">
<h3><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}${op.security && op.security.length === 0 ? '（无需登录）' : ''}</p>
${params.length ? `<h4>参数</h4><ul>${params.join('')}</ul>` : ''}
${body.length ? `<h4>请求内容</h4><p>${body.join('；')}</p>` : ''}
<h4>答复</h4><table><thead><tr><th>状态</th><th>内容</th><th>错误码</th></tr></thead><tbody>${responses.join('')}</tbody></table>
</section>`
  })
  const toc = operations(doc).map(({ path, method, op }) => `<li><a href="#${esc(`${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-'))}">${method.toUpperCase()} ${esc(path)}</a> ${esc(op.summary ?? '')}</li>`)
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.info.title)} 接口说明</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.m{font-family:monospace;background:#234;color:#fff;padding:0 .4em}section{border-top:1px solid #ddd;margin-top:1rem}</style>
</head><body>
<h1>${esc(d.info.title)} 接口说明</h1>
<p>版本 ${esc(d.info.version)}。认证方式：Bearer 会话令牌（<code>Authorization: Bearer &lt;token&gt;</code>）。机器可读的文档：<a href="openapi.json"><code>/api/openapi.json</code></a>（OpenAPI 3.1）。</p>
<p>${esc(d.info.description ?? '')}</p>
<h2>接口一览</h2><ul>${toc.join('')}</ul>
<h2>接口详情</h2>
${rows.join('\n')}
</body></html>`
}

/**
 * docs/api.md, generated from the document (`npm run api:docs`); tests/api/contract.test.ts
 * fails when the file is out of date, so the prose never drifts from the routes.
 */
export function apiMarkdown(doc: Record<string, unknown>): string {
  const d = doc as unknown as Doc
  const lines = [
    `# ${d.info.title} ${d.info.version}`,
    '',
    '<!-- Generated from /api/openapi.json by `npm run api:docs`; do not edit by hand. -->',
    '',
    d.info.description ?? '',
    '',
    '认证：`Authorization: Bearer <token>`（登录接口答复的会话令牌）。机器可读的文档：`GET /api/openapi.json`（OpenAPI 3.1）；网页：`GET /api/reference`。',
    '',
    '| 方法 | 路径 | 说明 | 参数 | 请求内容 | 成功答复 | 错误 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  for (const { path, method, op } of operations(doc)) {
    const params = (op.parameters ?? []).map((p) => `${p.name}（${p.in === 'path' ? '路径' : p.in === 'header' ? `请求头${p.required ? '，必填' : ''}` : '查询'}）`).join('、')
    const body = Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => (type === 'application/json' ? schemaName(c.schema) : `${schemaName(c.schema)}（${type}）`)).join('、')
    const ok = Object.entries(op.responses ?? {})
      .filter(([s]) => Number(s) < 400)
      .map(([s, r]) => `${s} ${Object.entries(r.content ?? {}).map(([type, c]) => (type === 'application/json' ? schemaName(c.schema) : type)).join('、')}`)
      .join('；')
    const errs = Object.entries(op.responses ?? {})
      .filter(([s]) => Number(s) >= 400)
      .map(([s, r]) => `${s} ${errorCodesOf(r.description).join('/')}`)
      .join('；')
    const open = op.security && op.security.length === 0 ? '（无需登录）' : ''
    lines.push(`| ${method.toUpperCase()} | \`${path}\` | ${cell((op.summary ?? '') + open)} | ${cell(params) || '—'} | ${cell(body) || '—'} | ${cell(ok)} | ${cell(errs)} |`)
  }
  return lines.join('\n') + '\n'
}
