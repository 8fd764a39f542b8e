import { describe, expect, it } from 'vitest'
import { ancestorAt, contains, levelOf, VillageCode } from './divisions'
import { inJurisdiction } from './jurisdiction'

const DINGHU = '341324102200'
const SHIDING = '341324102201'

describe('division codes', () => {
  it('reads the level from the 12-digit code', () => {
    expect(levelOf('340000000000')).toBe('province')
    expect(levelOf('341300000000')).toBe('city')
    expect(levelOf('341324000000')).toBe('county')
    expect(levelOf('341324102000')).toBe('township')
    expect(levelOf(DINGHU)).toBe('village')
  })
  it('finds the township and county of a village', () => {
    expect(ancestorAt(DINGHU, 'township')).toBe('341324102000')
    expect(ancestorAt(DINGHU, 'county')).toBe('341324000000')
  })
  it('only accepts a village-level code where a village is required', () => {
    expect(VillageCode.safeParse(DINGHU).success).toBe(true)
    expect(VillageCode.safeParse('341324102000').success).toBe(false)
    expect(VillageCode.safeParse('34132410220').success).toBe(false)
  })
  it('containment follows the administrative tree', () => {
    expect(contains('341324000000', DINGHU)).toBe(true)
    expect(contains('341324102000', SHIDING)).toBe(true)
    expect(contains('341324103000', DINGHU)).toBe(false)
  })
})

describe('staff jurisdiction', () => {
  it('a village director works their own village only', () => {
    expect(inJurisdiction({ role: 'village_director', divisionCode: DINGHU }, DINGHU)).toBe(true)
    expect(inJurisdiction({ role: 'village_director', divisionCode: SHIDING }, DINGHU)).toBe(false)
  })
  it('a township supervisor works every village of the township, not the next township', () => {
    expect(inJurisdiction({ role: 'township_supervisor', divisionCode: '341324102000' }, SHIDING)).toBe(true)
    expect(inJurisdiction({ role: 'township_supervisor', divisionCode: '341324103000' }, SHIDING)).toBe(false)
  })
  it('a county officer works the whole county, not the neighbouring county', () => {
    expect(inJurisdiction({ role: 'county_officer', divisionCode: '341324000000' }, DINGHU)).toBe(true)
    expect(inJurisdiction({ role: 'county_officer', divisionCode: '341323000000' }, DINGHU)).toBe(false)
  })
  it('a resident has no jurisdiction at all', () => {
    expect(inJurisdiction({ role: 'resident', divisionCode: DINGHU }, DINGHU)).toBe(false)
  })
})
