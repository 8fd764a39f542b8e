import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { api } from '../api/client'
import type { GetOps } from '../api/contract.gen'
import { Pressable } from '../components/pressable'
import { param } from '../routes'
import './drill.css'

/**
 * The overview's drill-downs (issue #12): a figure opens its queue narrowed to the division
 * and the status behind it, e.g. `/staff/inbox/index?village=…&status=received&only=丁湖村 · 待确认`.
 * The queue page reads the filter from its page parameters, shows it as a removable line
 * (「只看：丁湖村 · 待确认」 with 「看全部」), and asks the server for exactly those records; the
 * server checks the area against the user's jurisdiction and pages with a cursor.
 */
export interface DrillFilter {
  /** Query parameters for the list route (village, township, status, stage, filter, department…). */
  query: Record<string, string>
  /** What the line says after 「只看：」. */
  label: string
}

const enc = encodeURIComponent

/** A queue page's URL with a drill-down filter. */
export function drillUrl(path: string, query: Record<string, string | undefined>, label: string): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(v!)}`)
  return `${path}?${[...parts, `only=${enc(label)}`].join('&')}`
}

/**
 * The filter a queue page was opened with, or null; `keys` are the parameters that page's route
 * understands (anything else in the URL is ignored). `clear` drops it: the page shows its usual tabs.
 */
export function useDrillFilter(keys: readonly string[]): [DrillFilter | null, () => void] {
  const params = useRouter().params
  const [filter, setFilter] = useState<DrillFilter | null>(() => {
    const query: Record<string, string> = {}
    for (const k of keys) {
      const v = param(params[k])
      if (v) query[k] = v
    }
    if (!Object.keys(query).length) return null
    return { query, label: param(params.only) || '筛选的记录' }
  })
  return [filter, () => setFilter(null)]
}

/** The staff queues a drill-down narrows (each route declares the filters it takes). */
export type DrillPath = '/staff/reports' | '/staff/entrustments' | '/staff/applications' | '/staff/referrals' | '/staff/children'

/** One page of a staff list route with the filter applied (the route validates and checks the area). */
export function drillPage<P extends DrillPath>(path: P, filter: DrillFilter, extra: Record<string, string | undefined> = {}, cursor?: string): Promise<GetOps[P]['response']> {
  const query = { ...extra, ...filter.query, ...(cursor ? { cursor } : {}) }
  // The filter's keys come from the page's own list of what its route takes (useDrillFilter).
  return api.get(path, { auth: 'staff', query } as GetOps[P]['args'])
}

/** 「只看：丁湖村 · 待确认  ✕ 看全部」: the filter is visible and one tap removes it. */
export function DrillChip({ id, filter, onClear }: { id: string; filter: DrillFilter; onClear: () => void }) {
  return (
    <View id={id} className='drill-chip'>
      <Text className='drill-chip-text'>只看：{filter.label}</Text>
      <Pressable id={`${id}-clear`} className='drill-chip-clear' role='button' label={`不再只看${filter.label}，看全部`} onPress={onClear}>
        ✕ 看全部
      </Pressable>
    </View>
  )
}
