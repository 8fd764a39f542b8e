import type { TestProject } from 'vitest/node'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDynamoDbLocal } from '../../functions/src/local/dynamodb-local'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string
  }
}

/** One DynamoDB Local JVM for the whole API suite; each test file gets its own tables. */
export default async function setup(project: TestProject) {
  const ddb = await startDynamoDbLocal({ workDir: mkdtempSync(join(tmpdir(), 'shouhu-ddb-')) })
  project.provide('dynamodbEndpoint', ddb.endpoint)
  return () => ddb.stop()
}
