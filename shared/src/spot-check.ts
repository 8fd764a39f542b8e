import * as z from 'zod'
import { RiskColour } from './risk'

/**
 * 档案年度抽查 the county's yearly spot check of the children's files, as data citing its
 * clause: 004 #8 「县级民政部门要加强对档案管理的监督检查，每年开展一次抽查工作，保存抽查记录，
 * 汇总报送市级民政部门检查」 — once a year, by the county, records kept, summarised for the city.
 * The seed sets no sample size: the default below is local practice, configurable per township.
 */
export const spotCheckRule = {
  clause: '004 #8',
  plain: '县级民政部门每年开展一次档案抽查，保存抽查记录，汇总报送市级民政部门',
  /** Once a year: a second start for the same year returns the first draw. */
  perYear: 1,
  /** Files drawn per township unless the officer says otherwise (local practice, not in the seed). */
  defaultSamplePerTownship: 5,
  maxSamplePerTownship: 50,
  /** What each file is checked for: the contents 004 #8 lists for 一人一档 and the cadence of 004 §3. */
  checklist: {
    complete: { label: '档案齐全（基本信息、走访记录、工作日志、帮扶记录、问题和解决办法）', clause: '004 #8' },
    visitsOnCadence: { label: '按风险等级按时走访', clause: '004 §3' },
    problemsFollowedUp: { label: '发现的问题有跟进和解决', clause: '004 #8' },
  },
} as const

const SampleSize = z
  .number({ error: '抽查份数请填数字' })
  .int({ error: '抽查份数请填整数' })
  .min(1, { error: '每个乡镇至少抽 1 份' })
  .max(spotCheckRule.maxSamplePerTownship, { error: `每个乡镇最多抽 ${spotCheckRule.maxSamplePerTownship} 份` })

export const StartSpotCheck = z.object({
  year: z.number({ error: '请选择年度' }).int({ error: '请选择年度' }).min(2000, { error: '请选择年度' }).max(2100, { error: '请选择年度' }),
  /** Files per township; `perTownship` overrides it for named townships (12-digit codes). */
  sampleSize: SampleSize.default(spotCheckRule.defaultSamplePerTownship),
  perTownship: z.record(z.string().regex(/^\d{12}$/, { error: '请选择乡镇' }), SampleSize).default({}),
})
export type StartSpotCheck = z.infer<typeof StartSpotCheck>

export const RecordSpotCheckResult = z.object({
  complete: z.boolean({ error: '请选择档案是否齐全' }),
  visitsOnCadence: z.boolean({ error: '请选择是否按时走访' }),
  problemsFollowedUp: z.boolean({ error: '请选择问题是否跟进' }),
  note: z.string().trim().max(500, { error: '不超过 500 字' }).optional(),
})
export type RecordSpotCheckResult = z.infer<typeof RecordSpotCheckResult>

export const spotCheckFieldLabels: Record<string, string> = {
  year: '抽查年度',
  sampleSize: '每个乡镇抽查份数',
  perTownship: '乡镇抽查份数',
  complete: '档案是否齐全',
  visitsOnCadence: '是否按时走访',
  problemsFollowedUp: '问题是否跟进',
  note: '备注',
}

export const SpotCheckResult = RecordSpotCheckResult.extend({ checkedAt: z.string(), checkedBy: z.object({ id: z.string(), name: z.string() }) })
export type SpotCheckResult = z.infer<typeof SpotCheckResult>

export const SpotCheckFile = z.object({
  childId: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipCode: z.string(),
  colour: RiskColour,
  result: SpotCheckResult.optional(),
})
export type SpotCheckFile = z.infer<typeof SpotCheckFile>

export const SpotCheckTownship = z.object({
  code: z.string(),
  name: z.string(),
  /** Files in the township when drawn, and how many were drawn. */
  population: z.number().int(),
  sampleSize: z.number().int(),
  drawn: z.number().int(),
  checked: z.number().int(),
  /** Files found wanting on any point of the checklist. */
  wanting: z.number().int(),
})
export type SpotCheckTownship = z.infer<typeof SpotCheckTownship>

export const SpotCheck = z.object({
  year: z.number().int(),
  countyCode: z.string(),
  clause: z.string(),
  startedAt: z.string(),
  startedBy: z.object({ id: z.string(), name: z.string() }),
  /** The draw's seed: the same seed over the same files gives the same sample. */
  seed: z.string(),
  townships: z.array(SpotCheckTownship),
  files: z.array(SpotCheckFile),
})
export type SpotCheck = z.infer<typeof SpotCheck>

/**
 * The reproducible draw: a seeded generator (mulberry32 over a hash of the seed) and a partial
 * Fisher–Yates shuffle over the file ids in sorted order, so anyone with the stored seed and
 * the list of files can draw the same sample again.
 */
export function drawSample(ids: readonly string[], size: number, seed: string): string[] {
  const sorted = [...ids].sort()
  let h = 1779033703 ^ seed.length
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  let a = h >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const n = Math.min(size, sorted.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (sorted.length - i))
    ;[sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!]
  }
  return sorted.slice(0, n)
}
