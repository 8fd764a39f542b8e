import { randomUUID } from 'node:crypto'
import { call } from './api-harness'

/**
 * Entrustment request bodies for API and browser tests. ID numbers are made here with an
 * independent ISO 7064 MOD 11-2 implementation, so a bug in shared's check would not be
 * mirrored by the fixtures.
 */
type Json = Record<string, any>

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function withCheckDigit(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return first17 + '10X98765432'[sum % 11]
}

/** A valid 18-digit ID for someone born on `birthDate` in 泗县: odd sequence digit for men. */
export function idNumber(birthDate: string, sex: 'male' | 'female', seq = 1): string {
  const order = String(seq % 50).padStart(2, '0') + String(sex === 'male' ? 1 : 2)
  return withCheckDigit(`341324${birthDate.replaceAll('-', '')}${order}`)
}

/** Today in China and date arithmetic, as the server counts them. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const index = y! * 12 + (m! - 1) + months
  const ny = Math.floor(index / 12)
  const nm = (index % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d!, last)).padStart(2, '0')}`
}

export const PLACES = {
  DINGHU: '341324102200',
  SHIDING: '341324102201',
  /** Another township of the same county (草沟镇): working there is not "away". */
  SAME_COUNTY: '341324103000',
  /** The neighbouring county (灵璧县). */
  OTHER_COUNTY: '341323000000',
  /** 上海市黄浦区 */
  SHANGHAI: '310101000000',
}

export const CONSENT_VERSION = 'entrustment-consent-2026-11-v1'

export const PHONES = { father: '13912345678', mother: '13812345678', caregiver: '13700001111' }
export const GRANDMA = { birthDate: '1958-04-02', idNumber: idNumber('1958-04-02', 'female', 4) }

export function caregiverBody(over: Json = {}): Json {
  return {
    name: '张桂芳',
    relationship: 'paternal_grandparent',
    phone: PHONES.caregiver,
    idNumber: GRANDMA.idNumber,
    birthDate: GRANDMA.birthDate,
    health: 'good',
    livesWithChild: true,
    ...over,
  }
}

export function childBody(over: Json = {}): Json {
  const birthDate = over.birthDate ?? '2016-03-10'
  const sex = over.sex ?? 'female'
  return {
    name: '刘小雨',
    sex,
    birthDate,
    idNumber: idNumber(birthDate, sex, over.seq ?? 2),
    householdRegistration: 'rural',
    villageCode: PLACES.DINGHU,
    school: { id: 'dinghu-primary', name: '丁湖镇中心小学' },
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'seq')),
  }
}

export function awayParent(relation: 'father' | 'mother', over: Json = {}): Json {
  return {
    relation,
    situation: 'working_away',
    name: relation === 'father' ? '刘建国' : '王秀兰',
    phone: PHONES[relation],
    workplaceCode: PLACES.SHANGHAI,
    awaySince: addDays(chinaToday(), -200),
    ...over,
  }
}

export function homeParent(relation: 'father' | 'mother', over: Json = {}): Json {
  return { relation, situation: 'not_away', name: relation === 'father' ? '刘建国' : '王秀兰', phone: PHONES[relation], canGuard: true, ...over }
}

/** Both parents work in Shanghai since 200 days ago; one girl of 10 at 丁湖镇中心小学; her grandmother cares. */
export function entrustmentBody(over: Json = {}): Json {
  const today = chinaToday()
  return {
    registrant: 'mother',
    parents: [awayParent('father'), awayParent('mother')],
    children: [childBody()],
    caregiver: caregiverBody(),
    contactPlan: { frequency: 'weekly', methods: ['video', 'phone'] },
    startDate: today,
    endDate: addMonths(today, 12),
    consent: { version: CONSENT_VERSION, agreed: true },
    ...over,
  }
}

export async function register(token: string, body: Json = entrustmentBody(), key = randomUUID()) {
  return call('POST', '/entrustments', { token, body, headers: { 'idempotency-key': key } })
}

/** Registers and returns the parent's view; fails the test on anything but 201. */
export async function registered(token: string, body: Json = entrustmentBody()): Promise<Json> {
  const res = await register(token, body)
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** A verification visit body; `outcome` decides what else is needed. */
export function visitBody(outcome: 'verified' | 'verified_with_followup' | 'caregiver_unfit', over: Json = {}): Json {
  const rating = outcome === 'verified' ? 'adequate' : outcome === 'caregiver_unfit' ? 'inadequate' : 'concern'
  const checklist = Object.fromEntries(
    ['age_and_health', 'daily_care', 'living_conditions', 'safety', 'schooling', 'child_view'].map((k) => [k, { rating: k === 'child_view' ? 'adequate' : rating, note: '' }]),
  )
  return {
    visitedOn: chinaToday(),
    checklist,
    outcome,
    ...(outcome === 'caregiver_unfit' ? { reasonForParents: '奶奶腿脚不便，生活需要人照顾，难以接送孩子上学' } : {}),
    ...(outcome === 'verified_with_followup' ? { followUp: '一个月后回访用火用电安全' } : {}),
    ...over,
  }
}
