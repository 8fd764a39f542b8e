import { type ReactNode, useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'

/** How long a link says 「opening」 at most, if its page never appears (the bar on H5 still shows). */
const BUSY_MS = 8000

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
  // A link that opens another page shows it was pressed in the same frame as the tap, and stays
  // marked as opening (aria-busy) until the page is back on screen: on a slow phone the next page
  // can take seconds, and a tap that shows nothing gets tapped again.
  const [busy, setBusy] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])
  useDidShow(() => {
    clearTimeout(timer.current)
    setBusy(false)
  })
  const press = () => {
    if (disabled) return
    if (role === 'link') {
      setBusy(true)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setBusy(false), BUSY_MS)
    }
    onPress()
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
      className={`pressable ${className ?? ''} ${disabled ? 'is-disabled' : ''} ${busy ? 'is-pressed is-busy' : ''}`}
      role={role}
      aria-disabled={disabled}
      // The pressed colour from the first touch (no 50 ms wait), kept briefly after the finger lifts.
      hoverClass='is-pressed'
      hoverStartTime={0}
      hoverStayTime={150}
      onClick={press}
      {...defined({ id, 'aria-label': label, 'aria-checked': role === 'checkbox' ? Boolean(checked) : undefined, 'aria-busy': busy ? 'true' : undefined })}
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
