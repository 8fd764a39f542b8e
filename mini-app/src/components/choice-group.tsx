import { View, Text } from '@tarojs/components'
import { pressable, roleProps } from './a11y'

interface ChoiceGroupProps<T extends string> {
  /** Each option's id is `<idPrefix>-<value>`. */
  idPrefix: string
  options: readonly T[]
  labels: Record<T, string>
  value: T | ''
  onChange: (value: T) => void
  /** The question the choices answer, read out with the group. */
  label?: string
}

/** One choice out of a few, as large tappable chips (radio semantics for screen readers and tests). */
export function ChoiceGroup<T extends string>({ idPrefix, options, labels, value, onChange, label }: ChoiceGroupProps<T>) {
  return (
    <View className='chips' {...roleProps('radiogroup', { label })}>
      {options.map((o) => (
        <View key={o} id={`${idPrefix}-${o}`} className={`choice ${value === o ? 'is-checked' : ''}`} {...pressable(() => onChange(o), 'radio', { checked: value === o })}>
          {labels[o]}
        </View>
      ))}
    </View>
  )
}

/** Several choices (checkbox semantics). */
export function MultiChoice<T extends string>({
  idPrefix,
  options,
  labels,
  values,
  onChange,
  label,
}: {
  idPrefix: string
  options: readonly T[]
  labels: Record<T, string>
  values: readonly T[]
  onChange: (values: T[]) => void
  label?: string
}) {
  return (
    <View className='chips' {...roleProps('group', { label })}>
      {options.map((o) => {
        const on = values.includes(o)
        return (
          <View
            key={o}
            id={`${idPrefix}-${o}`}
            className={`choice ${on ? 'is-checked' : ''}`}
            {...pressable(() => onChange(on ? values.filter((v) => v !== o) : [...values, o]), 'checkbox', { checked: on })}
          >
            {labels[o]}
          </View>
        )
      })}
    </View>
  )
}

/** A tickable row with a box, for longer labels than a chip holds; `id` is on the row. */
export function CheckRow({ id, checked, label, onToggle }: { id: string; checked: boolean; label: string; onToggle: () => void }) {
  return (
    <View id={id} className={`check-row ${checked ? 'is-checked' : ''}`} {...pressable(onToggle, 'checkbox', { checked })}>
      <View className='check-box' aria-hidden='true'>
        {checked ? '✓' : ''}
      </View>
      <Text className='row-text'>{label}</Text>
    </View>
  )
}
