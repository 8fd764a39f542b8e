import { ApiRequestError } from '../api/client'
import { readStored } from '../storage'
import type { DownloadOptions } from './save-download'

/**
 * Browser build (the office computer): a workbook is fetched through the API with the staff
 * session and saved as an ordinary download under `fileName`. The one place the browser build
 * turns a file into a download; the WeChat twin is save-download.ts.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked later, not at once: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export async function downloadXlsx(url: string, fileName: string, opts: DownloadOptions): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Response
  try {
    res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiRequestError('NETWORK', opts.network, 0)
  }
  if (res.status === 401) throw new ApiRequestError('UNAUTHENTICATED', '请重新登录', 401)
  if (!res.ok) throw opts.failure(res.status)
  saveBlob(await res.blob(), fileName)
}
