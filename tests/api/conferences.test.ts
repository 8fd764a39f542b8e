import { beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { call, staffToken, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { addDays, chinaToday, enrolled, timeline } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let neighbour: Staff
let education: string
let police: string
let educationElsewhere: string

async function liaison(username: string, department: string, divisionCode = '341324000000') {
  const { createAccount } = await import('../../functions/src/data/users')
  const { hashPassword } = await import('../../functions/src/auth/passwords')
  await createAccount({ role: 'department_liaison', displayName: `${department}联络人`, divisionCode, divisionName: '泗县', department } as any, { username, passwordHash: await hashPassword('shouhu123') })
  return staffToken(username)
}

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  neighbour = await signIn('shiding')
  education = await liaison('conf-edu', 'education')
  police = await liaison('conf-police', 'police')
  educationElsewhere = await liaison('conf-edu-xiao', 'education', '341322000000')
})

const today = () => chinaToday()
function conveneBody(childId: string, over: Record<string, unknown> = {}) {
  return {
    childId,
    heldOn: today(),
    place: '丁湖镇政府会议室',
    subject: '孩子长期不上学，家中无人照料',
    departments: ['education', 'police'],
    people: [{ name: '王老师', unit: '丁湖镇中心小学' }],
    decisions: [
      { what: '联系学校安排孩子返校，跟进出勤', assignee: { type: 'department', department: 'education' }, dueOn: addDays(today(), 10) },
      { what: '入户核实照料情况', assignee: { type: 'staff', userId: village.id }, dueOn: addDays(today(), 5) },
    ],
    ...over,
  }
}
const convene = (who: Staff, body: unknown, key = randomUUID()) => call('POST', '/staff/cases/conferences', { token: who.token, body, headers: { 'idempotency-key': key } })
const tasksOf = (token: string, status = 'open') => call('GET', `/staff/conference-tasks?status=${status}`, { token })

async function runTaskDue(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return (await runAllDue(now, { only: ['CONF_TASK'] })).CONF_TASK ?? 0
}

