import { errorMessages } from '@shouhu/shared'
import { ApiRequestError } from '../api/client'

/**
 * What both builds of an Excel upload share (xlsx-upload.ts for WeChat, xlsx-upload.h5.ts for
 * the browser): the ledger import and the staff roster use the same picker and sender. Kept
 * apart from both: on H5 "./xlsx-upload" resolves to the .h5 file itself.
 */
export interface PickedXlsx {
  name: string
  size: number
  /** WeChat: the temporary file path. */
  path?: string
  /** Browser: the chosen file. */
  file?: Blob
}

export interface UploadOptions {
  /** From `api.url('POST /…')`: always the project's own API domain. */
  url: string
  /** Extra request headers (an Idempotency-Key where the route takes one). */
  headers?: Record<string, string>
  /** Extra multipart fields sent beside `file`. */
  formData?: Record<string, string>
  /** What to say when the request never got an answer, in plain words. */
  network: string
}

/** A refused upload as the error every screen shows; `body` keeps what the server sent (row errors). */
export class UploadRefused extends ApiRequestError {
  readonly body: unknown
  constructor(statusCode: number, body: unknown) {
    const e = (body as { error?: { code?: string; message?: string; fields?: [] } } | undefined)?.error
    super(e?.code ?? 'INTERNAL', e?.message ?? errorMessages.INTERNAL, statusCode, e?.fields ?? [])
    this.body = body
  }
}

export function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}
