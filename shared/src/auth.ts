import * as z from 'zod'
import { Department } from './departments'
import { DivisionCode } from './divisions'
import { PARTNER_ROLES, ROLES, STAFF_ROLES } from './roles'

/** The roles as schemas; the lists, their names and who counts as what are in roles.ts. */
export const StaffRole = z.enum(STAFF_ROLES)
export type StaffRole = z.infer<typeof StaffRole>
export const PartnerRole = z.enum(PARTNER_ROLES)
export type PartnerRole = z.infer<typeof PartnerRole>
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

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
