import { handle } from 'hono/aws-lambda'
import { app } from '../app'

/**
 * The entrustment letter (委托照护书) in its own function: the HTTP API sends only
 * `GET /api/entrustments/{id}/letter` and `GET /api/staff/entrustments/{id}/letter` here
 * (infra/lib/api.ts). pdfkit, fontkit and the Noto Sans SC font are installed beside this
 * function alone, so the API function's package and cold start carry none of them. It serves
 * the same app, so who may download a letter is decided by the very same routes; the local
 * server serves the letter in-process.
 */
export const handler = handle(app)
