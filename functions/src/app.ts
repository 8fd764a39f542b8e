import { apiBase, finishApi } from './app-base'
import { publicApi } from './app-public'
import { staffApi } from './app-staff'
import { errors, file, route } from './contract'

/** Built on the first request for it, so a cold start never pays for the generator. */
let document: Promise<Record<string, unknown>> | undefined
const openApiDocument = (): Promise<Record<string, unknown>> => (document ??= import('./contract-document').then((m) => m.buildDocument(app)))

/**
 * The whole API: the local server serves exactly this app, and so does the letters function
 * (which API Gateway also sends the OpenAPI document and reference page to). In the cloud the
 * other routes are served by one function per audience built from the same parts
 * (lambda/api-public.ts, lambda/api-staff.ts; infra/lib/api.ts routes each path).
 */
export const app = finishApi(apiBase()
  .openapi(route({ method: 'get', path: '/openapi.json', summary: '本接口说明（OpenAPI 3.1）', tags: ['服务'], security: [],
    responses: { 200: file('application/json', 'OpenAPI 3.1 文档'), ...errors() } }), async (c) => c.json(await openApiDocument()))
  .openapi(route({ method: 'get', path: '/reference', summary: '接口说明网页', tags: ['服务'], security: [],
    responses: { 200: file('text/html', '接口说明网页'), ...errors() } }), async (c) =>
    c.html((await import('./contract-document')).referencePage(await openApiDocument())))
  .route('/', publicApi)
  .route('/', staffApi))

export type AppType = typeof app
