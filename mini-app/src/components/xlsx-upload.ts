import Taro from '@tarojs/taro'
import { ApiRequestError } from '../api/client'
import { readStored } from '../storage'
import { type PickedXlsx, type UploadOptions, UploadRefused, parseBody } from './xlsx-upload-common'

/**
 * WeChat build: the officer picks the workbook from a chat (wx.chooseMessageFile: a workbook
 * arrives on a phone as a file sent in WeChat) and it goes up with wx.uploadFile as the
 * multipart field `file`. The browser build is xlsx-upload.h5.ts.
 */
export type { PickedXlsx } from './xlsx-upload-common'

export async function pickXlsxFile(): Promise<PickedXlsx | undefined> {
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const f = res.tempFiles[0]
    return f ? { name: f.name, size: f.size, path: f.path } : undefined
  } catch {
    // Cancelled: nothing chosen.
    return undefined
  }
}

/** Sends the workbook with the staff session; the answer's body on success, UploadRefused otherwise. */
export async function uploadXlsx<T>(picked: PickedXlsx, opts: UploadOptions): Promise<T> {
  const token = readStored('session.staff')?.token
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({
      url: opts.url,
      filePath: picked.path!,
      name: 'file',
      // The temporary file has a made-up name; the server shows this one.
      formData: { fileName: picked.name, ...opts.formData },
      header: { Authorization: `Bearer ${token ?? ''}`, ...opts.headers },
    })
  } catch {
    throw new ApiRequestError('NETWORK', opts.network, 0)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return parseBody(res.data) as T
  throw new UploadRefused(res.statusCode, parseBody(res.data))
}
