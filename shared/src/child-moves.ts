import * as z from 'zod'
import { DivisionCode, VillageCode, levelOf } from './divisions'
import { CivilDate } from './civil-date'

/**
 * A child who moves, and two files that are one child (issue #7; 一人一档 002 §4(三), 004 #8):
 * the file follows the child to the village where the child now lives, accepted by that
 * village's director; two files a person has judged to be the same child become one. Never
 * automatic: the system only suggests.
 */

const version = z.number({ error: '版本：请刷新后再试' }).int({ error: '版本：请刷新后再试' }).min(0, { error: '版本：请刷新后再试' })

/** 转出: the current village's director asks another village to take the file over. */
export const TransferChild = z.object({
  toVillageCode: VillageCode,
  reason: z.string({ error: '转出原因：请填写' }).trim().min(2, { error: '转出原因：请写清孩子搬到哪里、为什么' }).max(200, { error: '转出原因不超过 200 字' }),
  /** The day the child moved (搬家的日期), when known. */
  movedOn: z.preprocess((v) => (v === '' ? undefined : v), CivilDate.optional()),
  /** The file's version the director was shown: a file changed since is refused. */
  version,
})
export type TransferChild = z.infer<typeof TransferChild>

/** 接收 / 退回: the receiving village's director decides. */
export const DecideTransfer = z.object({
  version,
  note: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(200, { error: '说明不超过 200 字' }).optional()),
})
export type DecideTransfer = z.infer<typeof DecideTransfer>

/** A transfer waiting on the receiving village, kept on the file. */
export const ChildTransfer = z.object({
  toVillageCode: z.string(),
  toVillageName: z.string(),
  fromVillageCode: z.string(),
  fromVillageName: z.string(),
  reason: z.string(),
  movedOn: z.string().optional(),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: z.string(),
})
export type ChildTransfer = z.infer<typeof ChildTransfer>

/** A row of the receiving director's 「待接收」 list. */
export const IncomingTransferRow = z.object({
  childId: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  fromVillageName: z.string(),
  reason: z.string(),
  movedOn: z.string().optional(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** The file's version, for the accept/decline request. */
  version: z.number().int(),
})
export type IncomingTransferRow = z.infer<typeof IncomingTransferRow>
export const IncomingTransferPage = z.object({ items: z.array(IncomingTransferRow), nextCursor: z.string().optional() })
export type IncomingTransferPage = z.infer<typeof IncomingTransferPage>

/** 合并: keep this file, the other becomes a pointer to it. */
export const MergeChildren = z.object({
  otherId: z.string({ error: '要合并的档案：请选择' }).regex(/^[0-9A-Za-z]{1,64}$/, { error: '要合并的档案：请选择' }),
  version,
  otherVersion: version,
})
export type MergeChildren = z.infer<typeof MergeChildren>

/** 可能重复: another file that may be this child, and why it is suggested. */
export const DuplicateSuggestion = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  villageName: z.string().optional(),
  idMasked: z.string().optional(),
  basis: z.enum(['name_birth']),
  version: z.number().int(),
})
export type DuplicateSuggestion = z.infer<typeof DuplicateSuggestion>
export const DuplicateSuggestions = z.object({ items: z.array(DuplicateSuggestion), nextCursor: z.string().optional() })
export type DuplicateSuggestions = z.infer<typeof DuplicateSuggestions>

// ---- the responsible director (一个村可有几位儿童主任, 004 #16) --------------------------------------------

/** 负责的儿童主任: which of the village's directors keeps this file (per-director overdue counts). */
export const SetResponsibleDirector = z.object({
  directorId: z.string({ error: '负责的儿童主任：请选择' }).regex(/^[0-9A-Za-z_-]{1,64}$/, { error: '负责的儿童主任：请选择' }),
  version,
})
export type SetResponsibleDirector = z.infer<typeof SetResponsibleDirector>

/** One of the village's child directors, to choose from. */
export const VillageDirector = z.object({ id: z.string(), name: z.string() })
export type VillageDirector = z.infer<typeof VillageDirector>
export const VillageDirectors = z.object({ items: z.array(VillageDirector), currentId: z.string().optional() })
export type VillageDirectors = z.infer<typeof VillageDirectors>

// ---- closing a file (结档) ------------------------------------------------------------------------------

export const ClosureReason = z.enum(['moved_out_of_county', 'turned_18', 'died'], { error: '结档原因：请选择' })
export type ClosureReason = z.infer<typeof ClosureReason>

/** 结档: the file leaves the due lists and the counts, and stays readable. */
export const CloseChild = z.object({
  reason: ClosureReason,
  /** The day it happened (the move, the death); for turned_18, the day closing was decided. */
  effectiveOn: CivilDate,
  /** Where the child now lives, for a move out of the county. */
  destination: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(100, { error: '搬去的地方不超过 100 字' }).optional()),
  /**
   * The county the child moved to, when the director knows it: that county's civil-affairs
   * officers are told, so the child is found and kept on a ledger there (a move out of the county).
   */
  destinationCountyCode: z.preprocess((v) => (v === '' ? undefined : v), DivisionCode.refine((c) => levelOf(c) === 'county', { error: '请选到县（区）一级' }).optional()),
  note: z.string({ error: '说明：请填写' }).trim().min(2, { error: '说明：请写清是怎么知道的、是否已核实' }).max(300, { error: '说明不超过 300 字' }),
  version,
})
export type CloseChild = z.infer<typeof CloseChild>

/**
 * 恢复建档: a closed file goes back on the village's lists and visit cadence. Why, in the
 * person's own words (it goes on the file's history beside the closing it undoes).
 */
export const ReopenChild = z.object({
  reason: z
    .string({ error: '恢复原因：请填写' })
    .trim()
    .min(4, { error: '请写清为什么恢复（至少 4 个字）', abort: true })
    .max(300, { error: '不超过 300 字' })
    .regex(/\p{Script=Han}/u, { error: '请用中文写清为什么恢复' }),
  /** The file's version the person was shown: a file changed since is refused. */
  version,
})
export type ReopenChild = z.infer<typeof ReopenChild>

/** A closed file's closing, kept on the file. */
export const ChildClosure = z.object({
  reason: ClosureReason,
  reasonLabel: z.string(),
  clause: z.string(),
  effectiveOn: z.string(),
  destination: z.string().optional(),
  /** The county told of the move: how many of its civil-affairs officers use the system (0: tell it by hand). */
  handover: z.object({ countyCode: z.string(), countyName: z.string(), told: z.number().int() }).optional(),
  /** The county where the child has a file again (enrolled there with the ID number): this file can no longer be reopened here. */
  foundIn: z.object({ countyName: z.string(), on: z.string() }).optional(),
  note: z.string(),
  closedAt: z.string(),
  closedBy: z.object({ id: z.string(), name: z.string() }),
})
export type ChildClosure = z.infer<typeof ChildClosure>

/** A row of an area's 「已结档」 list. */
export const ClosedChildRow = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  villageCode: z.string(),
  reasonLabel: z.string(),
  effectiveOn: z.string(),
  closedAt: z.string(),
})
export type ClosedChildRow = z.infer<typeof ClosedChildRow>
export const ClosedChildPage = z.object({ items: z.array(ClosedChildRow), nextCursor: z.string().optional() })
export type ClosedChildPage = z.infer<typeof ClosedChildPage>
