import { fileURLToPath } from 'node:url'
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Construct } from 'constructs'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/**
 * Which function serves which paths. API Gateway picks the most specific route, so each
 * function's bundle holds only its audience's routes (functions/src/app-public.ts,
 * app-staff.ts) and a cold start parses nothing else. tests/api/api-functions.test.ts checks
 * that every route of the whole app reaches a function that serves it.
 */
export const API_ROUTES: { path: string; method: 'ANY' | 'GET'; fn: 'public' | 'staff' | 'letters' }[] = [
  { path: '/api/{proxy+}', method: 'ANY', fn: 'public' },
  { path: '/api/staff/{proxy+}', method: 'ANY', fn: 'staff' },
  { path: '/api/staff-admin/{proxy+}', method: 'ANY', fn: 'staff' },
  { path: '/api/entrustments/{id}/letter', method: 'GET', fn: 'letters' },
  { path: '/api/staff/entrustments/{id}/letter', method: 'GET', fn: 'letters' },
  // The document describes every route, so the function that holds the whole app serves it.
  { path: '/api/openapi.json', method: 'GET', fn: 'letters' },
  { path: '/api/reference', method: 'GET', fn: 'letters' },
]

/** The Hono API behind an HTTP API: one function per audience, and the letters. */
export class Api extends Construct {
  readonly url: string
  /** The public API function (everything outside /api/staff*). */
  readonly handler: NodejsFunction
  /** The staff API function (/api/staff/…, /api/staff-admin/…). */
  readonly staff: NodejsFunction
  /** Both API functions, for grants that live with other constructs (e.g. the documents bucket). */
  readonly handlers: NodejsFunction[]

  /** The HTTP API, for its access logs and alarms. */
  readonly http: HttpApi

  constructor(scope: Construct, id: string, shared: Shared, props: { stage?: string } = {}) {
    super(scope, id)
    // The construct id stays 'Handler' so a deploy updates the existing function in place.
    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/api-public.ts', import.meta.url)),
      description: 'Shouhu HTTP API: public routes',
      shared,
      // The letter routes go to the Letters function below; the app's lazy import of pdfkit is never reached here.
      externalModules: ['pdfkit'],
    })
    const staff = shouhuFunction(this, 'Staff', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/api-staff.ts', import.meta.url)),
      description: 'Shouhu HTTP API: staff routes',
      shared,
      externalModules: ['pdfkit'],
    })
    // The entrustment letter (委托照护书) in its own function: pdfkit with fontkit and brotli
    // (≈1.2 MB) and the Noto Sans SC font ship with it alone, so the API function's package and
    // cold start carry none of them. A bundle has no node_modules, so the font file ships beside
    // it (functions/src/documents/entrustment-letter.ts) and pdfkit is installed next to it.
    const letters = shouhuFunction(this, 'Letters', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/letters.ts', import.meta.url)),
      description: 'Shouhu entrustment letters (PDF)',
      shared,
      bundleFiles: [{ from: 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', to: 'fonts/NotoSansHans-Regular.otf' }],
      environment: { PDF_FONT_FILE: '/var/task/fonts/NotoSansHans-Regular.otf' },
      nodeModules: ['pdfkit'],
      // It checks the session on every request and never signs anyone in: the session key only.
      secrets: ['session'],
    })
    // A letter download is audited (an event written) after the jurisdiction check reads the record.
    grantItemAccess(letters, shared.table)
    this.handler = fn
    this.staff = staff
    this.handlers = [fn, staff]
    for (const f of this.handlers) grantItemAccess(f, shared.table, { delete: true })

    const http = new HttpApi(this, 'Http', {
      apiName: props.stage ? `shouhu-${props.stage}` : 'shouhu',
      // The H5 build calls from another origin; the mini-program's wx.request is not subject to CORS.
      // Any origin is safe because auth travels in the Authorization header, never in cookies.
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Report-Token'],
      },
    })
    // More specific routes win over {proxy+} in an HTTP API.
    const integrations = {
      public: new HttpLambdaIntegration('Handler', fn),
      staff: new HttpLambdaIntegration('Staff', staff),
      letters: new HttpLambdaIntegration('Letters', letters),
    }
    for (const r of API_ROUTES) {
      http.addRoutes({ path: r.path, methods: [r.method === 'ANY' ? HttpMethod.ANY : HttpMethod.GET], integration: integrations[r.fn] })
    }
    this.url = http.apiEndpoint
    this.http = http
  }
}
