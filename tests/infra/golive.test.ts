import { Template } from 'aws-cdk-lib/assertions'
import { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStack } from '../../infra/lib/synth.js'
import { names, stackName } from '../../infra/lib/stage.js'

/**
 * Going live (issue #10): what a county deploys. Stages side by side, data kept and encrypted
 * with a rotated customer key, the newest Node.js on arm64 with tracing, item-level table
 * access only, access logs and throttling on the API, alarms on everything that drops work.
 */
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; [key: string]: unknown }
const resourcesOf = (context: Record<string, unknown> = {}) => Template.fromStack(buildStack({ context })).toJSON().Resources as Record<string, Resource>
const ofType = (rs: Record<string, Resource>, type: string) => Object.entries(rs).filter(([, r]) => r.Type === type)

let prod: Record<string, Resource>
beforeAll(() => {
  prod = resourcesOf({ stage: 'prod', alarmEmail: 'duty@example.cn' })
})
afterAll(() => CloudAssembly.cleanupTemporaryDirectories())

describe('stages', () => {
  it('the stage is in the stack name and every named resource, so stages live side by side', () => {
    expect(stackName('staging')).toBe('Shouhu-staging')
    const rs = resourcesOf({ stage: 'staging' })
    const n = names('staging')
    expect(ofType(rs, 'AWS::DynamoDB::GlobalTable')[0]![1].Properties.TableName).toBe(n.table)
    expect(ofType(rs, 'AWS::ApiGatewayV2::Api')[0]![1].Properties.Name).toBe('shouhu-staging')
    expect(ofType(rs, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name).sort()).toEqual([n.sessionSecret, n.wechatSecret].sort())
    expect(ofType(rs, 'AWS::SNS::Topic')[0]![1].Properties.TopicName).toBe('shouhu-staging-alarms')
    expect(ofType(rs, 'AWS::KMS::Alias')[0]![1].Properties.AliasName).toBe('alias/shouhu-staging')
  })

  it('a stage name that is not a plain name is refused', () => {
    expect(() => buildStack({ context: { stage: 'Prod Stage' } })).toThrow(/stage/)
  })

  it('production data (table, bucket, secrets, key) is retained and the table deletion-protected; only an explicit throwaway stage is not', () => {
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key']) {
      for (const [id, r] of ofType(prod, type)) expect(r.DeletionPolicy, id).toBe('Retain')
    }
    expect(ofType(prod, 'AWS::DynamoDB::GlobalTable')[0]![1].Properties.Replicas[0].DeletionProtectionEnabled).toBe(true)
    const scratch = resourcesOf({ stage: 'scratch', destroyData: true })
    expect(ofType(scratch, 'AWS::DynamoDB::GlobalTable')[0]![1].DeletionPolicy).toBe('Delete')
    expect(ofType(scratch, 'AWS::DynamoDB::GlobalTable')[0]![1].Properties.Replicas[0].DeletionProtectionEnabled).toBe(false)
  })
})

describe('encryption', () => {
  it('one customer-managed key with rotation encrypts the table (indexes and stream with it), the bucket and the alarm topic', () => {
    const [[keyId, key]] = ofType(prod, 'AWS::KMS::Key') as [[string, Resource]]
    expect(key.Properties.EnableKeyRotation).toBe(true)
    const table = ofType(prod, 'AWS::DynamoDB::GlobalTable')[0]![1]
    expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' })
    expect(JSON.stringify(table.Properties.Replicas[0].SSESpecification)).toContain(keyId)
    expect(JSON.stringify(ofType(prod, 'AWS::S3::Bucket')[0]![1].Properties.BucketEncryption)).toContain(keyId)
    expect(JSON.stringify(ofType(prod, 'AWS::SNS::Topic')[0]![1].Properties.KmsMasterKeyId)).toContain(keyId)
  })
})

