import type { ReactNode } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import { FieldErrorText } from './field-error'

interface TextFieldProps {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  placeholder?: string
  hint?: string
  type?: 'text' | 'number' | 'idcard'
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
      <Input id={id} className='input' type={type} value={value} maxlength={maxlength} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
      {children}
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}

/**
 * A calendar date as `YYYY-MM-DD`. WeChat shows its date picker; H5 a plain input (the
 * browser tests type into it), checked by the shared schema like every other field.
 */
export function DateField({ id, label, value, onChange, hint, errors }: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string; errors?: readonly string[] }) {
  if (process.env.TARO_ENV === 'h5') {
    return <TextField id={id} label={label} value={value} onInput={onChange} placeholder='例如 2026-03-01' hint={hint} maxlength={10} errors={errors} />
  }
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {hint && <Text className='hint'>{hint}</Text>}
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View id={id} className='input'>
          {value || '请选择日期'}
        </View>
      </Picker>
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}
