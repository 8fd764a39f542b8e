import Taro from '@tarojs/taro'
import { ApiRequestError } from '../api/client'
import { readStored } from '../storage'

export interface DownloadOptions {
  /** What to say when the request never got an answer, in plain words. */
  network: string
  /** Why the download failed, from the answer's status (401 is answered here: 请重新登录). */
  failure: (status: number) => ApiRequestError
  /**
   * WeChat only: the download already counted (the server recorded it), so the viewer not
   * opening is not reported as a failure.
   */
  quietIfNotOpened?: boolean
}

/**
 * WeChat build: the workbook comes through the project's own API domain (the only kind of
 * address wx.downloadFile may use; a storage link never reaches the phone) with the staff
 * session, then opens in WeChat's document viewer, from which the officer can forward it to the
 * office computer. The browser build is save-download.h5.ts.
 */
export async function downloadXlsx(url: string, fileName: string, opts: DownloadOptions): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiRequestError('NETWORK', opts.network, 0)
  }
  if (res.statusCode === 401) throw new ApiRequestError('UNAUTHENTICATED', '请重新登录', 401)
  if (res.statusCode !== 200) throw opts.failure(res.statusCode)
  try {
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
  } catch {
    if (!opts.quietIfNotOpened) throw new ApiRequestError('OPEN_FAILED', `「${fileName}」已经下载，但没能打开，请再点一次`, 0)
  }
}
