import * as z from 'zod'
import { CivilDate } from './civil-date'
import { Department } from './departments'
import { SeenVersion } from './errors'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const text = (max: number, label: string) => z.string({ error: `请填写${label}` }).trim().max(max, { error: `不超过 ${max} 字` })

/**
 * 个案会商 (004 §4(二): 特殊个案需多部门协商处理的，召集个案会商会议解决). The township supervisor
 * convenes it; what is put before the departments is the least the case needs (004 §4:
 * departments receive only what their task needs), chosen field by field.
 */
export const ConferenceFact = z.enum(['name', 'sex', 'age', 'village', 'colour', 'schooling', 'health', 'caregiver', 'parents', 'openProblems', 'guardianship'], {
  error: '请选择要提供给会商的信息',
})
export type ConferenceFact = z.infer<typeof ConferenceFact>
export const conferenceFactLabel: Record<ConferenceFact, string> = {
  name: '孩子姓名',
  sex: '性别',
  age: '年龄',
  village: '所在村（社区）',
  colour: '关爱等级',
  schooling: '就学情况',
  health: '健康情况',
  caregiver: '照料人情况',
  parents: '父母情况',
  openProblems: '待解决的问题',
  guardianship: '临时监护情况',
}
/** The default share: who the child is and where, nothing about the family (004 §4). */
export const DEFAULT_CONFERENCE_FACTS: readonly ConferenceFact[] = ['name', 'age', 'village']

/** Who carries out a decision: a staff account of the child's area, or a county department. */
export const TaskAssignee = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('staff'), userId: z.string().trim().min(1, { error: '请选择负责人' }).max(64, { error: '负责人无效' }) }),
    z.object({ type: z.literal('department'), department: Department }),
  ],
  { error: '请选择由谁负责' },
)
export type TaskAssignee = z.infer<typeof TaskAssignee>

export const ConferenceDecision = z.object({
  what: text(500, '要做的事').min(2, { error: '请写明要做的事' }),
  assignee: TaskAssignee,
  dueOn: CivilDate,
})
export type ConferenceDecision = z.infer<typeof ConferenceDecision>

export const ConveneConference = z
  .object({
    childId: z.string().trim().min(1, { error: '请选择孩子' }).max(64, { error: '孩子编号无效' }),
    heldOn: CivilDate,
    place: z.preprocess(blank, text(100, '地点').optional()),
    /** Why the case needs several departments: the question put before the conference. */
    subject: text(500, '会商事由').min(4, { error: '请写明会商事由' }),
    departments: z.array(Department).max(9).default([]),
    people: z.array(z.object({ name: text(30, '姓名').min(1, { error: '请填写姓名' }), unit: z.preprocess(blank, text(50, '单位').optional()) })).max(20, { error: '最多 20 人' }).default([]),
    facts: z.array(ConferenceFact).max(ConferenceFact.options.length).default([...DEFAULT_CONFERENCE_FACTS]),
    decisions: z.array(ConferenceDecision).max(30, { error: '一次最多 30 项决定' }).default([]),
    summary: z.preprocess(blank, text(2000, '会商纪要').optional()),
  })
  .superRefine((v, ctx) => {
    if (!v.departments.length && !v.people.length) ctx.addIssue({ code: 'custom', path: ['departments'], message: '请至少邀请一个部门或一个人' })
    v.decisions.forEach((d, i) => {
      if (d.dueOn < v.heldOn) ctx.addIssue({ code: 'custom', path: ['decisions', i, 'dueOn'], message: '不能早于会商日期' })
      if (d.assignee.type === 'department' && !v.departments.includes(d.assignee.department)) {
        ctx.addIssue({ code: 'custom', path: ['decisions', i, 'assignee'], message: '负责的部门要在邀请的部门里' })
      }
    })
  })
export type ConveneConference = z.infer<typeof ConveneConference>

export const AddDecisions = z.object({ version: SeenVersion, decisions: z.array(ConferenceDecision).min(1, { error: '请至少填写一项决定' }).max(30, { error: '一次最多 30 项决定' }) })
export type AddDecisions = z.infer<typeof AddDecisions>

