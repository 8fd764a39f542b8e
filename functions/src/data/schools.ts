import { type KnownSchool, ancestorAt } from '@shouhu/shared'
import { getItem, putItem, query } from './table'

/**
 * Schools children attend. Parents are told to inform the school of an entrustment (001 #7);
 * a school known here may have liaison accounts (see `liaisonsOfSchool`). Listed per county,
 * since a child often goes to school in the township centre rather than in their village.
 */
const schoolKey = (id: string) => ({ pk: `SCHOOL#${id}`, sk: 'SCHOOL' })

export async function putSchool(school: KnownSchool): Promise<void> {
  const { id, name, divisionCode, countyCode } = school
  await putItem({ ...schoolKey(school.id), ...school, row: { id, name, divisionCode, countyCode }, countyPk: `COUNTY#${school.countyCode}`, countySk: `SCHOOL#${school.divisionCode}#${school.id}` })
}

export async function getSchool(id: string): Promise<KnownSchool | undefined> {
  const item = await getItem<KnownSchool & Record<string, unknown>>(schoolKey(id).pk, schoolKey(id).sk)
  return item && { id: item.id, name: item.name, divisionCode: item.divisionCode, countyCode: item.countyCode }
}

/** Schools of the county a village belongs to, nearest first (same township, then the rest). */
export async function schoolsNear(villageCode: string): Promise<KnownSchool[]> {
  const county = ancestorAt(villageCode, 'county')
  const township = ancestorAt(villageCode, 'township').slice(0, 9)
  // A county has tens of schools, read in one Query of small rows.
  const schools = (await query<{ row: KnownSchool }>({ index: 'byCounty', pk: `COUNTY#${county}`, skPrefix: 'SCHOOL#' })).map((i) => i.row)
  return [...schools.filter((s) => s.divisionCode.startsWith(township)), ...schools.filter((s) => !s.divisionCode.startsWith(township))]
}
