import { View } from '@tarojs/components'

interface ChoiceGroupProps<T extends string> {
  /** Each option's id is `<idPrefix>-<value>`. */
  idPrefix: string
  options: readonly T[]
  labels: Record<T, string>
  value: T | ''
  onChange: (value: T) => void
}

/** One choice out of a few, as large tappable chips (radio semantics for screen readers and tests). */
export function ChoiceGroup<T extends string>({ idPrefix, options, labels, value, onChange }: ChoiceGroupProps<T>) {
  return (
    <View className='chips' role='radiogroup'>
      {options.map((o) => (
        <View
          key={o}
          id={`${idPrefix}-${o}`}
          className={`choice ${value === o ? 'is-checked' : ''}`}
          role='radio'
          aria-checked={value === o}
          onClick={() => onChange(o)}
        >
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
}: {
  idPrefix: string
  options: readonly T[]
  labels: Record<T, string>
  values: readonly T[]
  onChange: (values: T[]) => void
}) {
  return (
    <View className='chips'>
      {options.map((o) => {
        const on = values.includes(o)
        return (
          <View
            key={o}
            id={`${idPrefix}-${o}`}
            className={`choice ${on ? 'is-checked' : ''}`}
            role='checkbox'
            aria-checked={on}
            onClick={() => onChange(on ? values.filter((v) => v !== o) : [...values, o])}
          >
            {labels[o]}
          </View>
        )
      })}
    </View>
  )
}
