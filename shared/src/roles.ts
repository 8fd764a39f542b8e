/**
 * The roles, their names on screen and who counts as what: plain data with no schema library, so a
 * screen can name a role or tell staff from partners without loading the validator (the staff
 * inbox's first screen on a slow line, mini-app/config/h5-first-screen.ts). The zod enums built
 * from these lists are in auth.ts.
 */
import type { ManagedRole } from './staff-admin'

/**
 * Who is signed in. Staff roles map onto administrative levels (DOMAIN "People and places"):
 * 儿童主任 at a village, 儿童督导员 at a township, 民政局 officer at a county.
 */
export const STAFF_ROLES = ['village_director', 'township_supervisor', 'county_officer'] as const
type StaffRole = (typeof STAFF_ROLES)[number]

/**
 * Staff of partner organisations, who sign in like staff but work only on entrusted care
 * (issue #3): a school's liaison (told when a pupil is entrusted, 001 #7) and police or prison
 * staff (who start the entrustment for a detained parent, 001 #5, 003 §3(六)). They are not
 * `StaffRole`s: they have no jurisdiction over reports or a village's work. A department's
 * liaison (issue #11, 004 §4(二)) sees only what was referred to their department in their
 * county, and only the facts shared with it.
 */
export const PARTNER_ROLES = ['school_liaison', 'police_officer', 'department_liaison'] as const
type PartnerRole = (typeof PARTNER_ROLES)[number]

export const ROLES = ['resident', ...STAFF_ROLES, ...PARTNER_ROLES] as const
type Role = (typeof ROLES)[number]

export const roleLabel: Record<Role, string> = {
  resident: '居民',
  village_director: '村（社区）儿童主任',
  township_supervisor: '乡镇（街道）儿童督导员',
  county_officer: '县级民政部门',
  school_liaison: '学校联络人',
  police_officer: '公安或监狱工作人员',
  department_liaison: '部门联络人',
}

/** The administrative level each staff role works at. */
export const roleLevel = {
  village_director: 'village',
  township_supervisor: 'township',
  county_officer: 'county',
} as const satisfies Record<StaffRole, string>

/** Where partner accounts sit: a school liaison at the school's township, police or prison staff at a county. */
export const partnerRoleLevel = {
  school_liaison: 'township',
  police_officer: 'county',
  department_liaison: 'county',
} as const satisfies Record<PartnerRole, string>

/** Civil-affairs child-protection staff (village, township, county): the roles with a jurisdiction. */
export function isStaff(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role)
}

export function isPartner(role: Role): role is PartnerRole {
  return (PARTNER_ROLES as readonly string[]).includes(role)
}

/** Anyone who signs in at the staff login: civil-affairs staff and partner organisations. */
export function signsInAsStaff(role: Role): boolean {
  return isStaff(role) || isPartner(role)
}

/**
 * Staff administration (issue #10): the roles each administrator may manage; everyone else
 * manages nobody. A county's civil-affairs bureau runs its own people; a township supervisor
 * runs the child directors of their villages (DOMAIN "People and places"). The rule that uses it
 * is `canManage` in staff-admin.ts.
 */
export const manageableRoles: Partial<Record<Role, readonly ManagedRole[]>> = {
  county_officer: ['township_supervisor', 'village_director', 'school_liaison', 'police_officer', 'department_liaison'],
  township_supervisor: ['village_director'],
}

export function isAdministrator(role: Role): boolean {
  return (manageableRoles[role]?.length ?? 0) > 0
}
