import { randomUUID } from 'node:crypto'
import { MAX_DOCUMENT_BYTES, type DocumentKind, type ImageContentType, type StoredDocument, type UploadTicket } from '@shouhu/shared'
import { documentsBucket, s3, s3Presigner, s3Sdk } from './s3'

/**
 * Photos of papers for allowance applications. The phone PUTs straight to S3 with a
 * presigned URL (the API never carries the bytes) under `incoming/<user>/`, which a lifecycle
 * rule empties after two days; attaching copies the photo under `applications/<id>/`, so a
 * photo nobody attached does not linger.
 */
const UPLOAD_SECONDS = 15 * 60
const VIEW_SECONDS = 10 * 60
const extension: Record<ImageContentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' }

export async function uploadTicket(userId: string, contentType: ImageContentType, now = new Date()): Promise<UploadTicket> {
  const key = `incoming/${userId}/${randomUUID()}.${extension[contentType]}`
  const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([s3Sdk(), s3Presigner()])
  const uploadUrl = await getSignedUrl(await s3(), new PutObjectCommand({ Bucket: documentsBucket(), Key: key, ContentType: contentType }), {
    expiresIn: UPLOAD_SECONDS,
  })
  return {
    key,
    uploadUrl,
    method: 'PUT',
    headers: { 'Content-Type': contentType },
    expiresAt: new Date(now.getTime() + UPLOAD_SECONDS * 1000).toISOString(),
  }
}

/** What the bytes say they are (JPEG / PNG signatures), whatever the phone claimed. */
export function imageTypeOf(bytes: Uint8Array): ImageContentType | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png'
  return undefined
}

/**
 * Stores a photo the API received itself (WeChat: `wx.uploadFile` to the county's own API
 * domain, since a presigned URL on an AWS host cannot be listed as an upload domain). Same
 * place and rules as a presigned upload: `incoming/<user>/`, attached later by `attachUpload`.
 */
export async function storeUpload(userId: string, contentType: ImageContentType, bytes: Uint8Array): Promise<string> {
  const key = `incoming/${userId}/${randomUUID()}.${extension[contentType]}`
  const { PutObjectCommand } = await s3Sdk()
  await (await s3()).send(new PutObjectCommand({ Bucket: documentsBucket(), Key: key, ContentType: contentType, Body: bytes }))
  return key
}

export type UploadCheck = { ok: true; contentType: string; bytes: number } | { ok: false; reason: 'not_yours' | 'missing' | 'too_large' | 'not_image' }

/** Whether `key` is a photo this user uploaded and that may be attached. */
export async function checkUpload(userId: string, key: string): Promise<UploadCheck> {
  if (!key.startsWith(`incoming/${userId}/`) || key.includes('..')) return { ok: false, reason: 'not_yours' }
  const { HeadObjectCommand, NotFound } = await s3Sdk()
  try {
    const head = await (await s3()).send(new HeadObjectCommand({ Bucket: documentsBucket(), Key: key }))
    const bytes = head.ContentLength ?? 0
    if (bytes > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'too_large' }
    if (!head.ContentType?.startsWith('image/')) return { ok: false, reason: 'not_image' }
    return { ok: true, contentType: head.ContentType, bytes }
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    // Without s3:ListBucket (not granted) S3 answers a missing key with 403, not 404.
    if (e instanceof NotFound || status === 404 || status === 403) {
      return { ok: false, reason: 'missing' }
    }
    throw e
  }
}

/** Copies a checked upload to the application's folder and describes it for the record. */
export async function attachUpload(
  applicationId: string,
  upload: { kind: DocumentKind; key: string; contentType: string; bytes: number },
  round: number,
  now: Date,
): Promise<StoredDocument> {
  const id = randomUUID()
  const ext = upload.key.split('.').pop() ?? 'jpg'
  const key = `applications/${applicationId}/${id}.${ext}`
  const bucket = documentsBucket()
  const { CopyObjectCommand } = await s3Sdk()
  await (await s3()).send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${upload.key}`, ContentType: upload.contentType, MetadataDirective: 'REPLACE' }))
  return { id, kind: upload.kind, key, contentType: upload.contentType, bytes: upload.bytes, uploadedAt: now.toISOString(), round }
}

/** A short-lived link for staff to look at one photo. */
export async function viewUrl(key: string): Promise<string> {
  const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([s3Sdk(), s3Presigner()])
  return getSignedUrl(await s3(), new GetObjectCommand({ Bucket: documentsBucket(), Key: key }), { expiresIn: VIEW_SECONDS })
}
