import {
  type AddDecisions,
  type ChildRecord,
  type CompleteTask,
  type Conference,
  type ConferenceDecision,
  type ConferenceFact,
  type ConveneConference,
  type SessionUser,
  type SharedFacts,
  TASK_REMINDER_DAYS_BEFORE,
  addDays,
  chinaStartOfDay,
  chinaToday,
  childParentSituationLabel,
  caregiverRelationshipLabel,
  colourLabel,
  conferenceFactLabel,
  departmentLabel,
  fullYears,
  inJurisdiction,
  parentRelationLabel,
  placementLabel,
  schoolStageLabel,
} from '@shouhu/shared'
import { eventItem, idempotencyItem, idempotencyRecord } from '../data/children'
import { type StoredTask, CONF_TASK_DUE, addTasks, createConference, getConference, getTask, saveTask, taskId, taskIdOfKey } from '../data/conferences'
import type { DueItem } from '../data/due'
import { getUser, liaisonsOfDepartment } from '../data/users'
import type { DueKind } from '../due/registry'
import { HttpError } from '../errors'
import { newId, sha256 } from '../ids'
import { log } from '../log'
import { divisionNames } from '../views/reports'
import { notifyPeople } from './notifications'

const HOUR = 3600_000
/** Reminders go out at 09:00 China time. */
const morningOf = (day: string) => new Date(Date.parse(chinaStartOfDay(day)) + 9 * HOUR).toISOString()

/** The first reminder of a task: two days before its due date, or on it when that is already past. */
function firstReminder(dueOn: string, now: Date): Pick<StoredTask, 'reminderStage' | 'remindAt'> {
  const before = morningOf(addDays(dueOn, -TASK_REMINDER_DAYS_BEFORE))
  return before > now.toISOString() ? { reminderStage: 'before', remindAt: before } : { reminderStage: 'at', remindAt: morningOf(dueOn) }
}

/**
 * What is put before the conference: only the fields the supervisor chose (004 §4: 部门只获取
 * 任务所需信息), already in plain words. The departments' task lists show this copy, never the file.
 */
export function sharedFactsOf(child: ChildRecord, facts: readonly ConferenceFact[], today: string, names: Map<string, string>): SharedFacts {
  const value: Record<ConferenceFact, () => string> = {
    name: () => child.name,
    sex: () => (child.sex === 'female' ? '女' : '男'),
    age: () => `${fullYears(child.birthDate, today)} 岁`,
    village: () => `${names.get(child.townshipCode) ?? ''}${names.get(child.villageCode) ?? child.villageCode}`,
    colour: () => colourLabel[child.grade.colour],
    schooling: () => [schoolStageLabel[child.schooling.stage], child.schooling.school, child.schooling.grade].filter(Boolean).join('，'),
    health: () => [child.health.disability === 'none' ? '无残疾' : child.health.disability === 'level_1_2' ? '一、二级残疾' : '三、四级残疾', child.health.seriousIllness ? '患重病' : '', child.health.note].filter(Boolean).join('，'),
    caregiver: () => (child.caregiver ? `${caregiverRelationshipLabel[child.caregiver.relationship] ?? ''}照料${child.caregiver.livesWithChild ? '，同住' : '，不同住'}` : '没有登记照料人'),
    parents: () => child.parents.map((p) => `${parentRelationLabel[p.relation]}：${childParentSituationLabel[p.situation]}`).join('；') || '没有登记',
    openProblems: () => child.problems.filter((p) => !p.resolvedAt).map((p) => p.text).join('；') || '没有',
    guardianship: () => (child.temporaryGuardianship ? `临时监护中：${placementLabel[child.temporaryGuardianship.placement]}，${child.temporaryGuardianship.startOn} 开始` : '不在临时监护中'),
  }
  return Object.fromEntries(facts.map((f) => [conferenceFactLabel[f], value[f]()]))
}

/** Builds the tasks of decisions; a staff assignee must be staff working the child's area. */
async function tasksOf(conf: Conference, decisions: ConferenceDecision[], from: number, now: Date, field: string): Promise<StoredTask[]> {
  const out: StoredTask[] = []
  for (const [i, d] of decisions.entries()) {
    let assigneeLabel: string
    if (d.assignee.type === 'department') {
      assigneeLabel = departmentLabel[d.assignee.department]
    } else {
      const u = /^[0-9A-Za-z]{1,64}$/.test(d.assignee.userId) ? await getUser(d.assignee.userId) : undefined
      if (!u || !u.active || !inJurisdiction(u, conf.villageCode)) {
        throw new HttpError('VALIDATION_FAILED', undefined, [{ field: `${field}.${i}.assignee`, code: 'invalid_assignee', message: '负责人：请选择负责这个孩子所在村的工作人员' }])
      }
      assigneeLabel = u.displayName
    }
    out.push({
      id: taskId(conf.id, from + i + 1),
      conferenceId: conf.id,
      childId: conf.childId,
      villageCode: conf.villageCode,
      countyCode: conf.countyCode,
      heldOn: conf.heldOn,
      subject: conf.subject,
      sharedFacts: conf.sharedFacts,
      conveneById: conf.conveneById,
      what: d.what,
      assignee: d.assignee,
      assigneeLabel,
      dueOn: d.dueOn,
      status: 'open',
      version: 1,
      ...firstReminder(d.dueOn, now),
    })
  }
  return out
}

