import { DynamoDBClient } from '@aws-sdk/client-dynamodb'

let client: DynamoDBClient | undefined

/**
 * One client per process (Lambda reuses it across invocations), created on first use so the
 * local runner and tests can set the endpoint first.
 */
export function dynamo(): DynamoDBClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT
  if (!client) {
    client = endpoint
      ? new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
      : new DynamoDBClient({})
    // The SDK's logger step runs its sensitive-field filter over every command's whole input and
    // output to hand them to `logger.info`, even when the logger is the default no-op one: the
    // largest single cost of a request in the API's profile (bench `api`). We never log through it.
    client.middlewareStack.remove('loggerMiddleware')
    client.middlewareStack.add(
      (next, context) => async (args) => {
        dynamoCalls.total++
        const name = context.commandName ?? 'unknown'
        dynamoCalls.byCommand[name] = (dynamoCalls.byCommand[name] ?? 0) + 1
        return next(args)
      },
      { step: 'initialize', name: 'shouhuCallCounter' },
    )
  }
  return client
}

/**
 * DynamoDB calls made by this process, by command: how tests and the bench check that a
 * request makes the few calls it should ("at most 3 per staff list page"). Counting is a
 * few additions per call; it costs nothing worth switching off.
 */
export const dynamoCalls: { total: number; byCommand: Record<string, number> } = { total: 0, byCommand: {} }

/** Counts from zero again; returns what was counted until now. */
export function resetDynamoCalls(): { total: number; byCommand: Record<string, number> } {
  const before = { total: dynamoCalls.total, byCommand: { ...dynamoCalls.byCommand } }
  dynamoCalls.total = 0
  dynamoCalls.byCommand = {}
  return before
}

/** Read at call time so each test file can use its own table. */
export function tableName(): string {
  return process.env.TABLE_NAME ?? 'Main'
}
