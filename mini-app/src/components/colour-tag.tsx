import { Text } from '@tarojs/components'
import type { RiskColour } from '@shouhu/shared'
import { defined } from './pressable'

/** Short words for a colour: the colour is never the only sign (colour-blind readers, grey screens). */
export const colourWord: Record<RiskColour, string> = { red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' }
const levelWord: Record<RiskColour, string> = { red: '高风险', yellow: '中高风险', blue: '中低风险', green: '低风险' }

/** A child's or report's colour as a coloured tag that also says it in words: 「黄色 · 中高风险」. */
export function ColourTag({ id, colour, short = false }: { id?: string; colour: RiskColour; short?: boolean }) {
  return (
    <Text className={`chip chip-${colour}`} data-colour={colour} {...defined({ id })}>
      {short ? colourWord[colour] : `${colourWord[colour]} · ${levelWord[colour]}`}
    </Text>
  )
}
