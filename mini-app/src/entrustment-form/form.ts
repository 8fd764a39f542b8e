import {
  CaregiverInput,
  ENTRUSTMENT_CONSENT_VERSION,
  EntrustmentCreate,
  PoliceEntrustmentCreate,
  ReplaceCaregiver,
  addMonths,
  birthDateOfId,
  chinaToday,
  entrustmentFieldLabels,
  fieldErrors,
  sexOfId,
  type CaregiverHealth,
  type CaregiverRelationship,
  type ContactFrequency,
  type ContactMethod,
  type FieldError,
  type HouseholdRegistration,
  type ParentRelation,
  type PersonSex,
  type UnableToGuardReason,
} from '@shouhu/shared'

/**
 * The entrustment form while it is being filled in: plain strings, '' for "not chosen yet",
 * so the shared schema (the server's own) says what is missing in the same words.
 */
export interface ParentState {
  relation: ParentRelation
  name: string
  phone: string
  situation: '' | 'working_away' | 'not_away' | 'deceased'
  workplaceCode: string
  awaySince: string
  expectedReturn: string
  canGuard: '' | 'yes' | 'no'
  unableReason: '' | UnableToGuardReason
}
export interface ChildState {
  name: string
  sex: '' | PersonSex
  birthDate: string
  idNumber: string
  householdRegistration: '' | HouseholdRegistration
  /** A school from the list, one typed by hand, or not at school yet. */
  schoolMode: 'list' | 'typed' | 'none'
  schoolId: string
  schoolName: string
}
export interface CaregiverState {
  name: string
  relationship: '' | CaregiverRelationship
  phone: string
  idNumber: string
  birthDate: string
  health: '' | CaregiverHealth
  livesWithChild: '' | 'yes' | 'no'
}
export interface EntrustmentFormState {
  registrant: '' | ParentRelation
  parents: [ParentState, ParentState]
  villageCode: string
  children: ChildState[]
  caregiver: CaregiverState
  frequency: '' | ContactFrequency
  methods: ContactMethod[]
  startDate: string
  endDate: string
  consent: boolean
  /** Police or prison staff only: whose consent they recorded, and their unit (001 #5, 003 §3(六)). */
  police?: { guardian: '' | ParentRelation; unit: string }
}

const emptyParent = (relation: ParentRelation): ParentState => ({
  relation,
  name: '',
  phone: '',
  situation: '',
  workplaceCode: '',
  awaySince: '',
  expectedReturn: '',
  canGuard: '',
  unableReason: '',
})
export const emptyChild = (): ChildState => ({ name: '', sex: '', birthDate: '', idNumber: '', householdRegistration: '', schoolMode: 'list', schoolId: '', schoolName: '' })
export const emptyCaregiver = (): CaregiverState => ({ name: '', relationship: '', phone: '', idNumber: '', birthDate: '', health: '', livesWithChild: '' })

export function emptyEntrustmentForm(today = chinaToday()): EntrustmentFormState {
  return {
    registrant: '',
    parents: [emptyParent('father'), emptyParent('mother')],
    villageCode: '',
    children: [emptyChild()],
    caregiver: emptyCaregiver(),
    frequency: '',
    methods: [],
    startDate: today,
    endDate: addMonths(today, 12),
    consent: false,
  }
}

const orUndefined = <T extends string>(v: T | '') => (v === '' ? undefined : v)
const yesNo = (v: '' | 'yes' | 'no') => (v === '' ? undefined : v === 'yes')

function parentInput(p: ParentState) {
  const common = { relation: p.relation, name: p.name, phone: p.phone }
  if (p.situation === 'working_away') {
    return { ...common, situation: p.situation, workplaceCode: p.workplaceCode, awaySince: p.awaySince, expectedReturn: p.expectedReturn }
  }
  if (p.situation === 'not_away') {
    return { ...common, situation: p.situation, canGuard: yesNo(p.canGuard), unableReason: p.canGuard === 'no' ? orUndefined(p.unableReason) : undefined }
  }
  // A parent who has died: the name only (a phone typed before the choice is not sent).
  if (p.situation === 'deceased') return { relation: p.relation, name: p.name, situation: p.situation }
  return { ...common, situation: undefined }
}

export function caregiverInput(c: CaregiverState) {
  return {
    name: c.name,
    relationship: orUndefined(c.relationship),
    phone: c.phone,
    idNumber: c.idNumber,
    birthDate: c.birthDate,
    health: orUndefined(c.health),
    livesWithChild: yesNo(c.livesWithChild),
  }
}

