import { fileURLToPath } from 'node:url'
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Construct } from 'constructs'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/** The Hono API behind an HTTP API. */
export class Api extends Construct {
  readonly url: string
  /** The API function, for grants that live with other constructs (e.g. the documents bucket). */
  readonly handler: NodejsFunction

  /** The HTTP API, for its access logs and alarms. */
  readonly http: HttpApi

  constructor(scope: Construct, id: string, shared: Shared, props: { stage?: string } = {}) {
    super(scope, id)
    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/api.ts', import.meta.url)),
      description: 'Shouhu HTTP API',
      shared,
      // The letter routes go to the Letters function below; the app's lazy import of pdfkit is never reached here.
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
    grantItemAccess(fn, shared.table, { delete: true })

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
    http.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Handler', fn),
    })
    // More specific routes win over {proxy+} in an HTTP API.
    const letterIntegration = new HttpLambdaIntegration('Letters', letters)
    for (const path of ['/api/entrustments/{id}/letter', '/api/staff/entrustments/{id}/letter']) {
      http.addRoutes({ path, methods: [HttpMethod.GET], integration: letterIntegration })
    }
    this.url = http.apiEndpoint
    this.http = http
  }
}
