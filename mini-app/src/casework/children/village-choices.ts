import type { Division } from '@shouhu/shared'

/** One township and its villages: what a township or county officer can narrow the children list to. */
export interface VillageGroup {
  town: Division
  villages: Division[]
}

/** A village found by name, with its township: two townships can each have a 王庄村. */
export interface VillageMatch {
  village: Division
  town: Division
}

/** The 12-digit township code a village belongs to (its first nine digits, then 000). */
export const townshipOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`

/**
 * The groups the filter offers: every township of the jurisdiction, or only the one the list is
 * narrowed to (the overview's 「只看：丁湖镇」), so no choice leads outside what the list shows.
 */
export function groupsInView(groups: readonly VillageGroup[], township: string): VillageGroup[] {
  return township ? groups.filter((g) => g.town.code === township) : [...groups]
}

/** Villages whose name holds the typed text, township by township; none for blank text. */
export function matchVillages(groups: readonly VillageGroup[], query: string): VillageMatch[] {
  const q = query.trim()
  if (!q) return []
  return groups.flatMap((g) => g.villages.filter((v) => v.name.includes(q)).map((village) => ({ village, town: g.town })))
}

/** A village's name from the loaded groups, or undefined while they are loading. */
export function villageNameIn(groups: readonly VillageGroup[], code: string): string | undefined {
  for (const g of groups) {
    const v = g.villages.find((x) => x.code === code)
    if (v) return v.name
  }
  return undefined
}

export const villageCount = (groups: readonly VillageGroup[]) => groups.reduce((n, g) => n + g.villages.length, 0)
