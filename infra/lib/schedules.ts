import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Construct } from 'constructs'
import { shouhuFunction, type Shared } from './function-defaults.js'

/** Escalates red reports nobody acknowledged within ESCALATION_MINUTES and retries failed deliveries. */
export class Schedules extends Construct {
  constructor(scope: Construct, id: string, shared: Shared) {
    super(scope, id)
    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/schedule.ts', import.meta.url)),
      description: 'Shouhu escalation and delivery retries',
      shared,
      timeout: Duration.seconds(60),
    })
    shared.table.grantReadWriteData(fn)
    shared.sessionSecret.grantRead(fn)
    // Retrying a failed delivery sends the WeChat message from here (workflows/notify-staff.ts → notify/sender.ts).
    shared.wechatSecret.grantRead(fn)

    new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      // The next tick is a minute away; an event retry would only overlap with it.
      targets: [new LambdaFunction(fn, { retryAttempts: 0 })],
    })
  }
}
