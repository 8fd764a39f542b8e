import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { readStored, writeStored } from '../storage'
import { pressable } from './a11y'

// One setting for the whole app, kept on the device. Every open page listens, so pages already
// in the navigation stack grow too, not only the one where the switch was turned on.
type Scale = 'normal' | 'large'
let current: Scale | undefined
const listeners = new Set<(s: Scale) => void>()

function scale(): Scale {
  return (current ??= readStored('textScale') === 'large' ? 'large' : 'normal')
}

export function setTextScale(next: Scale): void {
  current = next
  writeStored('textScale', next)
  for (const l of listeners) l(next)
}

/** True while 大字模式 is on. */
export function useLargeText(): boolean {
  const [s, setS] = useState(scale)
  useEffect(() => {
    listeners.add(setS)
    setS(scale())
    return () => void listeners.delete(setS)
  }, [])
  return s === 'large'
}

/** The 大字模式 switch (home page and staff workbench). */
export function TextSizeToggle() {
  const large = useLargeText()
  return (
    <View
      id='text-size-toggle'
      className={`switch-row text-size-toggle ${large ? 'is-on' : ''}`}
      {...pressable(() => setTextScale(large ? 'normal' : 'large'), 'switch', { checked: large, label: '大字模式：把所有文字放大' })}
    >
      <Text className='label'>大字模式</Text>
      <View className='switch'>
        <View className='switch-knob' />
      </View>
    </View>
  )
}
