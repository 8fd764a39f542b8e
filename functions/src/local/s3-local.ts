/// <reference path="./s3rver.d.ts" />
import { mkdirSync } from 'node:fs'
import S3rver from 's3rver'
import { freePort } from './dynamodb-local'

/** The bucket for document photos, locally and in tests (the cloud name comes from the stack). */
export const LOCAL_DOCUMENTS_BUCKET = 'shouhu-documents'

// The H5 build PUTs photos straight to the bucket from another origin, like the cloud bucket's CORS rule.
const cors = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`

export interface LocalS3 {
  endpoint: string
  bucket: string
  stop(): Promise<void>
}

/**
 * An S3-compatible server (s3rver) for photos of papers, on a free port, keeping its files
 * under `directory`; the bucket is created at start. Presigned URLs work against it as
 * against S3 (it checks the signature with the S3RVER/S3RVER key pair).
 */
export async function startLocalS3(opts: { directory: string; port?: number; bucket?: string }): Promise<LocalS3> {
  mkdirSync(opts.directory, { recursive: true })
  const bucket = opts.bucket ?? LOCAL_DOCUMENTS_BUCKET
  const port = opts.port ?? (await freePort())
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: opts.directory,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket, configs: [cors] }],
  })
  const { port: actual } = await server.run()
  return { endpoint: `http://127.0.0.1:${actual}`, bucket, stop: () => server.close() }
}
