import type { RiskColour } from '@shouhu/shared'

/** Short words for a colour: the colour is never the only sign (colour-blind readers, grey screens). */
export const colourWord: Record<RiskColour, string> = { red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' }
export const levelWord: Record<RiskColour, string> = { red: '高风险', yellow: '中高风险', blue: '中低风险', green: '低风险' }
