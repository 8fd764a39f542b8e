import './a11y-h5.css'

/**
 * Enter and Space press a focused hand-made control, as they press a real button. Taro renders
 * View and Text as custom elements, which the browser never activates from the keyboard; one
 * listener here covers every control with a role instead of a handler in each of them. A control
 * with a role but no tabindex is given one, so nothing with a role is out of the keyboard's reach.
 */
const activatable = ['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'option', 'menuitem']
const selector = activatable.map((r) => `[role="${r}"]`).join(',')
const native = new Set(['A', 'BUTTON', 'INPUT', 'TEXTAREA', 'SELECT'])

let installed = false

export function installKeyboardActivation(): void {
  if (installed || typeof document === 'undefined') return
  installed = true
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    const target = event.target as HTMLElement | null
    if (!target || native.has(target.tagName) || !target.matches(selector)) return
    if (target.getAttribute('aria-disabled') === 'true') return
    // Links are pressed by Enter only, as in every browser.
    if (event.key === ' ' && target.getAttribute('role') === 'link') return
    event.preventDefault()
    target.click()
  })
  const giveTabStop = (root: ParentNode) => {
    // Taro's page scroller: reachable by keyboard, so arrow keys scroll a page with few controls.
    for (const page of Array.from(document.querySelectorAll<HTMLElement>('.taro_page:not([tabindex])'))) page.setAttribute('tabindex', '0')
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(selector))) {
      if (!native.has(el.tagName) && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
    }
  }
  const start = () => {
    giveTabStop(document)
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') giveTabStop(r.target.parentNode ?? document)
        else for (const n of Array.from(r.addedNodes)) if (n instanceof HTMLElement) giveTabStop(n.parentNode ?? n)
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['role'] })
  }
  if (document.body) start()
  else document.addEventListener('DOMContentLoaded', start)
}
