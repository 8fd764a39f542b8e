import type { SessionUser } from './auth'
import { isStaff } from './roles'
import { contains } from './divisions'

/**
 * The one access rule for staff: a village director works their village, a township
 * supervisor every village of the township, a county officer the whole county.
 * Residents and partner organisations (school, police) have no jurisdiction.
 */
export function inJurisdiction(user: Pick<SessionUser, 'role' | 'divisionCode'>, villageCode: string): boolean {
  // Only the three civil-affairs roles have a jurisdiction; a school liaison or police officer
  // with a division code of the same village still has none.
  if (!isStaff(user.role) || !user.divisionCode) return false
  return contains(user.divisionCode, villageCode)
}
