import type { CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'

/**
 * The HTTP API's default stage as a county runs it: one JSON access-log line per request (no
 * bodies, no query strings: they may hold phone numbers or report codes) and a throttle that
 * keeps a flood from one misbehaving client from eating the account's Lambda concurrency.
 * A county has a few thousand users; 50 requests/s with bursts of 100 is far above normal use.
 */
export function configureApiStage(scope: Construct, http: HttpApi, throttle = { rate: 50, burst: 100 }) {
  const logs = new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.SIX_MONTHS })
  const stage = http.defaultStage!.node.defaultChild as CfnStage
  stage.accessLogSettings = {
    destinationArn: logs.logGroupArn,
    format: JSON.stringify({
      requestId: '$context.requestId',
      time: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      route: '$context.routeKey',
      path: '$context.path',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
    }),
  }
  stage.defaultRouteSettings = { throttlingRateLimit: throttle.rate, throttlingBurstLimit: throttle.burst }
  return logs
}
