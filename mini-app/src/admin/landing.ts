import type { LoginResult } from '@shouhu/shared'
import { staffLanding } from '../routes'
import { adminRoutes } from './routes'

/**
 * Where anyone who signs in at the staff login goes: the password page first while the password
 * is temporary — civil-affairs staff and partner accounts alike (school liaison, police or
 * prison staff, department liaison): a temporary password was read out or written down, and
 * the server refuses everything else until it is changed (PASSWORD_CHANGE_REQUIRED).
 */
export function landingAfterSignIn(result: Pick<LoginResult, 'mustChangePassword' | 'user'>): string {
  if (result.mustChangePassword) return adminRoutes.password
  return staffLanding(result.user.role)
}
