import { S3Client } from '@aws-sdk/client-s3'

let client: S3Client | undefined

/**
 * One S3 client per process, created on first use so the local runner and tests can set the
 * endpoint first. Locally `S3_ENDPOINT` points at s3rver, which serves buckets by path.
 * Checksums only when S3 requires them: a presigned PUT from the phone carries no checksum.
 */
export function s3(): S3Client {
  const endpoint = process.env.S3_ENDPOINT
  client ??= endpoint
    ? new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      })
    : new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' })
  return client
}

/** Read at call time so each test file can use its own bucket. */
export function documentsBucket(): string {
  const bucket = process.env.DOCUMENTS_BUCKET
  if (!bucket) throw new Error('DOCUMENTS_BUCKET is not set')
  return bucket
}
