import { type LedgerImportJob } from '@shouhu/shared'
import { ApiRequestError, api } from '../../api/client'
import { readStored } from '../../storage'
import { errorFrom, type PickedLedger } from './ledger-common'

export type { PickedLedger } from './ledger-common'

/**
 * Browser build: an ordinary file input (the county office works at a computer), and the file
 * sent as the multipart field `file`, exactly as wx.uploadFile sends it in WeChat.
 */
export function pickLedgerFile(): Promise<PickedLedger | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    input.style.display = 'none'
    input.addEventListener('change', () => {
      const f = input.files?.[0]
      input.remove()
      resolve(f ? { name: f.name, size: f.size, file: f } : undefined)
    })
    input.addEventListener('cancel', () => {
      input.remove()
      resolve(undefined)
    })
    document.body.appendChild(input)
    input.click()
  })
}

export async function uploadLedger(picked: PickedLedger, idempotencyKey: string): Promise<LedgerImportJob> {
  const token = readStored('session.staff')?.token
  const form = new FormData()
  form.append('file', picked.file!, picked.name)
  form.append('fileName', picked.name)
  let res: Response
  try {
    res = await fetch(api.url('POST /staff/child-imports'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token ?? ''}`, 'Idempotency-Key': idempotencyKey },
      body: form,
    })
  } catch {
    throw new ApiRequestError('NETWORK', '网络不太好，表格没有传上去，请稍后再试', 0)
  }
  const data = await res.json().catch(() => undefined)
  if (res.ok) return data as LedgerImportJob
  throw errorFrom(res.status, data)
}
