import type { Construct } from 'constructs'

/**
 * A deployment stage (dev, staging, prod, a county's own name…): every stack and named
 * resource carries it, so stages live side by side in one account. Chosen with
 * `npm run deploy -- --stage <name>` (CDK context `stage`).
 */
export const DEFAULT_STAGE = 'dev'

export function stageOf(scope: Construct): string {
  const stage = String(scope.node.tryGetContext('stage') ?? DEFAULT_STAGE)
  if (!/^[a-z][a-z0-9-]{1,19}$/.test(stage)) throw new Error(`stage "${stage}": use 2–20 lower-case letters, digits or "-", starting with a letter`)
  return stage
}

export const stackName = (stage: string) => `Shouhu-${stage}`

/** Names of the resources the operations commands find by stage (functions/src/ops/target.ts). */
export const names = (stage: string) => ({
  table: `shouhu-${stage}`,
  api: `shouhu-${stage}`,
  sessionSecret: `shouhu/${stage}/session`,
  wechatSecret: `shouhu/${stage}/wechat`,
  alarmTopic: `shouhu-${stage}-alarms`,
  keyAlias: `alias/shouhu-${stage}`,
})

/**
 * Whether the stage's data (table, documents bucket, secrets, key) survives `cdk destroy`.
 * Every stage keeps it unless deployed with `-c destroyData=true` (a throwaway dev stage):
 * reports and papers are records of a statutory duty, never lost to a typo in a stage name.
 */
export const retainsData = (scope: Construct) => scope.node.tryGetContext('destroyData') !== true && scope.node.tryGetContext('destroyData') !== 'true'
