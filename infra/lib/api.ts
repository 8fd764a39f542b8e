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
      // The entrustment letter (委托照护书) is drawn with Noto Sans SC; a bundle has no node_modules,
      // so the font file ships beside it (functions/src/documents/entrustment-letter.ts).
      bundleFiles: [{ from: 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', to: 'fonts/NotoSansHans-Regular.otf' }],
      environment: { PDF_FONT_FILE: '/var/task/fonts/NotoSansHans-Regular.otf' },
      // pdfkit with fontkit and brotli is ≈1.2 MB: installed beside the bundle, loaded only by the
      // first letter request (documents/lazy.ts), so every other cold start stays ≈0.5 MB.
      nodeModules: ['pdfkit'],
      // Sessions are signed with the session key; login exchanges a wx.login code through code2session (app secret).
      secrets: ['session', 'wechat'],
    })
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
    this.url = http.apiEndpoint
    this.http = http
  }
}
