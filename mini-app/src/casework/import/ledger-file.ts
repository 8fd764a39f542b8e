import Taro from '@tarojs/taro'
import type { LedgerImportJob } from '@shouhu/shared'
import { type PickedLedger, errorFrom } from './ledger-common'
import { ApiRequestError, api } from '../../api/client'
import { readStored } from '../../storage'

/**
 * WeChat build: the officer picks the ledger from a chat (wx.chooseMessageFile: a workbook
 * arrives on a phone as a file sent in WeChat) and it goes up with wx.uploadFile as the
 * multipart field `file`. The browser build is in ledger-file.h5.ts.
 */
export type { PickedLedger } from './ledger-common'

export async function pickLedgerFile(): Promise<PickedLedger | undefined> {
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const f = res.tempFiles[0]
    return f ? { name: f.name, size: f.size, path: f.path } : undefined
  } catch {
    // Cancelled: nothing chosen.
    return undefined
  }
}

export async function uploadLedger(picked: PickedLedger, idempotencyKey: string): Promise<LedgerImportJob> {
  const token = readStored('session.staff')?.token
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({
      url: api.url('POST /staff/child-imports'),
      filePath: picked.path!,
      name: 'file',
      // The temporary file has a made-up name; the server shows this one.
      formData: { fileName: picked.name },
      header: { Authorization: `Bearer ${token ?? ''}`, 'Idempotency-Key': idempotencyKey },
    })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，表格没有传上去，请稍后再试', 0)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return JSON.parse(res.data) as LedgerImportJob
  throw errorFrom(res.statusCode, res.data)
}
