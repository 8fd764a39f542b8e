import { RemovalPolicy } from 'aws-cdk-lib'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Construct } from 'constructs'

/**
 * One customer-managed key for the stage's data at rest: the table (and its indexes and
 * stream), the documents bucket, the alarm topic. Yearly rotation; kept with the data, since
 * without it nothing encrypted under it can be read again.
 */
export class Encryption extends Construct {
  readonly key: Key

  constructor(scope: Construct, id: string, props: { alias: string; retain: boolean }) {
    super(scope, id)
    this.key = new Key(this, 'DataKey', {
      alias: props.alias,
      description: 'Shouhu data at rest: table, documents, alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: undefined,
    })
  }
}
