import Taro from '@tarojs/taro'
import { ApiRequestError, api } from '../../api/client'
import { readStored } from '../../storage'
import { downloadFailure } from './failure'

/**
 * WeChat build: the workbook comes through the API (each download is recorded there), then opens
 * in WeChat's document viewer to be forwarded. The browser build is download.h5.ts.
 */
export async function downloadMassLists(): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url: api.url('GET /staff/cases/mass-lists/workbook', { query: { reason: 'on_demand' } }), header: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，名单没有生成，请稍后再试', 0)
  }
  if (res.statusCode !== 200) throw downloadFailure(res.statusCode)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }).catch(() => {})
}
