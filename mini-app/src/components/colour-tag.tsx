import { Text } from '@tarojs/components'
import type { RiskColour } from '@shouhu/shared'
import { defined } from './pressable'

import { colourWord, levelWord } from './colour-words'

export { colourWord }

/** A child's or report's colour as a coloured tag that also says it in words: 「黄色 · 中高风险」. */
export function ColourTag({ id, colour, short = false }: { id?: string; colour: RiskColour; short?: boolean }) {
  return (
    <Text className={`chip chip-${colour}`} data-colour={colour} {...defined({ id })}>
      {short ? colourWord[colour] : `${colourWord[colour]} · ${levelWord[colour]}`}
    </Text>
  )
}