export const CompleteTask = z.object({ version: SeenVersion, note: text(1000, '完成情况').min(2, { error: '请写明完成情况' }) })
export type CompleteTask = z.infer<typeof CompleteTask>

export const conferenceFieldLabels: Record<string, string> = {
  childId: '孩子',
  heldOn: '会商日期',
  place: '地点',
  subject: '会商事由',
  departments: '邀请的部门',
  people: '邀请的人员',
  facts: '提供的信息',
  decisions: '会商决定',
  summary: '会商纪要',
  what: '要做的事',
  assignee: '负责人',
  dueOn: '完成期限',
  note: '完成情况',
  version: '记录版本',
}

/** The shared facts, as values already put in plain words. */
export const SharedFacts = z.record(z.string(), z.string())
export type SharedFacts = z.infer<typeof SharedFacts>

export const TaskStatus = z.enum(['open', 'done'])
export type TaskStatus = z.infer<typeof TaskStatus>

export const ConferenceTask = z.object({
  id: z.string(),
  conferenceId: z.string(),
  what: z.string(),
  assignee: TaskAssignee,
  assigneeLabel: z.string(),
  dueOn: z.string(),
  status: TaskStatus,
  doneAt: z.string().optional(),
  doneNote: z.string().optional(),
  doneByName: z.string().optional(),
  version: z.number().int(),
})
export type ConferenceTask = z.infer<typeof ConferenceTask>

export const Conference = z.object({
  id: z.string(),
  childId: z.string(),
  /** The child's name and village as they were when the conference was held: the township's list shows them without reading each file. */
  childName: z.string().optional(),
  villageName: z.string().optional(),
  villageCode: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  heldOn: z.string(),
  place: z.string().optional(),
  subject: z.string(),
  departments: z.array(Department),
  people: z.array(z.object({ name: z.string(), unit: z.string().optional() })),
  facts: z.array(ConferenceFact),
  sharedFacts: SharedFacts,
  summary: z.string().optional(),
  taskCount: z.number().int(),
  conveneById: z.string(),
  conveneByName: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
})
export type Conference = z.infer<typeof Conference>

export const ConferenceView = Conference.extend({ tasks: z.array(ConferenceTask) })
export type ConferenceView = z.infer<typeof ConferenceView>

/** What a department liaison sees of a task: the task and the facts the conference shared, nothing else. */
export const DepartmentTaskView = z.object({
  id: z.string(),
  what: z.string(),
  dueOn: z.string(),
  status: TaskStatus,
  doneAt: z.string().optional(),
  doneNote: z.string().optional(),
  heldOn: z.string(),
  subject: z.string(),
  sharedFacts: SharedFacts,
  version: z.number().int(),
})
export type DepartmentTaskView = z.infer<typeof DepartmentTaskView>

/** A row of the township's conferences: the index's `row` (functions/src/data/conferences.ts). */
export const ConferenceListRow = Conference.pick({ id: true, childId: true, childName: true, villageCode: true, villageName: true, heldOn: true, subject: true, taskCount: true })
export type ConferenceListRow = z.infer<typeof ConferenceListRow>

export const ConferencePage = z.object({ items: z.array(ConferenceListRow), nextCursor: z.string().optional() })
export type ConferencePage = z.infer<typeof ConferencePage>

/** A task as staff given it see it: the task and what the conference was about. */
export const StaffTaskView = ConferenceTask.extend({ heldOn: z.string(), subject: z.string(), sharedFacts: SharedFacts })
export type StaffTaskView = z.infer<typeof StaffTaskView>

/** A task in someone's list: a department liaison gets `DepartmentTaskView`, staff `StaffTaskView`. */
export const ConferenceTaskItem = z.union([StaffTaskView, DepartmentTaskView])
export type ConferenceTaskItem = z.infer<typeof ConferenceTaskItem>

export const ConferenceTaskPage = z.object({ items: z.array(ConferenceTaskItem), nextCursor: z.string().optional() })
export type ConferenceTaskPage = z.infer<typeof ConferenceTaskPage>

/** Reminders for a task: this many days before the due date, then on it (China time, 09:00). */
export const TASK_REMINDER_DAYS_BEFORE = 2
