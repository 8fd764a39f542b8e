import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Canvas as TaroCanvas, View } from '@tarojs/components'
import { Canvas, jsx } from '@antv/f2'
import { roleProps } from '../components/a11y'

/** The screen's pixel ratio: `getWindowInfo` where the base library has it (WeChat ≥ 2.20.1), else the older call. */
function pixelRatio(): number {
  const t = Taro as unknown as { getWindowInfo?: () => { pixelRatio?: number } }
  return (typeof t.getWindowInfo === 'function' ? t.getWindowInfo().pixelRatio : Taro.getSystemInfoSync().pixelRatio) || 1
}

/** F2's element factory without its JSX typings (they fight React's in this project). */
export const f2 = jsx as unknown as (type: unknown, props: Record<string, unknown>) => any

/**
 * An @antv/f2 chart on a Taro `<Canvas type="2d">`: the same code draws in WeChat (the canvas
 * node from a selector query) and in the browser (Taro's H5 query hands back the inner
 * <canvas>). The picture is for people who look; the `summary` is its text alternative, read
 * by screen readers instead of the canvas, and the page shows the same figures as a table.
 */
export function F2Chart({ id, height, summary, dataKey, build }: { id: string; height: number; summary: string; dataKey: string; build: () => unknown }) {
  const chart = useRef<{ destroy?: () => void } | null>(null)
  const buildRef = useRef(build)
  buildRef.current = build
  useEffect(() => {
    let cancelled = false
    let tries = 0
    const draw = () => {
      // Two answers: the node, and the box. WeChat gives both for `fields({ node, size })`, but
      // Taro's H5 query answers a node request with the node alone (no width or height), so the
      // chart waited for a width that never came and stayed blank. The box comes from its own
      // request, the same on both.
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .select(`#${id}`)
        .boundingClientRect()
        .exec((res: ({ node?: any; width?: number; height?: number } | null)[]) => {
          if (cancelled) return
          const node = res?.[0]?.node
          const width = res?.[0]?.width || res?.[1]?.width || 0
          // The canvas node appears a moment after the page renders (H5 mounts it as a web component),
          // and has no width while its page is hidden.
          if (!node || !width || typeof node.getContext !== 'function') {
            if (++tries < 50) setTimeout(draw, 100)
            return
          }
          const dpr = pixelRatio()
          const h = res?.[0]?.height || res?.[1]?.height || height
          node.width = Math.round(width * dpr)
          node.height = Math.round(h * dpr)
          const context = node.getContext('2d')
          chart.current?.destroy?.()
          const { props } = f2(Canvas, { context, pixelRatio: dpr, width, height: h, animate: false, children: buildRef.current() }) as { props: any }
          const canvas = new Canvas(props)
          chart.current = canvas as unknown as { destroy?: () => void }
          void canvas.render()
        })
    }
    draw()
    return () => {
      cancelled = true
    }
  }, [id, dataKey, height])
  useEffect(
    () => () => {
      chart.current?.destroy?.()
      chart.current = null
    },
    [],
  )
  return (
    <View id={`${id}-figure`} className='ov-chart' {...roleProps('img', { label: summary })}>
      <TaroCanvas type='2d' id={id} className='ov-canvas' style={{ width: '100%', height: `${height}px` }} aria-hidden='true' />
    </View>
  )
}
