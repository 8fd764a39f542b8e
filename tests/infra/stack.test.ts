import { Match, Template } from 'aws-cdk-lib/assertions'
import { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localTableName, tableInputsFromTemplate } from '../../functions/src/local/create-tables.js'
import { LOCAL_TABLE_NAME } from '../../infra/lib/data.js'
import { buildStack, synthTemplate } from '../../infra/lib/synth.js'

type Resource = { Type: string; Properties: Record<string, any>; [key: string]: unknown }

let template: Template
let resources: Record<string, Resource>
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
const only = (type: string) => {
  const found = ofType(type)
  expect(found).toHaveLength(1)
  return found[0]!
}
const PUBLIC_API = 'Shouhu HTTP API: public routes'
const STAFF_API = 'Shouhu HTTP API: staff routes'
const functionNamed = (description: string) => {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description === description)
  expect(found, description).toBeDefined()
  return found!
}

beforeAll(() => {
  template = Template.fromStack(buildStack())
  resources = template.toJSON().Resources
})
// Vitest workers skip the process `exit` hook that would remove the synthesized assemblies from the temp dir.
afterAll(() => CloudAssembly.cleanupTemporaryDirectories())

const INDEXES = [
  ['byVillage', 'villagePk', 'villageSk'],
  ['byTownship', 'townshipPk', 'townshipSk'],
  ['byCounty', 'countyPk', 'countySk'],
  ['byOwner', 'ownerPk', 'ownerSk'],
  ['byDue', 'duePk', 'dueSk'],
] as const
const projectionOf = (name: string) =>
  name === 'byDue' ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: ['row'] }

describe('table', () => {
  it('is the only table, keyed on pk/sk, billed on demand', () => {
    only('AWS::DynamoDB::GlobalTable')
    template.resourceCountIs('AWS::DynamoDB::Table', 0)
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    })
  })

  it.each(INDEXES)('has index %s on %s/%s projecting only what its readers need (row; keys for byDue)', (IndexName, pk, sk) => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName,
          KeySchema: [
            { AttributeName: pk, KeyType: 'HASH' },
            { AttributeName: sk, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(IndexName),
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: pk, AttributeType: 'S' },
        { AttributeName: sk, AttributeType: 'S' },
      ]),
    })
  })

  it('has exactly the five access-pattern indexes', () => {
    const [, table] = only('AWS::DynamoDB::GlobalTable')
    expect(table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(
      INDEXES.map(([name]) => name),
    )
  })

  it('survives mistakes: point-in-time recovery, deletion protection and a retain policy', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    })
  })

  it('streams new and old images and expires items on expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    })
  })
})

describe('functions', () => {
  it('every function is the newest Node.js (24) on arm64 with 256 MB (the export and import workers 1 GB) and knows the table', () => {
    const [tableId] = only('AWS::DynamoDB::GlobalTable')
    const functions = ofType('AWS::Lambda::Function')
    // API (public routes), API (staff routes), letters, stream, schedule, due worker, export worker, import worker.
    expect(functions).toHaveLength(8)
    const workers = [functionNamed('Shouhu exports: one ledger or payment list as an .xlsx workbook')[0], functionNamed('Shouhu ledger import: reads one uploaded .xlsx into parts of rows')[0]]
    for (const [id, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: workers.includes(id) ? 1024 : 256 })
      expect(fn.Properties.Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: tableId },
        NODE_OPTIONS: '--enable-source-maps',
        ESCALATION_MINUTES: '30',
      })
    }
  })

  it('request handlers time out after 10 s, the schedule after 60 s', () => {
    expect(functionNamed(PUBLIC_API)[1].Properties.Timeout).toBe(10)
    expect(functionNamed(STAFF_API)[1].Properties.Timeout).toBe(10)
    expect(functionNamed('Shouhu notifications from the table stream')[1].Properties.Timeout).toBe(10)
    expect(functionNamed('Shouhu escalation and delivery retries')[1].Properties.Timeout).toBe(60)
  })

  it('function logs are kept for a month, API access logs for six months', () => {
    const groups = ofType('AWS::Logs::LogGroup')
    // Eight functions (API public and staff, letters, stream, schedule, due worker, export and import workers) and the API's access logs.
    expect(groups).toHaveLength(9)
    const access = groups.filter(([id]) => id.includes('AccessLogs'))
    expect(access).toHaveLength(1)
    expect(access[0]![1].Properties.RetentionInDays).toBe(180)
    for (const [id, group] of groups) if (!id.includes('AccessLogs')) expect(group.Properties.RetentionInDays).toBe(30)
  })
})

