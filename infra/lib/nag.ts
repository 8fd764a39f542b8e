import { NagSuppressions } from 'cdk-nag'
import type { Stack } from 'aws-cdk-lib'

/**
 * The AwsSolutions findings this stack accepts, each with the reason (cdk-nag runs in
 * `npm test` on the synthesized stack: tests/infra/nag.test.ts; zero unsuppressed findings).
 */
export function suppressNagFindings(stack: Stack) {
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'AWSLambdaBasicExecutionRole only lets a function write its own log streams; every other permission is written out per function.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Wildcards only where AWS offers nothing narrower: the table\'s indexes (…/index/*, queried by name in code), the documents bucket\'s objects (keys are generated per upload; the stream function only imports/*, the uploaded ledgers), the due worker\'s versions (…:* is how Lambda names them for lambda:InvokeFunction), KMS GenerateDataKey*/ReEncrypt* (variants of one action on one key), and X-Ray trace segments (no resource-level permissions exist). No wildcard actions on services.',
      appliesTo: [
        { regex: '/^Resource::<DataMain.*\\.Arn>\\/index\\/\\*$/g' },
        { regex: '/^Resource::<DocumentsBucket.*\\.Arn>\\/\\*$/g' },
        { regex: '/^Resource::<DocumentsBucket.*\\.Arn>\\/imports\\/\\*$/g' },
        { regex: '/^Resource::<DocumentsBucket.*\\.Arn>\\/exports\\/\\*$/g' },
        { regex: '/^Resource::<SchedulesDueWorker.*\\.Arn>:\\*$/g' },
        { regex: '/^Resource::<ExportsWorker.*\\.Arn>:\\*$/g' },
        'Action::kms:GenerateDataKey*',
        'Action::kms:ReEncrypt*',
        'Resource::*',
      ],
    },
    {
      id: 'AwsSolutions-SQS3',
      reason: 'These queues are themselves the dead-letter queues (of the table stream, the schedule and the export worker); each is alarmed on when not empty.',
    },
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The WeChat app secret is issued by WeChat and changed in its console, then stored with `npm run set-wechat-secret` (no AWS rotation can obtain one). Rotating the session key signs every user out; it is replaced by hand when compromised.',
    },
    {
      id: 'AwsSolutions-S1',
      reason:
        'Papers are reached only through the API function, which checks jurisdiction and audits each staff view; S3 server access logs would need a second bucket holding object keys that name applications, without telling who looked.',
    },
    {
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization happens in the API (session tokens checked on every request, with account state), because public routes (division lists, anonymous report submission, health) share the one proxy route.',
    },
  ])
}