const decisionsLine = (tasks: StoredTask[]) => tasks.map((t) => `${t.assigneeLabel}：${t.what}（${t.dueOn} 前）`).join('；')

/**
 * The township supervisor convenes a case conference for a child (004 §4(二) 召集个案会商会议).
 * The conference, each decision's task, the child's timeline line and the idempotency record
 * are one transaction; a retried submission answers with the first conference.
 */
export async function convene(child: ChildRecord, input: ConveneConference, actor: SessionUser, idempotencyKey: string): Promise<{ conference: Conference; tasks: StoredTask[]; created: boolean }> {
  const idem = { keyHash: sha256(`conference:${actor.id}:${idempotencyKey}`), bodyHash: sha256(JSON.stringify(input)) }
  const replay = async () => {
    const prev = await idempotencyRecord(idem.keyHash)
    if (!prev) return undefined
    if (prev.bodyHash !== idem.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
    const conference = await getConference(String(prev.conferenceId))
    return conference ? { conference, tasks: [], created: false } : undefined
  }
  const first = await replay()
  if (first) return first
  const now = new Date()
  const facts = [...new Set(input.facts)]
  // One read of the names: the list row keeps the village's, the shared facts may name both.
  const names = await divisionNames([child.villageCode, child.townshipCode])
  const conference: Conference = {
    id: newId(now.getTime()),
    childId: child.id,
    childName: child.name,
    villageName: names.get(child.villageCode),
    villageCode: child.villageCode,
    townshipCode: child.townshipCode,
    countyCode: child.countyCode,
    heldOn: input.heldOn,
    ...(input.place ? { place: input.place } : {}),
    subject: input.subject,
    departments: [...new Set(input.departments)],
    people: input.people,
    facts,
    sharedFacts: sharedFactsOf(child, facts, chinaToday(now), names),
    ...(input.summary ? { summary: input.summary } : {}),
    taskCount: input.decisions.length,
    conveneById: actor.id,
    conveneByName: actor.displayName,
    createdAt: now.toISOString(),
    version: 1,
  }
  const tasks = await tasksOf(conference, input.decisions, 0, now, 'decisions')
  const invited = [...conference.departments.map((d) => departmentLabel[d]), ...conference.people.map((p) => (p.unit ? `${p.unit}${p.name}` : p.name))].join('、')
  const line = eventItem(child.id, {
    at: now.toISOString(),
    kind: 'conference',
    actorId: actor.id,
    actorName: actor.displayName,
    text: `个案会商（${conference.heldOn}）：${conference.subject}。参加：${invited}。${tasks.length ? `决定：${decisionsLine(tasks)}` : '决定待记录'}`,
    ref: { type: 'conference', id: conference.id },
  })
  const failed = await createConference(conference, tasks, [idempotencyItem(idem, child.id, { conferenceId: conference.id })], [line])
  if (failed === 0) {
    const again = await replay()
    if (again) return again
  }
  if (failed !== -1) throw new HttpError('CONFLICT')
  return { conference, tasks, created: true }
}

/** Decisions recorded after the meeting: more tasks, on the version of the conference the supervisor saw. */
export async function addDecisions(conf: Conference, input: AddDecisions, actor: SessionUser): Promise<{ conference: Conference; tasks: StoredTask[] }> {
  if (conf.version !== input.version) throw new HttpError('STALE_VERSION', undefined, undefined, conf)
  for (const [i, d] of input.decisions.entries()) {
    if (d.dueOn < conf.heldOn) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: `decisions.${i}.dueOn`, code: 'invalid_date', message: '完成期限：不能早于会商日期' }])
    if (d.assignee.type === 'department' && !conf.departments.includes(d.assignee.department)) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: `decisions.${i}.assignee`, code: 'not_invited', message: '负责人：负责的部门要在邀请的部门里' }])
    }
  }
  const now = new Date()
  const tasks = await tasksOf(conf, input.decisions, conf.taskCount, now, 'decisions')
  const next: Conference = { ...conf, taskCount: conf.taskCount + tasks.length }
  const line = eventItem(conf.childId, { at: now.toISOString(), kind: 'conference', actorId: actor.id, actorName: actor.displayName, text: `个案会商（${conf.heldOn}）补记决定：${decisionsLine(tasks)}`, ref: { type: 'conference', id: conf.id } })
  if (!(await addTasks(conf, next, tasks, [line]))) throw new HttpError('STALE_VERSION', undefined, undefined, (await getConference(conf.id)) ?? conf)
  return { conference: { ...next, version: conf.version + 1 }, tasks }
}

/** Who may mark a task done: its department's liaisons in the county, or staff working the child's area. */
export function mayActOn(user: SessionUser, t: Pick<StoredTask, 'assignee' | 'countyCode' | 'villageCode'>): boolean {
  if (user.role === 'department_liaison') return t.assignee.type === 'department' && user.department === t.assignee.department && user.divisionCode === t.countyCode
  return inJurisdiction(user, t.villageCode)
}

