import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { addStaff, signIn } from './helpers'
import { addDays, chinaToday, enrolled, recordVisit, storedChild, timeline, visitBody } from './children-fixtures'

useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, second: Staff

beforeAll(async () => {
  dinghu = await signIn('dinghu')
  second = await addStaff({ username: 'dinghu-2', role: 'village_director', displayName: '钱主任', divisionCode: '341324102200', divisionName: '丁湖村' })
})

describe('visit and contact records', () => {
  it('a form written offline and submitted twice (same Idempotency-Key) makes one record; another body under the key is refused', async () => {
    const file = await enrolled(dinghu.token, { name: '走访甲', birthDate: '2014-05-01' })
    const body = visitBody({ visitedOn: addDays(chinaToday(), -2), note: '离线填写', followUp: '下周送学习用品' })
    const first = await recordVisit(dinghu.token, file.id, body, 'offline-visit-0001')
    const retry = await recordVisit(dinghu.token, file.id, body, 'offline-visit-0001')
    expect(first.status).toBe(201)
    expect(retry.status).toBe(200)
    expect(retry.body.visit.id).toBe(first.body.visit.id)
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'visit')).toHaveLength(1)
    expect((await storedChild(file.id)).version).toBe(first.body.child.version)
    expect((await recordVisit(dinghu.token, file.id, { ...body, note: '改了' }, 'offline-visit-0001')).status).toBe(422)
    expect((await call('POST', `/staff/children/${file.id}/visits`, { token: dinghu.token, body })).status).toBe(400)
  })

  it('two directors recording at once: both records kept, the file updated twice', async () => {
    const file = await enrolled(dinghu.token, { name: '走访乙', birthDate: '2014-05-02' })
    const [a, b] = await Promise.all([
      recordVisit(dinghu.token, file.id, visitBody({ visitedOn: addDays(chinaToday(), -1), note: '李主任' })),
      recordVisit(second.token, file.id, visitBody({ kind: 'phone', visitedOn: chinaToday(), note: '钱主任' })),
    ])
    expect([a.status, b.status]).toEqual([201, 201])
    const visits = (await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'visit')
    expect(visits.map((v) => v.actorName).sort()).toEqual([dinghu.displayName, second.displayName].sort())
    const stored = await storedChild(file.id)
    expect(stored.version).toBe(file.version + 2)
    expect(stored).toMatchObject({ lastHomeVisitOn: addDays(chinaToday(), -1), lastContactOn: chinaToday() })
  })

  it('problems found join the file and are resolved with how; a regrade on the visit is recorded', async () => {
    const file = await enrolled(dinghu.token, { name: '走访丙', birthDate: '2014-05-03' })
    const checks = { ...visitBody().checks, safety: { rating: 'problem', note: '电线裸露' } }
    const res = await recordVisit(dinghu.token, file.id, visitBody({ checks, problems: ['家中电线裸露', '冬衣不足'], regrade: { situations: ['care_lacking'], reason: '照护明显不足' } }))
    expect(res.status).toBe(201)
    expect(res.body.visit.text).toContain('安全有问题')
    expect(res.body.child).toMatchObject({ openProblems: 2, grade: { colour: 'blue' } })
    const problem = res.body.child.problems[0]
    const fixed = await call('POST', `/staff/children/${file.id}/problems/${problem.id}/resolve`, { token: dinghu.token, body: { resolution: '联系电工更换了电线' } })
    expect(fixed.status).toBe(200)
    expect(fixed.body.openProblems).toBe(1)
    expect(fixed.body.problems[0]).toMatchObject({ resolvedByName: dinghu.displayName, resolution: '联系电工更换了电线' })
    expect((await call('POST', `/staff/children/${file.id}/problems/${problem.id}/resolve`, { token: dinghu.token, body: { resolution: '再次' } })).status).toBe(409)
    const kinds = (await timeline(dinghu.token, file.id)).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['visit', 'graded', 'problem_resolved']))
  })

  it('notes, help given and problems found show on the timeline, newest first, paged with a cursor', async () => {
    const file = await enrolled(dinghu.token, { name: '走访丁', birthDate: '2014-05-04' })
    await call('POST', `/staff/children/${file.id}/notes`, { token: dinghu.token, body: { text: '和班主任通了电话' } })
    await call('POST', `/staff/children/${file.id}/help`, { token: dinghu.token, body: { kind: 'material', givenOn: chinaToday(), text: '送去冬衣两套' } })
    const p = await call('POST', `/staff/children/${file.id}/problems`, { token: dinghu.token, body: { text: '作业无人辅导' } })
    expect(p.status).toBe(201)
    const first = await call('GET', `/staff/children/${file.id}/timeline?limit=2`, { token: dinghu.token })
    expect(first.body.items.map((e: any) => e.kind)).toEqual(['problem_found', 'help'])
    expect(first.body.nextCursor).toBeTruthy()
    const next = await call('GET', `/staff/children/${file.id}/timeline?limit=2&cursor=${first.body.nextCursor}`, { token: dinghu.token })
    expect(next.body.items.map((e: any) => e.kind)).toEqual(['note', 'created'])
    expect((await call('GET', `/staff/children/${file.id}/timeline?cursor=garbage`, { token: dinghu.token })).status).toBe(400)
  })

  it('bad visit input: each bad field named in Chinese with a stable code; nothing stored', async () => {
    const file = await enrolled(dinghu.token, { name: '走访戊', birthDate: '2014-05-05' })
    const res = await recordVisit(dinghu.token, file.id, {
      kind: 'phone',
      visitedOn: addDays(chinaToday(), 2),
      checks: { guardianship: { rating: 'meh' } },
      photoKeys: ['incoming/x/a.jpg'],
    })
    expect(res.status).toBe(400)
    const byField = Object.fromEntries(res.body.error.fields.map((f: any) => [f.field, f]))
    expect(byField.visitedOn.message).toBe('走访日期不能晚于今天')
    expect(byField['checks.guardianship.rating']).toBeTruthy()
    expect(byField['checks.safety'].message).toMatch(/^安全：/)
    const photos = await recordVisit(dinghu.token, file.id, visitBody({ kind: 'phone', photoKeys: [`incoming/${dinghu.id}/0a1b.jpg`] }))
    expect(photos.status).toBe(400)
    expect(photos.body.error.fields).toEqual([expect.objectContaining({ field: 'photoKeys', message: '电话或视频联系不需要上传照片' })])
    const foreign = await recordVisit(dinghu.token, file.id, visitBody({ photoKeys: ['incoming/SOMEONEELSE/0a1b.jpg'] }))
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.fields[0]).toMatchObject({ field: 'photoKeys.0', code: 'not_yours' })
    expect((await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)
  })
})
