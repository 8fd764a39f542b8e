import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'

/**
 * Item-level table access, written out instead of `grantReadWriteData` (which also grants
 * Scan and the table-wide operations): reads by key and by Query on the table and its
 * indexes, conditional writes and transactions of single items. `delete` only for a function
 * that removes items (the API: sign-in counters, moved directory entries).
 */
export function grantItemAccess(fn: IFunction, table: ITableV2, opts: { delete?: boolean } = {}) {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        ...(opts.delete ? ['dynamodb:DeleteItem'] : []),
      ],
      resources: [table.tableArn, `${table.tableArn}/index/*`],
    }),
  )
  // Items are encrypted under the stage's key: the SDK's calls need it, and nothing more of it.
  table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*')
}