/** The request body, exactly as the server will check it. */
export function toEntrustmentInput(s: EntrustmentFormState) {
  return {
    registrant: orUndefined(s.registrant),
    parents: s.parents.map(parentInput),
    children: s.children.map((c) => ({
      name: c.name,
      sex: orUndefined(c.sex),
      birthDate: c.birthDate,
      idNumber: c.idNumber,
      householdRegistration: orUndefined(c.householdRegistration),
      villageCode: s.villageCode,
      school: c.schoolMode === 'none' ? undefined : c.schoolMode === 'list' ? (c.schoolId ? { id: c.schoolId, name: c.schoolName } : { name: '' }) : { name: c.schoolName },
    })),
    caregiver: caregiverInput(s.caregiver),
    contactPlan: { frequency: orUndefined(s.frequency), methods: s.methods },
    startDate: s.startDate,
    endDate: s.endDate,
    consent: s.consent ? { version: ENTRUSTMENT_CONSENT_VERSION, agreed: true as const } : undefined,
  }
}

/** Messages by field path (`children.0.idNumber`); `form` holds what belongs to no field. */
export type FieldMessages = Record<string, string[]>

export function messagesFrom(fields: readonly FieldError[]): FieldMessages {
  const out: FieldMessages = {}
  for (const { field, message } of fields) {
    const list = (out[field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return out
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldMessages }

export function toPoliceInput(s: EntrustmentFormState) {
  const { registrant, ...rest } = toEntrustmentInput(s)
  return { ...rest, guardian: orUndefined(s.police?.guardian ?? ''), unit: s.police?.unit ?? '' }
}

export function validateEntrustmentForm(s: EntrustmentFormState): Checked<EntrustmentCreate>
export function validateEntrustmentForm(s: EntrustmentFormState, byPolice: true): Checked<PoliceEntrustmentCreate>
export function validateEntrustmentForm(s: EntrustmentFormState, byPolice = false): Checked<EntrustmentCreate | PoliceEntrustmentCreate> {
  // The village is picked once for all the children: its message belongs to the picker.
  const parsed = byPolice ? PoliceEntrustmentCreate.safeParse(toPoliceInput(s)) : EntrustmentCreate.safeParse(toEntrustmentInput(s))
  if (parsed.success) return { ok: true, value: parsed.data }
  const errors = messagesFrom(fieldErrors(parsed.error, entrustmentFieldLabels))
  for (const key of Object.keys(errors)) {
    if (/^children\.\d+\.villageCode$/.test(key)) {
      errors.villageCode = [...new Set([...(errors.villageCode ?? []), ...errors[key]!.map((m) => m.replace(/第\d+个孩子的/, '孩子'))])]
      delete errors[key]
    }
  }
  return { ok: false, errors }
}

export function validateCaregiver(c: CaregiverState): Checked<{ caregiver: CaregiverInput }> {
  const parsed = ReplaceCaregiver.safeParse({ caregiver: caregiverInput(c) })
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, errors: messagesFrom(fieldErrors(parsed.error, entrustmentFieldLabels)) }
}

/**
 * Typing a full ID number fills in the birth date and sex it records, when still empty: fewer
 * fields to type, and fewer mismatches for the server to refuse.
 */
export function withIdDerived<T extends { idNumber: string; birthDate: string; sex?: '' | PersonSex }>(person: T): T {
  const id = person.idNumber.trim().toUpperCase()
  const birth = id.length === 18 ? birthDateOfId(id) : undefined
  if (!birth) return person
  const next = { ...person }
  if (!next.birthDate) next.birthDate = birth
  if ('sex' in next && !next.sex) (next as { sex?: PersonSex }).sex = sexOfId(id)
  return next
}

export function hasMessages(errors: FieldMessages): boolean {
  return Object.values(errors).some((l) => l.length > 0)
}

/** Field paths under a prefix (e.g. clear every message of `children.1` when it is removed). */
export function clearUnder(errors: FieldMessages, ...prefixes: string[]): FieldMessages {
  const next: FieldMessages = {}
  for (const [k, v] of Object.entries(errors)) if (!prefixes.some((p) => k === p || k.startsWith(`${p}.`)) && k !== 'form') next[k] = v
  return next
}
