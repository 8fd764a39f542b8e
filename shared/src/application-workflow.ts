import * as z from 'zod'
import type { StaffRole } from './auth'

/**
 * The allowance application workflow (issue #4), written once, as data. The flow is seed
 * 002 §4(一): the village committee helps the family apply and checks at home, the township
 * window accepts (受理) and reviews (审核), the county civil affairs bureau approves (审批) and
 * money is paid. A public notice (公示) runs between review and approval: local practice, no
 * seed asks for it. During an epidemic the county may switch on 000 §3(一): papers are then
 * noted as owed instead of stopping the application, and approval and payment fall in one month.
 */
export const ApplicationState = z.enum([
  'submitted',
  'village_checked',
  'accepted',
  'reviewed',
  'public_notice',
  'awaiting_approval',
  'approved',
  'paying',
  'needs_documents',
  'rejected',
  'exited',
  'suspended',
])
export type ApplicationState = z.infer<typeof ApplicationState>

/** Who holds an application in a state: an office level, or the family (补正). */
export type HolderLevel = 'village' | 'township' | 'county' | 'guardian'

export interface StateInfo {
  holder: HolderLevel | null
  /**
   * Target days to move on (`null`: no target — the notice runs its own days, payment and
   * final states have none). The seeds set no day limits except 当月审批、当月发放 (000 §3(一));
   * these are local working targets, kept here so they change in one place.
   */
  targetDays: number | null
  /** What the family reads (never a staff member's name). */
  guardianText: string
  /** What happens next, for the family. */
  next: string
  staffLabel: string
  final: boolean
}

export const applicationStates: Record<ApplicationState, StateInfo> = {
  submitted: {
    holder: 'village',
    targetDays: 5,
    guardianText: '已提交，等待村里上门核实',
    next: '村儿童主任会上门了解家里的情况，核对材料。',
    staffLabel: '待村级核查',
    final: false,
  },
  village_checked: {
    holder: 'township',
    targetDays: 3,
    guardianText: '村里已核实，等待乡镇受理',
    next: '乡镇（街道）民政窗口会受理您的申请。',
    staffLabel: '待乡镇受理',
    final: false,
  },
  accepted: {
    holder: 'township',
    targetDays: 10,
    guardianText: '乡镇已受理，正在审核',
    next: '乡镇审核材料和家庭情况，通过后会进行公示。',
    staffLabel: '待乡镇审核',
    final: false,
  },
  reviewed: {
    holder: 'township',
    targetDays: 3,
    guardianText: '乡镇审核通过，准备公示',
    next: '乡镇会在村里公示，公示时孩子的姓名和身份证号都会隐去部分。',
    staffLabel: '待公示',
    final: false,
  },
  public_notice: {
    holder: 'township',
    targetDays: null,
    guardianText: '正在公示',
    next: '公示期满后，申请会送县民政局审批。',
    staffLabel: '公示中',
    final: false,
  },
  awaiting_approval: {
    holder: 'county',
    targetDays: 10,
    guardianText: '公示结束，等待县民政局审批',
    next: '县民政局审批，批准后从确定的月份开始发放。',
    staffLabel: '待县级审批',
    final: false,
  },
  approved: {
    holder: 'county',
    targetDays: 5,
    guardianText: '已批准，正在安排发放',
    next: '县民政局确定开始发放的月份，钱会打到您填写的银行账户。',
    staffLabel: '待安排发放',
    final: false,
  },
  paying: {
    holder: 'county',
    targetDays: null,
    guardianText: '按月发放中',
    next: '每月发放到您的银行账户。每年会复核一次孩子的情况；孩子年满 18 周岁前会通知您后续安排。',
    staffLabel: '发放中',
    final: false,
  },
  needs_documents: {
    holder: 'guardian',
    targetDays: 15,
    guardianText: '需要补充材料',
    next: '请按下面列出的补充材料拍照上传，补齐后申请从原来的环节继续办理。',
    staffLabel: '待申请人补正',
    final: false,
  },
  rejected: {
    holder: null,
    targetDays: null,
    guardianText: '未获批准',
    next: '如对结果有疑问，可以向县民政局咨询，情况变化后也可以重新申请。',
    staffLabel: '不予批准',
    final: true,
  },
  exited: {
    holder: null,
    targetDays: null,
    guardianText: '已停止发放',
    next: '补贴已按规定结束。',
    staffLabel: '已退出',
    final: true,
  },
  suspended: {
    // The county resumes payment when the young person returns to school.
    holder: 'county',
    targetDays: null,
    guardianText: '服兵役期间暂停按月发放',
    next: '入伍时已一次性发放。退役后回校就学的，会恢复按月发放，请告诉村儿童主任。',
    staffLabel: '入伍暂停',
    final: false,
  },
}

export const ApplicationStep = z.enum([
  'village_check',
  'accept',
  'review',
  'start_notice',
  'record_objection',
  'end_notice',
  'approve',
  'reject',
  'start_payment',
  'send_back',
  'supply_documents',
  'annual_review',
  'raise_exit',
  'record_exit',
  'continue_in_school',
  'record_enlistment',
  'resume_study',
  'note_missing',
  'supply_later',
])
export type ApplicationStep = z.infer<typeof ApplicationStep>

export type ApplicationActor = StaffRole | 'guardian' | 'system'

export interface StepRule {
  from: readonly ApplicationState[]
  /** `resume`: back to the state the application was sent back from. Absent: records without moving. */
  to?: ApplicationState | 'resume'
  /** Who may take the step; `holder` = the role holding the current state. */
  by: readonly (ApplicationActor | 'holder')[]
  label: string
  /** The seed clause the step carries out; absent where the step is local practice (`practice` says so). */
  clause?: string
  practice?: string
}

