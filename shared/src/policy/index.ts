import { guangdong2024 } from './guangdong'
import { ningxia2017 } from './ningxia'
import { sixian2020 } from './sixian'
import { wenling2023 } from './wenling'
import type { LocalityId, PolicySet } from './types'

export * from './types'
export * from './dates'
export * from './money'
export * from './calculator'
export * from './precheck'
export * from './exit'
export { sixian2020, wenling2023, guangdong2024, ningxia2017 }

/** Every shipped policy version. A new version is appended with its own effective date; old ones stay for applications dated under them. */
export const policySets: readonly PolicySet[] = [sixian2020, wenling2023, guangdong2024, ningxia2017]

/** The version in force on `date` (`YYYY-MM-DD`): the latest whose effective date is not after it. */
export function selectVersion(versions: readonly PolicySet[], date: string): PolicySet | undefined {
  return [...versions].filter((p) => p.effectiveFrom <= date).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0]
}

export function policyFor(locality: LocalityId, date: string, versions: readonly PolicySet[] = policySets): PolicySet | undefined {
  return selectVersion(
    versions.filter((p) => p.locality === locality),
    date,
  )
}

/** An exact version, for an application that recorded which one it was decided under. */
export function policyVersion(locality: string, version: string, versions: readonly PolicySet[] = policySets): PolicySet | undefined {
  return versions.find((p) => p.locality === locality && p.version === version)
}

/**
 * The policy serving a place (any division code), by the longest matching county or province
 * prefix: the demo county 泗县 (341324) by its own set (sixian.ts, seed 001).
 */
export function policyForDivision(code: string, date: string, versions: readonly PolicySet[] = policySets): PolicySet | undefined {
  let best: { locality: LocalityId; length: number } | undefined
  for (const p of versions) {
    for (const prefix of p.counties) {
      if (code.startsWith(prefix) && (!best || prefix.length > best.length)) best = { locality: p.locality, length: prefix.length }
    }
  }
  return best && policyFor(best.locality, date, versions)
}
export * from './cadence'
export * from './holidays'
export * from './closure'
