import { View, Text } from '@tarojs/components'

/** One choice out of several, as large chips; ids are `<idPrefix>-<value>`. */
export function ChoiceChips<T extends string>(props: { idPrefix: string; options: readonly T[]; labels: Record<T, string>; value: T | ''; onChange: (v: T) => void }) {
  return (
    <View className='chips'>
      {props.options.map((o) => (
        <View
          key={o}
          id={`${props.idPrefix}-${o}`}
          className={`choice ${props.value === o ? 'is-checked' : ''}`}
          role='radio'
          aria-checked={props.value === o}
          onClick={() => props.onChange(o)}
        >
          {props.labels[o]}
        </View>
      ))}
    </View>
  )
}

/** A tickable row; `id` is on the row. */
export function CheckRow(props: { id: string; checked: boolean; label: string; onToggle: () => void }) {
  return (
    <View id={props.id} className={`check-row ${props.checked ? 'is-checked' : ''}`} role='checkbox' aria-checked={props.checked} onClick={props.onToggle}>
      <View className='check-box'>{props.checked ? '✓' : ''}</View>
      <Text className='row-text'>{props.label}</Text>
    </View>
  )
}
