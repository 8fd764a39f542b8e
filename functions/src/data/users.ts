import { randomBytes } from 'node:crypto'
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { type AccountAuditEntry, type Department, type PartnerRole, type SessionUser, type StaffRole, type StaffRow, ancestorAt, isStaff } from '@shouhu/shared'
import { newId } from '../ids'
import { getItem, putItem, query, queryPage, transactWrite, tx, type IndexName, type Item } from './table'

/** A person who signs in. Staff carry their jurisdiction; residents are known by WeChat openid. */
export interface UserRecord extends SessionUser {
  /** WeChat openid: the address for subscription messages. */
  openid?: string
  /** School liaisons: the school they speak for. */
  schoolId?: string
  /** Police or prison staff: their unit, e.g. 泗县公安局. */
  unit?: string
  createdAt: string
  /** Staff and partners: their sign-in name. */
  username?: string
  /** False once deactivated (absent on accounts written before issue #10: active). */
  active?: boolean
  /** A temporary password is set (new account, reset): it must be changed at the next sign-in. */
  mustChangePassword?: boolean
  /** Bumped to end every session of the account (deactivation, role or division change, password reset, 退出所有设备). */
  sessionVersion?: number
  /** Optimistic lock for staff administration (absent = 0). */
  version?: number
  updatedAt?: string
}

/** A county department's partition on byOwner: its liaisons and the referrals sent to it. */
export const departmentPk = (countyCode: string, department: string) => `DEPT#${countyCode}#${department}`

const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' })

// Staff are indexed under the division they serve, so routing a report to "the directors of
// village X" or "the supervisors of township Y" is one Query, not a scan of all users.
const staffIndex: Record<StaffRole, { index: IndexName; pkAttr: string; skAttr: string; prefix: string }> = {
  village_director: { index: 'byVillage', pkAttr: 'villagePk', skAttr: 'villageSk', prefix: 'VILLAGE#' },
  township_supervisor: { index: 'byTownship', pkAttr: 'townshipPk', skAttr: 'townshipSk', prefix: 'TOWNSHIP#' },
  county_officer: { index: 'byCounty', pkAttr: 'countyPk', skAttr: 'countySk', prefix: 'COUNTY#' },
}
const indexAttrs = ['villagePk', 'villageSk', 'townshipPk', 'townshipSk', 'countyPk', 'countySk', 'ownerPk', 'ownerSk']

/** What a staff or liaison list needs of a person (routing a notice needs the id): never the openid. */
export type UserRow = Pick<UserRecord, 'id' | 'role' | 'displayName' | 'divisionCode' | 'divisionName' | 'schoolId' | 'unit'>
const userRow = ({ id, role, displayName, divisionCode, divisionName, schoolId, unit }: UserRecord): UserRow =>
  Object.fromEntries(Object.entries({ id, role, displayName, divisionCode, divisionName, schoolId, unit }).filter(([, v]) => v !== undefined)) as UserRow

/**
 * The profile item with the index entries that follow from its role. A deactivated account
 * has none: it is no longer "the director of village X" and receives nothing.
 */
function profileItem(u: UserRecord): Item {
  const item: Item = { ...userKey(u.id), ...u }
  for (const a of indexAttrs) delete item[a]
  delete item.row
  if (u.active === false) return item
  if (isStaff(u.role) && u.divisionCode) {
    const ix = staffIndex[u.role]
    Object.assign(item, { [ix.pkAttr]: `${ix.prefix}${u.divisionCode}`, [ix.skAttr]: `STAFF#${u.id}`, row: userRow(u) })
  } else if (u.role === 'school_liaison' && u.schoolId) {
    Object.assign(item, { ownerPk: `SCHOOL#${u.schoolId}`, ownerSk: `LIAISON#${u.id}`, row: userRow(u) })
  } else if (u.role === 'department_liaison' && u.department && u.divisionCode) {
    // "Tell the county's education bureau" is one Query (issue #11).
    Object.assign(item, { ownerPk: departmentPk(u.divisionCode, u.department), ownerSk: `LIAISON#${u.id}`, row: userRow(u) })
  }
  return item
}

