// Creates DynamoDB Local tables from the synthesized CloudFormation template, so local runs and
// tests use exactly the keys, indexes, stream and TTL that are deployed (no hand-kept copy).
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb'

/** Written by `npm run synth -w infra`. */
export const DEFAULT_TEMPLATE_PATH = fileURLToPath(
  new URL('../../../infra/cdk.out/ShouhuStack.template.json', import.meta.url),
)

// Must match infra/lib/data.ts (LOCAL_TABLE_NAME, LOCAL_NAME_METADATA); tests/infra checks they agree.
const MAIN_TABLE = 'Main'
const LOCAL_NAME_METADATA = 'shouhu:localTableName'

/** Name of the main table in DynamoDB Local, e.g. `localTableName('t3-')` → `t3-Main`. */
export function localTableName(prefix = ''): string {
  return `${prefix}${MAIN_TABLE}`
}

export interface TableInput {
  create: CreateTableCommandInput
  timeToLive?: UpdateTimeToLiveCommandInput
}

interface CfnResource {
  Type: string
  Metadata?: Record<string, unknown>
  Properties?: CfnTableProps
}

/** The parts of `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` that DynamoDB Local honours. */
interface CfnTableProps {
  KeySchema: CreateTableCommandInput['KeySchema']
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions']
  GlobalSecondaryIndexes?: CfnIndex[]
  LocalSecondaryIndexes?: CfnIndex[]
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED'
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number }
  StreamSpecification?: { StreamViewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' }
  TimeToLiveSpecification?: { AttributeName?: string; Enabled: boolean }
}

interface CfnIndex {
  IndexName: string
  KeySchema: NonNullable<CreateTableCommandInput['KeySchema']>
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] }
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number }
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'])

// Capacity is meaningless locally; any provisioned table just needs some.
const LOCAL_THROUGHPUT = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }

/** Maps every DynamoDB table in a CloudFormation template to CreateTable / UpdateTimeToLive inputs. */
export function tableInputsFromTemplate(template: unknown, tablePrefix = ''): TableInput[] {
  const resources = (template as { Resources?: Record<string, CfnResource> }).Resources ?? {}
  return Object.entries(resources)
    .filter(([, resource]) => TABLE_TYPES.has(resource.Type) && resource.Properties)
    .map(([logicalId, resource]) => {
      const p = resource.Properties!
      const localName = resource.Metadata?.[LOCAL_NAME_METADATA]
      const TableName = `${tablePrefix}${typeof localName === 'string' ? localName : logicalId}`
      // AWS::DynamoDB::Table defaults to PROVISIONED; GlobalTable requires BillingMode explicitly.
      const provisioned = (p.BillingMode ?? 'PROVISIONED') === 'PROVISIONED'
      const index = (i: CfnIndex) => ({
        IndexName: i.IndexName,
        KeySchema: i.KeySchema,
        Projection: i.Projection,
        ...(provisioned && { ProvisionedThroughput: i.ProvisionedThroughput ?? LOCAL_THROUGHPUT }),
      })
      const create: CreateTableCommandInput = {
        TableName,
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        ...(provisioned
          ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: p.ProvisionedThroughput ?? LOCAL_THROUGHPUT }
          : { BillingMode: 'PAY_PER_REQUEST' }),
        ...(p.GlobalSecondaryIndexes?.length && { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map(index) }),
        ...(p.LocalSecondaryIndexes?.length && {
          LocalSecondaryIndexes: p.LocalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        }),
        ...(p.StreamSpecification && {
          StreamSpecification: { StreamEnabled: true, StreamViewType: p.StreamSpecification.StreamViewType },
        }),
      }
      const ttl = p.TimeToLiveSpecification
      const timeToLive =
        ttl?.Enabled && ttl.AttributeName
          ? { TableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }
          : undefined
      return { create, timeToLive }
    })
}

/**
 * Creates every table of the template in DynamoDB Local unless it already exists, waits until it
 * is ACTIVE and enables TTL. Safe to call repeatedly and concurrently. Returns the table names.
 */
export async function createTablesFromTemplate(opts: {
  client: DynamoDBClient
  templatePath?: string
  tablePrefix?: string
}): Promise<string[]> {
  const templatePath = opts.templatePath ?? DEFAULT_TEMPLATE_PATH
  let text: string
  try {
    text = await readFile(templatePath, 'utf8')
  } catch (error) {
    throw new Error(`cannot read ${templatePath}: run \`npm run synth -w infra\` first`, { cause: error })
  }
  const inputs = tableInputsFromTemplate(JSON.parse(text), opts.tablePrefix)
  await Promise.all(inputs.map((input) => ensureTable(opts.client, input)))
  return inputs.map((input) => input.create.TableName!)
}

async function ensureTable(client: DynamoDBClient, { create, timeToLive }: TableInput): Promise<void> {
  const TableName = create.TableName!
  try {
    await client.send(new CreateTableCommand(create))
  } catch (error) {
    // Already there (an earlier run, or a concurrent test file): creation is idempotent by design.
    if (!(error instanceof ResourceInUseException)) throw error
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName })
  if (!timeToLive) return
  // UpdateTimeToLive fails with a ValidationException when TTL is already on, so look first,
  // and look again if a concurrent caller got there in between.
  if (await ttlOn(client, TableName)) return
  try {
    await client.send(new UpdateTimeToLiveCommand(timeToLive))
  } catch (error) {
    if (!(await ttlOn(client, TableName))) throw error
  }
}

async function ttlOn(client: DynamoDBClient, TableName: string): Promise<boolean> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName }))
  const status = TimeToLiveDescription?.TimeToLiveStatus
  return status === 'ENABLED' || status === 'ENABLING'
}
