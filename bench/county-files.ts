import * as shared from '@shouhu/shared'
import type { ChildRecord } from '@shouhu/shared'
import type { Item } from '../functions/src/data/table'

/**
 * Child files for the county-scale benches (children lists, overview, exports): bulk-written
 * straight to the table, shaped as the workflows store them (deriveChild + childItem), so a
 * county of 20,000 loads in about a minute instead of through 20,000 requests.
 */

const colours = ['green', 'green', 'green', 'blue', 'blue', 'yellow', 'yellow', 'red'] as const

/** 泗县's townships and villages, from the division data. */
export async function countyVillages(): Promise<{ townships: string[]; villages: string[] }> {
  const { childrenOf } = await import('../functions/src/data/divisions')
  const townships = (await childrenOf('341324000000')).map((t) => t.code)
  const villages = (await Promise.all(townships.map((t) => childrenOf(t)))).flat().map((v) => v.code)
  return { townships, villages }
}

/**
 * The n-th bench file in `village`: colours in a fixed mix; `overdue` files were last visited
 * 120 days ago and created 200 days ago. `extra` overrides fields (an export bench adds phones).
 */
export async function benchChildItem(
  n: number,
  village: string,
  opts: { now: Date; overdue?: boolean; idPrefix?: string; extra?: Record<string, unknown> },
): Promise<Item> {
  const { deriveChild } = await import('../functions/src/workflows/children')
  const { childItem } = await import('../functions/src/data/children')
  const { childClock } = await import('../functions/src/workflows/child-clock')
  const { now, overdue = false } = opts
  const today = shared.chinaToday(now)
  const colour = colours[n % colours.length]!
  const at = now.toISOString()
  const c = {
    id: `${opts.idPrefix ?? 'B'}${String(n).padStart(9, '0')}`,
    villageCode: village,
    townshipCode: shared.ancestorAt(village, 'township'),
    countyCode: '341324000000',
    name: `儿童${n}`,
    sex: n % 2 ? 'male' : 'female',
    birthDate: shared.addDays('2012-01-01', n % 3000),
    householdRegistration: 'rural',
    schooling: { stage: 'primary' },
    health: { disability: 'none', seriousIllness: false },
    parents: [
      { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
    ],
    singleParent: false,
    difficultyCategories: [],
    categories: [],
    grade: { colour, situations: [], reason: 'bench', gradedAt: at, gradedBy: 'bench', gradedByName: 'bench' },
    ...(colour === 'red' && !overdue ? { lastInterventionAt: at } : {}),
    lastHomeVisitOn: overdue ? shared.addDays(today, -120) : shared.addDays(today, -(n % 25)),
    lastContactOn: overdue ? shared.addDays(today, -120) : shared.addDays(today, -(n % 25)),
    duties: [],
    openProblems: 0,
    problems: [],
    links: { entrustments: [], reports: [], applications: [] },
    origin: 'import',
    policyVersion: '',
    createdAt: overdue ? new Date(now.getTime() - 200 * 86_400_000).toISOString() : at,
    createdBy: 'bench',
    updatedAt: at,
    version: 0,
    ...opts.extra,
  } as unknown as ChildRecord
  const { child, row } = deriveChild(c, now)
  return childItem(child, row, childClock().graceMs)
}
