import { ApiRequestError, api } from '../api/client'
import { downloadXlsx } from '../components/save-download'

/**
 * An export's workbook, through the API with the session: opened in WeChat's document viewer on
 * the phone, saved as an ordinary download in the browser (components/save-download).
 */
export function downloadExport(id: string, fileName: string): Promise<void> {
  return downloadXlsx(api.url('GET /staff/exports/{id}/file', { params: { id } }), fileName, {
    network: '网络不太好，表格没有下载下来，请稍后再试',
    failure: (status) => new ApiRequestError('DOWNLOAD_FAILED', '表格没有下载下来，请稍后再试', status),
  })
}
