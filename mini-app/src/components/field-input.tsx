import { Input, View } from '@tarojs/components'
import type { InputProps } from '@tarojs/components'

/**
 * What the real `<input>` needs to be named and tied to its message: a screen reader names the
 * field, and a wrong one is announced as invalid with its message (`error-<id>`).
 */
export function inputA11y(id: string, label: string, errors?: readonly string[]): Record<string, string> {
  const invalid = Boolean(errors && errors.length)
  return { 'aria-label': label, 'aria-invalid': invalid ? 'true' : 'false', ...(invalid ? { 'aria-describedby': `error-${id}` } : {}) }
}

type FieldInputProps = Omit<InputProps, 'id' | 'className' | 'nativeProps'> & {
  id: string
  /** The box's look; `input` unless a field needs more. */
  className?: string
  /** `inputA11y(…)`, or at least `{ 'aria-label': … }`. */
  a11y: Record<string, string>
}

/**
 * Taro's Input with its name and state on the real control, on both builds.
 *
 * H5 uses Taro's HTML components (config/index.ts), where Input is a bare `<input>`: it sits in a
 * box that carries the id and the field's look, the shape the web-component Input had, so
 * `#<id>` is the box and `#<id> input` the control (focus-first-error and the browser tests rely
 * on it). In WeChat the input takes the id and its label itself (WeChat reads `aria-label`).
 */
export function FieldInput({ id, className = 'input', a11y, ...props }: FieldInputProps) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <View id={id} className={className}>
        <Input {...props} {...(a11y as object)} />
      </View>
    )
  }
  return <Input id={id} className={className} aria-label={a11y['aria-label']} {...props} />
}
