import { api } from '../api/client'

/** The overview route (functions/src/routes/staff-overview.ts). Staff only. */
export const overviewEndpoints = {
  get: (township?: string) => api.get('/staff/overview', { auth: 'staff', query: { township } }),
}
