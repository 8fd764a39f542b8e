import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * DynamoDB Local in memory with the table created from the synthesized template (its real
 * indexes and projections), and nothing else: no API, stream poller or timer competing for the
 * two cores while the data layer alone is measured.
 */
export async function tableOnly() {
  process.env.LOG_LEVEL = 'silent'
  const workDir = mkdtempSync(join(tmpdir(), 'shouhu-bench-ddb-'))
  const { startDynamoDbLocal } = await import('../functions/src/local/dynamodb-local')
  // The JVM can take longer than the starter's 30 s on a loaded machine: try again.
  let ddb: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined
  for (let attempt = 1; !ddb; attempt++) {
    try {
      ddb = await startDynamoDbLocal({ workDir })
    } catch (e) {
      if (attempt >= 4) throw e
      console.error(`DynamoDB Local slow to start (attempt ${attempt}), trying again …`)
    }
  }
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint
  process.env.TABLE_NAME = 'Main'
  const { createTablesFromTemplate } = await import('../functions/src/local/create-tables')
  const { dynamo } = await import('../functions/src/data/client')
  await createTablesFromTemplate({ client: dynamo() })
  return {
    endpoint: ddb.endpoint,
    stop: async () => {
      await ddb.stop()
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}
