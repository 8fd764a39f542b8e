import { handle } from 'hono/aws-lambda'
import { app } from '../app'

/**
 * The entrustment letter (委托照护书) in its own function: the HTTP API sends only
 * `GET /api/entrustments/{id}/letter` and `GET /api/staff/entrustments/{id}/letter` here, and
 * the OpenAPI document and reference page, which describe every route (infra/lib/api.ts,
 * `API_ROUTES`). pdfkit, fontkit and the Noto Sans SC font are installed beside this function
 * alone, so the API functions' packages and cold starts carry none of them. It serves the whole
 * app, so who may download a letter is decided by the very same routes; the local server
 * serves the letter in-process.
 */
export const handler = handle(app)
