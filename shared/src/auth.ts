import * as z from 'zod'
import { Department } from './departments'
import { DivisionCode } from './divisions'

/**
 * Who is signed in. Staff roles map onto administrative levels (DOMAIN "People and places"):
 * 儿童主任 at a village, 儿童督导员 at a township, 民政局 officer at a county.
 */
export const StaffRole = z.enum(['village_director', 'township_supervisor', 'county_officer'])
export type StaffRole = z.infer<typeof StaffRole>

/**
 * Staff of partner organisations, who sign in like staff but work only on entrusted care
 * (issue #3): a school's liaison (told when a pupil is entrusted, 001 #7) and police or prison
 * staff (who start the entrustment for a detained parent, 001 #5, 003 §3(六)). They are not
 * `StaffRole`s: they have no jurisdiction over reports or a village's work. A department's
 * liaison (issue #11, 004 §4(二)) sees only what was referred to their department in their
 * county, and only the facts shared with it.
 */
export const PartnerRole = z.enum(['school_liaison', 'police_officer', 'department_liaison'])
export type PartnerRole = z.infer<typeof PartnerRole>

export const Role = z.enum(['resident', ...StaffRole.options, ...PartnerRole.options])
export type Role = z.infer<typeof Role>

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
  return (StaffRole.options as readonly string[]).includes(role)
}

export function isPartner(role: Role): role is PartnerRole {
  return (PartnerRole.options as readonly string[]).includes(role)
}

/** Anyone who signs in at the staff login: civil-affairs staff and partner organisations. */
export function signsInAsStaff(role: Role): boolean {
  return isStaff(role) || isPartner(role)
}

export const SessionUser = z.object({
  id: z.string(),
  role: Role,
  displayName: z.string(),
  /** Staff only: the division they are responsible for (partners: where their organisation is). */
  divisionCode: DivisionCode.optional(),
  divisionName: z.string().optional(),
  /** Department liaisons only: which county department they answer for. */
  department: Department.optional(),
})
export type SessionUser = z.infer<typeof SessionUser>

export const StaffLogin = z.object({
  // Bounded: a username is a table key, and DynamoDB refuses keys over 2 KB (a 500, not a 401).
  username: z.string().trim().min(1, { error: '请填写账号' }).max(64, { error: '账号不超过 64 个字符' }),
  password: z.string().min(1, { error: '请填写密码' }).max(200, { error: '密码不超过 200 个字符' }),
})
export type StaffLogin = z.infer<typeof StaffLogin>

/** Residents sign in with the code from `wx.login`; exchanged server-side via jscode2session. */
export const WechatLogin = z.object({ code: z.string().min(1, { error: '微信登录没有成功，请关掉小程序再打开一次' }).max(128, { error: '微信登录没有成功，请关掉小程序再打开一次' }) })
export type WechatLogin = z.infer<typeof WechatLogin>

/** Local development only: sign in as a seeded demo resident without WeChat. */
export const DevLogin = z.object({ account: z.string().min(1, { error: '请选择演示账号' }).max(64, { error: '没有这个演示账号' }) })
export type DevLogin = z.infer<typeof DevLogin>

export const LoginResult = z.object({
  token: z.string(),
  user: SessionUser,
  /** A temporary password (new account or reset): the session only allows changing it. */
  mustChangePassword: z.boolean().optional(),
})
export type LoginResult = z.infer<typeof LoginResult>
