import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

interface ActionButtonProps {
  id?: string
  kind?: 'primary' | 'plain' | 'danger'
  size?: 'big' | 'normal' | 'small'
  disabled?: boolean
  onClick: () => void
  children: ReactNode
}

/**
 * A large tappable button. Built on View rather than Taro's Button: on H5 the Button web
 * component re-renders its own children when `disabled`/`loading` change and drops the label
 * React gave it (a blank button after 「正在提交…」).
 */
export function ActionButton({ id, kind = 'plain', size = 'normal', disabled = false, onClick, children }: ActionButtonProps) {
  const classes = ['btn', kind === 'primary' ? 'btn-primary' : kind === 'danger' ? 'btn-danger' : '', size === 'big' ? 'btn-big' : size === 'small' ? 'btn-small' : '', disabled ? 'btn-disabled' : '']
  return (
    <View
      id={id}
      className={classes.filter(Boolean).join(' ')}
      role='button'
      aria-disabled={disabled}
      onClick={() => {
        if (!disabled) onClick()
      }}
    >
      {children}
    </View>
  )
}
