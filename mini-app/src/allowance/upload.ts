import Taro from '@tarojs/taro'
import type { DocumentKind, ImageContentType, UploadedDocument } from '@shouhu/shared'
import { allowanceApi } from '../api/allowance'
import { api } from '../api/client'
import { toApiRequestError } from '../api/core'
import { readStored } from '../storage'

export interface ChosenPhoto {
  path: string
  contentType: ImageContentType
  /** H5 only: the file the browser picked. */
  file?: Blob
}

/** Takes a photo or picks one from the album (one at a time, compressed on WeChat). */
export async function choosePhoto(): Promise<ChosenPhoto | undefined> {
  try {
    const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
    const f = res.tempFiles[0] as (Taro.chooseImage.ImageFile & { originalFileObj?: Blob; type?: string }) | undefined
    if (!f) return undefined
    const png = (f.type ?? '').includes('png') || /\.png$/i.test(f.path)
    return { path: f.path, contentType: png ? 'image/png' : 'image/jpeg', file: f.originalFileObj }
  } catch {
    // Cancelled: nothing chosen.
    return undefined
  }
}

/**
 * Uploads one photo; the application only carries the returned key. In the browser (H5, the
 * local stack) straight to storage with a presigned URL; in WeChat through the API.
 */
export async function uploadPhoto(kind: DocumentKind, photo: ChosenPhoto): Promise<UploadedDocument> {
  // WeChat uploads only to the county's own (listed, ICP-filed) API domain, never to an AWS host.
  // Written as `=== 'h5'` so the weapp build drops the browser path (and its `fetch`) entirely:
  // code after an early return survives Babel's async transform and ends up in the bundle.
  if (process.env.TARO_ENV === 'h5') return uploadToPresignedUrl(kind, photo)
  return uploadThroughApi(kind, photo)
}

/** H5 (the local stack): straight to storage with a presigned URL. */
async function uploadToPresignedUrl(kind: DocumentKind, photo: ChosenPhoto): Promise<UploadedDocument> {
  const ticket = await allowanceApi.uploadTicket({ kind, contentType: photo.contentType })
  const body = photo.file ?? (await (await fetch(photo.path)).blob())
  const res = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body })
  if (!res.ok) throw new Error(`照片上传失败（${res.status}）`)
  return { kind, key: ticket.key }
}

/** `wx.uploadFile` to the API (POST /applications/uploads/file), which stores the photo in S3. */
async function uploadThroughApi(kind: DocumentKind, photo: ChosenPhoto): Promise<UploadedDocument> {
  const token = readStored('session.resident')?.token
  const res = await Taro.uploadFile({
    url: api.url('POST /applications/uploads/file'),
    filePath: photo.path,
    name: 'file',
    formData: { kind },
    header: token ? { Authorization: `Bearer ${token}` } : {},
  })
  let body: unknown
  try {
    body = JSON.parse(res.data)
  } catch {
    body = undefined
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw toApiRequestError(res.statusCode, body)
  return body as UploadedDocument
}
