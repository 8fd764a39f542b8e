import type { S3Client } from '@aws-sdk/client-s3'

/**
 * The S3 SDK, loaded on first use. Only the photo, ledger-import and document routes touch S3;
 * loaded at the top, the S3 client and the presigner (with their XML, checksum and signing code)
 * were parsed on every cold start of every function. In the Lambda bundles both packages are
 * installed beside the bundle at the locked versions (infra/lib/function-defaults.ts), not inlined.
 */
let sdk: Promise<typeof import('@aws-sdk/client-s3')> | undefined
export const s3Sdk = () => (sdk ??= import('@aws-sdk/client-s3'))
export const s3Presigner = () => import('@aws-sdk/s3-request-presigner')

let client: S3Client | undefined

/**
 * One S3 client per process, created on first use so the local runner and tests can set the
 * endpoint first. Locally `S3_ENDPOINT` points at s3rver, which serves buckets by path.
 * Checksums only when S3 requires them: a presigned PUT from the phone carries no checksum.
 */
export async function s3(): Promise<S3Client> {
  if (client) return client
  const { S3Client } = await s3Sdk()
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
