import { ApiRequestError } from '../api/client'
import { readStored } from '../storage'
import { type PickedXlsx, type UploadOptions, UploadRefused } from './xlsx-upload-common'

export type { PickedXlsx } from './xlsx-upload-common'

/**
 * Browser build: an ordinary file input (the county office works at a computer), and the file
 * sent as the multipart field `file`, exactly as wx.uploadFile sends it in WeChat.
 */
export function pickXlsxFile(): Promise<PickedXlsx | undefined> {
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

export async function uploadXlsx<T>(picked: PickedXlsx, opts: UploadOptions): Promise<T> {
  const token = readStored('session.staff')?.token
  const form = new FormData()
  form.append('file', picked.file!, picked.name)
  form.append('fileName', picked.name)
  for (const [k, v] of Object.entries(opts.formData ?? {})) form.append(k, v)
  let res: Response
  try {
    res = await fetch(opts.url, { method: 'POST', headers: { Authorization: `Bearer ${token ?? ''}`, ...opts.headers }, body: form })
  } catch {
    throw new ApiRequestError('NETWORK', opts.network, 0)
  }
  const data = await res.json().catch(() => undefined)
  if (res.ok) return data as T
  throw new UploadRefused(res.status, data)
}
