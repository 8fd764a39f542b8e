import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/** Turns table changes (e.g. a new red report) into notifications for the staff on duty. */
export class Notifications extends Construct {
  readonly deadLetters: Queue
  /** The stream function, for its iterator-age alarm. */
  readonly handler: NodejsFunction

  constructor(scope: Construct, id: string, shared: Shared) {
    super(scope, id)
    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/stream.ts', import.meta.url)),
      description: 'Shouhu notifications from the table stream',
      shared,
      // Sends subscription messages, which need an access token obtained with the app secret.
      secrets: ['wechat'],
    })
    this.handler = fn
    grantItemAccess(fn, shared.table)

    // The DLQ receives only batch metadata (shard, sequence numbers), enough to replay from the stream's 24 h window.
    this.deadLetters = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    })
    fn.addEventSource(
      new DynamoEventSource(shared.table, {
        // No change may be skipped: a missed red report is a child nobody visits.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 10,
        // Isolate a poison record instead of blocking the shard behind it.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Bursts (a flood, a school alert) otherwise queue behind one serial batch per shard;
        // DynamoDB still keeps the records of one item in order across the parallel batches.
        parallelizationFactor: 5,
        onFailure: new SqsDlq(this.deadLetters),
      }),
    )
  }
}
