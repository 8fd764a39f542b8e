import { describe, expect, it } from 'vitest'
import type { Division } from '@shouhu/shared'
import { groupsInView, matchVillages, townshipOf, villageCount, villageNameIn, type VillageGroup } from './village-choices'

const div = (code: string, name: string, level: Division['level']): Division => ({ code, name, level, parentCode: level === 'village' ? townshipOf(code) : '341324000000', hasChildren: level !== 'village' })
const groups: VillageGroup[] = [
  { town: div('341324102000', '丁湖镇', 'township'), villages: [div('341324102200', '丁湖村', 'village'), div('341324102201', '王庄村', 'village')] },
  { town: div('341324103000', '石丁镇', 'township'), villages: [div('341324103200', '石丁村', 'village'), div('341324103201', '王庄村', 'village')] },
]

describe('the children list’s village filter', () => {
  it('a village belongs to the township of its first nine digits', () => {
    expect(townshipOf('341324102201')).toBe('341324102000')
  })

  it('a list narrowed to a township offers only that township’s villages', () => {
    expect(groupsInView(groups, '341324103000').map((g) => g.town.name)).toEqual(['石丁镇'])
    expect(groupsInView(groups, '')).toHaveLength(2)
  })

  it('finds villages by part of the name, and says which township each same-named one is in', () => {
    expect(matchVillages(groups, ' 王庄 ').map((m) => `${m.village.name}（${m.town.name}）`)).toEqual(['王庄村（丁湖镇）', '王庄村（石丁镇）'])
    expect(matchVillages(groups, '   ')).toEqual([])
    expect(matchVillages(groups, '李')).toEqual([])
  })

  it('names a chosen village once the villages are loaded, and counts them', () => {
    expect(villageNameIn(groups, '341324103200')).toBe('石丁村')
    expect(villageNameIn([], '341324103200')).toBeUndefined()
    expect(villageCount(groups)).toBe(4)
  })
})
