import { Template } from 'aws-cdk-lib/assertions'
import { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStack } from '../../infra/lib/synth.js'

type Resource = { Type: string; Properties: Record<string, any> }
type Statement = { Action: string | string[]; Resource: unknown; Effect: string }

let resources: Record<string, Resource>
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
const functionNamed = (description: string) => {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description === description)
  expect(found, description).toBeDefined()
  return found!
}
const roleRef = (fn: Resource) => JSON.stringify([{ Ref: fn.Properties.Role['Fn::GetAtt'][0] }])
/** Every statement of every inline policy attached to this function's role. */
const statementsOf = (fn: Resource): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === roleRef(fn))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
const actions = (sts: Statement[]) => sts.flatMap((s) => [s.Action].flat())

beforeAll(() => {
  resources = Template.fromStack(buildStack()).toJSON().Resources
})
afterAll(() => CloudAssembly.cleanupTemporaryDirectories())

describe('the ledger import worker (issue #7)', () => {
  const WORKER = 'Shouhu ledger import: reads one uploaded .xlsx into parts of rows'
  const STREAM = 'Shouhu notifications from the table stream'
  const bucketId = () => ofType('AWS::S3::Bucket')[0]![0]
  const objects = (suffix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, suffix]] })

  it('is its own function with the memory and time the measured read needs, and no secrets', () => {
    const [, fn] = functionNamed(WORKER)
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 120 })
    const env = fn.Properties.Environment.Variables
    expect(env.DOCUMENTS_BUCKET).toEqual({ Ref: bucketId() })
    expect(Object.keys(env).filter((k) => /SECRET/.test(k))).toEqual([])
    expect(actions(statementsOf(fn)).filter((a) => a.startsWith('secretsmanager:'))).toEqual([])
  })

  it('the stream function hands the read to it asynchronously and may invoke only it', () => {
    const [workerId, worker] = functionNamed(WORKER)
    const [, stream] = functionNamed(STREAM)
    expect(stream.Properties.Environment.Variables.IMPORT_WORKER_FUNCTION).toEqual({ Ref: workerId })
    const invoke = statementsOf(stream).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))
    const targets = JSON.stringify(invoke.map((s) => s.Resource))
    expect(targets).toContain(workerId)
    // Lambda retries a failed read once; then the failed event goes to a queue of its own (alarmed on, as every queue).
    const config = ofType('AWS::Lambda::EventInvokeConfig').find(([, c]) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: workerId }))
    expect(config).toBeDefined()
    expect(config![1].Properties.MaximumRetryAttempts).toBe(1)
    const queueArn = config![1].Properties.DestinationConfig.OnFailure.Destination
    const [queueId, queue] = ofType('AWS::SQS::Queue').find(([id]) => JSON.stringify(queueArn).includes(id))!
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true)
    expect(queueId).toMatch(/^ImportsFailedReads/)
    expect(worker.Properties.Timeout).toBeLessThan(300) // well under the 5-minute nudge
  })

  it('reads only uploaded workbooks and writes only parts; the stream reads only parts', () => {
    const [, worker] = functionNamed(WORKER)
    const [, stream] = functionNamed(STREAM)
    const s3 = (fn: Resource) => statementsOf(fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))
    expect(s3(worker).map((s) => [[s.Action].flat(), s.Resource])).toEqual([
      [['s3:GetObject'], objects('/imports/*.xlsx')],
      [['s3:PutObject'], objects('/imports/*.json')],
    ])
    expect(s3(stream).map((s) => [[s.Action].flat(), s.Resource])).toEqual([[['s3:GetObject'], objects('/imports/*.json')]])
  })

  it('reaches only the table\'s items by key: it reads and saves the job, nothing else (no Query, no index, no Scan, no delete)', () => {
    const [tableId] = ofType('AWS::DynamoDB::GlobalTable')[0]!
    const [, worker] = functionNamed(WORKER)
    const ddb = statementsOf(worker).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')))
    expect(ddb).toHaveLength(1)
    expect([ddb[0]!.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem'])
    expect(ddb[0]!.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] })
    // The items and the bucket are under the stage's key: decrypt and new data keys, nothing else of it.
    const kms = actions(statementsOf(worker)).filter((a) => a.startsWith('kms:'))
    expect(kms.length).toBeGreaterThan(0)
    expect(kms.every((a) => ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'].includes(a))).toBe(true)
  })
})
