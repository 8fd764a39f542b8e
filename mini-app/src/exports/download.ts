import Taro from '@tarojs/taro'
import { ApiRequestError, api } from '../api/client'
import { readStored } from '../storage'

/**
 * WeChat build: the workbook comes through the project's own API domain (the only kind of
 * address wx.downloadFile may use; a storage link never reaches the phone), then opens in
 * WeChat's document viewer, from which the officer can forward it to the office computer.
 * The browser build is in download.h5.ts.
 */
export async function downloadExport(id: string, fileName: string): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url: api.url('GET /staff/exports/{id}/file', { params: { id } }), header: { Authorization: `Bearer ${token ?? ''}` } })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，表格没有下载下来，请稍后再试', 0)
  }
  if (res.statusCode === 401) throw new ApiRequestError('UNAUTHENTICATED', '请重新登录', 401)
  if (res.statusCode !== 200) throw new ApiRequestError('DOWNLOAD_FAILED', '表格没有下载下来，请稍后再试', res.statusCode)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
  void fileName
}
