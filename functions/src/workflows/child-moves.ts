import {
  type ChildClosure,
  type ChildRecord,
  type ChildTransfer,
  type ClosedChildRow,
  type CloseChild,
  type SetResponsibleDirector,
  type StaffRole,
  type VillageDirector,
  chinaToday,
  closureReasons,
  fullYears,
  type DecideTransfer,
  type DuplicateSuggestion,
  type MergeChildren,
  type SessionUser,
  type TransferChild,
  ancestorAt,
  inJurisdiction,
  personSexLabel,
  roleLabel,
} from '@shouhu/shared'
import {
  areaOf,
  childrenByIds,
  closedFiles,
  copyTimeline,
  duplicateKey,
  filesWithKey,
  getChild,
  saveChild,
  saveMerge,
  transferItem,
  transferKey,
} from '../data/children'
import { getDivision } from '../data/divisions'
import { getUser, staffServing } from '../data/users'
import { HttpError } from '../errors'
import { log } from '../log'
import { childClock } from './child-clock'
import { type ChildActor, deriveChild, entry } from './children'
import { notifyPeople } from './notifications'

/**
 * A child who moves, and two files that are one child (issue #7; 一人一档 002 §4(三), 004 #8).
 *
 * Transfer (转出): the current village asks; the file stays with it (and its duties with its
 * director) until the receiving village's director accepts, so no child is ever without a
 * village looking after them. On acceptance the file's village changes, so the old village's
 * access ends by the one jurisdiction rule; the timeline keeps every step and who took it.
 *
 * Merge (合并): only when a person decides two files are one child. The kept file takes the
 * other's categories, links, problems and timeline; the other becomes a pointer to it.
 */

type Staff = Pick<SessionUser, 'id' | 'role' | 'displayName' | 'divisionCode'>
const actorOf = (u: Staff): ChildActor => ({ id: u.id, role: u.role, displayName: u.displayName })
const bad = (field: string, code: string, message: string) => new HttpError('VALIDATION_FAILED', message, [{ field, code, message }])
const idPattern = /^[0-9A-Za-z]{1,64}$/

export async function loadChild(id: string): Promise<ChildRecord> {
  if (!idPattern.test(id)) throw new HttpError('NOT_FOUND')
  const c = await getChild(id)
  if (!c) throw new HttpError('NOT_FOUND')
  return c
}

export function ownOrDeny(user: Staff, villageCode: string, childId: string) {
  if (!inJurisdiction(user, villageCode)) {
    log.warn('staff denied child move outside jurisdiction', { userId: user.id, childId })
    throw new HttpError('FORBIDDEN')
  }
}

function fresh(c: ChildRecord, version: number) {
  if (c.version !== version) throw new HttpError('CONFLICT', '这份档案刚被其他人修改过，请刷新后再试')
  openFileOnly(c)
}

/**
 * New work on a child (a transfer, a case conference, a temporary guardianship) starts only on a
 * file in use: a merged file's child is followed on the file it was merged into, and a closed
 * file's child is no longer in the county's care (reopen it first if that was a mistake).
 */
export function openFileOnly(c: ChildRecord) {
  if (c.mergedInto) throw new HttpError('CONFLICT', '这份档案已合并到另一份档案，请打开合并后的档案')
  if (c.closed) throw new HttpError('CONFLICT', `这份档案已经结档（${c.closed.reasonLabel}），不能再修改`)
}

/** Saves one file's change under the version the person was shown (no silent retry: they decided on that). */
async function save(c: ChildRecord, next: ChildRecord, side: Parameters<typeof saveChild>[4], now: Date): Promise<ChildRecord> {
  const { child, row } = deriveChild({ ...next, updatedAt: now.toISOString() }, now)
  const out = await saveChild(c, child, row, childClock().graceMs, side)
  if (out !== 'saved') throw new HttpError('CONFLICT', '这份档案刚被其他人修改过，请刷新后再试')
  return { ...child, version: c.version + 1 }
}

async function tell(villageCodes: string[], kind: 'child_transfer_requested' | 'child_transferred', c: ChildRecord, title: string, body: string, occasion: string) {
  const people = (await Promise.all(villageCodes.map((v) => staffServing('village_director', v)))).flat()
  await notifyPeople(people.map((p) => p.id), { kind, subject: { type: 'child', id: c.id }, page: `casework/child/index?id=${c.id}`, title, body, occasion })
}

