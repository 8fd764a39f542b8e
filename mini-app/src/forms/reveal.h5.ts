/*
 * Bringing something into view after the page changed under the user's finger (browser side:
 * scrolls and moves keyboard focus; reveal.ts is the WeChat side).
 */

/** The page in front: Taro keeps earlier pages of the stack in the document, hidden. */
function visible(el: Element): boolean {
  return (el as HTMLElement).offsetParent !== null || (el as HTMLElement).getClientRects().length > 0
}

/** Scrolls the page so the element with this id is at the top of the screen. */
export function scrollToTopOf(id: string): void {
  const el = Array.from(document.querySelectorAll(`#${CSS.escape(id)}`)).find(visible)
  if (!el) return
  const top = el.getBoundingClientRect().top
  // Only when the top is out of sight: a list that starts on screen stays where the finger is.
  if (top < 0 || top > window.innerHeight * 0.6) scrollIntoTop(el as HTMLElement)
}

/** Taro's H5 pages scroll inside `.taro_page`, not the window. */
function scrollIntoTop(el: HTMLElement): void {
  const scroller = el.closest<HTMLElement>('.taro_page')
  if (!scroller || scroller.scrollHeight <= scroller.clientHeight) return el.scrollIntoView({ block: 'start' })
  // A little room above, so the label is not under the top edge.
  scroller.scrollTop += el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 16
}

// A search box is a helper, not the answer: focusing it would only pop the keyboard up.
const focusable = 'input:not([type="hidden"]):not([type="search"]), textarea, select, [tabindex="0"], a[href]'

/**
 * After a failed submit: scrolls to the first message on the page (reading order), and puts
 * keyboard and screen-reader focus on the control it is about (the first one in the same field
 * or section), or on the message itself, so the reason is read out at once.
 */
export function revealFirstError(): void {
  const message = Array.from(document.querySelectorAll<HTMLElement>('.field-errors')).find(visible)
  if (!message) return
  const container = message.closest('.field') ?? message.closest('.section')
  const control = container ? Array.from(container.querySelectorAll<HTMLElement>(focusable)).find(visible) : undefined
  const label = container?.querySelector<HTMLElement>('.label, .section-title')
  scrollIntoTop(label && visible(label) ? label : message)
  if (control) control.focus({ preventScroll: true })
  else {
    message.setAttribute('tabindex', '-1')
    message.focus({ preventScroll: true })
  }
}
