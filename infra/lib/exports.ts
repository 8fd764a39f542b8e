import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { Documents } from './documents.js'
import { shouhuFunction, type Shared } from './function-defaults.js'
import { grantItemAccess } from './grants.js'

/**
 * Background exports (issue #12): ledgers and payment lists are written by their own function,
 * started by the stream function when an export is requested, so a large county's workbook
 * neither blocks the stream nor runs into its timeout.
 */
export class Exports extends Construct {
  readonly worker: NodejsFunction
  readonly deadLetters: Queue

  constructor(scope: Construct, id: string, shared: Shared, props: { documents: Documents; stream: NodejsFunction }) {
    super(scope, id)
    this.worker = shouhuFunction(this, 'Worker', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/export-worker.ts', import.meta.url)),
      description: 'Shouhu exports: one ledger or payment list as an .xlsx workbook',
      shared,
      // 20,000 rows took 202 s on a loaded laptop (README "Measured"); the page-by-page writer keeps memory flat.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      secrets: [],
    })
    grantItemAccess(this.worker, shared.table)
    props.documents.grantExportWrite(this.worker)
    this.worker.grantInvoke(props.stream)
    props.stream.addEnvironment('EXPORT_WORKER_FUNCTION', this.worker.functionName)
    // A failed export is shown to its requester as failed (the job's own stall check); the
    // event is kept for a look rather than retried into a second workbook.
    this.deadLetters = new Queue(this, 'FailedExports', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true })
    this.worker.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.deadLetters) })
  }
}