export async function requestTransfer(id: string, input: TransferChild, user: Staff, now = new Date()): Promise<ChildRecord> {
  const c = await loadChild(id)
  ownOrDeny(user, c.villageCode, id)
  fresh(c, input.version)
  if (c.transfer) throw new HttpError('CONFLICT', `这份档案已在等待${c.transfer.toVillageName}接收`)
  if (input.toVillageCode === c.villageCode) throw bad('toVillageCode', 'same_village', '转入的村（社区）：孩子已经在这个村，请选择孩子现在住的村')
  if (input.movedOn && input.movedOn > chinaToday(now)) throw bad('movedOn', 'in_future', '搬家的日期：不能晚于今天')
  const [to, from] = await Promise.all([getDivision(input.toVillageCode), getDivision(c.villageCode)])
  if (!to) throw bad('toVillageCode', 'unknown_village', '转入的村（社区）：没有找到这个村，请重新选择')
  const transfer: ChildTransfer = {
    toVillageCode: to.code,
    toVillageName: to.name,
    fromVillageCode: c.villageCode,
    fromVillageName: from?.name ?? c.villageCode,
    reason: input.reason,
    ...(input.movedOn ? { movedOn: input.movedOn } : {}),
    requestedBy: { id: user.id, name: user.displayName },
    requestedAt: now.toISOString(),
  }
  const next = { ...c, transfer }
  const saved = await save(c, next, { puts: [transferItem(c, transfer, c.version + 1)], events: [entry(now, actorOf(user), { kind: 'transfer_requested', text: `申请转到${to.name}：${input.reason}${input.movedOn ? `（${input.movedOn} 搬家）` : ''}` })] }, now)
  await tell([to.code], 'child_transfer_requested', saved, '有孩子的档案等您接收', `${transfer.fromVillageName}申请把${c.name}的档案转到本村：${input.reason}`, transfer.requestedAt)
  return saved
}

export async function decideTransfer(id: string, decision: 'accept' | 'decline', input: DecideTransfer, user: Staff, now = new Date()): Promise<ChildRecord> {
  const c = await loadChild(id)
  const t = c.transfer
  if (!t) {
    // No transfer waiting: say it plainly to whoever may see the file; others learn nothing.
    if (!inJurisdiction(user, c.villageCode)) throw new HttpError('FORBIDDEN')
    throw new HttpError('CONFLICT', '这份档案没有等待接收的转出申请')
  }
  ownOrDeny(user, t.toVillageCode, id)
  fresh(c, input.version)
  const actor = actorOf(user)
  const note = input.note ? `（${input.note}）` : ''
  if (decision === 'decline') {
    const next = { ...c }
    delete next.transfer
    const saved = await save(c, next, { deletes: [transferKey(c.id)], events: [entry(now, actor, { kind: 'transfer_declined', text: `${t.toVillageName}未接收转入${note}，档案仍由${t.fromVillageName}管理` })] }, now)
    await tell([t.fromVillageCode], 'child_transferred', saved, '转出的档案被退回', `${t.toVillageName}没有接收${c.name}的档案${note}，请核实孩子现在住在哪里`, now.toISOString())
    return saved
  }
  const next: ChildRecord = { ...c, villageCode: t.toVillageCode, townshipCode: ancestorAt(t.toVillageCode, 'township'), countyCode: ancestorAt(t.toVillageCode, 'county') }
  delete next.transfer
  const saved = await save(
    c,
    next,
    {
      deletes: [transferKey(c.id)],
      events: [entry(now, actor, { kind: 'transferred', text: `已从${t.fromVillageName}转到${t.toVillageName}：${t.fromVillageName}${t.requestedBy.name}申请，${t.toVillageName}${user.displayName}接收${note}`, detail: { from: t.fromVillageCode, to: t.toVillageCode, requestedBy: t.requestedBy.name, acceptedBy: user.displayName } })],
    },
    now,
  )
  await tell([t.fromVillageCode, t.toVillageCode], 'child_transferred', saved, '孩子的档案已转接', `${c.name}的档案已从${t.fromVillageName}转到${t.toVillageName}，今后由${t.toVillageName}走访关爱`, now.toISOString())
  return saved
}

