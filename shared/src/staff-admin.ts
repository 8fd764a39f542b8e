import * as z from 'zod'
import { Department, departmentLabel } from './departments'
import { PartnerRole, type Role, type SessionUser, StaffRole } from './auth'
import { manageableRoles, partnerRoleLevel, roleLabel, roleLevel } from './roles'
import { DivisionCode, contains, levelOf, type DivisionLevel } from './divisions'

/**
 * Staff administration (issue #10): who may create, edit, deactivate and reset the password of
 * which accounts. A county's civil-affairs bureau runs its own people; a township supervisor
 * runs the child directors of their villages (DOMAIN "People and places").
 */
export const ManagedRole = z.enum(['township_supervisor', 'village_director', 'school_liaison', 'police_officer', 'department_liaison'])
export type ManagedRole = z.infer<typeof ManagedRole>


/** The level of division an account of this role is attached to. */
export function levelForRole(role: StaffRole | PartnerRole): DivisionLevel {
  return (roleLevel as Record<string, DivisionLevel>)[role] ?? partnerRoleLevel[role as PartnerRole]
}

/**
 * The one rule for staff administration: the actor may manage an account of `target.role` at
 * `target.divisionCode` when the role is one they manage and the division lies inside their own.
 */
export function canManage(
  actor: Pick<SessionUser, 'role' | 'divisionCode' | 'id'>,
  target: { role: Role; divisionCode?: string; id?: string },
): boolean {
  if (!actor.divisionCode || !target.divisionCode) return false
  if (target.id && target.id === actor.id) return false
  if (!(manageableRoles[actor.role] ?? []).includes(target.role as ManagedRole)) return false
  return contains(actor.divisionCode, target.divisionCode)
}

/** Sign-in names: lower-case letters, digits, `-` and `_`, 3–32 long (they are typed on a phone). */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{2,31}$/, { error: '账号用 3 到 32 个小写字母、数字、“-”或“_”，以字母或数字开头' })

export const DisplayName = z.string().trim().min(1, { error: '请填写姓名' }).max(20, { error: '姓名最多 20 个字' })

/** New passwords: at least 8 characters with a letter and a digit. */
export const NewPassword = z
  .string()
  .min(8, { error: '新密码至少 8 位' })
  .max(64, { error: '新密码最多 64 位' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: '新密码需同时包含字母和数字' })

const accountFields = {
  displayName: DisplayName,
  role: ManagedRole,
  divisionCode: DivisionCode,
  /** School liaisons: the school they speak for (from the county's school list). */
  schoolId: z.string().trim().min(1).max(64).optional(),
  /** Police or prison staff: their unit, e.g. 泗县公安局. */
  unit: z.string().trim().min(1).max(40).optional(),
  /** Department liaisons: which county department they answer for (issue #11). */
  department: z.enum(Department.options, { error: '请选择部门' }).optional(),
}

function divisionFitsRole(v: { role?: ManagedRole; divisionCode?: string; schoolId?: string; unit?: string; department?: Department }, ctx: z.RefinementCtx) {
  if (v.role && v.divisionCode && levelOf(v.divisionCode) !== levelForRole(v.role)) {
    const want = { village: '村（社区）', township: '乡镇（街道）', county: '县（区）' } as Record<DivisionLevel, string>
    ctx.addIssue({ code: 'custom', path: ['divisionCode'], message: `${roleLabel[v.role]}应选择到${want[levelForRole(v.role)] ?? ''}一级` })
  }
  if (v.role === 'school_liaison' && !v.schoolId) ctx.addIssue({ code: 'custom', path: ['schoolId'], message: '请选择学校' })
  if (v.role === 'police_officer' && !v.unit) ctx.addIssue({ code: 'custom', path: ['unit'], message: '请填写所在单位' })
  if (v.role === 'department_liaison' && !v.department) ctx.addIssue({ code: 'custom', path: ['department'], message: '请选择部门' })
}

export const StaffCreate = z.object({ username: Username, ...accountFields }).superRefine(divisionFitsRole)
export type StaffCreate = z.infer<typeof StaffCreate>

/** An edit names the version it was made on (optimistic lock) and only the fields it changes. */
export const StaffUpdate = z
  .object({
    version: z.number().int().min(0),
    displayName: DisplayName.optional(),
    role: ManagedRole.optional(),
    divisionCode: DivisionCode.optional(),
    schoolId: accountFields.schoolId,
    unit: accountFields.unit,
    department: accountFields.department,
  })
  .superRefine((v, ctx) => {
    if ((v.role === undefined) !== (v.divisionCode === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.role === undefined ? 'role' : 'divisionCode'], message: '岗位和所在地需一起修改' })
    }
    divisionFitsRole(v, ctx)
  })
export type StaffUpdate = z.infer<typeof StaffUpdate>