describe('wiring', () => {
  it('the HTTP API sends ANY /api/{proxy+} to the public API function, /api/staff… to the staff one, with CORS for the H5 client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' })
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/staff/{proxy+}' })
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/staff-admin/{proxy+}' })
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Report-Token'],
      },
    })
    // Each route's target is its own function's integration.
    const integrationOf = (routeKey: string) => {
      const [, r] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!
      const integrationId = (r.Properties.Target['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'object' ? (p as { Ref: string }).Ref : '')).join('')
      return ofType('AWS::ApiGatewayV2::Integration').find(([id]) => id === integrationId)![1].Properties.IntegrationUri['Fn::GetAtt'][0]
    }
    expect(integrationOf('ANY /api/{proxy+}')).toBe(functionNamed(PUBLIC_API)[0])
    expect(integrationOf('ANY /api/staff/{proxy+}')).toBe(functionNamed(STAFF_API)[0])
    expect(integrationOf('ANY /api/staff-admin/{proxy+}')).toBe(functionNamed(STAFF_API)[0])
    for (const key of ['GET /api/openapi.json', 'GET /api/reference']) expect(integrationOf(key), key).toBe(functionNamed('Shouhu entrustment letters (PDF)')[0])
  })

  it('the stream function reads the table stream from the start, isolates poison records and dead-letters to SQS', () => {
    const [tableId] = only('AWS::DynamoDB::GlobalTable')
    const [queueId] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('Notifications'))!
    const [streamFnId] = functionNamed('Shouhu notifications from the table stream')
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      FunctionName: { Ref: streamFnId },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 25,
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    })
  })

  it('the schedule fans due work out to the due worker: may invoke it, names it, and the worker is capped at 32 at once', () => {
    const [scheduleFnId, scheduleFn] = functionNamed('Shouhu escalation and delivery retries')
    const [workerId, worker] = functionNamed('Shouhu due work: one batch of (kind, shard) units')
    expect(scheduleFn.Properties.Environment.Variables.DUE_WORKER_FUNCTION).toEqual({ Ref: workerId })
    expect(worker.Properties.ReservedConcurrentExecutions).toBe(32)
    expect(worker.Properties.Timeout).toBe(60)
    const scheduleRole = scheduleFn.Properties.Role['Fn::GetAtt'][0]
    const invokes = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(scheduleRole))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'))
    expect(invokes).toHaveLength(1)
    expect(JSON.stringify(invokes[0]!.Resource)).toContain(workerId)
    expect(JSON.stringify(invokes[0]!.Resource)).not.toContain(scheduleFnId)
  })

  it('the letter routes go to the letters function, which alone ships pdfkit and the font', () => {
    const [lettersFnId, letters] = functionNamed('Shouhu entrustment letters (PDF)')
    expect(letters.Properties.Environment.Variables.PDF_FONT_FILE).toBe('/var/task/fonts/NotoSansHans-Regular.otf')
    expect(functionNamed(PUBLIC_API)[1].Properties.Environment.Variables.PDF_FONT_FILE).toBeUndefined()
    expect(functionNamed(STAFF_API)[1].Properties.Environment.Variables.PDF_FONT_FILE).toBeUndefined()
    for (const key of ['GET /api/entrustments/{id}/letter', 'GET /api/staff/entrustments/{id}/letter']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key })
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [lettersFnId, 'Arn'] },
    })
  })

  it('the schedule function runs every minute', () => {
    const [scheduleFnId] = functionNamed('Shouhu escalation and delivery retries')
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [scheduleFnId, 'Arn'] } })],
    })
  })

  it('outputs the API URL and the table name', () => {
    template.hasOutput('ApiUrl', {})
    template.hasOutput('TableName', { Value: { Ref: only('AWS::DynamoDB::GlobalTable')[0] } })
  })
})

