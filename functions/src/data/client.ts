import { DynamoDBClient } from '@aws-sdk/client-dynamodb'

let client: DynamoDBClient | undefined

/**
 * One client per process (Lambda reuses it across invocations), created on first use so the
 * local runner and tests can set the endpoint first.
 */
export function dynamo(): DynamoDBClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT
  client ??= endpoint
    ? new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({})
  return client
}

/** Read at call time so each test file can use its own table. */
export function tableName(): string {
  return process.env.TABLE_NAME ?? 'Main'
}
