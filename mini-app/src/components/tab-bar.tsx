import { View, Text } from '@tarojs/components'

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
    <View className='tabs'>
      {tabs.map((t) => (
        <Text
          key={t.key}
          id={`${idPrefix}-${t.key}`}
          className={`tab ${current === t.key ? 'tab-active' : ''}`}
          onClick={() => {
            if (t.key !== current) onChange(t.key)
          }}
        >
          {t.label}
        </Text>
      ))}
    </View>
  )
}