/**
 * The staff directory of a county: one item per account, keyed by the division it serves, so
 * a county lists all its staff and a township (a prefix of the codes) lists its own, a page
 * at a time, from the base table.
 */
const directoryKey = (u: Pick<UserRecord, 'id' | 'divisionCode'>) => ({
  pk: `STAFFDIR#${ancestorAt(u.divisionCode!, 'county')}`,
  sk: `${u.divisionCode}#${u.id}`,
})

export function staffRow(u: UserRecord): StaffRow {
  return {
    id: u.id,
    username: u.username ?? '',
    displayName: u.displayName,
    role: u.role as StaffRow['role'],
    divisionCode: u.divisionCode!,
    divisionName: u.divisionName ?? '',
    active: u.active !== false,
    mustChangePassword: u.mustChangePassword === true,
    wechatBound: !!u.openid,
    version: u.version ?? 0,
    ...(u.schoolId ? { schoolId: u.schoolId } : {}),
    ...(u.unit ? { unit: u.unit } : {}),
    ...(u.department ? { department: u.department } : {}),
  }
}

const directoryItem = (u: UserRecord): Item => ({ ...directoryKey(u), row: staffRow(u) })

const auditItem = (userId: string, e: AccountAuditEntry): Item => ({
  pk: `USER#${userId}`,
  sk: `AUDIT#${e.at}#${randomBytes(4).toString('hex')}`,
  ...e,
})

export async function getUser(id: string): Promise<UserRecord | undefined> {
  const item = await getItem<UserRecord & Record<string, unknown>>(userKey(id).pk, userKey(id).sk)
  if (!item) return undefined
  const { pk: _pk, sk: _sk, row: _row, ...rest } = item
  for (const a of indexAttrs) delete rest[a]
  return rest as UserRecord
}

/**
 * Creates a staff or partner account with its username, its directory entry and (when an
 * administrator made it) an audit entry, all at once; undefined when the username is taken.
 */
export async function createAccount(
  input: {
    role: StaffRole | PartnerRole
    displayName: string
    divisionCode: string
    divisionName: string
    openid?: string
    schoolId?: string
    unit?: string
    department?: Department
    mustChangePassword?: boolean
  },
  login: { username: string; passwordHash: string },
  audit?: Omit<AccountAuditEntry, 'at' | 'action'>,
  /** Written in the same transaction (e.g. the create's idempotency record); any failing fails it all. */
  others: (user: UserRecord) => TransactWriteItem[] = () => [],
): Promise<UserRecord | undefined> {
  if (input.role === 'school_liaison' && !input.schoolId) throw new Error('a school liaison needs a school')
  if (input.role === 'department_liaison' && !input.department) throw new Error('a department liaison needs a department')
  const now = new Date().toISOString()
  const user: UserRecord = {
    id: newId(),
    ...input,
    username: login.username,
    active: true,
    sessionVersion: 1,
    version: 1,
    createdAt: now,
  }
  const failed = await transactWrite([
    tx.put(profileItem(user)),
    tx.put({ pk: `LOGIN#${login.username}`, sk: 'LOGIN', userId: user.id, passwordHash: login.passwordHash }, { ifAbsent: true }),
    tx.put(directoryItem(user)),
    ...(audit ? [tx.put(auditItem(user.id, { at: now, action: 'created', ...audit }))] : []),
    ...others(user),
  ])
  return failed === -1 ? user : undefined
}

/** Creates a staff account with its username; undefined when the username is taken. */
export async function createStaff(
  input: { role: StaffRole; displayName: string; divisionCode: string; divisionName: string; openid?: string },
  login: { username: string; passwordHash: string },
): Promise<UserRecord | undefined> {
  return createAccount(input, login)
}

export async function findLogin(username: string) {
  return getItem<{ userId: string; passwordHash: string }>(`LOGIN#${username}`, 'LOGIN')
}

/**
 * Saves an administrator's change to an account under its optimistic lock, moving its index
 * and directory entries with it and auditing it in the same transaction. `false` when the
 * account changed meanwhile.
 */
