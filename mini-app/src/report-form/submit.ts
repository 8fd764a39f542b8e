import type { ReportCreate, ReportCreated } from '@shouhu/shared'
import { ApiRequestError } from '../api/core'
import { formErrorsFrom, validateReportForm, type FormErrors, type ReportFormState } from './form'
import type { SubmissionKey } from './idempotency'

export type SubmitOutcome =
  | { kind: 'created'; report: ReportCreated }
  /** Nothing was filed; messages go under their fields. */
  | { kind: 'invalid'; errors: FormErrors }
  /** Could not finish; pressing 提交 again is safe (see the key rules below). */
  | { kind: 'failed'; code: string; message: string }

export type SendReport = (body: ReportCreate, idempotencyKey: string) => Promise<ReportCreated>

/**
 * Checks the form, sends it under the form's idempotency key and decides what happens to
 * the key. A lost answer (no response, 5xx) may still have filed the report, so the key is
 * kept and the next press repeats the same submission; a 4xx means the server refused it and
 * filed nothing under that key, so the next press is a fresh submission.
 */
export async function submitReport(state: ReportFormState, key: SubmissionKey, send: SendReport): Promise<SubmitOutcome> {
  const checked = validateReportForm(state)
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors }
  try {
    // The key is not rotated on success: a second tap that slips through sends the same key
    // and gets the same report back (one submission key per opened form).
    const report = await send(checked.value, key.current())
    return { kind: 'created', report }
  } catch (error) {
    if (!(error instanceof ApiRequestError)) {
      return { kind: 'failed', code: 'UNKNOWN', message: '提交没有成功，请稍后再试。' }
    }
    const refused = error.status >= 400 && error.status < 500
    if (refused) key.rotate()
    if (error.code === 'VALIDATION_FAILED' && error.fields.length > 0) {
      return { kind: 'invalid', errors: formErrorsFrom(error.fields) }
    }
    return { kind: 'failed', code: error.code, message: error.message }
  }
}
