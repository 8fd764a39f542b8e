import { View, Text } from '@tarojs/components'
import { pressable, roleProps } from './a11y'

/** The tab row of a staff list. Tapping the current tab does nothing (no needless reload). */
export function TabBar<K extends string>({
  idPrefix,
  tabs,
  current,
  onChange,
}: {
  idPrefix: string
  tabs: readonly { key: K; label: string }[]
  current: K
  onChange: (key: K) => void
}) {
  return (
    <View className='tabs' {...roleProps('tablist')}>
      {tabs.map((t) => (
        <Text
          key={t.key}
          id={`${idPrefix}-${t.key}`}
          className={`tab ${current === t.key ? 'tab-active' : ''}`}
          {...pressable(
            () => {
              if (t.key !== current) onChange(t.key)
            },
            'tab',
            { selected: current === t.key },
          )}
        >
          {t.label}
        </Text>
      ))}
    </View>
  )
}
