import type { ReactNode } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import { FieldErrorText } from './field-error'
import { FieldInput, inputA11y } from './field-input'
import { roleProps } from './a11y'

interface TextFieldProps {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  placeholder?: string
  hint?: string
  type?: 'text' | 'number' | 'idcard' | 'digit'
  maxlength?: number
  errors?: readonly string[]
  children?: ReactNode
}

/** A labelled input with its messages under it; messages have the id `error-<id>`. */
export function TextField({ id, label, value, onInput, placeholder, hint, type = 'text', maxlength = 140, errors, children }: TextFieldProps) {
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {hint && <Text className='hint'>{hint}</Text>}
      <FieldInput
        id={id}
        type={type}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        a11y={inputA11y(id, label, errors)}
        onInput={(e) => onInput(e.detail.value)}
      />
      {children}
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}

interface DateFieldProps {
  id: string
  label: string
  /** `YYYY-MM-DD`, or `YYYY-MM` with `fields='month'`. */
  value: string
  onChange: (v: string) => void
  hint?: string
  errors?: readonly string[]
  fields?: 'day' | 'month'
  /** Earliest and latest dates offered, same form as the value. */
  start?: string
  end?: string
}

/**
 * A calendar date, chosen with the platform's own date picker, never typed: WeChat's Picker
 * (mode date) and on H5 the browser's native date control, which phones open as their system
 * date wheel and which keyboards and screen readers already know how to operate (Taro's H5
 * Picker is a custom scroll wheel with neither). The value stays `YYYY-MM-DD` (or `YYYY-MM`),
 * checked by the shared schema like every other field.
 */
export function DateField({ id, label, value, onChange, hint, errors, fields = 'day', start, end }: DateFieldProps) {
  const invalid = Boolean(errors && errors.length)
  if (process.env.TARO_ENV === 'h5') {
    return (
      <View className='field'>
        <Text className='label'>{label}</Text>
        {hint && <Text className='hint'>{hint}</Text>}
        <View id={id} className='input date-input'>
          <input
            type={fields === 'month' ? 'month' : 'date'}
            className='date-native'
            value={value}
            min={start}
            max={end}
            aria-label={label}
            aria-invalid={invalid}
            aria-describedby={invalid ? `error-${id}` : undefined}
            onChange={(e) => onChange(e.currentTarget.value)}
          />
        </View>
        <FieldErrorText id={`error-${id}`} messages={errors} />
      </View>
    )
  }
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {hint && <Text className='hint'>{hint}</Text>}
      <Picker mode='date' fields={fields} value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View id={id} className='input' {...roleProps('button', { label: `${label}：${value || '未选择'}` })}>
          {value || (fields === 'month' ? '请选择年月' : '请选择日期')}
        </View>
      </Picker>
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}
