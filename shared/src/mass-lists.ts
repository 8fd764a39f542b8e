import * as z from 'zod'
import type { Department } from './departments'
import type { RiskColour } from './risk'

/**
 * 004 §4(三) 加大帮扶合力: 市、县级民政部门定期将高风险等级（红色）、中高风险等级（黄色）、中低风险等级
 * （蓝色）儿童名单至少每半年通报同级团委、妇联、残联，特殊情况及时通报，协同开展关爱帮扶.
 *
 * The rule as data. The clause asks for a *list of children* by risk level so that the mass
 * organisations can join the care and help (协同开展关爱帮扶): they must know who the child is,
 * where to find them (through the village), how urgent the need is, and what kind of help fits.
 * Nothing more is sent (004 §4: share only what the task needs; 004 §7(四): no labels): no ID
 * number, no birth date (the age is enough to plan activities), no parents, carers or phone
 * numbers (contact goes through the village committee), no reasons, reports or visit notes.
 */
export const massListRule = {
  clause: '004 §4(三)',
  /** 至少每半年. */
  everyMonths: 6,
  colours: ['red', 'yellow', 'blue'] as const satisfies readonly RiskColour[],
  /** One sheet per level, named as the clause names the lists. */
  sheetNames: { red: '红色名单', yellow: '黄色名单', blue: '蓝色名单' },
  recipients: ['youth_league', 'womens_federation', 'disabled_federation'] as const satisfies readonly Department[],
  fields: [
    { key: 'name', label: '姓名', why: '名单是儿童名单：要知道帮扶的是谁' },
    { key: 'sex', label: '性别', why: '安排关爱活动和志愿者（如「爱心妈妈」）' },
    { key: 'age', label: '年龄', why: '按年龄安排活动；不给出生日期' },
    { key: 'township', label: '乡镇', why: '找到孩子要经过所在乡镇和村' },
    { key: 'village', label: '村（社区）', why: '联系经村委会，不给家庭住址和电话' },
    { key: 'level', label: '风险等级', why: '条款按红、黄、蓝三个等级分别通报' },
    { key: 'categories', label: '类别', why: '决定哪类帮扶合适（如残联关注残疾儿童）' },
  ],
} as const

export type MassListField = (typeof massListRule.fields)[number]['key']
export const MASS_LIST_FIELDS: readonly MassListField[] = massListRule.fields.map((f) => f.key)

/** One row of a list: exactly the fields above. */
export const MassListRow = z.object({
  name: z.string(),
  sex: z.string(),
  age: z.number().int(),
  township: z.string(),
  village: z.string(),
  level: z.string(),
  categories: z.string(),
})
export type MassListRow = z.infer<typeof MassListRow>

/**
 * A recorded export: who, when, how many rows. Which children (their ids) is kept beside it in
 * chunks (`functions/src/data/mass-lists.ts`): a county of 30,000 children does not fit one
 * DynamoDB item.
 */
export const MassListExport = z.object({
  id: z.string(),
  countyCode: z.string(),
  at: z.string(),
  byId: z.string(),
  byName: z.string(),
  reason: z.enum(['half_yearly', 'on_demand']),
  counts: z.object({ red: z.number().int(), yellow: z.number().int(), blue: z.number().int() }),
  /** Children on the lists, all levels: as many ids are recorded beside it. */
  rows: z.number().int(),
  documentKey: z.string().optional(),
})
export type MassListExport = z.infer<typeof MassListExport>

export const MassListExportSummary = MassListExport
export type MassListExportSummary = z.infer<typeof MassListExportSummary>

/** The county's exports, newest first, and when the next half-yearly list is due. */
export const MassListPage = z.object({ items: z.array(MassListExportSummary), nextDueAt: z.string().optional(), nextCursor: z.string().optional() })
export type MassListPage = z.infer<typeof MassListPage>

export const CreateMassListExport = z.object({ reason: z.enum(['half_yearly', 'on_demand'], { error: '请选择报送原因' }).default('on_demand') })
export type CreateMassListExport = z.infer<typeof CreateMassListExport>
