import { useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { FieldInput } from './field-input'
import type { Division, DivisionLevel } from '@shouhu/shared'
import { endpoints, errorText } from '../api/client'
import { readStored, writeStored } from '../storage'
import { ActionButton } from './action-button'
import { pressable } from './a11y'
import { scrollToTopOf } from '../forms/reveal'

interface DivisionPickerProps {
  /** Called with the chosen code (a village unless `until` says otherwise), or '' while none is chosen. */
  onChange: (code: string, path: Division[]) => void
  /** The level to pick down to: a village (where a child lives) or a county (where a parent works). */
  until?: Extract<DivisionLevel, 'village' | 'county'>
  /** Element id prefix, so several pickers can share a page (`division-row-<code>` by default). */
  idPrefix?: string
  /** Start from (and remember) the last village picked on this device; village pickers only. */
  remember?: boolean
  /** Open at this division's list (e.g. the child's township, for a move nearby) instead of the provinces. */
  startAt?: string
  /** Open with this division already chosen: an answer on file (or in a kept draft) being corrected. */
  value?: string
}

// Lists already fetched in this session. Division data is never bundled (600k villages):
// each level is fetched when it is opened, and kept here so going back costs nothing.
const childCache = new Map<string, Division[]>()

async function childrenOf(parent?: string): Promise<Division[]> {
  const key = parent ?? ''
  const cached = childCache.get(key)
  if (cached) return cached
  const { items } = await endpoints.divisions(parent)
  childCache.set(key, items)
  return items
}

const levelPrompt: Record<string, string> = {
  '': '请选择省份',
  province: '请选择市',
  city: '请选择县（区）',
  county: '请选择乡镇（街道）',
  township: '请选择村（社区）',
}
const countyPrompt: Record<string, string> = { '': '请选择省份', province: '请选择市', city: '请选择县（区）' }

/**
 * Province → city → county → township → village, one level at a time as a list of rows.
 * Starts from the village chosen last time on this device.
 */
export function DivisionPicker({ onChange, until = 'village', idPrefix = 'division', remember = until === 'village', startAt, value }: DivisionPickerProps) {
  const [path, setPath] = useState<Division[]>([])
  const [items, setItems] = useState<Division[] | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  // Filters the level on screen by name (a township has dozens of villages).
  const [query, setQuery] = useState('')
  // Set when the user moved to another level, so the new list is shown from its top.
  const moved = useRef(false)
  const retry = useRef<() => void>(() => {})
  // Only the latest request may update the list (a slow answer must not replace a newer one).
  const requestSeq = useRef(0)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  const chosen = path.length > 0 && path[path.length - 1]!.level === until

  function browse(nextPath: Division[]) {
    const seq = ++requestSeq.current
    setPath(nextPath)
    setItems(null)
    setError('')
    setNotice('')
    setQuery('')
    setLoading(true)
    onChangeRef.current('', nextPath)
    const parent = nextPath[nextPath.length - 1]?.code
    retry.current = () => browse(nextPath)
    childrenOf(parent)
      .then((list) => {
        if (seq === requestSeq.current) setItems(list)
      })
      .catch((e) => {
        if (seq === requestSeq.current) setError(errorText(e))
      })
      .finally(() => {
        if (seq === requestSeq.current) setLoading(false)
      })
  }

  function choose(village: Division, parents: Division[]) {
    const full = [...parents, village]
    setPath(full)
    setItems(null)
    setError('')
    if (remember && until === 'village') writeStored('lastVillage', village.code)
    onChangeRef.current(village.code, full)
  }

  function restoreLast(code: string) {
    const seq = ++requestSeq.current
    setLoading(true)
    retry.current = () => restoreLast(code)
    endpoints
      .divisionPath(code)
      .then(({ items: full }) => {
        if (seq !== requestSeq.current) return
        const last = full[full.length - 1]
        if (last && last.level === until && last.code === code) choose(last, full.slice(0, -1))
        else browse([])
      })
      .catch(() => {
        if (seq === requestSeq.current) browse([])
      })
      .finally(() => {
        if (seq === requestSeq.current) setLoading(false)
      })
  }

  function openAt(code: string) {
    const seq = ++requestSeq.current
    setLoading(true)
    retry.current = () => openAt(code)
    endpoints
      .divisionPath(code)
      .then(({ items: full }) => {
        if (seq === requestSeq.current) browse(full.length ? full : [])
      })
      .catch(() => {
        if (seq === requestSeq.current) browse([])
      })
  }

  // A new level starts at its top: after tapping a row near the bottom of a long list, the next
  // list would otherwise open scrolled to its end, and the user would think it short.
  useEffect(() => {
    if (items && moved.current) {
      moved.current = false
      scrollToTopOf(`${idPrefix}-picker`)
    }
  }, [items])

  useEffect(() => {
    const last = value ?? (remember ? readStored('lastVillage') : undefined)
    if (last) restoreLast(last)
    else if (startAt) openAt(startAt)
    else browse([])
    // Runs once: the picker owns its state after the first load.
  }, [])

  function tapRow(d: Division) {
    if (d.level === until) return choose(d, path)
    if (!d.hasChildren) {
      setNotice(`${d.name}的下级地区暂未开通，请直接联系当地村（居）委会。`)
      return
    }
    moved.current = true
    browse([...path, d])
  }

  function goTo(nextPath: Division[]) {
    moved.current = true
    browse(nextPath)
  }

  const pathText = path.map((d) => d.name).join(' / ')

  if (chosen) {
    return (
      <View id={`${idPrefix}-picker`} className='division-picker'>
        <Text id={`${idPrefix}-path`} className='path-text'>
          {pathText}
        </Text>
        <ActionButton id={`${idPrefix}-change`} size='small' label={`更改：${pathText}`} onClick={() => goTo(path.slice(0, -1))}>
          更改
        </ActionButton>
      </View>
    )
  }

  const parentLevel = path[path.length - 1]?.level ?? ''
  const prompt = (until === 'county' ? countyPrompt : levelPrompt)[parentLevel] ?? '请选择'
  const q = query.trim()
  const shown = items && q ? items.filter((d) => d.name.includes(q)) : items
  return (
    <View id={`${idPrefix}-picker`} className='division-picker'>
      {path.length > 0 && (
        <View className='path-text'>
          <Text id={`${idPrefix}-crumb-root`} className='crumb' {...pressable(() => goTo([]), 'link', { label: '回到全部省份' })}>
            全部
          </Text>
          {path.map((d, i) => (
            <Text key={d.code}>
              {' / '}
              <Text id={`${idPrefix}-crumb-${d.code}`} className='crumb' {...pressable(() => goTo(path.slice(0, i + 1)), 'link')}>
                {d.name}
              </Text>
            </Text>
          ))}
        </View>
      )}
      <Text className='hint' aria-live='polite'>
        {prompt}
      </Text>
      {loading && <Text className='hint'>正在加载…</Text>}
      {error && (
        <View className='error-box'>
          <Text>{error}</Text>
          <View className='spacer' />
          <ActionButton id={`${idPrefix}-retry`} size='small' onClick={() => retry.current()}>
            重试
          </ActionButton>
        </View>
      )}
      {notice && <Text className='field-error'>{notice}</Text>}
      {items && items.length === 0 && <Text className='hint'>这里还没有可选的地区。</Text>}
      {items && items.length > 8 && (
        <FieldInput
          id={`${idPrefix}-search`}
          className='input picker-search'
          value={query}
          placeholder='输入名称查找，例如“丁湖”'
          a11y={{ 'aria-label': `按名称查找：${prompt}` }}
          onInput={(e) => setQuery(e.detail.value)}
        />
      )}
      {shown && items && items.length > 0 && shown.length === 0 && (
        <Text id={`${idPrefix}-no-match`} className='hint'>
          没有名字里带“{q}”的地方，请换个字试试。
        </Text>
      )}
      {shown && (
        <View className='list'>
          {shown.map((d) => (
            <View
              key={d.code}
              id={`${idPrefix}-row-${d.code}`}
              className={`row ${d.level !== until && !d.hasChildren ? 'row-disabled' : ''}`}
              {...pressable(() => tapRow(d), 'button')}
            >
              <Text className='row-text'>{d.name}</Text>
              <Text className='row-arrow' aria-hidden={d.level === until ? undefined : 'true'}>
                {d.level === until ? '选择' : '›'}
              </Text>
            </View>
          ))}
        </View>
      )}
      {path.length > 0 && (
        <ActionButton id={`${idPrefix}-up`} size='small' onClick={() => goTo(path.slice(0, -1))}>
          返回上一级
        </ActionButton>
      )}
    </View>
  )
}