describe('case conferences (004 §4(二) 个案会商)', () => {
  it('the township supervisor convenes one: decisions become tracked tasks and the record is on the child\'s timeline', async () => {
    const child = await enrolled(village.token)
    const res = await convene(township, conveneBody(child.id))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ childId: child.id, facts: ['name', 'age', 'village'], taskCount: 2 })
    // The default share: who and where, nothing about the family.
    expect(Object.keys(res.body.sharedFacts)).toEqual(['孩子姓名', '年龄', '所在村（社区）'])
    expect(res.body.sharedFacts['所在村（社区）']).toBe('丁湖镇丁湖村')
    expect(JSON.stringify(res.body.sharedFacts)).not.toContain('测大山')
    expect(res.body.tasks.map((t: any) => [t.assigneeLabel, t.status])).toEqual([['教育局', 'open'], [village.displayName, 'open']])
    const line = (await timeline(village.token, child.id)).find((e) => e.kind === 'conference')
    expect(line).toMatchObject({ ref: { type: 'conference', id: res.body.id } })
    expect(line!.text).toContain('教育局：联系学校安排孩子返校')

    const read = await call('GET', `/staff/cases/conferences/${res.body.id}`, { token: village.token })
    expect(read.status).toBe(200)
    expect(read.body.tasks).toHaveLength(2)
  })

  it('the township\'s list of its conferences: newest first, each with the child\'s name and village, page by page to the end', async () => {
    const a = await enrolled(village.token)
    const b = await enrolled(village.token)
    const first = await convene(township, conveneBody(a.id, { heldOn: addDays(today(), -3), subject: '先开的会商' }))
    const second = await convene(township, conveneBody(b.id, { subject: '后开的会商' }))
    expect([first.status, second.status]).toEqual([201, 201])
    const rows: any[] = []
    let cursor: string | undefined
    do {
      const page = await call('GET', `/staff/cases/conferences?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: township.token })
      expect(page.status).toBe(200)
      expect(page.body.items.length).toBeLessThanOrEqual(1)
      rows.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor)
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
    const ours = rows.filter((r) => r.id === first.body.id || r.id === second.body.id)
    // Held today before held three days ago; each row says whose conference it was and where.
    expect(ours).toEqual([
      { id: second.body.id, childId: b.id, childName: b.name, villageCode: '341324102200', villageName: '丁湖村', heldOn: today(), subject: '后开的会商', taskCount: 2 },
      { id: first.body.id, childId: a.id, childName: a.name, villageCode: '341324102200', villageName: '丁湖村', heldOn: addDays(today(), -3), subject: '先开的会商', taskCount: 2 },
    ])
    // The list is the township's: the county officer and a village director are sent elsewhere.
    expect((await call('GET', '/staff/cases/conferences', { token: county.token })).status).toBe(403)
    expect((await call('GET', '/staff/cases/conferences', { token: village.token })).status).toBe(403)
  })

  it('a department sees only its own tasks and only the shared facts; another department and another county see nothing', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id, { facts: ['name', 'schooling'] }))).body
    const edu = (await tasksOf(education)).body.items.filter((t: any) => t.subject === conf.subject && t.id.startsWith(conf.id))
    expect(edu).toHaveLength(1)
    expect(Object.keys(edu[0]).sort()).toEqual(['dueOn', 'heldOn', 'id', 'sharedFacts', 'status', 'subject', 'version', 'what'])
    expect(edu[0].sharedFacts).toEqual({ 孩子姓名: '测小明', 就学情况: '小学，丁湖镇中心小学，三年级' })
    expect((await tasksOf(police)).body.items.filter((t: any) => t.id.startsWith(conf.id))).toHaveLength(0)
    expect((await tasksOf(educationElsewhere)).body.items).toHaveLength(0)
    // Nor can they reach the conference or the child's file.
    expect((await call('GET', `/staff/cases/conferences/${conf.id}`, { token: education })).status).toBe(403)
    expect((await call('GET', `/staff/children/${child.id}`, { token: education })).status).toBe(403)
    // The staff assignee sees their own task.
    expect((await tasksOf(village.token)).body.items.some((t: any) => t.id === conf.tasks[1].id)).toBe(true)
  })

  it('a department marks its task done with a note; another department cannot; a stale version is refused; the timeline says so', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id))).body
    const task = conf.tasks[0]
    expect((await call('POST', `/staff/conference-tasks/${task.id}/done`, { token: police, body: { version: task.version, note: '已处理' } })).status).toBe(404)
    expect((await call('POST', `/staff/conference-tasks/${task.id}/done`, { token: neighbour.token, body: { version: task.version, note: '已处理' } })).status).toBe(403)
    const bad = await call('POST', `/staff/conference-tasks/${task.id}/done`, { token: education, body: { version: task.version, note: '' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'note', message: expect.stringContaining('完成情况') })
    const done = await call('POST', `/staff/conference-tasks/${task.id}/done`, { token: education, body: { version: task.version, note: '孩子已于周一返校' } })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ status: 'done', doneNote: '孩子已于周一返校' })
    expect(done.body.sharedFacts).toBeDefined()
    const stale = await call('POST', `/staff/conference-tasks/${task.id}/done`, { token: education, body: { version: task.version, note: '再次' } })
    expect(stale.status).toBe(409)
    expect(Object.keys(stale.body.error.current)).not.toContain('childId')
    expect((await tasksOf(education)).body.items.some((t: any) => t.id === task.id)).toBe(false)
    expect((await tasksOf(education, 'all')).body.items.find((t: any) => t.id === task.id)).toMatchObject({ status: 'done' })
    expect((await timeline(village.token, child.id)).some((e) => e.kind === 'conference' && e.text.includes('孩子已于周一返校'))).toBe(true)
    const read = await call('GET', `/staff/cases/conferences/${conf.id}`, { token: township.token })
    expect(read.body.tasks[0]).toMatchObject({ status: 'done', doneByName: expect.any(String) })
  })

  it('reminders two days before and on the due date, each once, to the assignee and the convener; none after done', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id))).body
    const staffTask = conf.tasks[1]
    const dueOn = staffTask.dueOn
    const before = new Date(Date.parse(`${addDays(dueOn, -2)}T09:00:00+08:00`))
    const on = new Date(Date.parse(`${dueOn}T09:00:00+08:00`))
    const remindersFor = async (token: string) => {
      await ctx.streamIdle()
      return (await call('GET', '/notifications?limit=100', { token })).body.items.filter((n: any) => n.kind === 'conference_task_due' && (n.subject.id === child.id || n.subject.id === staffTask.id))
    }
    await runTaskDue(new Date(before.getTime() - 60_000))
    expect(await remindersFor(village.token)).toHaveLength(0)
    await runTaskDue(before)
    await runTaskDue(before)
    expect((await remindersFor(village.token)).map((n) => n.title)).toEqual(['会商决定快到期了'])
    await runTaskDue(on)
    expect((await remindersFor(village.token)).map((n) => n.title).sort()).toEqual(['会商决定今天到期', '会商决定快到期了'])
    // The convener is reminded of the staff task too (the education task is not due yet).
    expect(await remindersFor(township.token)).toHaveLength(2)
    await runTaskDue(new Date(on.getTime() + 30 * 86_400_000))
    expect(await remindersFor(village.token)).toHaveLength(2)
    // The department's task reminds its liaisons (before and on the day), with the task as subject, never the child.
    // (The run a month on sent its first reminder late; the next run sends the one of the day.)
    await runTaskDue(new Date(on.getTime() + 30 * 86_400_000))
    await ctx.streamIdle()
    const eduTask = conf.tasks[0]
    const eduReminders = (await call('GET', '/notifications?limit=100', { token: education })).body.items.filter((n: any) => n.kind === 'conference_task_due' && n.subject.id === eduTask.id)
    expect(eduReminders.map((n: any) => n.title).sort()).toEqual(['会商决定今天到期', '会商决定快到期了'])
    expect(eduReminders.map((n: any) => n.page)).toEqual([`cases/tasks/index?id=${eduTask.id}`, `cases/tasks/index?id=${eduTask.id}`])
    expect(JSON.stringify(eduReminders)).not.toContain(child.id)
  })

  it('only the township supervisor convenes, in their own township; bad input is named field by field; a retry is idempotent', async () => {
    const child = await enrolled(village.token)
    expect((await convene(village, conveneBody(child.id))).status).toBe(403)
    expect((await convene(county, conveneBody(child.id))).status).toBe(403)
    const bad = await convene(township, { childId: child.id, heldOn: 'tomorrow', subject: '', departments: ['army'], decisions: [{ what: '', assignee: { type: 'department', department: 'health' }, dueOn: '2000-01-01' }] })
    expect(bad.status).toBe(400)
    const fields = (bad.body.error.fields as any[]).map((f) => f.field)
    expect(fields).toEqual(expect.arrayContaining(['heldOn', 'subject', 'departments.0', 'decisions.0.what']))
    for (const f of bad.body.error.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/)
    const notInvited = await convene(township, conveneBody(child.id, { departments: ['police'] }))
    expect(notInvited.status).toBe(400)
    expect(notInvited.body.error.fields).toEqual([expect.objectContaining({ field: 'decisions.0.assignee' })])
    const outsider = await convene(township, conveneBody(child.id, { decisions: [{ what: '入户', assignee: { type: 'staff', userId: county.id + 'x' }, dueOn: addDays(today(), 3) }] }))
    expect(outsider.status).toBe(400)

    const key = randomUUID()
    const first = await convene(township, conveneBody(child.id), key)
    const again = await convene(township, conveneBody(child.id), key)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    expect((await timeline(village.token, child.id)).filter((e) => e.kind === 'conference')).toHaveLength(1)
    expect((await convene(township, conveneBody(child.id, { subject: '另一件事情要会商' }), key)).status).toBe(422)

    const stale = await call('POST', `/staff/cases/conferences/${first.body.id}/decisions`, { token: township.token, body: { version: 0, decisions: [{ what: '补充', assignee: { type: 'department', department: 'police' }, dueOn: addDays(today(), 3) }] } })
    expect(stale.status).toBe(409)
    const added = await call('POST', `/staff/cases/conferences/${first.body.id}/decisions`, { token: township.token, body: { version: first.body.version, decisions: [{ what: '核查是否存在侵害', assignee: { type: 'department', department: 'police' }, dueOn: addDays(today(), 3) }] } })
    expect(added.status).toBe(200)
    expect(added.body.tasks).toHaveLength(3)
    expect((await tasksOf(police)).body.items.some((t: any) => t.what === '核查是否存在侵害')).toBe(true)
  })

  it('the neighbouring village cannot read a conference about a dinghu child', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id))).body
    expect((await call('GET', `/staff/cases/conferences/${conf.id}`, { token: neighbour.token })).status).toBe(403)
    expect((await call('GET', `/staff/cases/conferences/${conf.id}`, { token: county.token })).status).toBe(200)
  })
  it('a new task tells its assignee at once: the staff member (inbox and WeChat) and every liaison of the department, never with the child id', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id))).body
    const [eduTask, staffTask] = conf.tasks
    await ctx.streamIdle()
    const newOnes = async (token: string, taskId: string) => (await call('GET', '/notifications?limit=100', { token })).body.items.filter((n: any) => n.kind === 'conference_task_new' && n.subject.id === taskId)
    const mine = await newOnes(village.token, staffTask.id)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ title: '个案会商交给您一项任务', page: `cases/tasks/index?id=${staffTask.id}`, body: expect.stringContaining('入户核实照料情况') })
    // Both education liaisons of 泗县 (the demo account and this file's), not the one of another county, not the police.
    const edu = await newOnes(education, eduTask.id)
    expect(edu).toHaveLength(1)
    expect(JSON.stringify(edu)).not.toContain(child.id)
    expect(await newOnes(await staffToken('sixian-edu'), eduTask.id)).toHaveLength(1)
    expect(await newOnes(educationElsewhere, eduTask.id)).toHaveLength(0)
    expect(await newOnes(police, eduTask.id)).toHaveLength(0)
    // Later decisions tell their assignees too; nothing is sent twice.
    const added = await call('POST', `/staff/cases/conferences/${conf.id}/decisions`, { token: township.token, body: { version: conf.version, decisions: [{ what: '核查是否存在侵害', assignee: { type: 'department', department: 'police' }, dueOn: addDays(today(), 3) }] } })
    expect(added.status).toBe(200)
    await ctx.streamIdle()
    expect(await newOnes(police, added.body.tasks[2].id)).toHaveLength(1)
    expect(await newOnes(village.token, staffTask.id)).toHaveLength(1)
    // The WeChat path: the staff assignee's inbox entry went out as a subscription message.
    const { outbox } = await import('../support/api-harness')
    expect(outbox(ctx.outboxFile).filter((l) => l.page === `cases/tasks/index?id=${staffTask.id}` && String(l.data?.thing2 ?? '').includes('入户核实')).length).toBeGreaterThanOrEqual(1)
  })

  it('reading a task and the task list is audited on the child; a task is read only by its assignee or staff of the child\'s area', async () => {
    const child = await enrolled(village.token)
    const conf = (await convene(township, conveneBody(child.id))).body
    const [eduTask, staffTask] = conf.tasks
    const { childReadAudit } = await import('../../functions/src/data/children')
    const audited = async (userId: string, what: string) => (await childReadAudit(child.id)).filter((a) => a.userId === userId && a.what === what).length

    const eduId = (await call('GET', '/me', { token: education })).body.id
    expect((await tasksOf(education)).status).toBe(200)
    expect(await audited(eduId, `conference-task:${eduTask.id}`)).toBe(1)
    const one = await call('GET', `/staff/conference-tasks/${eduTask.id}`, { token: education })
    expect(one.status).toBe(200)
    expect(Object.keys(one.body).sort()).toEqual(['dueOn', 'heldOn', 'id', 'sharedFacts', 'status', 'subject', 'version', 'what'])
    expect(await audited(eduId, `conference-task:${eduTask.id}`)).toBe(2)

    expect((await tasksOf(village.token)).status).toBe(200)
    expect(await audited(village.id, `conference-task:${staffTask.id}`)).toBe(1)
    const mine = await call('GET', `/staff/conference-tasks/${staffTask.id}`, { token: village.token })
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ id: staffTask.id, what: '入户核实照料情况', assignee: { type: 'staff', userId: village.id } })

    // Another department: not there. Another county's education: not there. The neighbouring village: refused. Bad ids: 404.
    expect((await call('GET', `/staff/conference-tasks/${eduTask.id}`, { token: police })).status).toBe(404)
    expect((await call('GET', `/staff/conference-tasks/${eduTask.id}`, { token: educationElsewhere })).status).toBe(404)
    expect((await call('GET', `/staff/conference-tasks/${staffTask.id}`, { token: neighbour.token })).status).toBe(403)
    expect((await call('GET', `/staff/conference-tasks/${'x'.repeat(300)}`, { token: village.token })).status).toBe(404)
    expect((await call('GET', `/staff/conference-tasks/${conf.id}-99`, { token: village.token })).status).toBe(404)
    expect(await audited(neighbour.id, `conference-task:${staffTask.id}`)).toBe(0)
  })
})