/** 可能重复: other files of the same name and birth date in the county the user may see. */
export async function duplicateSuggestions(id: string, user: Staff): Promise<DuplicateSuggestion[]> {
  const c = await loadChild(id)
  ownOrDeny(user, c.villageCode, id)
  if (c.mergedInto) return []
  const page = await filesWithKey(duplicateKey(c.countyCode, c.name, c.birthDate), 20)
  const ids = page.items.map((i) => i.row.id).filter((x) => x !== c.id)
  // One batch for the few candidates (their version, for the merge request); none outside the user's area.
  const files = (await childrenByIds(ids)).filter((f) => !f.mergedInto && inJurisdiction(user, f.villageCode))
  const names = new Map((await Promise.all([...new Set(files.map((f) => f.villageCode))].map((v) => getDivision(v)))).filter((d) => !!d).map((d) => [d!.code, d!.name]))
  return files.map((f) => ({
    id: f.id,
    name: f.name,
    sex: f.sex,
    birthDate: f.birthDate,
    villageName: names.get(f.villageCode),
    ...(f.idMasked ? { idMasked: f.idMasked } : {}),
    basis: 'name_birth' as const,
    version: f.version,
  }))
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])]
const later = (a?: string, b?: string) => (a && b ? (a > b ? a : b) : a ?? b)

export async function mergeChildren(keepId: string, input: MergeChildren, user: Staff, now = new Date()): Promise<ChildRecord> {
  if (input.otherId === keepId) throw bad('otherId', 'same_file', '要合并的档案：不能和自己合并')
  const [keep, other] = await Promise.all([loadChild(keepId), loadChild(input.otherId)])
  ownOrDeny(user, keep.villageCode, keepId)
  ownOrDeny(user, other.villageCode, input.otherId)
  fresh(keep, input.version)
  fresh(other, input.otherVersion)
  // Two ID numbers are two people (the number is unique to a person); one ID: keep the file that has it.
  if (keep.idMasked && other.idMasked) throw bad('otherId', 'different_ids', '要合并的档案：两份档案的身份证号码不同，是两个孩子，不能合并')
  if (other.idMasked && !keep.idMasked) throw bad('otherId', 'keep_the_one_with_id', '要合并的档案：请保留有身份证号码的那份档案，把这份合并进去')
  if (keep.transfer || other.transfer) throw new HttpError('CONFLICT', '有档案正在等待转接，请等接收或退回后再合并')
  const actor = actorOf(user)
  const keepCategoryIds = new Set(keep.categories.map((k) => k.id))
  const keepNext: ChildRecord = {
    ...keep,
    categories: [...keep.categories, ...other.categories.filter((k) => !keepCategoryIds.has(k.id))],
    // Categories follow from facts (re-derived on save): the facts either file holds carry over.
    difficultyCategories: union(keep.difficultyCategories, other.difficultyCategories),
    singleParent: keep.singleParent || other.singleParent,
    links: {
      entrustments: union(keep.links.entrustments, other.links.entrustments),
      reports: union(keep.links.reports, other.links.reports),
      applications: union(keep.links.applications, other.links.applications),
    },
    problems: [...keep.problems, ...other.problems.filter((p) => !keep.problems.some((q) => q.id === p.id))],
    lastHomeVisitOn: later(keep.lastHomeVisitOn, other.lastHomeVisitOn),
    lastContactOn: later(keep.lastContactOn, other.lastContactOn),
  }
  const otherNext: ChildRecord = { ...other, mergedInto: keep.id, duties: [] }
  delete otherNext.overdue
  delete otherNext.pendingGrade
  const kept = deriveChild({ ...keepNext, updatedAt: now.toISOString() }, now)
  const pointer = deriveChild({ ...otherNext, updatedAt: now.toISOString() }, now)
  pointer.child.mergedInto = keep.id
  pointer.child.duties = []
  delete pointer.child.overdue
  const out = await saveMerge(
    { previous: keep, next: kept.child, row: kept.row, side: { events: [entry(now, actor, { kind: 'merged', text: `${user.displayName}确认与另一份档案（${other.name}，${other.birthDate}）是同一个孩子，已合并到本档案`, detail: { mergedFrom: other.id } })] } },
    { previous: other, next: pointer.child, row: pointer.row, side: { pending: null, age16At: null, events: [entry(now, actor, { kind: 'merged', text: `${user.displayName}确认是同一个孩子，本档案已合并到另一份档案`, detail: { mergedInto: keep.id } })] } },
    childClock().graceMs,
  )
  if (out !== 'saved') throw new HttpError('CONFLICT', '档案刚被其他人修改过，请刷新后再试')
  // The history follows the child; copying again (a retried merge) writes the same entries.
  await copyTimeline(other.id, keep.id)
  log.info('child files merged', { userId: user.id, keptId: keep.id, mergedId: other.id })
  return { ...kept.child, version: keep.version + 1 }
}


