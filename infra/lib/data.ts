import { RemovalPolicy, type CfnResource } from 'aws-cdk-lib'
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2, type GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { Construct } from 'constructs'

/** Table name in DynamoDB Local (after a test prefix); `functions/src/local/create-tables.ts` reads it from the template. */
export const LOCAL_TABLE_NAME = 'Main'
export const LOCAL_NAME_METADATA = 'shouhu:localTableName'

/**
 * Indexes are named after the access pattern they serve and key on `<prefix>Pk` / `<prefix>Sk`.
 *
 * The list indexes project only `row`: a small map with exactly what a list row shows, written
 * by each entity module (data/reports.ts, entrustments.ts, applications.ts, notifications.ts,
 * users.ts, schools.ts). An index item then costs about 1 write unit instead of the whole
 * record's 2–5, never holds an ID number, bank account or phone, and a workflow update that
 * changes neither the keys nor the row is not written to the index at all (DynamoDB skips an
 * index whose projected attributes and keys are unchanged).
 */
const listIndex = (indexName: string, prefix: string): GlobalSecondaryIndexPropsV2 => ({
  indexName,
  partitionKey: { name: `${prefix}Pk`, type: AttributeType.STRING },
  sortKey: { name: `${prefix}Sk`, type: AttributeType.STRING },
  projectionType: ProjectionType.INCLUDE,
  nonKeyAttributes: ['row'],
})

export const INDEXES: GlobalSecondaryIndexPropsV2[] = [
  listIndex('byVillage', 'village'),
  listIndex('byTownship', 'township'),
  listIndex('byCounty', 'county'),
  listIndex('byOwner', 'owner'),
  // Sparse and sharded (`DUE#<KIND>#<shard>`): only items something is due on carry duePk. Keys
  // only: a due handler reads the record itself, consistently, before acting (functions/src/due/).
  {
    indexName: 'byDue',
    partitionKey: { name: 'duePk', type: AttributeType.STRING },
    sortKey: { name: 'dueSk', type: AttributeType.STRING },
    projectionType: ProjectionType.KEYS_ONLY,
  },
]

export interface DataProps {
  tableName?: string
  encryptionKey?: IKey
  /** Retained and deletion-protected (default); false only for a throwaway stage. */
  retain?: boolean
}

/** The single table holding every Shouhu entity. */
export class Data extends Construct {
  readonly table: TableV2

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id)
    this.table = new TableV2(this, LOCAL_TABLE_NAME, {
      // Go-live (issue #10): named by stage, encrypted with the stage's key, kept unless a throwaway stage says otherwise.
      ...(props.tableName ? { tableName: props.tableName } : {}),
      ...(props.encryptionKey ? { encryption: TableEncryptionV2.customerManagedKey(props.encryptionKey) } : {}),
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      globalSecondaryIndexes: INDEXES,
      // Reports are records of a statutory duty to protect a child: they must survive operator mistakes and stack deletion.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retain ?? true,
      removalPolicy: (props.retain ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute: 'expiresAt',
      // Notifications react to transitions (e.g. triage turning a report red), which needs both images.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
    })
    // Lets local tooling name the table without depending on CDK's hashed logical ID.
    const cfnTable = this.table.node.defaultChild as CfnResource
    cfnTable.addMetadata(LOCAL_NAME_METADATA, LOCAL_TABLE_NAME)
  }
}
