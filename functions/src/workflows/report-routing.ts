import { type EscalationLevel, type Report, type StaffRole } from '@shouhu/shared'
import { staffServing, type UserRow } from '../data/users'

/**
 * Who must hear about a report. A report goes to the village committee where the child
 * actually lives and up to the township (000 §1, 001 #6, 004 #6); red ones reach the
 * township supervisor at once, and climb on to the county when nobody answers.
 */
const servingRole: Record<EscalationLevel, { role: StaffRole; code: (r: Report) => string }> = {
  village: { role: 'village_director', code: (r) => r.villageCode },
  township: { role: 'township_supervisor', code: (r) => r.townshipCode },
  county: { role: 'county_officer', code: (r) => r.countyCode },
}

export async function staffAtLevel(report: Report, level: EscalationLevel): Promise<UserRow[]> {
  const { role, code } = servingRole[level]
  return staffServing(role, code(report))
}

export async function recipientsOfNewReport(report: Report): Promise<UserRow[]> {
  const directors = await staffAtLevel(report, 'village')
  // A village without a child director account must not swallow the report: the township takes it.
  const needsTownship = report.colour === 'red' || directors.length === 0
  const supervisors = needsTownship ? await staffAtLevel(report, 'township') : []
  // Nor may a township without a supervisor account: the county holds the fallback duty.
  const officers = directors.length === 0 && supervisors.length === 0 ? await staffAtLevel(report, 'county') : []
  return [...directors, ...supervisors, ...officers]
}
