import { errorMessages } from '@shouhu/shared'
import { ApiRequestError } from '../../api/client'

/**
 * What both builds of the ledger upload share (ledger-file.ts for WeChat, ledger-file.h5.ts for
 * the browser). Kept apart: on H5 "./ledger-file" resolves to the .h5 file itself.
 */
export interface PickedLedger {
  name: string
  size: number
  /** WeChat: the temporary file path. */
  path?: string
  /** Browser: the chosen file. */
  file?: Blob
}

export function errorFrom(statusCode: number, data: unknown): ApiRequestError {
  const body = (typeof data === 'string' ? safeJson(data) : data) as { error?: { code?: string; message?: string; fields?: [] } } | undefined
  const e = body?.error
  return new ApiRequestError(e?.code ?? 'INTERNAL', e?.message ?? errorMessages.INTERNAL, statusCode, e?.fields ?? [])
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
