import type { Overview } from '@shouhu/shared'
import { api } from '../api/client'

/** The overview route (functions/src/routes/staff-overview.ts). Staff only. */
export const overviewEndpoints = {
  get: (township?: string) => api.get<Overview>(`/staff/overview${township ? `?township=${encodeURIComponent(township)}` : ''}`, { auth: 'staff' }),
}
