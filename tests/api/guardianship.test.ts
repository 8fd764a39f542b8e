import { beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { addDays, chinaToday, enrolled, getFile, storedChild, timeline, visitBody } from './children-fixtures'

const ctx = useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let village: Staff
let township: Staff
let county: Staff
let neighbour: Staff

beforeAll(async () => {
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
  county = await signIn('sixian')
  neighbour = await signIn('shiding')
})

const today = () => chinaToday()
const body = (over: Record<string, unknown> = {}) => ({
  placement: 'relatives',
  carerName: '孩子的姑姑 测桂兰',
  reason: '孩子被打伤，爷爷无力照料，父母在外联系不上',
  startOn: today(),
  reviewOn: addDays(today(), 30),
  plannedEndOn: addDays(today(), 90),
  ...over,
})
const start = (who: Staff, childId: string, b: unknown = body(), key = randomUUID()) =>
  call('POST', `/staff/cases/children/${childId}/guardianship`, { token: who.token, body: b, headers: { 'idempotency-key': key } })

async function runGuardianshipDue(now: Date) {
  await import('../../functions/src/due/kinds')
  const { runAllDue } = await import('../../functions/src/due/registry')
  return (await runAllDue(now, { only: ['GUARDIANSHIP_REVIEW'] })).GUARDIANSHIP_REVIEW ?? 0
}
const reminders = async (childId: string) => {
  await ctx.streamIdle()
  const inbox = await call('GET', '/notifications?limit=100', { token: county.token })
  return inbox.body.items.filter((n: any) => n.kind === 'guardianship_review_due' && n.subject.id === childId)
}
const sent = async (id: string) => (await call('GET', `/staff/cases/guardianships/${id}`, { token: county.token })).body.remindersSent

describe('temporary guardianship (001 #5: the county civil-affairs bureau holds it)', () => {
  it('the county officer records the placement; the file, its list row and the timeline show it', async () => {
    const child = await enrolled(village.token)
    const res = await start(county, child.id)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ childId: child.id, placement: 'relatives', reviewOn: addDays(today(), 30), version: 1 })

    const file = await getFile(village.token, child.id)
    expect(file.body.temporaryGuardianship).toMatchObject({ id: res.body.id, placement: 'relatives', reviewOn: addDays(today(), 30) })
    const list = await call('GET', '/staff/children?limit=100', { token: township.token })
    expect(list.body.items.find((i: any) => i.id === child.id)).toMatchObject({ temporaryGuardianship: true })
    const other = list.body.items.find((i: any) => i.id !== child.id)
    if (other) expect(other.temporaryGuardianship).toBeUndefined()
    expect((await timeline(village.token, child.id)).find((e) => e.kind === 'guardianship')!.text).toContain('委托亲属抚养')

    const countyList = await call('GET', '/staff/cases/guardianships', { token: county.token })
    expect(countyList.body.items.find((i: any) => i.id === res.body.id)).toMatchObject({ childName: child.name, villageName: '丁湖村' })
    // The row says where the child lives and who cares for them: the list read is audited too.
    const { childReadAudit } = await import('../../functions/src/data/children')
    expect((await childReadAudit(child.id)).filter((a) => a.what === 'guardianship-list').map((a) => a.userId)).toEqual([county.id])
    // The village is refused the list, and its refusal reads nothing.
    expect((await call('GET', '/staff/cases/guardianships', { token: village.token })).status).toBe(403)
    expect((await childReadAudit(child.id)).filter((a) => a.what === 'guardianship-list')).toHaveLength(1)
  })

  it('the township and the village cannot create one; nor can the county twice at once', async () => {
    const child = await enrolled(village.token)
    expect((await start(township, child.id)).status).toBe(403)
    expect((await start(village, child.id)).status).toBe(403)
    expect((await start(neighbour, child.id)).status).toBe(403)
    expect((await storedChild(child.id)).temporaryGuardianship).toBeUndefined()
    expect((await start(county, child.id)).status).toBe(201)
    const second = await start(county, child.id)
    expect(second.status).toBe(409)
  })

  it('a retried submission answers with the first placement; the same key with another body is refused', async () => {
    const child = await enrolled(village.token)
    const key = randomUUID()
    const first = await start(county, child.id, body(), key)
    const again = await start(county, child.id, body(), key)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    expect((await timeline(village.token, child.id)).filter((e) => e.kind === 'guardianship')).toHaveLength(1)
    expect((await start(county, child.id, body({ carerName: '别人' }), key)).status).toBe(422)
  })

  it('bad input: each field named in Chinese, nothing stored', async () => {
    const child = await enrolled(village.token)
    const res = await start(county, child.id, { placement: 'hotel', carerName: '', startOn: today(), reviewOn: today() })
    expect(res.status).toBe(400)
    const fields = Object.fromEntries((res.body.error.fields as any[]).map((f) => [f.field, f.message]))
    expect(fields).toMatchObject({ placement: expect.stringContaining('安置方式'), carerName: expect.stringContaining('照料人'), reason: expect.stringContaining('原因') })
    const early = await start(county, child.id, body({ reviewOn: today() }))
    expect(early.body.error.fields).toEqual([expect.objectContaining({ field: 'reviewOn', message: '复查日期：要晚于开始日期' })])
    expect((await storedChild(child.id)).temporaryGuardianship).toBeUndefined()
  })

  it('the review date reminds the county officer, once per run, and again a week later until reviewed; a review moves it on; a stale one is refused', async () => {
    const child = await enrolled(village.token)
    const g = (await start(county, child.id)).body
    const reviewAt = new Date(Date.parse(`${g.reviewOn}T09:00:00+08:00`))
    await runGuardianshipDue(new Date(reviewAt.getTime() - 60_000))
    expect(await sent(g.id)).toBe(0)
    expect(await runGuardianshipDue(reviewAt)).toBeGreaterThanOrEqual(1)
    expect(await runGuardianshipDue(reviewAt)).toBe(0)
    expect(await sent(g.id)).toBe(1)
    const mine = await reminders(child.id)
    expect(mine).toHaveLength(1)
    expect(mine[0].body).toContain(g.reviewOn)
    // The reminder opens the placement, where the review is recorded.
    expect(mine[0].page).toBe(`cases/guardianship/index?id=${g.id}`)
    // Not reviewed a week later: reminded again.
    await runGuardianshipDue(new Date(reviewAt.getTime() + 7 * 86_400_000))
    expect(await sent(g.id)).toBe(2)
    expect(await reminders(child.id)).toHaveLength(2)
    // The township is not the guardian: not reminded.
    const townshipInbox = await call('GET', '/notifications?limit=100', { token: township.token })
    expect(townshipInbox.body.items.filter((n: any) => n.kind === 'guardianship_review_due')).toHaveLength(0)

    const stale = await call('POST', `/staff/cases/guardianships/${g.id}/review`, { token: county.token, body: { version: 1, note: '孩子在姑姑家适应良好', nextReviewOn: addDays(today(), 60) } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('STALE_VERSION')
    const fresh = (await call('GET', `/staff/cases/guardianships/${g.id}`, { token: county.token })).body
    const reviewed = await call('POST', `/staff/cases/guardianships/${g.id}/review`, { token: county.token, body: { version: fresh.version, note: '孩子在姑姑家适应良好', nextReviewOn: addDays(today(), 60) } })
    expect(reviewed.status).toBe(200)
    expect((await storedChild(child.id)).temporaryGuardianship.reviewOn).toBe(addDays(today(), 60))
    await runGuardianshipDue(new Date(reviewAt.getTime() + 15 * 86_400_000))
    expect(await sent(g.id)).toBe(0)

    // Ending is a decision: where the child goes and why, each named when missing.
    const unexplained = await call('POST', `/staff/cases/guardianships/${g.id}/end`, { token: county.token, body: { version: reviewed.body.version, endOn: today(), outcome: '' } })
    expect(unexplained.status).toBe(400)
    expect(unexplained.body.error.fields.map((f: any) => f.field).sort()).toEqual(['endReason', 'outcome'])
    expect(unexplained.body.error.fields.find((f: any) => f.field === 'endReason').message).toContain('结束的原因')
    const ended = await call('POST', `/staff/cases/guardianships/${g.id}/end`, { token: county.token, body: { version: reviewed.body.version, endOn: today(), outcome: '父亲返乡，孩子回到父亲身边', endReason: '父亲已返乡，能够照料' } })
    expect(ended.status).toBe(200)
    expect(ended.body).toMatchObject({ endOn: today(), outcome: '父亲返乡，孩子回到父亲身边', endReason: '父亲已返乡，能够照料' })
    expect((await storedChild(child.id)).temporaryGuardianship).toBeUndefined()
    const row = (await call('GET', '/staff/children?limit=100', { token: village.token })).body.items.find((i: any) => i.id === child.id)
    expect(row.temporaryGuardianship).toBeUndefined()
    // Ended: no reminder ever again.
    await runGuardianshipDue(new Date(Date.now() + 400 * 86_400_000))
    expect(await sent(g.id)).toBe(0)
    expect(await reminders(child.id)).toHaveLength(2)
  })

  it('a village director of the neighbouring village cannot read the placement', async () => {
    const child = await enrolled(village.token)
    const g = (await start(county, child.id)).body
    expect((await call('GET', `/staff/cases/guardianships/${g.id}`, { token: neighbour.token })).status).toBe(403)
    expect((await call('GET', `/staff/cases/guardianships/${g.id}`, { token: village.token })).status).toBe(200)
    expect((await call('GET', `/staff/cases/guardianships/nope!`, { token: county.token })).status).toBe(404)
    // The allowed read is audited as a read of the child's data; the refused one is not.
    const { childReadAudit } = await import('../../functions/src/data/children')
    const audit = await childReadAudit(child.id)
    expect(audit.filter((a) => a.what === 'guardianship').map((a) => a.userId)).toEqual([village.id])
  })
})

describe('only a file in use takes new case work', () => {
  /** A file closed (moved out of the county) in 丁湖村. */
  async function closedFile(name: string, birthDate: string) {
    const closed = await enrolled(village.token, { name, birthDate })
    const close = await call('POST', `/staff/child-moves/${closed.id}/close`, {
      token: village.token,
      body: { reason: 'moved_out_of_county', effectiveOn: today(), destination: '江苏省宿迁市泗洪县', note: '奶奶电话告知，已核实', version: closed.version },
    })
    expect(close.status, JSON.stringify(close.body)).toBe(200)
    return closed
  }

  /** Two files of one child in 丁湖村, `other` merged into `kept`. */
  async function mergedPair(name: string, birthDate: string) {
    const kept = await enrolled(village.token, { name, birthDate })
    const other = await enrolled(village.token, { name: `${name[0]} ${name.slice(1)}`, birthDate, idNumber: undefined })
    const merge = await call('POST', `/staff/child-moves/${kept.id}/merge`, { token: village.token, body: { otherId: other.id, version: kept.version, otherVersion: other.version } })
    expect(merge.status, JSON.stringify(merge.body)).toBe(200)
    return { kept, other }
  }

  it('a closed file and a file merged into another refuse a temporary guardianship and a case conference (409), and nothing is started', async () => {
    const closed = await closedFile('结档监护', '2014-03-03')
    const { kept, other } = await mergedPair('合并监护', '2014-04-04')

    const convene = (childId: string) =>
      call('POST', '/staff/cases/conferences', {
        token: township.token,
        headers: { 'idempotency-key': randomUUID() },
        body: { childId, heldOn: today(), place: '丁湖镇政府会议室', subject: '孩子长期不上学', departments: ['education'], people: [], decisions: [{ what: '联系学校', assignee: { type: 'department', department: 'education' }, dueOn: addDays(today(), 10) }] },
      })
    for (const id of [closed.id, other.id]) {
      const g = await start(county, id)
      expect(g.status, `guardianship on ${id}`).toBe(409)
      expect(g.body.error.message).toMatch(/结档|合并/)
      const conf = await convene(id)
      expect(conf.status, `conference on ${id}`).toBe(409)
      expect((await storedChild(id)).temporaryGuardianship).toBeUndefined()
      expect((await timeline(village.token, id)).some((e: any) => e.kind === 'guardianship' || e.kind === 'conference')).toBe(false)
    }
    // The file in use still takes both.
    expect((await start(county, kept.id)).status).toBe(201)
    expect((await convene(kept.id)).status).toBe(201)
  })

  it('a closed file and a merged one take no new grade, note, help, problem, epidemic episode, parents’ return or report (409), and nothing is written', async () => {
    const closed = await closedFile('结档工作', '2014-05-05')
    const { kept, other } = await mergedPair('合并工作', '2014-06-06')

    const work: [string, unknown][] = [
      ['/grade', { situations: [], reason: '常态关爱' }],
      ['/notes', { text: '和班主任通了电话' }],
      ['/help', { kind: 'material', givenOn: today(), text: '送去冬衣' }],
      ['/problems', { text: '作业无人辅导' }],
      ['/epidemic/start', { guardian: 'quarantined', startedOn: today() }],
      ['/parents-returned', { returnedOn: today(), relations: ['father'] }],
      ['/reports', { reportId: 'NOPE' }],
    ]
    for (const id of [closed.id, other.id]) {
      const before = { file: await storedChild(id), events: (await timeline(village.token, id)).length }
      for (const [path, body] of work) {
        const res = await call('POST', `/staff/children/${id}${path}`, { token: village.token, body })
        expect(res.status, `${path} on ${id}`).toBe(409)
        expect(res.body.error.message, path).toMatch(/已经结档|已合并/)
      }
      expect(await storedChild(id)).toEqual(before.file)
      expect((await timeline(village.token, id)).length).toBe(before.events)
    }
    // The file in use takes them.
    expect((await call('POST', `/staff/children/${kept.id}/notes`, { token: village.token, body: { text: '和班主任通了电话' } })).status).toBe(201)
  })

  it('a visit recorded on a file merged away (a page or offline queue older than the merge) lands on the file it was merged into; a retry adds nothing', async () => {
    const { kept, other } = await mergedPair('合并走访', '2014-07-07')
    const mergedBefore = await storedChild(other.id)
    const key = randomUUID()
    const body = visitBody({ followUp: '合并后补录的走访' })
    const first = await call('POST', `/staff/children/${other.id}/visits`, { token: village.token, body, headers: { 'idempotency-key': key } })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.child.id).toBe(kept.id)
    const again = await call('POST', `/staff/children/${other.id}/visits`, { token: village.token, body, headers: { 'idempotency-key': key } })
    expect(again.status).toBe(200)
    expect(again.body.visit.id).toBe(first.body.visit.id)
    const visits = (await timeline(village.token, kept.id)).filter((e: any) => e.kind === 'visit' && e.text.includes('合并后补录的走访'))
    expect(visits).toHaveLength(1)
    expect((await storedChild(kept.id)).lastHomeVisitOn).toBe(today())
    expect(await storedChild(other.id)).toEqual(mergedBefore)
  })
})
