/**
 * A tab stop that Enter and Space activate, for a hand-made control (a tappable row or chip).
 * Taro's View typings omit `tabIndex` and `onKeyDown`, though H5 renders and fires them, so
 * they are spread in untyped. (In WeChat there is no keyboard; the props are ignored there.)
 */
export function activatable(onActivate: () => void): {} {
  return {
    tabIndex: 0,
    onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault?.()
        onActivate()
      }
    },
  }
}
