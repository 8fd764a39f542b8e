import * as z from 'zod'
import { CivilDate } from './civil-date'
import { SeenVersion } from './errors'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const text = (max: number, label: string) => z.string({ error: `请填写${label}` }).trim().max(max, { error: `不超过 ${max} 字` })

/**
 * 临时监护 placements. 001 #5: a child taken from danger whom no one can care for in the short
 * term is in the county civil-affairs bureau's temporary guardianship. 004 #6 (加强监护干预工作)
 * names the placements: 委托亲属抚养、家庭寄养, or 未成年人救助保护机构 / 儿童福利机构收留、抚养;
 * 004 #7 makes the protection institution the place of temporary guardianship.
 */
export const Placement = z.enum(['relatives', 'foster_family', 'protection_institution', 'welfare_institution'], { error: '请选择安置方式' })
export type Placement = z.infer<typeof Placement>
export const placementLabel: Record<Placement, string> = {
  relatives: '委托亲属抚养',
  foster_family: '家庭寄养',
  protection_institution: '未成年人救助保护机构',
  welfare_institution: '儿童福利机构',
}

/** Only the county civil-affairs bureau holds temporary guardianship (001 #5: 由县民政部门承担临时监护职责). */
export const GUARDIANSHIP_ROLE = 'county_officer' as const

/** What the visible badge says wherever the child is listed or opened. */
export const TEMPORARY_GUARDIANSHIP_LABEL = '临时监护中'

export const StartGuardianship = z
  .object({
    placement: Placement,
    /** The relative's, family's or institution's name: who has the child. */
    carerName: text(100, '照料人或机构名称').min(2, { error: '请填写照料人或机构名称' }),
    reason: text(500, '临时监护的原因').min(4, { error: '请写明临时监护的原因' }),
    startOn: CivilDate,
    reviewOn: CivilDate,
    plannedEndOn: z.preprocess(blank, CivilDate.optional()),
    note: z.preprocess(blank, text(500, '说明').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.reviewOn <= v.startOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: '要晚于开始日期' })
    if (v.plannedEndOn && v.plannedEndOn < v.startOn) ctx.addIssue({ code: 'custom', path: ['plannedEndOn'], message: '不能早于开始日期' })
  })
export type StartGuardianship = z.infer<typeof StartGuardianship>

export const ReviewGuardianship = z.object({
  version: SeenVersion,
  note: text(500, '复查情况').min(2, { error: '请写明复查情况' }),
  nextReviewOn: CivilDate,
})
export type ReviewGuardianship = z.infer<typeof ReviewGuardianship>

export const EndGuardianship = z.object({
  version: SeenVersion,
  endOn: CivilDate,
  /** Where the child goes: back to the parents, a guardian appointed by the court, long-term care … */
  outcome: text(500, '结束后的去向').min(2, { error: '请写明孩子结束临时监护后的去向' }),
  /** Why it ends now (the danger is over, a parent is back, the court appointed a guardian): the decision's record. */
  endReason: text(500, '结束的原因').min(2, { error: '请写明为什么结束临时监护' }),
})
export type EndGuardianship = z.infer<typeof EndGuardianship>

export const guardianshipFieldLabels: Record<string, string> = {
  placement: '安置方式',
  carerName: '照料人或机构名称',
  reason: '临时监护的原因',
  startOn: '开始日期',
  reviewOn: '复查日期',
  plannedEndOn: '预计结束日期',
  note: '说明',
  nextReviewOn: '下次复查日期',
  endOn: '结束日期',
  outcome: '结束后的去向',
  endReason: '结束的原因',
  version: '记录版本',
}

export const Guardianship = z.object({
  id: z.string(),
  childId: z.string(),
  villageCode: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  placement: Placement,
  carerName: z.string(),
  reason: z.string(),
  startOn: z.string(),
  reviewOn: z.string(),
  plannedEndOn: z.string().optional(),
  note: z.string().optional(),
  endOn: z.string().optional(),
  outcome: z.string().optional(),
  endReason: z.string().optional(),
  reviews: z.array(z.object({ at: z.string(), byName: z.string(), note: z.string(), nextReviewOn: z.string() })),
  /** How many review reminders went out for the current review date. */
  remindersSent: z.number().int(),
  createdAt: z.string(),
  createdById: z.string(),
  createdByName: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type Guardianship = z.infer<typeof Guardianship>

/** One placement as staff open it: the placement and the child's name (kept on the item). */
export const GuardianshipView = Guardianship.extend({ childName: z.string() })
export type GuardianshipView = z.infer<typeof GuardianshipView>

/** A row of the county's placements: the index's `row` (functions/src/data/guardianships.ts) and the village's name. */
export const GuardianshipListRow = Guardianship.pick({
  id: true,
  childId: true,
  villageCode: true,
  placement: true,
  carerName: true,
  startOn: true,
  reviewOn: true,
  plannedEndOn: true,
  endOn: true,
  version: true,
}).extend({ childName: z.string(), villageName: z.string() })
export type GuardianshipListRow = z.infer<typeof GuardianshipListRow>

export const GuardianshipPage = z.object({ items: z.array(GuardianshipListRow), nextCursor: z.string().optional() })
export type GuardianshipPage = z.infer<typeof GuardianshipPage>

/** What the child's file and list rows carry while a placement is open. */
export const GuardianshipSummary = z.object({ id: z.string(), placement: Placement, carerName: z.string(), startOn: z.string(), reviewOn: z.string(), plannedEndOn: z.string().optional() })
export type GuardianshipSummary = z.infer<typeof GuardianshipSummary>

export const guardianshipActive = (g: Pick<Guardianship, 'endOn'>) => !g.endOn
