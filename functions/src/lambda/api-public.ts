import { handle } from 'hono/aws-lambda'
import { apiBase, finishApi } from '../app-base'
import { publicApi } from '../app-public'

/**
 * API Gateway sends every `/api/…` path but the staff ones here (infra/lib/api.ts): the
 * public part alone, so a family's or reporter's cold start parses none of the staff code.
 */
export const handler = handle(finishApi(apiBase().route('/', publicApi)))
