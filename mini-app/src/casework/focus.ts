import Taro from '@tarojs/taro'

/**
 * Brings a field with a mistake into view. WeChat has no focus API for arbitrary views; the
 * browser build (focus.h5.ts) also moves keyboard and screen-reader focus there.
 */
export function showField(id: string): void {
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 200, offsetTop: -80 } as Taro.pageScrollTo.Option).catch(() => undefined)
}
