import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { Construct } from 'constructs'

/**
 * Photos of the papers families send with allowance applications (issue #4): ID cards,
 * household registers, certificates — children's sensitive personal information (PIPL;
 * DOMAIN §8). Private, encrypted, TLS only; the phone PUTs to a presigned URL under
 * `incoming/`, and the API copies what it attaches to `applications/<id>/`.
 */
export class Documents extends Construct {
  readonly bucket: Bucket
  private readonly encryptionKey?: IKey

  constructor(scope: Construct, id: string, props: { encryptionKey?: IKey; retain?: boolean } = {}) {
    super(scope, id)
    this.encryptionKey = props.encryptionKey
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(props.encryptionKey
        ? { encryption: BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
      enforceSSL: true,
      // Papers behind a decision about a child's allowance must survive a stack deletion.
      removalPolicy: (props.retain ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      cors: [
        {
          // The H5 build uploads from the browser; the WeChat mini-program's requests are not
          // subject to CORS. Any origin is safe: the presigned URL is the only credential.
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['Content-Type'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        // A photo nobody attached to an application is gone after two days.
        { id: 'ExpireUnattachedUploads', prefix: 'incoming/', expiration: Duration.days(2) },
        // An uploaded ledger holds a whole county's children: once its import has run (minutes,
        // or a stalled one retried for a quarter of an hour) the files are on record; keep the
        // workbook a month for questions about the import, then it is gone.
        { id: 'ExpireImportedLedgers', prefix: 'imports/', expiration: Duration.days(30) },
        // An export holds a county's children (or a bank's payment list): it is there to be
        // downloaded, and a new one can be made at any time; after a week it is gone.
        { id: 'ExpireExports', prefix: 'exports/', expiration: Duration.days(7) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
  }

  /**
   * The API presigns uploads (PutObject), checks and copies them (GetObject on the source,
   * PutObject on the copy) and presigns views for staff (GetObject) — nothing more: no list,
   * no delete.
   */
  grantApi(fn: IFunction) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects('*')] }))
    this.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey*')
    if (fn instanceof LambdaFunction) fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName)
  }

  /**
   * The stream function imports a county's ledger chunk by chunk: it reads the uploaded
   * workbook once and writes its rows back as bounded parts beside it, nothing else.
   */
  grantLedgerRead(fn: IFunction) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('imports/*')] }))
    this.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey*')
    if (fn instanceof LambdaFunction) fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName)
  }

  /** The export worker writes workbooks under `exports/` and reads nothing from the bucket. */
  grantExportWrite(fn: IFunction) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('exports/*')] }))
    this.encryptionKey?.grant(fn, 'kms:GenerateDataKey*')
    if (fn instanceof LambdaFunction) fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName)
  }
}
