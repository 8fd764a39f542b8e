import { handle } from 'hono/aws-lambda'
import { apiBase, finishApi } from '../app-base'
import { staffApi } from '../app-staff'

/** API Gateway sends `/api/staff/…` and `/api/staff-admin/…` here (infra/lib/api.ts): the staff part alone. */
export const handler = handle(finishApi(apiBase().route('/', staffApi)))
