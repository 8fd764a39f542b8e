import Taro from '@tarojs/taro'
import type { DocumentKind, ImageContentType, UploadedDocument } from '@shouhu/shared'
import { allowanceApi } from '../api/allowance'

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
 * Uploads one photo straight to storage: the API hands out a presigned URL, the phone PUTs
 * the bytes there, and the application only carries the returned key.
 */
export async function uploadPhoto(kind: DocumentKind, photo: ChosenPhoto): Promise<UploadedDocument> {
  const ticket = await allowanceApi.uploadTicket({ kind, contentType: photo.contentType })
  if (process.env.TARO_ENV === 'h5') {
    const body = photo.file ?? (await (await fetch(photo.path)).blob())
    const res = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body })
    if (!res.ok) throw new Error(`照片上传失败（${res.status}）`)
  } else {
    const data = await new Promise<ArrayBuffer>((resolve, reject) =>
      Taro.getFileSystemManager().readFile({ filePath: photo.path, success: (r) => resolve(r.data as ArrayBuffer), fail: reject }),
    )
    const res = await Taro.request({ url: ticket.uploadUrl, method: 'PUT', header: ticket.headers, data, responseType: 'text' })
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`照片上传失败（${res.statusCode}）`)
  }
  return { kind, key: ticket.key }
}
