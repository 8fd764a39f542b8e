import { chinaToday } from '@shouhu/shared'
import { ApiRequestError, api } from '../../api/client'
import { readStored } from '../../storage'
// Not from './download': in the browser build that name resolves to this file.
import { downloadFailure } from './failure'

/**
 * Browser build (the county office's computer): fetch the workbook with the session and save it
 * as an ordinary download, named so the officer finds it among their files.
 */
export async function downloadMassLists(): Promise<void> {
  const token = readStored('session.staff')?.token
  let res: Response
  try {
    res = await fetch(api.url('GET /staff/cases/mass-lists/workbook', { query: { reason: 'on_demand' } }), { headers: { Authorization: `Bearer ${token ?? ''}` } })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，名单没有生成，请稍后再试', 0)
  }
  if (!res.ok) throw downloadFailure(res.status)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = `红黄蓝名单-${chinaToday()}.xlsx`
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
