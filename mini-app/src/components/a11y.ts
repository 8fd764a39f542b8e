/**
 * Accessibility props for a hand-made control (a View or Text that acts on tap), in one place so
 * every control gets the same treatment: a role, a name, a place in the keyboard order, and its
 * state. On H5 these are ARIA attributes; WeChat reads `aria-role` / `aria-label` / `aria-checked`
 * on its own components instead of `role` (config/a11y-plugin.ts lets Taro render them there).
 * Enter and Space press any focused control with a role (keyboard.h5.ts, installed in app.ts).
 */
export type ControlRole = 'button' | 'link' | 'checkbox' | 'radio' | 'switch' | 'tab'

interface PressOptions {
  /** The accessible name, when the visible text alone does not say what the control does. */
  label?: string
  checked?: boolean
  selected?: boolean
  disabled?: boolean
  expanded?: boolean
  busy?: boolean
}

const isH5 = process.env.TARO_ENV === 'h5'

/** Role and state only (no handler): for wrappers whose tap is handled elsewhere. */
export function roleProps(role: string, options: PressOptions = {}): Record<string, unknown> {
  const props: Record<string, unknown> = isH5 ? { role } : { 'aria-role': role }
  if (options.label) props['aria-label'] = options.label
  // Strings, not booleans: Taro's H5 wrapper removes an attribute whose value is `false`, and a
  // radio or checkbox without aria-checked is announced with no state at all.
  if (options.checked !== undefined) props['aria-checked'] = String(options.checked)
  if (options.selected !== undefined) props['aria-selected'] = String(options.selected)
  if (options.disabled !== undefined) props['aria-disabled'] = String(options.disabled)
  if (options.expanded !== undefined) props['aria-expanded'] = String(options.expanded)
  if (options.busy) props['aria-busy'] = 'true'
  return props
}

/**
 * Everything a tappable View needs: `<View {...pressable(open, 'link')}>`. A tab stop (tabindex 0)
 * on H5 so keyboards and switch devices reach it; the tap itself stays `onClick`.
 */
export function pressable(onPress: () => unknown, role: ControlRole = 'button', options: PressOptions = {}): Record<string, unknown> {
  return {
    ...roleProps(role, options),
    ...(isH5 ? { tabIndex: options.disabled ? -1 : 0 } : {}),
    hoverClass: 'is-pressed',
    hoverStayTime: 150,
    onClick: () => {
      if (!options.disabled) void onPress()
    },
  }
}

/**
 * The same as `pressable` without the handler, for a tappable View or Text that keeps its own
 * `onClick`: `<View {...tapTarget('link')} onClick={open}>`.
 */
export function tapTarget(role: ControlRole = 'button', options: PressOptions = {}): Record<string, unknown> {
  return { ...roleProps(role, options), ...(isH5 ? { tabIndex: options.disabled ? -1 : 0 } : {}), hoverClass: 'is-pressed', hoverStayTime: 150 }
}
