import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { roleProps } from './a11y'
import { useLargeText } from './text-size'

/**
 * The root of every page: the `main` landmark screen readers jump to, and the place where
 * 大字模式 takes effect (its class sets the text scale every font size is multiplied by).
 */
export function Page({ id, className, children }: { id?: string; className?: string; children?: ReactNode }) {
  const large = useLargeText()
  const classes = ['page', large ? 'text-large' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View id={id} className={classes} {...roleProps('main')}>
      {children}
    </View>
  )
}
