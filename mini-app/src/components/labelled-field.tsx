import type { ReactNode } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import { FieldErrorText } from './field-error'
import { FieldInput, inputA11y } from './field-input'

interface Common {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  placeholder?: string
  hint?: string
  maxlength?: number
  errors?: readonly string[]
  /** Marked 「选填」 after the label. */
  optional?: boolean
  children?: ReactNode
}

function Label({ label, optional, hint }: { label: string; optional?: boolean; hint?: string }) {
  return (
    <>
      <Text className='label'>
        {label}
        {optional ? <Text className='hint-inline'>（选填）</Text> : null}
      </Text>
      {hint && <Text className='hint'>{hint}</Text>}
    </>
  )
}

/** A one-line labelled input with its messages under it (`error-<id>`). */
export function InputField({ id, label, value, onInput, placeholder, hint, maxlength = 60, errors, optional, children, type = 'text' }: Common & { type?: 'text' | 'number' | 'idcard' }) {
  return (
    <View className='field'>
      <Label label={label} optional={optional} hint={hint} />
      <FieldInput id={id} type={type} value={value} maxlength={maxlength} placeholder={placeholder} a11y={inputA11y(id, label, errors)} onInput={(e) => onInput(e.detail.value)} />
      {children}
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}

/** A labelled multi-line text box with its messages under it (`error-<id>`). */
export function TextAreaField({ id, label, value, onInput, placeholder, hint, maxlength = 500, errors, optional, children, short = false }: Common & { short?: boolean }) {
  return (
    <View className='field'>
      <Label label={label} optional={optional} hint={hint} />
      <Textarea
        id={id}
        className={`textarea ${short ? 'textarea-short' : ''}`}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        nativeProps={inputA11y(id, label, errors)}
        onInput={(e) => onInput(e.detail.value)}
      />
      {children}
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}
