import * as z from 'zod'
import { RISK_COLOURS } from './colours'

/** 分级分色 risk colours (Guangdong 2024, seed 004 §3); their order, names and duties are in colours.ts. */
export const RiskColour = z.enum(RISK_COLOURS, { error: '请选择风险等级' })
export type RiskColour = z.infer<typeof RiskColour>
