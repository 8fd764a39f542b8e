import * as z from 'zod'

/**
 * 委托照护 entrusted care (001 #7, 004 #5): parents who leave to work entrust their children to
 * an adult able to care; the caregiver accepts in their own account; the village verifies by a
 * home visit and, finding the caregiver unable, tells the parents to choose another.
 */
export const EntrustmentStatus = z.enum([
  /** Registered; the invited caregiver has not answered yet. */
  'pending_caregiver',
  /** The caregiver said no: back to the parents to choose someone else. */
  'caregiver_declined',
  /** The caregiver accepted; the village and the school have been told; a visit is due. */
  'accepted',
  /** The village has scheduled its verification home visit. */
  'visit_scheduled',
  /** The village visited and found the care arrangement workable. */
  'verified',
  /** The village found the caregiver unable to care: the parents must choose another. */
  'caregiver_unfit',
  /** Over: the parents came home, or ended it. */
  'ended',
])
export type EntrustmentStatus = z.infer<typeof EntrustmentStatus>

/** Status words for families. Never a label on the child (004 §7(四)). */
export const entrustmentStatusLabel: Record<EntrustmentStatus, string> = {
  pending_caregiver: '等待照护人确认',
  caregiver_declined: '照护人未接受，请另选照护人',
  accepted: '照护人已接受，等待村里核实',
  visit_scheduled: '村里已安排上门核实',
  verified: '村里已核实',
  caregiver_unfit: '需要另选照护人',
  ended: '已结束',
}

/**
 * Who takes an action: the parent who registered (`parent`), the police or prison officer who
 * started it for a detained parent and acts in the parent's place (`starter`, 001 #5), the
 * invited caregiver (`caregiver`), civil-affairs staff whose jurisdiction holds the children's
 * village (`staff`), or the scheduler (`system`).
 */
export const EntrustmentActor = z.enum(['parent', 'starter', 'caregiver', 'staff', 'system'])
export type EntrustmentActor = z.infer<typeof EntrustmentActor>

export const EntrustmentAction = z.enum([
  'accept',
  'decline',
  'replace_caregiver',
  'schedule_visit',
  'verify',
  'find_unfit',
  'renew',
  'remind_renewal',
  'note_lapsed',
  'end',
])
export type EntrustmentAction = z.infer<typeof EntrustmentAction>

const open = ['pending_caregiver', 'caregiver_declined', 'accepted', 'visit_scheduled', 'verified', 'caregiver_unfit'] as const
const inForce = ['accepted', 'visit_scheduled', 'verified'] as const

/**
 * The entrustment workflow, written once. `to` absent means the action records something
 * without moving the entrustment. Anything not listed here is refused (409).
 */
export const entrustmentTransitions: Record<
  EntrustmentAction,
  { from: readonly EntrustmentStatus[]; to?: EntrustmentStatus; by: readonly EntrustmentActor[]; label: string; source?: string }
> = {
  accept: { from: ['pending_caregiver'], to: 'accepted', by: ['caregiver'], label: '接受委托' },
  decline: { from: ['pending_caregiver'], to: 'caregiver_declined', by: ['caregiver'], label: '婉拒委托' },
  // Before anyone answers the parents may also change their mind about whom to ask.
  replace_caregiver: {
    from: ['pending_caregiver', 'caregiver_declined', 'caregiver_unfit'],
    to: 'pending_caregiver',
    by: ['parent', 'starter'],
    label: '另选照护人',
    source: '004 #5',
  },
  schedule_visit: { from: ['accepted', 'visit_scheduled'], to: 'visit_scheduled', by: ['staff'], label: '安排核实走访', source: '001 #7' },
  // A verified arrangement is visited again (supervision): the visit may confirm it or find the caregiver unfit.
  verify: { from: inForce, to: 'verified', by: ['staff'], label: '核实通过', source: '001 #7' },
  find_unfit: { from: inForce, to: 'caregiver_unfit', by: ['staff'], label: '照护人不适合', source: '004 #5' },
  renew: { from: inForce, by: ['parent', 'starter'], label: '续期' },
  remind_renewal: { from: inForce, by: ['system'], label: '到期提醒' },
  // The end date passed without a renewal: the village is told to find out who cares for the
  // children now (001 #7: the village knows each child's care arrangement). Nothing ends by itself.
  note_lapsed: { from: inForce, by: ['system'], label: '已到期未续期', source: '001 #7' },
  end: { from: open, to: 'ended', by: ['parent', 'starter'], label: '结束委托' },
}

export function canTakeEntrustmentAction(action: EntrustmentAction, status: EntrustmentStatus, actor: EntrustmentActor): boolean {
  const t = entrustmentTransitions[action]
  return t.from.includes(status) && t.by.includes(actor)
}

/** What this actor may do now, in table order (for screens: "what you must do next"). */
export function entrustmentActionsFor(status: EntrustmentStatus, actor: EntrustmentActor): EntrustmentAction[] {
  return EntrustmentAction.options.filter((a) => canTakeEntrustmentAction(a, status, actor))
}

/** Statuses in which the care arrangement is in force: the caregiver has accepted. */
export function entrustmentInForce(status: EntrustmentStatus): boolean {
  return (inForce as readonly string[]).includes(status)
}

/** The parents' next step, as the family sees it. */
export const parentNextStep: Record<EntrustmentStatus, string> = {
  pending_caregiver: '请把邀请码发给照护人，请对方在自己的微信里打开并确认。',
  caregiver_declined: '照护人没有接受这次委托。请另选一位有照护能力的成年人。',
  accepted: '照护人已接受。村里的儿童主任会上门了解照护情况，请保持电话畅通。',
  visit_scheduled: '村里的儿童主任已安排上门，请提前告诉照护人。',
  verified: '村里已核实照护情况。请按约定经常和孩子联系；到期前记得续期。',
  caregiver_unfit: '村里上门了解后认为这位照护人暂时难以照护好孩子。请另选一位有照护能力的成年人。',
  ended: '这份委托照护已结束。',
}
