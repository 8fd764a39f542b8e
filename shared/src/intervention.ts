import * as z from 'zod'
import { SeenVersion } from './errors'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
/** Five minutes of clock difference between a phone and the server is not "in the future". */
const notAfterNow = (iso: string) => Date.parse(iso) <= Date.now() + 5 * 60_000

/** Where the child is after the director's intervention: what the township and county must know next. */
export const ChildWhereNow = z.enum(['home_with_carer', 'with_relatives', 'with_police', 'in_hospital', 'protection_institution', 'at_school', 'not_found', 'other'], {
  error: '请选择孩子现在在哪里',
})
export type ChildWhereNow = z.infer<typeof ChildWhereNow>
export const childWhereNowLabel: Record<ChildWhereNow, string> = {
  home_with_carer: '在家，有人照看',
  with_relatives: '在亲属家',
  with_police: '在公安机关',
  in_hospital: '在医院',
  protection_institution: '在未成年人救助保护机构',
  at_school: '在学校',
  not_found: '还没有找到孩子',
  other: '其他地方',
}

/**
 * 即时介入处置 for a red report (004 §3 高风险: 发现后立即介入; 001 #6 and 004 #6: abuse,
 * violence, trafficking, abandonment go to the police at once). The same facts as a red
 * child's intervention (`RecordIntervention` in child.ts) plus what the director found on
 * arrival and where the child is now. The police time is kept exactly as entered: it may be
 * asked for in court.
 */
export const RecordReportIntervention = z
  .object({
    version: SeenVersion,
    arrivedAt: z.iso.datetime({ offset: true, error: '请填写到达现场的时间' }),
    found: z.string({ error: '请写明到达后看到的情况' }).trim().min(4, { error: '请写明到达后看到的情况' }).max(1000, { error: '不超过 1000 字' }),
    whatWasDone: z.preprocess(blank, z.string().trim().max(1000, { error: '不超过 1000 字' }).optional()),
    policeTold: z.boolean({ error: '请选择是否已报警' }),
    policeToldAt: z.preprocess(blank, z.iso.datetime({ offset: true, error: '请填写报警的时间（精确到分钟）' }).optional()),
    policeNotToldReason: z.preprocess(blank, z.string().trim().max(300, { error: '不超过 300 字' }).optional()),
    childWhereNow: ChildWhereNow,
    childWhereNote: z.preprocess(blank, z.string().trim().max(300, { error: '不超过 300 字' }).optional()),
    childSafeNow: z.boolean({ error: '请选择孩子现在是否安全' }),
  })
  .superRefine((v, ctx) => {
    if (!notAfterNow(v.arrivedAt)) ctx.addIssue({ code: 'custom', path: ['arrivedAt'], message: '不能晚于现在' })
    if (v.policeTold && !v.policeToldAt) ctx.addIssue({ code: 'custom', path: ['policeToldAt'], message: '请填写报警的时间（精确到分钟）' })
    if (v.policeToldAt && !notAfterNow(v.policeToldAt)) ctx.addIssue({ code: 'custom', path: ['policeToldAt'], message: '不能晚于现在' })
    if (!v.policeTold && !v.policeNotToldReason) ctx.addIssue({ code: 'custom', path: ['policeNotToldReason'], message: '请写明为什么没有报警' })
    if (v.childWhereNow === 'other' && !v.childWhereNote) ctx.addIssue({ code: 'custom', path: ['childWhereNote'], message: '请写明孩子现在在哪里' })
  })
export type RecordReportIntervention = z.infer<typeof RecordReportIntervention>

/** The stored intervention of a report: what was entered, who entered it, when. */
export const ReportIntervention = z.object({
  arrivedAt: z.string(),
  found: z.string(),
  whatWasDone: z.string().optional(),
  policeTold: z.boolean(),
  /** Exactly as entered, offset included. */
  policeToldAt: z.string().optional(),
  policeNotToldReason: z.string().optional(),
  childWhereNow: ChildWhereNow,
  childWhereNote: z.string().optional(),
  childSafeNow: z.boolean(),
  recordedAt: z.string(),
  recordedById: z.string(),
  recordedByName: z.string(),
})
export type ReportIntervention = z.infer<typeof ReportIntervention>

export const interventionFieldLabels: Record<string, string> = {
  version: '记录版本',
  arrivedAt: '到达时间',
  found: '看到的情况',
  whatWasDone: '采取的措施',
  policeTold: '是否报警',
  policeToldAt: '报警时间',
  policeNotToldReason: '未报警的原因',
  childWhereNow: '孩子现在在哪里',
  childWhereNote: '说明',
  childSafeNow: '孩子是否安全',
}


/** One line for the report's and the child's timeline, in plain Chinese. */
export function interventionText(i: Pick<ReportIntervention, 'arrivedAt' | 'found' | 'whatWasDone' | 'policeTold' | 'policeToldAt' | 'policeNotToldReason' | 'childWhereNow' | 'childWhereNote' | 'childSafeNow'>): string {
  const police = i.policeTold ? `已报警（${i.policeToldAt}）` : `未报警：${i.policeNotToldReason}`
  const where = i.childWhereNow === 'other' ? i.childWhereNote : childWhereNowLabel[i.childWhereNow]
  return [`紧急处置：${i.arrivedAt} 到达`, `看到：${i.found}`, i.whatWasDone ? `措施：${i.whatWasDone}` : '', police, `孩子现在：${where}`, i.childSafeNow ? '目前安全' : '仍不安全，需继续处置']
    .filter(Boolean)
    .join('。')
}
