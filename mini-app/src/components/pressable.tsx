import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

interface PressableProps {
  id?: string
  className?: string
  /** `button` acts here; `link` opens another page. */
  role?: 'button' | 'link' | 'checkbox'
  /** For `checkbox`: ticked or not. */
  checked?: boolean
  /** Read aloud instead of the visible text, when the text alone does not say what a tap does. */
  label?: string
  disabled?: boolean
  onPress: () => void
  children: ReactNode
}

/**
 * Anything tappable that is not a plain button: a list row, a card. It has a role, can be
 * reached with Tab and pressed with Enter or Space, as a director with a keyboard or a screen
 * reader needs. Keyboard listeners only on H5: the WeChat runtime has no keyboard events.
 */
export function Pressable({ id, className, role = 'button', label, checked, disabled = false, onPress, children }: PressableProps) {
  const press = () => {
    if (!disabled) onPress()
  }
  const keyboard =
    process.env.TARO_ENV === 'h5'
      ? {
          tabIndex: disabled ? -1 : 0,
          onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault?.()
              press()
            }
          },
        }
      : {}
  return (
    <View
      className={`pressable ${className ?? ''} ${disabled ? 'is-disabled' : ''}`}
      role={role}
      aria-disabled={disabled}
      onClick={press}
      {...defined({ id, 'aria-label': label, 'aria-checked': role === 'checkbox' ? Boolean(checked) : undefined })}
      {...(keyboard as object)}
    >
      {children}
    </View>
  )
}

/**
 * Only the attributes that have a value. Taro's H5 elements write every prop they are given as
 * an attribute, so an absent `aria-label` would otherwise be read aloud as "undefined".
 */
export function defined(attrs: Record<string, string | boolean | undefined>): Record<string, string | boolean> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>
}
