import { handle } from 'hono/aws-lambda'
import { apiBase, finishApi } from '../functions/src/app-base'
import { getItem } from '../functions/src/data/table'

/**
 * Bundled by bench/lambda-bundle.ts, never deployed: an API function with no route of its own —
 * the shell every API function starts from (CORS, limits, error shape, `/api/health`, declared
 * with zod-openapi) and the DynamoDB client. Its size and cold start are the floor any split of
 * the API into more functions would still pay per function.
 */
export const read = getItem
export const handler = handle(finishApi(apiBase()))