// ---- the responsible director ---------------------------------------------------------------------------

/** The village's child directors to choose from (004 #16: at least one per village, more for many children). */
export async function villageDirectors(id: string, user: Staff): Promise<{ items: VillageDirector[]; currentId?: string }> {
  const c = await loadChild(id)
  ownOrDeny(user, c.villageCode, id)
  const people = await staffServing('village_director', c.villageCode)
  return { items: people.map((p) => ({ id: p.id, name: p.displayName })), ...(c.responsibleDirectorId ? { currentId: c.responsibleDirectorId } : {}) }
}

/**
 * 负责的儿童主任: names which of the village's directors keeps the file, so the overdue counts
 * per director (counters `due@<id>`) say whose visits are late. Only a director serving the
 * file's village may be named; a director of another village is refused as a field error.
 */
export async function setResponsibleDirector(id: string, input: SetResponsibleDirector, user: Staff, now = new Date()): Promise<ChildRecord> {
  const c = await loadChild(id)
  ownOrDeny(user, c.villageCode, id)
  fresh(c, input.version)
  const person = await getUser(input.directorId)
  if (!person || person.role !== 'village_director' || person.divisionCode !== c.villageCode || person.active === false) {
    throw bad('directorId', 'not_a_director_here', '负责的儿童主任：只能选择本村（社区）的儿童主任')
  }
  if (c.responsibleDirectorId === person.id) return c
  const before = c.responsibleDirectorName
  const next: ChildRecord = { ...c, responsibleDirectorId: person.id, responsibleDirectorName: person.displayName }
  const saved = await save(c, next, { events: [entry(now, actorOf(user), { kind: 'responsible_set', text: before ? `负责的儿童主任由${before}改为${person.displayName}` : `负责的儿童主任定为${person.displayName}`, detail: { directorId: person.id } })] }, now)
  log.info('child responsible director set', { userId: user.id, childId: c.id, directorId: person.id })
  return saved
}

// ---- closing a file (结档) ------------------------------------------------------------------------------

/**
 * 结档 for a reason of `closureReasons` (policy data, each with its clause). The file is kept:
 * it leaves the due lists, the escalation timer, the age timer, the duplicate suggestions and
 * the overview's counts, and stays readable (reads still audited) on the area's 「已结档」 list.
 */
