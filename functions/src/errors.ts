import { type ErrorCode, type FieldError, errorMessages } from '@shouhu/shared'

/** Each code's HTTP status; the contract (contract.ts) lists the codes per status from here. */
export const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_MISMATCH: 422,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  SESSION_ENDED: 401,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  STALE_VERSION: 409,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
}

/** An error the API turns into `ApiError` JSON with a stable code and a Chinese message. */
export class HttpError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldError[],
    /** STALE_VERSION: the fresh record, in the view the caller is allowed to see. */
    readonly current?: unknown,
  ) {
    super(message ?? errorMessages[code])
    this.status = statusOf[code]
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...(this.current !== undefined ? { current: this.current } : {}) } }
  }
}
