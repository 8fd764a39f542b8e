/**
 * Shared by the children-*.test.ts suites (not a test file itself): bodies for the child
 * file's requests and small calls. Product modules load lazily (see helpers.ts).
 */
import { randomUUID } from 'node:crypto'
import { call } from '../support/api-harness'
import { addDays, addMonths, chinaToday, idNumber } from '../support/entrustment-fixtures'

type Json = Record<string, any>
export { addDays, addMonths, chinaToday, idNumber }

let seq = Math.floor(Math.random() * 40)
/** A distinct, valid ID for a child born on `birthDate`. */
export const childId = (birthDate = '2015-06-01', sex: 'male' | 'female' = 'male') => idNumber(birthDate, sex, ++seq)

export function enrolBody(over: Json = {}): Json {
  const birthDate = over.birthDate ?? '2015-06-01'
  const sex = over.sex ?? 'male'
  return {
    name: '测小明',
    sex,
    birthDate,
    idNumber: childId(birthDate, sex),
    householdRegistration: 'rural',
    villageCode: '341324102200',
    schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '三年级' },
    health: { disability: 'none', seriousIllness: false },
    parents: [
      { relation: 'father', name: '测大山', phone: '13912345678', situation: 'working_away', workplaceCode: '310101000000', awaySince: addMonths(chinaToday(), -6) },
      { relation: 'mother', name: '测秀英', situation: 'working_away', workplaceCode: '310101000000', awaySince: addMonths(chinaToday(), -6) },
    ],
    singleParent: false,
    caregiver: { name: '测奶奶', relationship: 'paternal_grandparent', phone: '13700001111', livesWithChild: true },
    difficultyCategories: [],
    ...over,
  }
}

export async function enrol(token: string, body: Json = enrolBody(), key: string = randomUUID()) {
  return call('POST', '/staff/children', { token, body, headers: { 'idempotency-key': key } })
}

export async function enrolled(token: string, over: Json = {}): Promise<Json> {
  const res = await enrol(token, enrolBody(over))
  if (res.status !== 201) throw new Error(`enrol: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

const allGood = () => Object.fromEntries(['guardianship', 'safety', 'schooling', 'health', 'living_conditions', 'child_view'].map((k) => [k, { rating: 'good' }]))

export function visitBody(over: Json = {}): Json {
  return { kind: 'home_visit', visitedOn: chinaToday(), checks: allGood(), problems: [], ...over }
}

export async function recordVisit(token: string, childId: string, body: Json = visitBody(), key: string = randomUUID()) {
  return call('POST', `/staff/children/${childId}/visits`, { token, body, headers: { 'idempotency-key': key } })
}

export const getFile = (token: string, id: string) => call('GET', `/staff/children/${id}`, { token })

/** Runs the child file's due kinds at `now` (the scheduler's work, driven by the test's clock). */
export async function runChildDue(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return runAllDue(now, { only: ['CHILD_OVERDUE', 'CHILD_AGE16'] })
}

/** The stored child record as the data layer returns it. */
export async function storedChild(id: string): Promise<Json> {
  const { getChild } = await import('../../functions/src/data/children')
  return (await getChild(id)) as Json
}

export async function rawChildItem(id: string): Promise<Json | undefined> {
  const { getItem } = await import('../../functions/src/data/table')
  return getItem<Json>(`CHILD#${id}`, 'CHILD', true)
}

export async function timeline(token: string, id: string): Promise<Json[]> {
  const items: Json[] = []
  let cursor: string | undefined
  do {
    const res = await call('GET', `/staff/children/${id}/timeline?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
    if (res.status !== 200) throw new Error(`timeline: ${res.status} ${JSON.stringify(res.body)}`)
    items.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return items
}
