import * as z from 'zod'
import { choosePrompt } from './errors'

/**
 * National statistical division codes (统计用区划代码): 12 digits,
 * 2 province + 2 city + 2 county + 3 township + 3 village.
 */
export const DivisionLevel = z.enum(['province', 'city', 'county', 'township', 'village'])
export type DivisionLevel = z.infer<typeof DivisionLevel>

// The bare prompt is completed with the field's name by fieldErrors (「请选择孩子实际居住的村（社区）」):
// people pick a place from a list and never see or type its code.
export const DivisionCode = z.string({ error: choosePrompt }).regex(/^\d{12}$/, { error: choosePrompt })
export type DivisionCode = z.infer<typeof DivisionCode>

/** Level of a 12-digit code, read from which of its parts are non-zero. */
export function levelOf(code: string): DivisionLevel {
  if (code.slice(9) !== '000') return 'village'
  if (code.slice(6, 9) !== '000') return 'township'
  if (code.slice(4, 6) !== '00') return 'county'
  if (code.slice(2, 4) !== '00') return 'city'
  return 'province'
}

const prefixLength: Record<DivisionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 }

/** The code of the division at `level` that contains `code` (e.g. the township of a village). */
export function ancestorAt(code: string, level: DivisionLevel): string {
  const n = prefixLength[level]
  return code.slice(0, n).padEnd(12, '0')
}

/** True when `code` lies inside (or is) the division `container`. */
export function contains(container: string, code: string): boolean {
  const n = prefixLength[levelOf(container)]
  return code.slice(0, n) === container.slice(0, n)
}

export const VillageCode = DivisionCode.refine((c) => levelOf(c) === 'village', {
  error: '请选择到村（社区）一级',
})

export const Division = z.object({
  code: DivisionCode,
  name: z.string(),
  level: DivisionLevel,
  parentCode: z.string(),
  /** Whether children can be listed (false for a leaf or for areas not yet imported). */
  hasChildren: z.boolean(),
})
export type Division = z.infer<typeof Division>

/** Top of the tree: the parent code used for the list of provinces. */
export const ROOT_DIVISION = '000000000000'