export async function saveAccount(
  before: UserRecord,
  after: UserRecord,
  audit: AccountAuditEntry,
  extra: TransactWriteItem[] = [],
): Promise<boolean> {
  const expected = before.version ?? 0
  const next: UserRecord = { ...after, version: expected + 1, updatedAt: audit.at }
  const moved = directoryKey(before).sk !== directoryKey(next).sk || directoryKey(before).pk !== directoryKey(next).pk
  try {
    const failed = await transactWrite([
      tx.putIfVersion(profileItem(next), expected),
      ...(moved ? [tx.delete(directoryKey(before))] : []),
      tx.put(directoryItem(next)),
      tx.put(auditItem(before.id, audit)),
      ...extra,
    ])
    return failed === -1
  } catch (e) {
    if (e instanceof Error && e.name === 'TransactionCanceledException') return false
    throw e
  }
}

/** Replaces the password of an account (its login item); used with `saveAccount` in one transaction. */
export const setPasswordItem = (username: string, userId: string, passwordHash: string) =>
  tx.put({ pk: `LOGIN#${username}`, sk: 'LOGIN', userId, passwordHash })

/** The county's staff (or, with a township's 9-digit prefix, that township's), a page at a time. */
export async function staffDirectory(countyCode: string, codePrefix: string, opts: { limit: number; cursor?: string }) {
  const page = await queryPage<{ row: StaffRow }>({ pk: `STAFFDIR#${countyCode}`, skPrefix: codePrefix, ...opts })
  return { items: page.items.map((i) => i.row), cursor: page.cursor }
}

/** Audit trail of one account, newest first. */
export async function accountAudit(userId: string, opts: { limit: number; cursor?: string }) {
  const page = await queryPage<AccountAuditEntry>({ pk: `USER#${userId}`, skPrefix: 'AUDIT#', newestFirst: true, ...opts })
  return {
    items: page.items.map(({ at, action, actorId, actorName, text }) => ({ at, action, actorId, actorName, text })),
    cursor: page.cursor,
  }
}

export async function appendAccountAudit(userId: string, e: AccountAuditEntry): Promise<void> {
  await putItem(auditItem(userId, e))
}

/** What each request checks about a session's account (the session version, whether active). */
export async function sessionState(userId: string): Promise<{ active: boolean; sessionVersion: number } | undefined> {
  const u = await getItem<UserRecord>(userKey(userId).pk, userKey(userId).sk, true)
  return u && { active: u.active !== false, sessionVersion: u.sessionVersion ?? 0 }
}

/**
 * Links a WeChat openid to a staff account (so subscription messages reach them). The link item
 * keeps one openid from serving two staff accounts; `false` when it already serves another.
 */
export async function bindStaffOpenid(user: UserRecord, openid: string): Promise<boolean> {
  const link = await getItem<{ userId: string }>(`STAFFOPENID#${openid}`, 'OPENID', true)
  if (link && link.userId !== user.id) return false
  const at = new Date().toISOString()
  const extra: TransactWriteItem[] = [tx.put({ pk: `STAFFOPENID#${openid}`, sk: 'OPENID', userId: user.id })]
  if (user.openid && user.openid !== openid) extra.push(tx.delete({ pk: `STAFFOPENID#${user.openid}`, sk: 'OPENID' }))
  return saveAccount(user, { ...user, openid }, { at, action: 'wechat_bound', actorId: user.id, actorName: user.displayName }, extra)
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
  input: { role: PartnerRole; displayName: string; divisionCode: string; divisionName: string; openid?: string; schoolId?: string; unit?: string; department?: Department },
  login: { username: string; passwordHash: string },
): Promise<UserRecord | undefined> {
  return createAccount(input, login)
}

/** The liaison accounts of a school (none when the school has no account in the system). */
export async function liaisonsOfSchool(schoolId: string): Promise<UserRow[]> {
  return (await query<{ row: UserRow }>({ index: 'byOwner', pk: `SCHOOL#${schoolId}`, skPrefix: 'LIAISON#' })).map((i) => i.row)
}

/** The active liaison accounts of one department of a county (none: the department has no account yet). */
export async function liaisonsOfDepartment(countyCode: string, department: string): Promise<UserRow[]> {
  return (await query<{ row: UserRow }>({ index: 'byOwner', pk: departmentPk(countyCode, department), skPrefix: 'LIAISON#' })).map((i) => i.row)
}
