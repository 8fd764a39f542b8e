import * as z from 'zod'
import { CivilDate } from './civil-date'
import { DivisionCode } from './divisions'

/**
 * 台账导出 the workbooks a civil-affairs office works from (issue #12): each export is a record
 * (who, when, which filter, in which area, how many rows) and a background job that writes
 * the .xlsx into the documents bucket; the file is fetched through the API, never from a
 * storage link (WeChat opens files only from the project's own domain).
 */
export const ExportKind = z.enum(['children', 'visits', 'reports', 'allowances', 'payments', 'directors', 'spot_check'], { error: '请选择要导出的台账' })
export type ExportKind = z.infer<typeof ExportKind>

export const exportKindLabel: Record<ExportKind, string> = {
  children: '儿童信息台账',
  visits: '走访记录台账',
  reports: '报告线索台账',
  allowances: '补贴发放对象台账',
  payments: '每月发放名单（银行代发）',
  directors: '儿童主任信息台账',
  spot_check: '年度档案抽查结果',
}

/** What each kind needs to be chosen; shown beside the 「生成」 button. */
export const exportKindHint: Record<ExportKind, string> = {
  children: '一人一行：类别、风险颜色、监护情况、上次和下次走访',
  visits: '所选时间段内的走访和联系记录',
  reports: '所选时间段内收到的报告及处理情况',
  allowances: '已批准的补贴对象、类别、金额、开始月份和状态',
  payments: '所选月份应发放的名单，含完整银行卡号，交银行代发',
  directors: '各村（社区）儿童主任名单',
  spot_check: '所选年度抽查的档案和检查结果',
}

const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '请选择年月' })
const Year = z.coerce.number({ error: '请选择年度' }).int({ error: '请选择年度' }).min(2000, { error: '请选择年度' }).max(2100, { error: '请选择年度' })

/** Narrow an export to one township or village inside one's own area (optional). */
const area = { divisionCode: DivisionCode.optional() }

const Period = z
  .object({ from: CivilDate, to: CivilDate, ...area })
  .refine((p) => p.from <= p.to, { error: '结束日期不能早于开始日期', path: ['to'] })
  // A year is what an office keeps on one sheet; longer periods are split by the office.
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, { error: '时间段最长一年，请分开导出', path: ['to'] })

export const ExportFilters = {
  children: z.object({ ...area, colour: z.enum(['red', 'yellow', 'blue', 'green'], { error: '请选择风险颜色' }).optional() }),
  visits: Period,
  reports: Period,
  allowances: z.object({ ...area }),
  payments: z.object({ month: YearMonth, ...area }),
  directors: z.object({ ...area }),
  spot_check: z.object({ year: Year }),
} as const

export const CreateExport = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('children'), filter: ExportFilters.children.default({}) }),
    z.object({ kind: z.literal('visits'), filter: ExportFilters.visits }),
    z.object({ kind: z.literal('reports'), filter: ExportFilters.reports }),
    z.object({ kind: z.literal('allowances'), filter: ExportFilters.allowances.default({}) }),
    z.object({ kind: z.literal('payments'), filter: ExportFilters.payments }),
    z.object({ kind: z.literal('directors'), filter: ExportFilters.directors.default({}) }),
    z.object({ kind: z.literal('spot_check'), filter: ExportFilters.spot_check }),
  ],
  { error: '请选择要导出的台账' },
)
export type CreateExport = z.infer<typeof CreateExport>

/** Field names for the 400s: 「开始日期：请选择日期」. */
export const exportFieldLabels: Record<string, string> = {
  kind: '台账种类',
  filter: '筛选条件',
  'filter.from': '开始日期',
  'filter.to': '结束日期',
  'filter.month': '发放月份',
  'filter.year': '抽查年度',
  'filter.colour': '风险颜色',
  'filter.divisionCode': '乡镇或村',
}

export const ExportState = z.enum(['queued', 'running', 'done', 'failed'])
export type ExportState = z.infer<typeof ExportState>
export const exportStateLabel: Record<ExportState, string> = { queued: '排队中', running: '正在生成', done: '已生成', failed: '没有生成' }

/** An export as its list and its page show it. */
export const ExportJob = z.object({
  id: z.string(),
  kind: ExportKind,
  title: z.string(),
  filter: z.record(z.string(), z.unknown()),
  /** The area the rows come from: the requester's own, or the township or village they chose inside it. */
  divisionCode: z.string(),
  divisionName: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  state: ExportState,
  /** Rows written so far (the final count once done). */
  rows: z.number().int(),
  /** Known when the source says up front how many rows there are (otherwise absent). */
  total: z.number().int().optional(),
  fileName: z.string().optional(),
  bytes: z.number().int().optional(),
  failure: z.string().optional(),
})
export type ExportJob = z.infer<typeof ExportJob>

export const ExportList = z.object({ items: z.array(ExportJob), nextCursor: z.string().optional() })
export type ExportList = z.infer<typeof ExportList>