const noticePractice = '公示是本地的办理做法，五份政策文件都没有规定'

const sendBackFrom = ['submitted', 'village_checked', 'accepted', 'reviewed', 'awaiting_approval'] as const

/** The one transition table: every allowed step, from where, to where, by whom. Everything else is refused. */
export const applicationSteps: Record<ApplicationStep, StepRule> = {
  village_check: { from: ['submitted'], to: 'village_checked', by: ['village_director'], label: '村级核查（入户）', clause: '002 §4(一)' },
  accept: { from: ['village_checked'], to: 'accepted', by: ['township_supervisor'], label: '乡镇受理', clause: '002 §4(一)' },
  review: { from: ['accepted'], to: 'reviewed', by: ['township_supervisor'], label: '乡镇审核', clause: '002 §4(一)' },
  start_notice: { from: ['reviewed'], to: 'public_notice', by: ['township_supervisor'], label: '开始公示', practice: noticePractice },
  record_objection: { from: ['public_notice'], by: ['township_supervisor', 'county_officer'], label: '登记公示异议', practice: noticePractice },
  end_notice: { from: ['public_notice'], to: 'awaiting_approval', by: ['system'], label: '公示期满', practice: noticePractice },
  approve: { from: ['awaiting_approval'], to: 'approved', by: ['county_officer'], label: '县级审批：批准', clause: '002 §4(一)' },
  reject: { from: ['awaiting_approval'], to: 'rejected', by: ['county_officer'], label: '县级审批：不予批准', clause: '002 §4(一)' },
  start_payment: { from: ['approved'], to: 'paying', by: ['county_officer', 'system'], label: '开始发放', clause: '002 §4(一)' },
  // Asking for papers is part of accepting and reviewing (受理、审核, 002 §4(一)).
  send_back: { from: sendBackFrom, to: 'needs_documents', by: ['holder'], label: '退回补正材料', clause: '002 §4(一)' },
  supply_documents: { from: ['needs_documents'], to: 'resume', by: ['guardian'], label: '补交材料', clause: '002 §4(一)' },
  annual_review: {
    from: ['paying'],
    by: ['village_director', 'county_officer'],
    label: '年度复核',
    practice: '发放对象实行动态管理（各地政策）；每年复核一次是本地做法',
  },
  raise_exit: { from: ['paying'], by: ['system'], label: '即将年满 18 周岁或毕业', clause: '003 §2(一)' },
  record_exit: { from: ['paying'], to: 'exited', by: ['county_officer'], label: '停止发放', clause: '003 §2(一)' },
  // 年满18周岁仍在校就学的可继续享受…至毕业为止 (003 §2(一)): not an exit; re-taken to move the graduation month.
  continue_in_school: { from: ['paying'], by: ['county_officer'], label: '在校就学，继续发放至毕业', clause: '003 §2(一)' },
  record_enlistment: { from: ['paying'], to: 'suspended', by: ['county_officer'], label: '就学期间应征入伍', clause: '003 §2(一)' },
  // 保留学籍回校就学期间恢复基本生活费补助 (003 §2(一)).
  resume_study: { from: ['suspended'], to: 'paying', by: ['county_officer'], label: '回校就学，恢复发放', clause: '003 §2(一)' },
  // 000 §3(一): 其他手续可待疫期结束后补办 — with the county's epidemic switch on, owed papers are noted, the application goes on.
  note_missing: { from: [...sendBackFrom, 'public_notice'], by: ['holder'], label: '登记待补材料（不中止办理）', clause: '000 §3(一)' },
  supply_later: {
    from: ['submitted', 'village_checked', 'accepted', 'reviewed', 'public_notice', 'awaiting_approval', 'approved', 'paying'],
    by: ['guardian'],
    label: '补交材料',
    clause: '000 §3(一)',
  },
}

export const holderRoleOf: Record<HolderLevel, ApplicationActor> = {
  village: 'village_director',
  township: 'township_supervisor',
  county: 'county_officer',
  guardian: 'guardian',
}

/** The actor holding an application in this state, if any. */
export function holderActor(state: ApplicationState): ApplicationActor | undefined {
  const holder = applicationStates[state].holder
  return holder ? holderRoleOf[holder] : undefined
}

export type StepCheck = 'ok' | 'wrong_state' | 'wrong_role'

/** Whether `actor` may take `step` on an application in `state` (jurisdiction is checked separately). */
export function checkStep(step: ApplicationStep, state: ApplicationState, actor: ApplicationActor): StepCheck {
  const rule = applicationSteps[step]
  // A role that never takes this step is told so whatever the state; one that might is told about the state.
  if (!rule.by.includes(actor) && !rule.by.includes('holder')) return 'wrong_role'
  if (!rule.from.includes(state)) return 'wrong_state'
  const allowed = rule.by.some((b) => (b === 'holder' ? holderActor(state) === actor : b === actor))
  return allowed ? 'ok' : 'wrong_role'
}

/** The steps this actor can take now: what the staff screen offers as buttons. */
export function stepsAvailable(state: ApplicationState, actor: ApplicationActor): ApplicationStep[] {
  return ApplicationStep.options.filter((s) => checkStep(s, state, actor) === 'ok')
}

/** The state a step leads to from `state` (`resume` resolved with `returnTo`). */
export function stepTarget(step: ApplicationStep, state: ApplicationState, returnTo?: ApplicationState): ApplicationState {
  const to = applicationSteps[step].to
  if (to === 'resume') return returnTo ?? 'submitted'
  return to ?? state
}
