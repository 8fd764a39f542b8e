import { ApiRequestError, api } from '../api/client'
import { readStored } from '../storage'

/**
 * Browser build: fetch the workbook through the API with the session, then save it under the
 * name the server gave (an ordinary download at the office computer).
 */
export async function downloadExport(id: string, fileName: string): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Response
  try {
    res = await fetch(api.url('GET /staff/exports/{id}/file', { params: { id } }), { headers: { Authorization: `Bearer ${token ?? ''}` } })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，表格没有下载下来，请稍后再试', 0)
  }
  if (res.status === 401) throw new ApiRequestError('UNAUTHENTICATED', '请重新登录', 401)
  if (!res.ok) throw new ApiRequestError('DOWNLOAD_FAILED', '表格没有下载下来，请稍后再试', res.status)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