describe('functions', () => {
  it('every function runs the newest Node.js Lambda offers on arm64, traced, and none has the development sign-in', () => {
    const fns = ofType(prod, 'AWS::Lambda::Function')
    expect(fns.length).toBeGreaterThanOrEqual(3)
    for (const [id, fn] of fns) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x')
      expect(fn.Properties.Architectures, id).toEqual(['arm64'])
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' })
      expect(fn.Properties.Environment.Variables.DEV_LOGIN, id).toBeUndefined()
    }
  })

  it('no function may Scan, delete the table or use any wildcard action; only the API functions and the due worker (fired timers) delete items', () => {
    const policies = ofType(prod, 'AWS::IAM::Policy')
    const rolesOf = (description: string) =>
      ofType(prod, 'AWS::Lambda::Function').filter(([, f]) => String(f.Properties.Description).startsWith(description)).map(([, f]) => f.Properties.Role['Fn::GetAtt'][0])
    // The API is two functions (public and staff routes), both as the one API was.
    expect(rolesOf('Shouhu HTTP API')).toHaveLength(2)
    const deleters = [...rolesOf('Shouhu HTTP API'), ...rolesOf('Shouhu due work')].map((r) => JSON.stringify([{ Ref: r }]))
    for (const [id, p] of policies) {
      const actions = (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat())
      for (const a of actions) {
        expect(a, id).not.toMatch(/^dynamodb:(Scan|DeleteTable|PartiQL.*|\*)$/)
        expect(a, id).not.toMatch(/(^|:)\*$/)
      }
      if (actions.includes('dynamodb:DeleteItem')) expect(deleters).toContain(JSON.stringify(p.Properties.Roles))
    }
  })
})

describe('the HTTP API', () => {
  it('writes JSON access logs (no bodies or query strings) and throttles its routes', () => {
    const [, stage] = ofType(prod, 'AWS::ApiGatewayV2::Stage')[0]!
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined()
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format)
    expect(format).toMatchObject({ status: '$context.status', route: '$context.routeKey' })
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/requestBody|querystring/i)
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })
  })
})

describe('dead letters and alarms', () => {
  const alarms = () => ofType(prod, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties)
  const topicId = () => ofType(prod, 'AWS::SNS::Topic')[0]![0]
  const fnId = (description: string) => ofType(prod, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === description)![0]

  it('the schedule and the stream functions hand failures to dead-letter queues', () => {
    const scheduleFn = fnId('Shouhu escalation and delivery retries')
    const config = ofType(prod, 'AWS::Lambda::EventInvokeConfig').find(([, c]) => JSON.stringify(c.Properties.FunctionName).includes(scheduleFn))
    expect(config?.[1].Properties).toMatchObject({ MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: expect.anything() } } })
    const rule = ofType(prod, 'AWS::Events::Rule')[0]![1]
    expect(rule.Properties.Targets[0].DeadLetterConfig.Arn).toBeDefined()
    const mapping = ofType(prod, 'AWS::Lambda::EventSourceMapping')[0]![1]
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined()
  })

  it('every alarm notifies the SNS topic, which emails the address from context', () => {
    expect(alarms().length).toBeGreaterThan(0)
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topicId() }])
    const sub = ofType(prod, 'AWS::SNS::Subscription')[0]![1]
    expect(sub.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'duty@example.cn', TopicArn: { Ref: topicId() } })
    expect(ofType(resourcesOf({ stage: 'prod' }), 'AWS::SNS::Subscription')).toHaveLength(0)
  })

  it('the escalation schedule is alarmed when it fails or stops running (no invocations counts as stopped)', () => {
    const scheduleFn = fnId('Shouhu escalation and delivery retries')
    const notRunning = alarms().find((a) => a.MetricName === 'Invocations' && JSON.stringify(a.Dimensions).includes(scheduleFn))
    expect(notRunning).toMatchObject({ ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' })
    expect(alarms().some((a) => a.Namespace === 'AWS/Events' && a.MetricName === 'FailedInvocations')).toBe(true)
  })

  it('the stream function\'s iterator age is alarmed', () => {
    const streamFn = fnId('Shouhu notifications from the table stream')
    expect(alarms().some((a) => a.MetricName === 'IteratorAge' && JSON.stringify(a.Dimensions).includes(streamFn))).toBe(true)
  })

  it('every function has an errors and a throttles alarm; every dead-letter queue a not-empty alarm', () => {
    for (const [id] of ofType(prod, 'AWS::Lambda::Function')) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms().some((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(id)), `${id} ${metric}`).toBe(true)
      }
    }
    const queues = ofType(prod, 'AWS::SQS::Queue')
    expect(queues.length).toBeGreaterThanOrEqual(2)
    for (const [id] of queues) {
      expect(alarms().some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(id)), id).toBe(true)
    }
  })
})
