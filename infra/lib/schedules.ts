import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Construct } from 'constructs'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/** Escalates red reports nobody acknowledged within ESCALATION_MINUTES and retries failed deliveries. */
export class Schedules extends Construct {
  /** The escalation function and its rule, for the "not running" and error alarms. */
  readonly handler: NodejsFunction
  readonly rule: Rule
  readonly deadLetters: Queue

  constructor(scope: Construct, id: string, shared: Shared) {
    super(scope, id)
    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/schedule.ts', import.meta.url)),
      description: 'Shouhu escalation and delivery retries',
      shared,
      timeout: Duration.seconds(60),
      // Retrying a failed delivery sends the WeChat message from here (workflows/notify-staff.ts → notify/sender.ts).
      secrets: ['wechat'],
    })
    this.handler = fn
    grantItemAccess(fn, shared.table)

    // A tick that fails or cannot be delivered is kept for a look (and alarmed on): each is a
    // minute in which a red report may not have climbed to the township.
    this.deadLetters = new Queue(this, 'FailedTicks', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true })
    fn.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetters) })
    this.rule = new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      // The next tick is a minute away; an event retry would only overlap with it.
      targets: [new LambdaFunction(fn, { retryAttempts: 0, deadLetterQueue: this.deadLetters })],
    })
  }
}
