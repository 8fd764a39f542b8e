import Taro from '@tarojs/taro'

/*
 * Bringing something into view after the page changed under the user's finger (WeChat side;
 * reveal.h5.ts is the browser side, which can also move keyboard focus).
 */

/** Scrolls the page so the element with this id is at the top of the screen. */
export function scrollToTopOf(id: string): void {
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 0, offsetTop: -16 }).catch(() => {})
}

/**
 * Scrolls to the first message of a failed submit (the first `.field-errors` on the page, in
 * reading order), so nobody is left looking at a button that "did nothing" while the reason is
 * thousands of pixels above.
 */
export function revealFirstError(): void {
  Taro.createSelectorQuery()
    .selectAll('.field-errors')
    .boundingClientRect()
    .selectViewport()
    .scrollOffset()
    .exec((res: unknown[]) => {
      const boxes = (res?.[0] ?? []) as { top: number }[]
      const viewport = res?.[1] as { scrollTop: number } | undefined
      if (!boxes.length || !viewport) return
      const top = Math.min(...boxes.map((b) => b.top))
      // A little above the message, so its field's label shows too.
      void Taro.pageScrollTo({ scrollTop: Math.max(0, viewport.scrollTop + top - 160), duration: 200 }).catch(() => {})
    })
}
