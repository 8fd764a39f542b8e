import { useEffect, useRef, useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { pressable } from './a11y'

interface ActionButtonProps {
  id?: string
  kind?: 'primary' | 'plain' | 'danger'
  size?: 'big' | 'normal' | 'small'
  disabled?: boolean
  /** A returned promise (a navigation, a request) keeps the button busy until it settles. */
  onClick: () => unknown
  /** Accessible name when the visible text is not enough on its own. */
  label?: string
  children: ReactNode
}

/**
 * A large tappable button. Built on View rather than Taro's Button: on H5 the Button web
 * component re-renders its own children when `disabled`/`loading` change and drops the label
 * React gave it (a blank button after 「正在提交…」).
 *
 * Every tap answers at once: the pressed style shows on touch, and while what it started is
 * still under way (a subpackage page loading on a slow network) the button says so and ignores
 * further taps, so nobody taps again because nothing seemed to happen.
 */
export function ActionButton({ id, kind = 'plain', size = 'normal', disabled = false, onClick, label, children }: ActionButtonProps) {
  const [busy, setBusy] = useState(false)
  const mounted = useRef(true)
  useEffect(() => () => void (mounted.current = false), [])

  function press() {
    if (disabled || busy) return
    const result = onClick()
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      setBusy(true)
      ;(result as Promise<unknown>)
        .catch(() => undefined)
        .finally(() => {
          if (mounted.current) setBusy(false)
        })
    }
  }

  const classes = ['btn', kind === 'primary' ? 'btn-primary' : kind === 'danger' ? 'btn-danger' : '', size === 'big' ? 'btn-big' : size === 'small' ? 'btn-small' : '', disabled ? 'btn-disabled' : '', busy ? 'btn-busy' : '']
  return (
    <View id={id} className={classes.filter(Boolean).join(' ')} {...pressable(press, 'button', { disabled, busy, label })}>
      {children}
    </View>
  )
}
