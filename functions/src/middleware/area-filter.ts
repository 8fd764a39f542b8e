import type { Context } from 'hono'
import { type SessionUser, type StaffRole, contains, isStaff, levelOf } from '@shouhu/shared'
import { HttpError } from '../errors'

/**
 * `?village=` or `?township=` on a staff queue: the overview's drill-downs (issue #12) open a
 * queue narrowed to the division behind the figure. The narrowed area must lie inside the
 * user's own jurisdiction (a neighbouring village is refused, never silently emptied); the
 * queue then reads that division's index partition, so paging and cursors stay exact.
 *
 * Returns the role and division the queue reader should use: the user's own, or the narrower one.
 */
export function narrowedArea(c: Context, user: Pick<SessionUser, 'role' | 'divisionCode'>): { role: StaffRole; divisionCode: string; narrowed?: string } {
  if (!isStaff(user.role) || !user.divisionCode) throw new HttpError('FORBIDDEN')
  const own = { role: user.role as StaffRole, divisionCode: user.divisionCode }
  const village = c.req.query('village') || undefined
  const township = c.req.query('township') || undefined
  if (village && township) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'township', code: 'invalid_value', message: '乡镇（街道）：选了村（社区）就不用再选乡镇' }])
  if (village !== undefined) {
    if (!/^\d{12}$/.test(village) || levelOf(village) !== 'village') throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'village', code: 'invalid_village', message: '村（社区）：请选择一个村（社区）' }])
    if (!contains(user.divisionCode, village)) throw new HttpError('FORBIDDEN')
    return { role: 'village_director', divisionCode: village, narrowed: village }
  }
  if (township !== undefined) {
    if (!/^\d{12}$/.test(township) || levelOf(township) !== 'township') throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'township', code: 'invalid_township', message: '乡镇（街道）：请选择一个乡镇（街道）' }])
    if (user.role === 'village_director' || !contains(user.divisionCode, township)) throw new HttpError('FORBIDDEN')
    return { role: 'township_supervisor', divisionCode: township, narrowed: township }
  }
  return own
}
