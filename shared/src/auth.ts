import * as z from 'zod'
import { DivisionCode } from './divisions'

/**
 * Who is signed in. Staff roles map onto administrative levels (DOMAIN "People and places"):
 * 儿童主任 at a village, 儿童督导员 at a township, 民政局 officer at a county.
 */
export const StaffRole = z.enum(['village_director', 'township_supervisor', 'county_officer'])
export type StaffRole = z.infer<typeof StaffRole>
export const Role = z.enum(['resident', ...StaffRole.options])
export type Role = z.infer<typeof Role>

export const roleLabel: Record<Role, string> = {
  resident: '居民',
  village_director: '村（社区）儿童主任',
  township_supervisor: '乡镇（街道）儿童督导员',
  county_officer: '县级民政部门',
}

/** The administrative level each staff role works at. */
export const roleLevel = {
  village_director: 'village',
  township_supervisor: 'township',
  county_officer: 'county',
} as const satisfies Record<StaffRole, string>

export function isStaff(role: Role): role is StaffRole {
  return role !== 'resident'
}

export const SessionUser = z.object({
  id: z.string(),
  role: Role,
  displayName: z.string(),
  /** Staff only: the division they are responsible for. */
  divisionCode: DivisionCode.optional(),
  divisionName: z.string().optional(),
})
export type SessionUser = z.infer<typeof SessionUser>

export const StaffLogin = z.object({
  username: z.string().trim().min(1, { error: '请填写账号' }),
  password: z.string().min(1, { error: '请填写密码' }),
})
export type StaffLogin = z.infer<typeof StaffLogin>

/** Residents sign in with the code from `wx.login`; exchanged server-side via jscode2session. */
export const WechatLogin = z.object({ code: z.string().min(1, { error: '缺少微信登录凭证' }) })
export type WechatLogin = z.infer<typeof WechatLogin>

/** Local development only: sign in as a seeded demo resident without WeChat. */
export const DevLogin = z.object({ account: z.string().min(1, { error: '请选择演示账号' }) })
export type DevLogin = z.infer<typeof DevLogin>

export const LoginResult = z.object({ token: z.string(), user: SessionUser })
export type LoginResult = z.infer<typeof LoginResult>