describe('least privilege', () => {
  const statements = () =>
    [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::Role')].flatMap(([, r]) => [
      ...(r.Properties.PolicyDocument?.Statement ?? []),
      ...(r.Properties.Policies ?? []).flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement),
    ]) as { Action: string | string[]; Resource?: unknown }[]

  it('no statement grants a wildcard action, and only X-Ray (which has no resource-level permissions) a wildcard resource', () => {
    expect(statements().length).toBeGreaterThan(0)
    for (const statement of statements()) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/(^|:)\*$/)
      const actions = [statement.Action].flat()
      for (const resource of [statement.Resource].flat()) if (resource === '*') expect(actions.every((a) => a.startsWith('xray:'))).toBe(true)
    }
  })

  it('each function reads only the secrets it uses (the API functions both; letters the session key; stream and due worker WeChat; the schedule none), and none may change them', () => {
    const secrets = ofType('AWS::SecretsManager::Secret')
    expect(secrets).toHaveLength(2)
    const [sessionId] = secrets.find(([id]) => id.includes('Session'))!
    const [wechatId] = secrets.find(([id]) => id.includes('Wechat'))!
    const readsOf = (description: string) => {
      const [, fn] = functionNamed(description)
      const roleId = fn.Properties.Role['Fn::GetAtt'][0]
      const policy = ofType('AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))!
      const onSecrets = (policy[1].Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((st) =>
        [sessionId, wechatId].some((id) => JSON.stringify(st.Resource).includes(`"${id}"`)),
      )
      for (const st of onSecrets) expect([st.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'])
      return [sessionId, wechatId].filter((id) => JSON.stringify(onSecrets).includes(`"${id}"`)).map((id) => (id === sessionId ? 'session' : 'wechat'))
    }
    expect(readsOf(PUBLIC_API)).toEqual(['session', 'wechat'])
    expect(readsOf(STAFF_API)).toEqual(['session', 'wechat'])
    expect(readsOf('Shouhu notifications from the table stream')).toEqual(['wechat'])
    expect(readsOf('Shouhu entrustment letters (PDF)')).toEqual(['session'])
    expect(readsOf('Shouhu due work: one batch of (kind, shard) units')).toEqual(['wechat'])
    // The schedule only hands (kind, shard) batches to the due workers.
    expect(readsOf('Shouhu escalation and delivery retries')).toEqual([])
    expect(functionNamed('Shouhu notifications from the table stream')[1].Properties.Environment.Variables.SESSION_SECRET_ARN).toBeUndefined()
  })
})

describe('local tables from the template', () => {
  it('agree with infra on the local table name', () => {
    expect(localTableName('t1-')).toBe(`t1-${LOCAL_TABLE_NAME}`)
  })

  it('map the synthesized table to one CreateTable input with its five indexes, stream and TTL', () => {
    const inputs = tableInputsFromTemplate(synthTemplate(), 't1-')
    expect(inputs).toHaveLength(1)
    const { create, timeToLive } = inputs[0]!
    expect(create).toMatchObject({
      TableName: localTableName('t1-'),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    })
    expect(create.AttributeDefinitions).toHaveLength(12)
    expect(create.GlobalSecondaryIndexes?.map((i) => [i.IndexName, ...i.KeySchema!.map((k) => k.AttributeName)])).toEqual(
      INDEXES.map((i) => [...i]),
    )
    // DynamoDB Local is created with the same projections, so local readers fail as the cloud would if they read past `row`.
    expect(create.GlobalSecondaryIndexes?.map((i) => i.Projection)).toEqual(INDEXES.map(([name]) => projectionOf(name)))
    expect(timeToLive).toEqual({
      TableName: 't1-Main',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    })
  })
})

describe('documents bucket (issue #4: photos of papers for allowance applications)', () => {
  const bucket = () => only('AWS::S3::Bucket')

  it('is private, encrypted, owner-enforced and kept when the stack goes', () => {
    const [, b] = bucket()
    expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    // Issue #10: the stage's customer-managed key, with S3 bucket keys (fewer KMS calls).
    const sse = b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
    expect(sse.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [only('AWS::KMS::Key')[0], 'Arn'] } })
    expect(sse.BucketKeyEnabled).toBe(true)
    expect(b.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerEnforced')
    expect(b.DeletionPolicy).toBe('Retain')
  })

  it('refuses every request that is not over TLS', () => {
    const [bucketId] = bucket()
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
  })

  it('lets the browser PUT a photo (CORS) and nothing else cross-origin', () => {
    const [, b] = bucket()
    expect(b.Properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedHeaders: ['Content-Type'], AllowedMethods: ['PUT'], AllowedOrigins: ['*'], ExposedHeaders: ['ETag'], MaxAge: 3000 },
    ])
  })

  it('expires unattached uploads under incoming/ after two days and aborts stale multipart uploads', () => {
    const [, b] = bucket()
    expect(b.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 2, Status: 'Enabled' }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
      ]),
    )
  })

  it('only the letters function carries the letter font path (the font ships beside its bundle)', () => {
    const [lettersId, lettersFn] = functionNamed('Shouhu entrustment letters (PDF)')
    expect(lettersFn.Properties.Environment.Variables.PDF_FONT_FILE).toBe('/var/task/fonts/NotoSansHans-Regular.otf')
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      if (id !== lettersId) expect(fn.Properties.Environment.Variables.PDF_FONT_FILE).toBeUndefined()
    }
  })

  it('the API may only put and get the bucket\'s objects; the stream function only reads ledger parts; the import worker reads uploaded ledgers and writes their parts; the export worker only writes exports; no other function knows the bucket', () => {
    const [bucketId] = bucket()
    const [apiId, apiFn] = functionNamed(PUBLIC_API)
    const [staffId, staffFn] = functionNamed(STAFF_API)
    expect(staffFn.Properties.Environment.Variables.DOCUMENTS_BUCKET).toEqual({ Ref: bucketId })
    const [streamId, streamFn] = functionNamed('Shouhu notifications from the table stream')
    const [exportId, exportFn] = functionNamed('Shouhu exports: one ledger or payment list as an .xlsx workbook')
    const [importId] = functionNamed('Shouhu ledger import: reads one uploaded .xlsx into parts of rows')
    expect(apiFn.Properties.Environment.Variables.DOCUMENTS_BUCKET).toEqual({ Ref: bucketId })
    expect(streamFn.Properties.Environment.Variables.DOCUMENTS_BUCKET).toEqual({ Ref: bucketId })
    expect(exportFn.Properties.Environment.Variables.DOCUMENTS_BUCKET).toEqual({ Ref: bucketId })
    // The stream hands exports to the worker instead of writing them within its 10 s.
    expect(streamFn.Properties.Environment.Variables.EXPORT_WORKER_FUNCTION).toEqual({ Ref: exportId })
    expect(exportFn.Properties.Timeout).toBe(900)
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      if (![apiId, staffId, streamId, exportId, importId].includes(id)) expect(fn.Properties.Environment.Variables.DOCUMENTS_BUCKET).toBeUndefined()
    }
    const s3Statements = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')))
        .map((st) => ({ st, roles: JSON.stringify(p.Properties.Roles) })),
    )
    // API (public and staff), export worker, stream (parts), import worker (workbooks, parts): tests/infra/imports.test.ts.
    expect(s3Statements).toHaveLength(6)
    const exporter = s3Statements.find((s) => s.roles === JSON.stringify([{ Ref: exportFn.Properties.Role['Fn::GetAtt'][0] }]))!
    expect([exporter.st.Action].flat()).toEqual(['s3:PutObject'])
    expect(exporter.st.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] })
    const roleOf = (fn: any) => JSON.stringify([{ Ref: fn.Properties.Role['Fn::GetAtt'][0] }])
    for (const fn of [apiFn, staffFn]) {
      const api = s3Statements.find((s) => s.roles === roleOf(fn))!
      expect([api.st.Action].flat().sort()).toEqual(['s3:GetObject', 's3:PutObject'])
      expect(api.st.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] })
    }
    const stream = s3Statements.filter((s) => s.roles === roleOf(streamFn))
    // It reads the parts the import worker wrote, one per delivery, and nothing else.
    expect(stream).toHaveLength(1)
    expect([stream[0]!.st.Action].flat()).toEqual(['s3:GetObject'])
    expect(stream[0]!.st.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/imports/*.json']] })
  })
})
