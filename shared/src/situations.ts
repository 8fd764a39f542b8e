import * as z from 'zod'
import type { RiskColour } from './risk'
import { mostUrgent } from './colours'

/**
 * What a reporter may have seen, worded as what happened to the child, never as a label
 * on the child (seed 004 §7(四): no 留守/困境 labels in public). Each situation carries the
 * colour that seed 004 §3 assigns to it and whether the reporter must call the police now
 * (seed 001 #6, 003 §3(一): abuse, violence, trafficking, abandonment, missing children).
 */
export const situationCatalog = [
  { id: 'sexual_abuse', label: '疑似遭受性侵害', colour: 'red', callPolice: true, source: '004 §3.1' },
  { id: 'abuse_violence', label: '疑似被打骂虐待或遭受暴力伤害', colour: 'red', callPolice: true, source: '004 §3.1' },
  { id: 'trafficking', label: '疑似被拐卖或被陌生人带走', colour: 'red', callPolice: true, source: '004 §3.1' },
  { id: 'abandoned', label: '疑似被遗弃', colour: 'red', callPolice: true, source: '004 §3.1' },
  { id: 'missing_or_wandering', label: '孩子走失、失踪或在外流浪', colour: 'red', callPolice: true, source: '004 §3.1' },
  { id: 'self_harm', label: '孩子有自残或轻生的言行', colour: 'red', callPolice: true, source: '004 §3.1' },
  /**
   * 004 §3.1 does not name accidental injury, but defines red as 需紧急干预、即时介入 for objects
   * 「包括但不限于」 those listed; 001 #6 puts 意外伤害 beside abuse and missing children as what a
   * mandatory reporter must report to the police 第一时间 — so red, and call now.
   */
  { id: 'accidental_injury', label: '孩子意外受伤（如溺水、烧烫伤、摔伤、被咬伤），身边没有大人照看或救治', colour: 'red', callPolice: true, source: '004 §3.1; 001 #6' },
  { id: 'living_alone', label: '孩子独自居住生活，没有大人照看', colour: 'red', callPolice: false, source: '004 §3.1' },
  { id: 'no_guardian', label: '家里完全没有大人照护孩子', colour: 'red', callPolice: false, source: '004 §3.1' },
  { id: 'carer_incapable', label: '照看孩子的老人或大人自己生活不能自理', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'parents_disabled', label: '父母双方都有重度残疾或精神、智力残疾', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'parents_imprisoned', label: '父母双方都在服刑或被羁押', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'dropout', label: '孩子疑似辍学、长期不去上学', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'mental_distress', label: '孩子疑似有严重的心理问题', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'parents_addiction', label: '父母双方长期吸毒、酗酒或赌博', colour: 'yellow', callPolice: false, source: '004 §3.2' },
  { id: 'orphaned', label: '孩子父母双亡或下落不明', colour: 'blue', callPolice: false, source: '004 §3.3' },
  { id: 'care_lacking', label: '照护明显不足（常吃不饱、穿不暖、无人过问）', colour: 'blue', callPolice: false, source: '004 §3.3' },
  { id: 'disability_unsupported', label: '孩子有残疾或重病，没有得到治疗康复', colour: 'blue', callPolice: false, source: '004 §3.3' },
  { id: 'behaviour_concern', label: '孩子有明显的心理或行为异常', colour: 'blue', callPolice: false, source: '004 §3.3' },
  { id: 'one_parent_addiction', label: '父母一方长期吸毒、酗酒或赌博', colour: 'blue', callPolice: false, source: '004 §3.3' },
  { id: 'other', label: '其他需要关心的情况', colour: 'green', callPolice: false, source: '004 §3.4' },
] as const satisfies readonly { id: string; label: string; colour: RiskColour; callPolice: boolean; source: string }[]

export type SituationId = (typeof situationCatalog)[number]['id']
export const SituationId = z.enum(situationCatalog.map((s) => s.id) as [SituationId, ...SituationId[]], {
  error: '请从列表中选择看到的情况',
})

const byId = new Map(situationCatalog.map((s) => [s.id, s]))
export function situation(id: SituationId) {
  return byId.get(id)!
}

/** 分级分色 triage: the most urgent colour among what was seen (seed 004 §3). */
export function triage(situations: readonly SituationId[]): RiskColour {
  return mostUrgent(situations.map((id) => situation(id).colour))
}

/**
 * Whether the reporter must be told to call 110 now rather than wait for the village: every
 * red situation needs immediate intervention (004 §3.1), and the app never stands in for police.
 */
export function needsPoliceNow(situations: readonly SituationId[]): boolean {
  return triage(situations) === 'red'
}

/** What must go to the police 第一时间 (001 #6, 003 §3(一)): abuse, violence, trafficking, abandonment, missing children, accidental injury. */
export function suspectedCrime(situations: readonly SituationId[]): boolean {
  return situations.some((id) => situation(id).callPolice)
}
