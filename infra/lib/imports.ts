import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { NagSuppressions } from 'cdk-nag'
import { Construct } from 'constructs'
import type { Documents } from './documents.js'
import { shouhuFunction, type Shared } from './function-defaults.js'

/**
 * The ledger import's read step (issue #7) in its own function: the stream function hands it
 * each uploaded workbook and goes on with other table changes; the worker parses the .xlsx once
 * and writes its rows back as parts, which the stream then imports a part per delivery.
 *
 * Grants, each to the one object kind it touches: the worker reads uploaded workbooks
 * (`imports/*.xlsx`) and writes parts (`imports/*.json`); the stream only reads parts. Neither
 * lists, deletes, or reaches any other prefix of the bucket (applications' papers, exports).
 */
export class Imports extends Construct {
  readonly worker: NodejsFunction
  readonly deadLetters: Queue

  constructor(scope: Construct, id: string, shared: Shared, props: { documents: Documents; encryptionKey?: IKey; stream: NodejsFunction }) {
    super(scope, id)
    const { bucket } = props.documents
    this.worker = shouhuFunction(this, 'Worker', {
      entry: fileURLToPath(new URL('../../functions/src/lambda/import-worker.ts', import.meta.url)),
      description: 'Shouhu ledger import: reads one uploaded .xlsx into parts of rows',
      shared,
      // Measured (bench/child-import.ts): a 3.5 MB workbook of 23,645 rows peaks at 371 MB RSS
      // and 7.4 s CPU on a loaded machine (3.5 s for 25,000 rows on a quiet one). 1,024 MB is
      // 2.5× that peak and ≈ 0.6 vCPU (≈ 6–13 s for a full 4 MB file); 2 minutes is many times
      // the work, yet under the job's 5-minute nudge, so a stuck read is asked for again.
      timeout: Duration.minutes(2),
      memorySize: 1024,
      // It reads files and writes parts: no session key, no WeChat secret.
      secrets: [],
    })
    // The read touches one item, the job: read it (GetItem), save it under its version (a
    // one-item TransactWriteItems, which IAM checks as PutItem). No Query, no index, no delete.
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [shared.table.tableArn] }))
    shared.table.encryptionKey?.grant(this.worker, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*')
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('imports/*.xlsx')] }))
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('imports/*.json')] }))
    props.encryptionKey?.grant(this.worker, 'kms:Decrypt', 'kms:GenerateDataKey*')
    this.worker.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName)

    props.stream.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('imports/*.json')] }))
    props.encryptionKey?.grant(props.stream, 'kms:Decrypt')
    props.stream.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName)
    this.worker.grantInvoke(props.stream)
    props.stream.addEnvironment('IMPORT_WORKER_FUNCTION', this.worker.functionName)

    // A read that fails is retried once by Lambda (the worker acts only on the version it was
    // given, so a retry never counts twice); after that the job's 5-minute nudge asks again and
    // finally stops the job with a message. The failed event is kept for a look.
    this.deadLetters = new Queue(this, 'FailedReads', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true })
    this.worker.configureAsyncInvoke({ retryAttempts: 1, onFailure: new SqsDestination(this.deadLetters) })

    const reason =
      'Object keys are generated per upload (imports/<county>/<job>.xlsx and its .part-NNNN.json), so the grant names the prefix and the kind of object, nothing wider; the stream invokes the worker\'s versions (…:* is how Lambda names them for lambda:InvokeFunction).'
    for (const fn of [this.worker, props.stream]) {
      NagSuppressions.addResourceSuppressions(
        fn,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason,
            appliesTo: [
              { regex: '/^Resource::<DocumentsBucket.*\\.Arn>\\/imports\\/\\*\\.(xlsx|json)$/g' },
              { regex: '/^Resource::<ImportsWorker.*\\.Arn>:\\*$/g' },
            ],
          },
        ],
        true,
      )
    }
  }
}
