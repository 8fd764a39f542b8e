import { View, Text, Picker } from '@tarojs/components'
import { FieldErrorText } from './field-error'
import { defined } from './pressable'

interface DatePickerFieldProps {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  hint?: string
  /** `YYYY-MM-DD` bounds of the wheel (e.g. no birth date in the future). */
  start?: string
  end?: string
  errors?: readonly string[]
}

/** On H5 the tappable box is a tab stop that opens the wheel on Enter or Space, as a button does. */
const keyboard =
  process.env.TARO_ENV === 'h5'
    ? {
        tabIndex: 0,
        onKeyDown: (e: { key?: string; preventDefault?: () => void; currentTarget?: { click?: () => void } }) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault?.()
            e.currentTarget?.click?.()
          }
        },
      }
    : {}

/**
 * A calendar date chosen on the phone's date wheel, on WeChat and in the browser alike: a
 * director on a doorstep should not have to type 2016-03-01. The tappable box has a role and
 * a name and opens the wheel from the keyboard too.
 */
export function DatePickerField({ id, label, value, onChange, hint, start = '1900-01-01', end, errors }: DatePickerFieldProps) {
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {hint && <Text className='hint'>{hint}</Text>}
      <Picker mode='date' value={value || end || '2015-01-01'} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View
          id={id}
          className={`input date-box ${value ? '' : 'is-empty'}`}
          role='button'
          aria-label={`${label}：${value || '点这里选择日期'}`}
          {...defined({ 'aria-invalid': errors && errors.length > 0 ? true : undefined })}
          {...(keyboard as object)}
        >
          {value || '点这里选择日期'}
        </View>
      </Picker>
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}

/** A time of day (`HH:mm`) on the phone's time wheel; same keyboard and naming as the date. */
export function TimePickerField({ id, label, value, onChange, errors }: { id: string; label: string; value: string; onChange: (v: string) => void; errors?: readonly string[] }) {
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      <Picker mode='time' value={value || '08:00'} onChange={(e) => onChange(String(e.detail.value))}>
        <View id={id} className={`input date-box ${value ? '' : 'is-empty'}`} role='button' aria-label={`${label}：${value || '点这里选择时间'}`} {...(keyboard as object)}>
          {value || '点这里选择时间'}
        </View>
      </Picker>
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}
