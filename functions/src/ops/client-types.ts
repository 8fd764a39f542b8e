/**
 * The mini-app's client types, generated from the OpenAPI document (`npm run api:types` writes
 * mini-app/src/api/contract.gen.ts). The document is the one contract (contract.ts); the client
 * reads its paths, parameters, headers and bodies from here instead of writing them again.
 *
 * Bodies and answers that the document names after a shared schema become that schema's zod
 * types (`z.input` for what the client sends, `z.output` for what it receives), so the screens
 * keep using `@shouhu/shared`'s types and the generated file stays small: tsc resolves a name,
 * not a structural copy of every schema. Anything inline (an `allOf` adding `version`, a query
 * string) is written out as a TypeScript type.
 *
 * Why not `hc<AppType>`: inferring ~150 routes' types through Hono's chained generics made
 * `tsc -p mini-app` slow and gave one route the wrong answer type; a generated file is read, not
 * inferred, and what it says is exactly what the document says.
 */
import * as z from 'zod'
import * as shared from '@shouhu/shared'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
type Direction = 'In' | 'Out'

interface Parameter {
  name: string
  in: string
  required?: boolean
  description?: string
  schema?: Json
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const key = (name: string) => (identifier.test(name) ? name : lit(name))
const lit = (v: unknown) => (typeof v === 'string' && !/['\\\n]/.test(v) ? `'${v}'` : JSON.stringify(v))
const comment = (text: string | undefined, indent: string) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '')

/** The header the client sends through its own option (`idempotencyKey`), because retries depend on it. */
const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/** The names `@shouhu/shared` exports as zod schemas: the document names its components by them. */
export function sharedSchemaNames(): Set<string> {
  return new Set(Object.entries(shared).filter(([name, value]) => /^[A-Z]/.test(name) && value instanceof z.ZodType).map(([name]) => name))
}

/** Where the generated file lives, from the repository root. */
export const clientTypesFile = 'mini-app/src/api/contract.gen.ts'

/**
 * @param doc the document served at GET /api/openapi.json
 * @param sharedNames the names `@shouhu/shared` exports as zod schemas
 */
export function clientTypes(doc: Json, sharedNames: ReadonlySet<string> = sharedSchemaNames()): string {
  const components: Json = doc.components?.schemas ?? {}
  const local = new Map<string, string>() // components that are not shared exports: written out once here
  const pending = new Set<string>()

  function ref(name: string, dir: Direction): string {
    if (sharedNames.has(name)) return `${dir}<typeof S.${name}>`
    const alias = `${name}${dir === 'In' ? 'Input' : ''}`
    if (!local.has(alias) && !pending.has(alias)) {
      pending.add(alias)
      local.set(alias, ts(components[name], dir, ''))
      pending.delete(alias)
    }
    return alias
  }

  function ts(schema: Json | undefined, dir: Direction, indent: string): string {
    if (!schema || typeof schema !== 'object') return 'unknown'
    if (schema.$ref) return ref(String(schema.$ref).split('/').pop()!, dir)
    if (schema.allOf) return schema.allOf.map((s: Json) => ts(s, dir, indent)).join(' & ')
    const union = schema.anyOf ?? schema.oneOf
    if (union) return union.map((s: Json) => ts(s, dir, indent)).join(' | ')
    if ('const' in schema) return lit(schema.const)
    if (schema.enum) return schema.enum.map(lit).join(' | ')
    const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
    if (types.length > 1) return types.map((t) => ts({ ...schema, type: t }, dir, indent)).join(' | ')
    switch (types[0]) {
      case 'string':
        return 'string'
      case 'integer':
      case 'number':
        return 'number'
      case 'boolean':
        return 'boolean'
      case 'null':
        return 'null'
      case 'array':
        return `Array<${ts(schema.items, dir, indent)}>`
      case 'object':
      case undefined: {
        if (!schema.properties && !schema.additionalProperties) return types[0] ? 'Record<string, unknown>' : 'unknown'
        const required = new Set<string>(schema.required ?? [])
        const inner = indent + '  '
        const lines = Object.entries<Json>(schema.properties ?? {}).map(
          ([name, s]) => `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${ts(s, dir, inner)}`,
        )
        if (schema.additionalProperties) {
          lines.push(`${inner}[key: string]: ${schema.additionalProperties === true ? 'unknown' : ts(schema.additionalProperties, dir, inner)}`)
        }
        return `{\n${lines.join('\n')}\n${indent}}`
      }
      default:
        return 'unknown'
    }
  }

  /** A body the client may leave out: an object schema that requires nothing. */
  function mayOmit(schema: Json | undefined): boolean {
    if (!schema) return true
    if (schema.$ref) return mayOmit(components[String(schema.$ref).split('/').pop()!])
    if (schema.allOf) return schema.allOf.every(mayOmit)
    return (schema.type === 'object' || !schema.type) && !(schema.required?.length)
  }

  const braces = (members: string[]) => (members.length ? `{ ${members.join('; ')} }` : '{}')
  const paramsType = (ps: Parameter[], indent: string) =>
    `{ ${ps.map((p) => `${key(p.name)}${p.required ? '' : '?'}: ${ts(p.schema, 'In', indent)}`).join('; ')} }`

  const sections = { get: [] as string[], post: [] as string[], url: [] as string[] }
  const paths = Object.keys(doc.paths ?? {}).sort()
  for (const fullPath of paths) {
    const path = fullPath.replace(/^\/api(?=\/)/, '')
    for (const method of Object.keys(doc.paths[fullPath]).sort()) {
      const op: Json = doc.paths[fullPath][method]
      if (method !== 'get' && method !== 'post') throw new Error(`${method.toUpperCase()} ${fullPath}: the client speaks GET and POST only`)
      const parameters: Parameter[] = op.parameters ?? []
      const pathParams = parameters.filter((p) => p.in === 'path')
      const queryParams = parameters.filter((p) => p.in === 'query')
      const headers = parameters.filter((p) => p.in === 'header')
      const idempotency = headers.find((h) => h.name === IDEMPOTENCY_HEADER)
      const otherHeaders = headers.filter((h) => h !== idempotency)
      const secured = !(Array.isArray(op.security) && op.security.length === 0)

      const address: string[] = []
      if (pathParams.length) address.push(`params: ${paramsType(pathParams.map((p) => ({ ...p, required: true })), '      ')}`)
      if (queryParams.length) address.push(`query${queryParams.some((p) => p.required) ? '' : '?'}: ${paramsType(queryParams, '      ')}`)

      const args = [`auth${secured ? '' : '?'}: Auth`, ...address]
      const jsonBody = op.requestBody?.content?.['application/json']?.schema
      if (jsonBody) args.push(`body${mayOmit(jsonBody) ? '?' : ''}: ${ts(jsonBody, 'In', '      ')}`)
      if (idempotency) args.push(`idempotencyKey${idempotency.required ? '' : '?'}: string`)
      if (otherHeaders.length) args.push(`headers?: ${paramsType(otherHeaders, '      ')}`)

      const answers = Object.entries<Json>(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status))
      const jsonAnswers = [...new Set(answers.map(([, r]) => r.content?.['application/json']?.schema).filter(Boolean).map((s) => ts(s, 'Out', '    ')))]
      const multipart = op.requestBody && !jsonBody
      const summary = comment(`${method.toUpperCase()} ${fullPath}: ${op.summary ?? ''}`, '  ')

      // Files and uploads go through Taro.downloadFile / uploadFile at `api.url(...)`, not the JSON client.
      sections.url.push(`${summary}  ${lit(`${method.toUpperCase()} ${path}`)}: { args: ${braces(address)} }`)
      if (multipart || jsonAnswers.length === 0) continue
      sections[method].push(`${summary}  ${lit(path)}: {\n    args: ${braces(args)}\n    response: ${jsonAnswers.join(' | ')}\n  }`)
    }
  }

  const localTypes = [...local].map(([name, body]) => `type ${name} = ${body}`)
  return `/**
 * GENERATED by \`npm run api:types\` (functions/src/ops/api-types.ts) from the OpenAPI document the
 * API serves at GET /api/openapi.json. Do not edit: change the route's declaration and run the
 * script again (tests/api/contract.test.ts fails while this file is out of date).
 *
 * Used through \`api\` in ./client.ts: \`api.get(path, args)\`, \`api.post(path, args)\`, \`api.url(key, args)\`.
 */
import type * as z from 'zod'
import type * as S from '@shouhu/shared'

// No \`extends z.ZodType\` constraint: checking each schema's class against ZodType doubled tsc's work.
type In<T> = z.input<T>
type Out<T> = z.output<T>
/** Which signed-in session the request carries (optional on routes open to anyone). */
export type Auth = 'resident' | 'staff'
${localTypes.length ? '\n' + localTypes.join('\n') + '\n' : ''}
/** GET routes that answer JSON: the call's arguments and the answer. */
export interface GetOps {
${sections.get.join('\n')}
}

/** POST routes that take and answer JSON. */
export interface PostOps {
${sections.post.join('\n')}
}

/** Every route, as \`METHOD path\`, for building an address (downloads, uploads): only its parameters. */
export interface UrlOps {
${sections.url.join('\n')}
}
`
}
