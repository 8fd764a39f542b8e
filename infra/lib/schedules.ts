import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Construct } from 'constructs'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/**
 * Due workers that may run at once. Sized so 100,000 due items clear within one scheduled
 * minute, by design:
 *
 * - The schedule function hands out 32 batches (`DUE_WORKERS` in functions/src/lambda/schedule.ts),
 *   batch i = shard i of every kind; due keys hash evenly over 32 shards (data/due.ts).
 * - Worst case, all 100,000 items are of one kind: 100,000 / 32 = 3,125 items per worker.
 * - A worker handles a page's items 10 at a time; one item is a consistent GetItem (≈5 ms) and
 *   one conditional write or small transaction (≈10–20 ms): ≈25 ms, so ≈400 items/s per worker,
 *   3,125 items in ≈8 s — well inside the worker's 60 s timeout. A worker stops taking pages
 *   10 s before its timeout and leaves the rest to the next minute, which starts each shard at
 *   its oldest due item again (handled items have left the index): bounded, nothing lost.
 * - 32 workers × 400 items/s = 12,800 items/s: 100,000 items in ≈8 s of the minute.
 * - DynamoDB: each due partition key sees ≈400 writes/s (its index entries removed), under the
 *   1,000 WCU/s a partition takes; the table as a whole ≈12,800 items/s × ≈3 WCU — on-demand
 *   absorbs this once the table has seen such a peak (a new on-demand table starts at 4,000
 *   WCU/s and doubles from its previous peak; pre-warm it, or the first surge takes longer
 *   than a minute and the backlog clears in the next minutes, nothing lost).
 *
 * 32 reserved leaves the rest of the account's concurrency to the API: a flood of due work
 * can never starve the people using the app. Raise both numbers together if a kind grows
 * past this (e.g. nationwide visit reminders).
 */
export const DUE_WORKER_CONCURRENCY = 32

/**
 * Every minute: escalations, delivery retries, renewal reminders, application timers and every
 * other registered due kind. The schedule function only fans the (kind, shard) units out; the
 * due workers do the work.
 */
export class Schedules extends Construct {
  /** The escalation function and its rule, for the "not running" and error alarms. */
  readonly handler: NodejsFunction
  readonly rule: Rule
  readonly deadLetters: Queue
  /** Does the work the schedule hands out; alarmed on errors like every function. */
  readonly worker: NodejsFunction

  constructor(scope: Construct, id: string, shared: Shared) {
    super(scope, id)
    const worker = shouhuFunction(this, 'DueWorker', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/due-worker.ts', import.meta.url)),
      description: 'Shouhu due work: one batch of (kind, shard) units',
      shared,
      timeout: Duration.seconds(60),
      // Retrying a failed delivery sends the WeChat message from the worker (notify/sender.ts).
      secrets: ['wechat'],
    })
    ;(worker.node.defaultChild as CfnFunction).reservedConcurrentExecutions = DUE_WORKER_CONCURRENCY
    // Fired application timers are deleted items (data/applications.ts consumeTimer).
    grantItemAccess(worker, shared.table, { delete: true })
    this.worker = worker

    const fn = shouhuFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/schedule.ts', import.meta.url)),
      description: 'Shouhu escalation and delivery retries',
      shared,
      // Handing out 32 async invocations takes well under a second; without workers (a stack
      // deployed without them) it would run everything itself within this.
      timeout: Duration.seconds(60),
      environment: { DUE_WORKER_FUNCTION: worker.functionName },
      // It only hands out work: no table access, no secrets.
      secrets: [],
    })
    this.handler = fn
    worker.grantInvoke(fn)

    // A tick that fails or cannot be delivered is kept for a look (and alarmed on): each is a
    // minute in which a red report may not have climbed to the township.
    this.deadLetters = new Queue(this, 'FailedTicks', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true })
    fn.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetters) })
    // A batch a worker could not finish is not retried (the next minute starts each shard again) but kept for a look.
    worker.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetters) })
    this.rule = new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      // The next tick is a minute away; an event retry would only overlap with it.
      targets: [new LambdaFunction(fn, { retryAttempts: 0, deadLetterQueue: this.deadLetters })],
    })
  }
}
