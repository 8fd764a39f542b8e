import type { Conference, ConferenceTask, SharedFacts, TaskAssignee } from '@shouhu/shared'
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { dueAttrs } from './due'
import { getItem, type Item, query, queryPage, saveVersioned, transactWrite, tx } from './table'

/**
 * 个案会商 case conferences (004 §4(二)) and the tasks their decisions become:
 *
 * | item        | pk / sk                     | indexes |
 * |-------------|-----------------------------|---------|
 * | conference  | `CONF#id` / `CONF`          | byTownship `CONF#<held on>#id`: the township's conferences |
 * | task        | `CONF#id` / `TASK#nn`       | byOwner `DEPTTASK#<county>#<department>` or `STAFFTASK#<user>` `TASK#<0 open, 1 done>#<due on>#id`: whoever must act, open and soonest first; byDue `DUE#CONF_TASK#nn` at the next reminder while open |
 *
 * A task's `row` carries what its list shows, and for a department exactly the facts the
 * conference chose to share (copied at convening): a liaison's list never reads the child.
 */
export const CONF_TASK_DUE = 'CONF_TASK'

export type ReminderStage = 'before' | 'at' | 'none'
export type StoredTask = ConferenceTask & {
  childId: string
  villageCode: string
  countyCode: string
  heldOn: string
  subject: string
  sharedFacts: SharedFacts
  conveneById: string
  reminderStage: ReminderStage
  remindAt?: string
}

const confKey = (id: string) => ({ pk: `CONF#${id}`, sk: 'CONF' })
/** Task ids are `<conference id>-<n>`: the task's key follows from its id. */
export const taskKey = (taskId: string) => {
  const i = taskId.lastIndexOf('-')
  return { pk: `CONF#${taskId.slice(0, i)}`, sk: `TASK#${taskId.slice(i + 1).padStart(2, '0')}` }
}
export const taskId = (conferenceId: string, n: number) => `${conferenceId}-${n}`

export const ownerOf = (a: TaskAssignee, countyCode: string) => (a.type === 'department' ? `DEPTTASK#${countyCode}#${a.department}` : `STAFFTASK#${a.userId}`)

/** `childId` is there so reading the list is audited on the child; a department's view drops it. */
export const TASK_ROW_FIELDS = ['id', 'conferenceId', 'childId', 'what', 'assigneeLabel', 'dueOn', 'status', 'doneAt', 'doneNote', 'doneByName', 'heldOn', 'subject', 'sharedFacts', 'version'] as const satisfies readonly (keyof StoredTask)[]
export type TaskRow = Pick<StoredTask, (typeof TASK_ROW_FIELDS)[number]>

export function taskItem(t: StoredTask): Item {
  return {
    ...taskKey(t.id),
    ...t,
    row: Object.fromEntries(TASK_ROW_FIELDS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]])),
    ownerPk: ownerOf(t.assignee, t.countyCode),
    ownerSk: `TASK#${t.status === 'done' ? 1 : 0}#${t.dueOn}#${t.id}`,
    ...(t.status === 'open' && t.remindAt ? dueAttrs(CONF_TASK_DUE, t.id, t.remindAt) : {}),
  }
}

export function conferenceItem(c: Conference): Item {
  return {
    ...confKey(c.id),
    ...c,
    // Undefined names (conferences from before they were kept) are dropped when the item is stored.
    row: { id: c.id, childId: c.childId, childName: c.childName, villageCode: c.villageCode, villageName: c.villageName, heldOn: c.heldOn, subject: c.subject, taskCount: c.taskCount },
    townshipPk: `TOWNSHIP#${c.townshipCode}`,
    townshipSk: `CONF#${c.heldOn}#${c.id}`,
  }
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk, sk, row, townshipPk, townshipSk, ownerPk, ownerSk, duePk, dueSk, ...rest } = item
  return rest as T
}

/** Writes a new conference, its tasks, and whatever goes with them (timeline line, idempotency record) at once. */
export async function createConference(c: Conference, tasks: StoredTask[], ifAbsent: Item[], alongside: Item[]): Promise<number> {
  return transactWrite([
    ...ifAbsent.map((i) => tx.put(i, { ifAbsent: true })),
    tx.put(conferenceItem(c), { ifAbsent: true }),
    ...tasks.map((t) => tx.put(taskItem(t), { ifAbsent: true })),
    ...alongside.map((i) => tx.put(i)),
  ])
}

/** More decisions for a conference, on the version the supervisor saw. */
export async function addTasks(previous: Conference, next: Conference, tasks: StoredTask[], alongside: Item[]): Promise<boolean> {
  const others: TransactWriteItem[] = [...tasks.map((t) => tx.put(taskItem(t), { ifAbsent: true })), ...alongside.map((i) => tx.put(i))]
  return (await saveVersioned(conferenceItem({ ...next, version: previous.version + 1 }), previous.version, others)) === -1
}

export async function getConference(id: string): Promise<Conference | undefined> {
  const item = await getItem<Record<string, unknown>>(confKey(id).pk, confKey(id).sk, true)
  return item && strip<Conference>(item)
}

export async function conferenceTasks(id: string): Promise<StoredTask[]> {
  return (await query<Record<string, unknown>>({ pk: `CONF#${id}`, skPrefix: 'TASK#', consistent: true })).map((i) => strip<StoredTask>(i))
}

export async function getTask(id: string): Promise<StoredTask | undefined> {
  const item = await getItem<Record<string, unknown>>(taskKey(id).pk, taskKey(id).sk, true)
  return item && strip<StoredTask>(item)
}

export const taskIdOfKey = (key: { pk: string; sk: string }) => taskId(key.pk.slice('CONF#'.length), Number(key.sk.slice('TASK#'.length)))

/** Saves a changed task (done, or its reminder moved on) only if nobody changed it since. */
export async function saveTask(previous: StoredTask, next: StoredTask, alongside: Item[] = []): Promise<boolean> {
  return (await saveVersioned(taskItem({ ...next, version: previous.version + 1 }), previous.version, alongside.map((i) => tx.put(i)))) === -1
}

/** One page of the tasks someone must act on (a department of a county, or a staff account). */
export async function tasksOwnedBy(owner: string, status: 'open' | 'all', page: { limit: number; cursor?: string }) {
  const { items, cursor } = await queryPage<{ row: TaskRow }>({ index: 'byOwner', pk: owner, skPrefix: status === 'open' ? 'TASK#0#' : 'TASK#', ...page })
  return { rows: items.map((i) => i.row), cursor }
}

/** One page of a township's conferences, newest first. */
export async function conferencesInTownship(townshipCode: string, page: { limit: number; cursor?: string }) {
  const { items, cursor } = await queryPage<{ row: Record<string, unknown> }>({ index: 'byTownship', pk: `TOWNSHIP#${townshipCode}`, skPrefix: 'CONF#', newestFirst: true, ...page })
  return { rows: items.map((i) => i.row), cursor }
}
