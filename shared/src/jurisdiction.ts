import type { SessionUser } from './auth'
import { contains } from './divisions'

/**
 * The one access rule for staff: a village director works their village, a township
 * supervisor every village of the township, a county officer the whole county.
 * Residents have no jurisdiction.
 */
export function inJurisdiction(user: Pick<SessionUser, 'role' | 'divisionCode'>, villageCode: string): boolean {
  if (user.role === 'resident' || !user.divisionCode) return false
  return contains(user.divisionCode, villageCode)
}