export const StaffVersion = z.object({ version: z.number().int().min(0) })
export type StaffVersion = z.infer<typeof StaffVersion>

/** One row of the staff list: exactly what the list shows. */
export const StaffRow = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.union([StaffRole, PartnerRole]),
  divisionCode: DivisionCode,
  divisionName: z.string(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  wechatBound: z.boolean(),
  version: z.number().int(),
  schoolId: z.string().optional(),
  unit: z.string().optional(),
  department: Department.optional(),
})
export type StaffRow = z.infer<typeof StaffRow>

export const StaffPage = z.object({ items: z.array(StaffRow), nextCursor: z.string().optional() })
export type StaffPage = z.infer<typeof StaffPage>

/** Shown once, to the administrator who created or reset the account; never stored in clear. */
export const TemporaryPasswordResult = z.object({ account: StaffRow, temporaryPassword: z.string() })
export type TemporaryPasswordResult = z.infer<typeof TemporaryPasswordResult>

export const AccountAuditAction = z.enum([
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'password_reset',
  'password_changed',
  'signed_out_everywhere',
  'wechat_bound',
  'sign_in_locked',
])
export type AccountAuditAction = z.infer<typeof AccountAuditAction>

export const AccountAuditEntry = z.object({
  at: z.string(),
  action: AccountAuditAction,
  actorId: z.string().optional(),
  actorName: z.string().optional(),
  /** What changed, in plain words (never a password). */
  text: z.string().optional(),
})
export type AccountAuditEntry = z.infer<typeof AccountAuditEntry>

export const accountAuditLabel: Record<AccountAuditAction, string> = {
  created: '创建账号',
  updated: '修改账号',
  deactivated: '停用账号',
  reactivated: '恢复账号',
  password_reset: '重置密码',
  password_changed: '修改密码',
  signed_out_everywhere: '退出所有设备',
  wechat_bound: '绑定微信',
  sign_in_locked: '登录失败次数过多，暂时锁定',
}

export const ChangePassword = z
  .object({ currentPassword: z.string().min(1, { error: '请填写当前密码' }), newPassword: NewPassword })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], error: '新密码不能与当前密码相同' })
export type ChangePassword = z.infer<typeof ChangePassword>

/** A staff member inside WeChat binds their openid with the code from `wx.login`. */
export const WechatBind = z.object({ code: z.string().min(1, { error: '缺少微信登录凭证' }).max(256) })
export type WechatBind = z.infer<typeof WechatBind>

/** The columns of the Excel roster, in order (the first row holds these headings). */
export const rosterColumns = [
  { key: 'username', heading: '账号' },
  { key: 'displayName', heading: '姓名' },
  { key: 'role', heading: '岗位' },
  { key: 'divisionCode', heading: '区划代码' },
  { key: 'schoolId', heading: '学校编号' },
  { key: 'unit', heading: '所在单位' },
  /** Department liaisons only: which county department (issue #11), in `rosterDepartmentNames`' words. */
  { key: 'department', heading: '部门' },
] as const

/**
 * What an administrator may write in the 部门 column: each department's name as the app shows it
 * (`departmentLabel`), and the short names a county office uses for it.
 */
export const rosterDepartmentNames: Record<string, Department> = {
  ...Object.fromEntries(Object.entries(departmentLabel).map(([d, label]) => [label, d as Department])),
  教育: 'education',
  教育部门: 'education',
  医保: 'medical_insurance',
  医疗保障局: 'medical_insurance',
  残疾人联合会: 'disabled_federation',
  卫健委: 'health',
  卫生健康委: 'health',
  卫生健康委员会: 'health',
  卫生健康部门: 'health',
  公安: 'police',
  检察院: 'procuratorate',
  法院: 'court',
  团委: 'youth_league',
  共青团: 'youth_league',
  妇女联合会: 'womens_federation',
}

/** What an administrator may write in the 岗位 column. */
export const rosterRoleNames: Record<string, ManagedRole> = {
  儿童主任: 'village_director',
  村儿童主任: 'village_director',
  '村（社区）儿童主任': 'village_director',
  儿童督导员: 'township_supervisor',
  '乡镇（街道）儿童督导员': 'township_supervisor',
  学校联络人: 'school_liaison',
  公安或监狱工作人员: 'police_officer',
  公安: 'police_officer',
  部门联络人: 'department_liaison',
  监狱: 'police_officer',
}

export const RosterError = z.object({ row: z.number().int(), column: z.string().optional(), message: z.string() })
export type RosterError = z.infer<typeof RosterError>

export const RosterResult = z.object({
  created: z.array(z.object({ row: z.number().int(), account: StaffRow, temporaryPassword: z.string() })),
  errors: z.array(RosterError),
})
export type RosterResult = z.infer<typeof RosterResult>