export async function closeChild(id: string, input: CloseChild, user: Staff, now = new Date()): Promise<ChildRecord> {
  const c = await loadChild(id)
  ownOrDeny(user, c.villageCode, id)
  fresh(c, input.version)
  if (c.transfer) throw new HttpError('CONFLICT', `这份档案正在等待${c.transfer.toVillageName}接收，请等接收或退回后再结档`)
  const rule = closureReasons[input.reason]
  const today = chinaToday(now)
  const fields: { field: string; code: string; message: string }[] = []
  if (input.effectiveOn > today) fields.push({ field: 'effectiveOn', code: 'in_future', message: '日期：不能晚于今天' })
  if (input.effectiveOn < c.birthDate) fields.push({ field: 'effectiveOn', code: 'before_birth', message: '日期：不能早于孩子的出生日期' })
  if (rule.minAge !== undefined && fullYears(c.birthDate, today) < rule.minAge) {
    fields.push({ field: 'reason', code: 'not_18_yet', message: `结档原因：孩子还没有年满 ${rule.minAge} 周岁` })
  }
  if (rule.needsDestination && !input.destination) fields.push({ field: 'destination', code: 'required', message: '搬去的地方：请写明搬到哪个县（市）' })
  const county = rule.needsDestination && input.destinationCountyCode ? await receivingCounty(c, input.destinationCountyCode, fields) : undefined
  if (fields.length) throw new HttpError('VALIDATION_FAILED', fields[0]!.message, fields)
  const closed: ChildClosure = {
    reason: input.reason,
    reasonLabel: rule.label,
    clause: rule.clause,
    effectiveOn: input.effectiveOn,
    ...(rule.needsDestination && input.destination ? { destination: input.destination } : {}),
    ...(county ? { handover: { countyCode: county.code, countyName: county.name, told: county.officers.length } } : {}),
    note: input.note,
    closedAt: now.toISOString(),
    closedBy: { id: user.id, name: user.displayName },
  }
  const next: ChildRecord = { ...c, closed }
  delete next.overdue
  delete next.pendingGrade
  const where = closed.destination ? `（搬到${closed.destination}）` : ''
  const saved = await save(
    c,
    next,
    { pending: null, age16At: null, events: [entry(now, actorOf(user), { kind: 'closed', text: `${user.displayName}结档：${rule.label}${where}，${input.effectiveOn}。${input.note}`, detail: { reason: input.reason, effectiveOn: input.effectiveOn, clause: rule.clause } })] },
    now,
  )
  log.info('child file closed', { userId: user.id, childId: c.id, reason: input.reason })
  if (county) await tellReceivingCounty(saved, county.officers, user)
  return saved
}

/**
 * The county a child moved to (结档 as 搬到本县以外), checked: a real county, and not this one
 * (a move inside the county is a transfer). Its civil-affairs officers are read here, before the
 * save, so the file can say whether anyone there was told.
 */
async function receivingCounty(c: ChildRecord, code: string, fields: { field: string; code: string; message: string }[]) {
  if (code === c.countyCode) {
    fields.push({ field: 'destinationCountyCode', code: 'same_county', message: '搬到的县（区）：这是本县，搬到本县其他村的请用「转出」' })
    return undefined
  }
  const [division, officers] = await Promise.all([getDivision(code), staffServing('county_officer', code)])
  if (!division) {
    fields.push({ field: 'destinationCountyCode', code: 'unknown_county', message: '搬到的县（区）：没有找到这个县（区），请重新选择' })
    return undefined
  }
  return { code, name: division.name, officers }
}

/**
 * Tells the receiving county's civil-affairs officers that a child of their county now needs
 * finding (004 #8: every child of the area on a ledger, 「数据动态更新」). Only what finding the
 * child needs: name, sex, birth date, where from, where to and whom to ask. Nothing of the file
 * (colour, categories, family, ID number), which stays with the sending county; the message opens
 * the new-file form there. Its id follows from the child, so a retried close tells nobody twice.
 */
async function tellReceivingCounty(c: ChildRecord, officers: { id: string }[], user: Staff) {
  const closed = c.closed!
  const [county, village] = await Promise.all([getDivision(c.countyCode), getDivision(c.villageCode)])
  const fromPlace = `${county?.name ?? ''}${village?.name ?? ''}`
  await notifyPeople(officers.map((o) => o.id), {
    kind: 'child_moved_in',
    subject: { type: 'county', id: closed.handover!.countyCode },
    page: 'casework/enrol/index',
    title: '有孩子搬到本县，请核实建档',
    body: `${c.name}（${personSexLabel[c.sex]}，${c.birthDate} 出生）${closed.effectiveOn} 从${fromPlace}搬到${closed.destination ?? closed.handover!.countyName}。可以联系${fromPlace}的${roleLabel[user.role]}${user.displayName}。请安排孩子现在住的村（居）委会找到孩子并建档关爱。`,
    occasion: c.id,
  })
}

/** The 「已结档」 list of the signed-in staff member's area (or one village of it). */
export async function closedList(user: Staff, village: string | undefined, page: { limit: number; cursor?: string }): Promise<{ items: ClosedChildRow[]; cursor?: string }> {
  if (village && !/^\d{12}$/.test(village)) throw bad('village', 'invalid_village', '村（社区）：请选择一个村（社区）')
  if (village && !inJurisdiction(user, village)) throw new HttpError('FORBIDDEN')
  if (!user.divisionCode) throw new HttpError('FORBIDDEN')
  return closedFiles(areaOf(user.role as StaffRole, user.divisionCode, village), page)
}
