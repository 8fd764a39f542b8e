import { afterAll, beforeAll } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * An S3-compatible server (s3rver) for this test file, for suites that upload photos of
 * papers. Call it next to `useApi()`; it sets `S3_ENDPOINT` and `DOCUMENTS_BUCKET` before the
 * first request, and the data layer creates its S3 client on first use.
 */
export function useDocuments() {
  const ctx = { endpoint: '', bucket: '' }
  let stop = async () => {}
  beforeAll(async () => {
    const { startLocalS3 } = await import('../../functions/src/local/s3-local')
    const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'shouhu-s3-')) })
    Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: s3.bucket })
    Object.assign(ctx, { endpoint: s3.endpoint, bucket: s3.bucket })
    stop = s3.stop
  })
  afterAll(() => stop())
  return ctx
}