/** A task done, with what was done; the child's timeline says so. */
export async function completeTask(t: StoredTask, input: CompleteTask, actor: SessionUser): Promise<StoredTask> {
  if (t.version !== input.version) throw new HttpError('STALE_VERSION', undefined, undefined, t)
  if (t.status === 'done') throw new HttpError('INVALID_TRANSITION', '这项任务已经完成')
  const at = new Date().toISOString()
  const next: StoredTask = { ...t, status: 'done', doneAt: at, doneNote: input.note, doneByName: actor.displayName, reminderStage: 'none', remindAt: undefined }
  const line = eventItem(t.childId, { at, kind: 'conference', actorId: actor.id, actorName: actor.displayName, text: `会商决定已完成：${t.what}（${t.assigneeLabel}）。${input.note}`, ref: { type: 'conference', id: t.conferenceId } })
  if (!(await saveTask(t, next, [line]))) throw new HttpError('STALE_VERSION', undefined, undefined, (await getTask(t.id)) ?? t)
  return { ...next, version: t.version + 1 }
}

/** Pages a notification opens: the assignee's task (first, above the rest of their tasks), the convener's conference. */
export const conferencePages = {
  task: (id: string) => `cases/tasks/index?id=${id}`,
  conference: (id: string) => `cases/conference/index?id=${id}`,
}

/** Who must act on a task: the staff assignee, or every liaison of the department in the child's county. */
async function assigneePeople(t: Pick<StoredTask, 'assignee' | 'countyCode'>): Promise<string[]> {
  if (t.assignee.type === 'staff') return [t.assignee.userId]
  return (await liaisonsOfDepartment(t.countyCode, t.assignee.department)).map((u) => u.id)
}

const isTaskItem = (image: Record<string, unknown>) => String(image.pk).startsWith('CONF#') && String(image.sk).startsWith('TASK#')

/**
 * Stream side: a new task tells whoever must act on it (in the inbox, and from there by WeChat
 * like every notification). A department's liaisons read only what the task says — its subject
 * is the task, never the child. A department without a liaison account here yet is told by hand:
 * the convener is asked to. Notification ids follow from the task, so a retried batch tells
 * nobody twice.
 */
export async function conferenceTaskChanged(eventName: string, image: Record<string, unknown>): Promise<void> {
  if (eventName !== 'INSERT' || !isTaskItem(image)) return
  const t = image as unknown as StoredTask
  if (t.status !== 'open') return
  const people = await assigneePeople(t)
  if (!people.length && t.assignee.type === 'department') {
    await notifyPeople([t.conveneById], {
      kind: 'conference_task_new',
      subject: { type: 'conference_task', id: t.id },
      page: conferencePages.conference(t.conferenceId),
      title: `${departmentLabel[t.assignee.department]}还没有联络人账号`,
      body: `请电话或书面告诉该部门：${t.what}，${t.dueOn} 前完成。`,
      occasion: 'no_liaison',
    })
    return
  }
  await notifyPeople(people, {
    kind: 'conference_task_new',
    subject: { type: 'conference_task', id: t.id },
    page: conferencePages.task(t.id),
    title: '个案会商交给您一项任务',
    body: `${t.what}，${t.dueOn} 前完成。`,
  })
}

/**
 * A task's reminders: two days before its due date and on it (09:00 China time), to whoever
 * must act (the staff assignee, or the department's liaisons) and to the supervisor who
 * convened. Each reminder moves the task's due time on in a versioned write, so two
 * overlapping runs remind once.
 */
async function fireTaskReminder(item: DueItem, now: Date): Promise<boolean> {
  const t = await getTask(taskIdOfKey(item))
  if (!t || t.status === 'done' || t.reminderStage === 'none' || !t.remindAt || t.remindAt > now.toISOString()) return false
  const stage = t.reminderStage
  const next: StoredTask = stage === 'before' ? { ...t, reminderStage: 'at', remindAt: morningOf(t.dueOn) } : { ...t, reminderStage: 'none', remindAt: undefined }
  if (!(await saveTask(t, next))) {
    log.info('conference task reminder skipped: task changed meanwhile', { taskId: t.id })
    return false
  }
  const title = stage === 'before' ? '会商决定快到期了' : '会商决定今天到期'
  const body = `${t.assigneeLabel}：${t.what}，${t.dueOn} 前完成。`
  const assignees = (await assigneePeople(t)).filter((id) => id !== t.conveneById)
  await notifyPeople(assignees, { kind: 'conference_task_due', subject: { type: 'conference_task', id: t.id }, page: conferencePages.task(t.id), title, body: `${t.what}，${t.dueOn} 前完成。`, occasion: stage }, now.toISOString())
  await notifyPeople(
    [t.conveneById],
    { kind: 'conference_task_due', subject: { type: 'child', id: t.childId }, page: conferencePages.conference(t.conferenceId), title, body, occasion: `${t.id}-${stage}` },
    now.toISOString(),
  )
  return true
}

export const conferenceTaskDue: DueKind = { kind: CONF_TASK_DUE, fire: fireTaskReminder }
