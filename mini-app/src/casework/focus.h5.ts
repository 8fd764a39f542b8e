/**
 * Browser build: scroll the field with the first mistake into the middle of the screen and put
 * the focus on it (the input itself when there is one), so a keyboard or screen-reader user lands
 * where the message is.
 */
export function showField(id: string): void {
  const el = document.getElementById(id)
  if (!el) return
  el.scrollIntoView({ block: 'center' })
  const inner = el.querySelector('input, textarea') as HTMLElement | null
  const target = inner ?? el
  if (!inner && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1')
  target.focus({ preventScroll: true })
}
