/**
 * The risk colours as plain data: their order, names and duties. No schema library here, so a
 * screen can name a colour without loading the validator (the staff inbox's first screen on a
 * slow line, mini-app/config/h5-first-screen.ts); the zod enum is `RiskColour` in risk.ts.
 */
import type { RiskColour } from './risk'

/** 分级分色 risk colours (Guangdong 2024, seed 004 §3), most urgent first. */
export const RISK_COLOURS = ['red', 'yellow', 'blue', 'green'] as const

/** Lower is more urgent; used to order queues. */
export const colourRank: Record<RiskColour, number> = { red: 0, yellow: 1, blue: 2, green: 3 }

export const colourLabel: Record<RiskColour, string> = {
  red: '红色（高风险）',
  yellow: '黄色（中高风险）',
  blue: '蓝色（中低风险）',
  green: '绿色（低风险）',
}

/**
 * What each colour obliges staff to do (seed 004 §3). Visit intervals are in days; `null`
 * means immediate intervention rather than a cadence.
 */
export const colourDuty: Record<RiskColour, { duty: string; homeVisitEveryDays: number | null; contactEveryDays?: number; source: string }> = {
  red: { duty: '发现或接报后即时介入处置', homeVisitEveryDays: null, source: '004 §3.1' },
  yellow: { duty: '至少每月入户走访一次', homeVisitEveryDays: 30, source: '004 §3.2' },
  blue: { duty: '至少每两个月入户走访一次', homeVisitEveryDays: 60, source: '004 §3.3' },
  green: { duty: '至少每月联系一次，每三个月入户走访一次', homeVisitEveryDays: 90, contactEveryDays: 30, source: '004 §3.4' },
}

export function mostUrgent(colours: RiskColour[]): RiskColour {
  return colours.reduce<RiskColour>((worst, c) => (colourRank[c] < colourRank[worst] ? c : worst), 'green')
}
