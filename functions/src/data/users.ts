import type { PartnerRole, SessionUser, StaffRole } from '@shouhu/shared'
import { newId } from '../ids'
import { getItem, putItem, query, transactWrite, tx, type IndexName } from './table'

/** A person who signs in. Staff carry their jurisdiction; residents are known by WeChat openid. */
export interface UserRecord extends SessionUser {
  /** WeChat openid: the address for subscription messages. */
  openid?: string
  /** School liaisons: the school they speak for. */
  schoolId?: string
  /** Police or prison staff: their unit, e.g. 泗县公安局. */
  unit?: string
  createdAt: string
}

const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' })

// Staff are indexed under the division they serve, so routing a report to "the directors of
// village X" or "the supervisors of township Y" is one Query, not a scan of all users.
const staffIndex: Record<StaffRole, { index: IndexName; pkAttr: string; skAttr: string; prefix: string }> = {
  village_director: { index: 'byVillage', pkAttr: 'villagePk', skAttr: 'villageSk', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', pkAttr: 'townshipPk', skAttr: 'townshipSk', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', pkAttr: 'countyPk', skAttr: 'countySk', prefix: 'COUNTY#' },
}

/** What a staff or liaison list needs of a person (routing a notice needs the id): never the openid. */
export type UserRow = Pick<UserRecord, 'id' | 'role' | 'displayName' | 'divisionCode' | 'divisionName' | 'schoolId' | 'unit'>
const userRow = ({ id, role, displayName, divisionCode, divisionName, schoolId, unit }: UserRecord): UserRow =>
  Object.fromEntries(Object.entries({ id, role, displayName, divisionCode, divisionName, schoolId, unit }).filter(([, v]) => v !== undefined)) as UserRow

export async function getUser(id: string): Promise<UserRecord | undefined> {
  return getItem<UserRecord>(userKey(id).pk, userKey(id).sk)
}

/** Creates a staff account with its username; false when the username is taken. */
export async function createStaff(
  input: { role: StaffRole; displayName: string; divisionCode: string; divisionName: string; openid?: string },
  login: { username: string; passwordHash: string },
): Promise<UserRecord | undefined> {
  const user: UserRecord = { id: newId(), ...input, createdAt: new Date().toISOString() }
  const ix = staffIndex[input.role]
  const failed = await transactWrite([
    tx.put({ ...userKey(user.id), ...user, row: userRow(user), [ix.pkAttr]: `${ix.prefix}${input.divisionCode}`, [ix.skAttr]: `STAFF#${user.id}` }),
    tx.put({ pk: `LOGIN#${login.username}`, sk: 'LOGIN', userId: user.id, passwordHash: login.passwordHash }, { ifAbsent: true }),
  ])
  return failed === -1 ? user : undefined
}

export async function findLogin(username: string) {
  return getItem<{ userId: string; passwordHash: string }>(`LOGIN#${username}`, 'LOGIN')
}

/** Staff of one role serving exactly this division (e.g. the child directors of a village). */
export async function staffServing(role: StaffRole, divisionCode: string): Promise<UserRow[]> {
  const ix = staffIndex[role]
  return (await query<{ row: UserRow }>({ index: ix.index, pk: `${ix.prefix}${divisionCode}`, skPrefix: 'STAFF#' })).map((i) => i.row)
}

/** The resident behind a WeChat openid, created on first sign-in. */
export async function residentForOpenid(openid: string, displayName = '微信用户'): Promise<UserRecord> {
  const link = await getItem<{ userId: string }>(`OPENID#${openid}`, 'OPENID', true)
  if (link) return (await getUser(link.userId))!
  const user: UserRecord = { id: newId(), role: 'resident', displayName, openid, createdAt: new Date().toISOString() }
  const failed = await transactWrite([
    tx.put({ pk: `OPENID#${openid}`, sk: 'OPENID', userId: user.id }, { ifAbsent: true }),
    tx.put({ ...userKey(user.id), ...user }),
  ])
  // Two first sign-ins racing: the other one created the account.
  if (failed === 0) return residentForOpenid(openid, displayName)
  return user
}

/** Demo residents for the local development sign-in, listed under one partition. */
export async function addDevAccount(account: string, displayName: string): Promise<void> {
  await putItem({ pk: 'DEV_ACCOUNTS', sk: `ACCOUNT#${account}`, account, displayName })
}

export async function devAccounts(): Promise<{ account: string; displayName: string }[]> {
  const items = await query<{ account: string; displayName: string }>({ pk: 'DEV_ACCOUNTS', skPrefix: 'ACCOUNT#' })
  return items.map(({ account, displayName }) => ({ account, displayName }))
}

/**
 * Creates a partner account (school liaison, police or prison staff); undefined when the
 * username is taken. A liaison is indexed under their school (byOwner `SCHOOL#<id>`), so
 * telling "the school" about a pupil is one Query; police need no lookup.
 */
export async function createPartner(
  input: { role: PartnerRole; displayName: string; divisionCode: string; divisionName: string; openid?: string; schoolId?: string; unit?: string },
  login: { username: string; passwordHash: string },
): Promise<UserRecord | undefined> {
  if (input.role === 'school_liaison' && !input.schoolId) throw new Error('a school liaison needs a school')
  const user: UserRecord = { id: newId(), ...input, createdAt: new Date().toISOString() }
  const failed = await transactWrite([
    tx.put({ ...userKey(user.id), ...user, row: userRow(user), ...(input.schoolId ? { ownerPk: `SCHOOL#${input.schoolId}`, ownerSk: `LIAISON#${user.id}` } : {}) }),
    tx.put({ pk: `LOGIN#${login.username}`, sk: 'LOGIN', userId: user.id, passwordHash: login.passwordHash }, { ifAbsent: true }),
  ])
  return failed === -1 ? user : undefined
}

/** The liaison accounts of a school (none when the school has no account in the system). */
export async function liaisonsOfSchool(schoolId: string): Promise<UserRow[]> {
  return (await query<{ row: UserRow }>({ index: 'byOwner', pk: `SCHOOL#${schoolId}`, skPrefix: 'LIAISON#' })).map((i) => i.row)
}
