import { describe, expect, it, beforeAll } from 'vitest'
import { call, fileReport, reportBody, residentToken, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrol, enrolBody, enrolled, getFile, rawChildItem, storedChild, timeline } from './children-fixtures'

useApi()

type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, shiding: Staff, town: Staff, county: Staff

beforeAll(async () => {
  ;[dinghu, shiding, town, county] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian'].map(signIn))
})

describe('enrolment (摸排建档)', () => {
  it('a director creates a file: ID masked, categories with their clause and version, the first duty with its rule', async () => {
    const body = enrolBody({ name: '建档甲', birthDate: '2014-02-03', grade: { situations: ['dropout'], reason: '本学期多次旷课' } })
    const res = await enrol(dinghu.token, body)
    expect(res.status).toBe(201)
    const file = res.body
    expect(file).toMatchObject({ name: '建档甲', villageName: '丁湖村', townshipName: '丁湖镇', origin: 'survey', grade: { colour: 'yellow', gradedByName: dinghu.displayName } })
    expect(file.idMasked).toMatch(/^341\*+\d{3}[\dX]$/)
    expect(JSON.stringify(file)).not.toContain(body.idNumber)
    expect(file.caregiver.phone).toBe('137****1111')
    const lb = file.categories.find((k: any) => k.id === 'left_behind')
    expect(lb).toMatchObject({ source: '004 §2(一)', policyVersion: 'guangdong 2024.1', basis: 'computed', until: '2030-02-04' })
    expect(file.duties[0]).toMatchObject({ kind: 'home_visit', ruleId: 'yellow_home_visit', clause: '004 §3.2' })
    // The stored item never holds the full number either.
    expect(JSON.stringify(await rawChildItem(file.id))).not.toContain(body.idNumber)
  })

  it('the same child again (same ID number) changes nothing: no second file, no new version', async () => {
    const body = enrolBody({ name: '建档乙', birthDate: '2013-05-06' })
    const first = await enrol(dinghu.token, body)
    expect(first.status).toBe(201)
    const again = await enrol(dinghu.token, body)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: first.body.id, existing: true, version: first.body.version })
    expect((await storedChild(first.body.id)).version).toBe(first.body.version)
  })

  it('a retried submission (same Idempotency-Key) returns the first file; a different body under that key is refused', async () => {
    const body = enrolBody({ name: '建档丙', idNumber: undefined, birthDate: '2016-07-08' })
    const first = await enrol(dinghu.token, body, 'retry-key-0001')
    const retry = await enrol(dinghu.token, body, 'retry-key-0001')
    expect(first.status).toBe(201)
    expect(retry.status).toBe(200)
    expect(retry.body.id).toBe(first.body.id)
    const other = await enrol(dinghu.token, { ...body, name: '建档丁' }, 'retry-key-0001')
    expect(other.status).toBe(422)
  })

  it('the import workflow is idempotent by row key and all or nothing per child', async () => {
    const { enrolChild } = await import('../../functions/src/workflows/children')
    const { EnrolChild } = await import('@shouhu/shared')
    const input = EnrolChild.parse(enrolBody({ name: '导入甲', idNumber: undefined, birthDate: '2012-01-02' }))
    const actor = { id: county.id, role: 'county_officer' as const, displayName: county.displayName }
    const a = await enrolChild(input, actor, { origin: 'import', importKey: '341324:导入甲:2012-01-02:341324102200', lastHomeVisitOn: '2026-01-01' })
    const b = await enrolChild(input, actor, { origin: 'import', importKey: '341324:导入甲:2012-01-02:341324102200', lastHomeVisitOn: '2026-01-01' })
    expect(a.outcome).toBe('created')
    expect(b).toMatchObject({ outcome: 'unchanged', child: { id: a.child.id, version: a.child.version } })
    expect(a.child.lastHomeVisitOn).toBe('2026-01-01')
    const c = await enrolChild({ ...input, note: '台账更新' }, actor, { origin: 'import', importKey: '341324:导入甲:2012-01-02:341324102200' })
    expect(c).toMatchObject({ outcome: 'updated', child: { id: a.child.id, note: '台账更新' } })
    const kinds = (await timeline(county.token, a.child.id)).map((e) => e.kind)
    expect(kinds.filter((k) => k === 'created')).toHaveLength(1)
    expect(kinds.filter((k) => k === 'updated')).toHaveLength(1)
  })

  it('bad input: 400 naming each bad field in Chinese with a stable code; nothing stored', async () => {
    const res = await enrol(dinghu.token, {
      ...enrolBody(),
      name: '',
      birthDate: '2015-02-30',
      idNumber: '341324201501011235',
      villageCode: '3413',
      parents: [{ relation: 'father', situation: 'working_away' }, { relation: 'father', situation: 'unable' }],
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    const fields = Object.fromEntries(res.body.error.fields.map((f: any) => [f.field, f]))
    expect(fields.name.message).toMatch(/^孩子姓名：/)
    expect(fields.birthDate.message).toMatch(/^出生日期：/)
    expect(fields.idNumber.message).toContain('校验位')
    expect(fields.villageCode.code).toBeTruthy()
    expect(fields['parents.0.workplaceCode'].message).toContain('务工地')
    expect(fields['parents.1.relation'].message).toContain('父亲和母亲')
    expect(fields['parents.1.unableReason']).toBeTruthy()
  })

  it('an unknown village or a category the locality does not have: 400 with the field', async () => {
    const res = await enrol(dinghu.token, enrolBody({ difficultyCategories: ['not_a_category'] }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'difficultyCategories.0', code: 'unknown_category' })])
  })

  it('no Idempotency-Key: 400', async () => {
    const res = await call('POST', '/staff/children', { token: dinghu.token, body: enrolBody() })
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0]).toMatchObject({ field: 'Idempotency-Key', code: 'missing_idempotency_key' })
  })

  it('a director cannot enrol a child of the neighbouring village; the neighbour cannot take over a file by its ID number', async () => {
    expect((await enrol(dinghu.token, enrolBody({ villageCode: '341324102201' }))).status).toBe(403)
    const body = enrolBody({ name: '建档戊', birthDate: '2011-09-09' })
    const mine = await enrol(dinghu.token, body)
    expect(mine.status).toBe(201)
    const taken = await enrol(shiding.token, { ...body, villageCode: '341324102201' })
    expect(taken.status).toBe(409)
    expect((await storedChild(mine.body.id)).villageCode).toBe('341324102200')
  })
})

describe('correcting the basic information', () => {
  it('is made on the version shown: an older one is refused with the file as it is now, never laid over it', async () => {
    const body = enrolBody({ name: '更正甲', birthDate: '2013-03-03' })
    const file = await enrolled(dinghu.token, body)
    const noVersion = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body })
    expect(noVersion.status).toBe(400)
    expect(noVersion.body.error.fields[0]).toMatchObject({ field: 'version' })

    // The township corrects the name first; the director's change, made on the file as first
    // shown (the old name, a note), comes second.
    const byTown = await call('POST', `/staff/children/${file.id}/update`, { token: town.token, body: { ...body, name: '更正丙', version: file.version } })
    expect(byTown.status, JSON.stringify(byTown.body)).toBe(200)
    expect(byTown.body.version).toBe(file.version + 1)
    const late = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...body, note: '奶奶腿脚不便', version: file.version } })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('STALE_VERSION')
    expect(late.body.error.current).toMatchObject({ id: file.id, name: '更正丙', version: byTown.body.version })
    expect(await storedChild(file.id)).toMatchObject({ name: '更正丙' })
    expect((await storedChild(file.id)).note).toBeUndefined()

    // Made again on the file as it is now, it is kept beside the township's name.
    const again = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...body, name: late.body.error.current.name, note: '奶奶腿脚不便', version: late.body.error.current.version } })
    expect(again.status).toBe(200)
    expect(await storedChild(file.id)).toMatchObject({ name: '更正丙', note: '奶奶腿脚不便' })
  })
})

describe('correcting what staff see masked', () => {
  it('keeps a phone or the ID number left out as stored; a new caregiver does not inherit the old one’s phone', async () => {
    const body = enrolBody({ name: '更正丁', birthDate: '2012-02-02' })
    const file = await enrolled(dinghu.token, body)
    const stored = await storedChild(file.id)
    // What the edit screen sends: the fields as shown, phones and ID left out.
    const { idNumber: _id, ...shown } = body
    const withoutPhones = {
      ...shown,
      parents: body.parents.map(({ phone: _p, ...p }: any) => p),
      caregiver: { ...body.caregiver, phone: undefined },
      schooling: { ...body.schooling, grade: '四年级' },
    }
    const res = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...withoutPhones, version: file.version } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const after = await storedChild(file.id)
    expect(after.schooling.grade).toBe('四年级')
    expect(after.parents.find((p: any) => p.relation === 'father').phone).toBe('13912345678')
    expect(after.caregiver.phone).toBe('13700001111')
    expect(after.idMasked).toBe(stored.idMasked)
    // On screen the phones are still masked.
    expect(JSON.stringify(res.body)).not.toContain('13912345678')

    // Another caregiver, no phone given: the grandmother's phone is not theirs.
    const next = await call('POST', `/staff/children/${file.id}/update`, {
      token: dinghu.token,
      body: { ...withoutPhones, caregiver: { name: '测姑姑', relationship: 'other_relative', livesWithChild: true }, version: res.body.version },
    })
    expect(next.status, JSON.stringify(next.body)).toBe(200)
    expect((await storedChild(file.id)).caregiver).toMatchObject({ name: '测姑姑' })
    expect((await storedChild(file.id)).caregiver.phone).toBeUndefined()
  })

  it('deletes a stored phone named in removePhones, and refuses one both deleted and retyped', async () => {
    const body = enrolBody({ name: '更正戊', birthDate: '2012-03-03' })
    const file = await enrolled(dinghu.token, body)
    const { idNumber: _id, ...shown } = body
    const withoutPhones = { ...shown, parents: body.parents.map(({ phone: _p, ...p }: any) => p), caregiver: { ...body.caregiver, phone: undefined } }

    const both = await call('POST', `/staff/children/${file.id}/update`, {
      token: dinghu.token,
      body: { ...withoutPhones, caregiver: { ...body.caregiver, phone: '13700002222' }, removePhones: ['caregiver'], version: file.version },
    })
    expect(both.status).toBe(400)
    expect(both.body.error.fields).toEqual([expect.objectContaining({ field: 'removePhones.0', message: expect.stringContaining('不能既删除又填写新的') })])
    expect(await storedChild(file.id)).toMatchObject({ version: file.version, caregiver: { phone: '13700001111' } })

    const unknown = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...withoutPhones, removePhones: ['grandfather'], version: file.version } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.fields[0]).toMatchObject({ field: 'removePhones.0' })

    const res = await call('POST', `/staff/children/${file.id}/update`, { token: dinghu.token, body: { ...withoutPhones, removePhones: ['father', 'caregiver'], version: file.version } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const after = await storedChild(file.id)
    expect(after.parents.find((p: any) => p.relation === 'father').phone).toBeUndefined()
    expect(after.caregiver).toMatchObject({ name: body.caregiver.name })
    expect(after.caregiver.phone).toBeUndefined()
    expect(after).not.toHaveProperty('removePhones')
  })
})

describe('reading the file', () => {
  it('every read is audited (who, when), and the audit expires by TTL', async () => {
    const file = await enrolled(dinghu.token, { name: '审计甲', birthDate: '2015-03-03' })
    expect((await getFile(town.token, file.id)).status).toBe(200)
    expect((await call('GET', `/staff/children/${file.id}/timeline`, { token: county.token })).status).toBe(200)
    const { childReadAudit } = await import('../../functions/src/data/children')
    const audit = await childReadAudit(file.id)
    expect(audit.map((a) => [a.userId, a.what])).toEqual(expect.arrayContaining([[town.id, 'file'], [county.id, 'timeline']]))
    for (const a of audit) expect(a.expiresAt).toBeGreaterThan(Date.now() / 1000 + 365 * 86400)
  })

  it('jurisdiction both ways on every route naming a child: own area 200, neighbouring village 403 and nothing written, unknown 404, any id length clean', async () => {
    const file = await enrolled(dinghu.token, { name: '辖区甲', birthDate: '2014-04-04' })
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['GET', '/timeline'],
      ['POST', '/grade', { situations: [], reason: '常态关爱' }],
      ['POST', '/notes', { text: '记录' }],
      ['POST', '/help', { kind: 'material', givenOn: '2026-01-05', text: '送去冬衣' }],
      ['POST', '/problems', { text: '作业无人辅导' }],
      ['POST', '/epidemic/start', { guardian: 'quarantined', startedOn: '2026-01-05' }],
      ['POST', '/epidemic/end', {}],
      ['POST', '/parents-returned', { returnedOn: '2026-01-05', relations: ['father'] }],
      ['POST', '/visits', { kind: 'phone', visitedOn: '2026-01-05', checks: Object.fromEntries(['guardianship', 'safety', 'schooling', 'health', 'living_conditions', 'child_view'].map((k) => [k, { rating: 'good' }])) }],
      ['POST', '/interventions', { actedAt: new Date().toISOString(), whatWasDone: '上门查看并联系亲属', policeNotToldReason: '无需报警', childSafeNow: true }],
      ['POST', '/reports', { reportId: 'NOPE' }],
      ['POST', '/grade/confirm', { decision: 'confirm', reason: '同意' }],
      ['POST', '/update', { ...enrolBody({ name: '辖区甲', birthDate: '2014-04-04' }), version: 1 }],
      ['POST', '/problems/XYZ/resolve', { resolution: '已解决' }],
    ]
    const before = { file: await storedChild(file.id), events: (await timeline(dinghu.token, file.id)).length }
    for (const [method, path, body] of routes) {
      const headers = { 'idempotency-key': `jur-${Math.random().toString(36).slice(2, 12)}` }
      const denied = await call(method, `/staff/children/${file.id}${path}`, { token: shiding.token, body, headers })
      expect(denied.status, `${method} ${path} as the neighbouring director`).toBe(403)
      const missing = await call(method, `/staff/children/NOSUCHCHILD${path}`, { token: dinghu.token, body, headers })
      expect(missing.status, `${method} ${path} unknown id`).toBe(404)
      const long = await call(method, `/staff/children/${'x'.repeat(5000)}${path}`, { token: dinghu.token, body, headers })
      expect([400, 404], `${method} ${path} long id`).toContain(long.status)
    }
    // Nothing the neighbour sent was written: the file and its timeline are as they were.
    expect(await storedChild(file.id)).toEqual(before.file)
    expect((await timeline(dinghu.token, file.id)).length).toBe(before.events)
    // Allowed for the village, the township and the county.
    for (const who of [dinghu, town, county]) expect((await getFile(who.token, file.id)).status).toBe(200)
    // Residents and partners never reach the file.
    const resident = await residentToken('children-file-resident')
    expect((await getFile(resident, file.id)).status).toBe(403)
    const police = await signIn('sixian-police')
    expect((await getFile(police.token, file.id)).status).toBe(403)
  })
})

describe('lists', () => {
  it('the village list is paged with a cursor and says when there is more; a colour filter holds only that colour', async () => {
    for (let i = 0; i < 3; i++) await enrolled(dinghu.token, { name: `列表${i}`, birthDate: `2013-0${i + 1}-15`, grade: { situations: ['care_lacking'], reason: '照护不足' } })
    const first = await call('GET', '/staff/children?limit=2', { token: dinghu.token })
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(2)
    expect(first.body.nextCursor).toBeTruthy()
    const next = await call('GET', `/staff/children?limit=2&cursor=${first.body.nextCursor}`, { token: dinghu.token })
    expect(next.body.items.map((i: any) => i.id)).not.toContain(first.body.items[0].id)
    const blue = await call('GET', '/staff/children?colour=blue&limit=100', { token: dinghu.token })
    expect(blue.body.items.length).toBeGreaterThanOrEqual(3)
    expect(blue.body.items.every((i: any) => i.colour === 'blue')).toBe(true)
    // Rows come in due order.
    const due = blue.body.items.map((i: any) => i.next?.overdueAt ?? '~')
    expect([...due].sort()).toEqual(due)
  })

  it('the township lists all its villages, filterable by village; the neighbouring director sees none of 丁湖村', async () => {
    const file = await enrolled(dinghu.token, { name: '乡镇列表甲', birthDate: '2012-12-12' })
    const all = async (token: string, q = '') => {
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const r = await call('GET', `/staff/children?limit=100${q}${cursor ? `&cursor=${cursor}` : ''}`, { token })
        expect(r.status).toBe(200)
        ids.push(...r.body.items.map((i: any) => i.id))
        cursor = r.body.nextCursor
      } while (cursor)
      return ids
    }
    expect(await all(town.token)).toContain(file.id)
    expect(await all(town.token, '&village=341324102200')).toContain(file.id)
    expect(await all(town.token, '&village=341324102201')).not.toContain(file.id)
    expect(await all(shiding.token)).not.toContain(file.id)
    expect((await call('GET', '/staff/children?village=341324102200', { token: shiding.token })).status).toBe(403)
  })

  it('bad list parameters are 400 with the field', async () => {
    for (const q of ['colour=purple', 'limit=0', 'limit=abc', 'cursor=notacursor', 'village=12']) {
      const res = await call('GET', `/staff/children?${q}`, { token: town.token })
      expect(res.status, q).toBe(400)
      expect(res.body.error.fields[0].field).toBe(q.split('=')[0])
    }
  })

  it('the demo seed gives 丁湖村 a morning list: overdue first, each with colour, what is due and why', async () => {
    const res = await call('GET', '/staff/children/today', { token: dinghu.token })
    expect(res.status).toBe(200)
    const overdue = res.body.overdue.map((i: any) => i.name)
    expect(overdue).toContain('刘小明')
    const liu = res.body.overdue.find((i: any) => i.name === '刘小明')
    expect(liu).toMatchObject({ colour: 'yellow', overdue: true, next: { what: '入户走访', why: '黄色：至少每月入户走访一次' } })
    expect(res.body.overdue.concat(res.body.dueToday, res.body.thisWeek).map((i: any) => i.name)).not.toContain('孙小梅')
  })
})

describe('linking reports', () => {
  it('suggests likely files by village, name and age, links on the director’s decision only, and shows the report on the timeline', async () => {
    const file = await enrolled(dinghu.token, { name: '关联甲', birthDate: '2016-05-05' })
    const resident = await residentToken('children-linker')
    const report = await fileReport(resident, reportBody({ childDescription: '关联甲，大约 10 岁，常一个人在村口', situations: ['care_lacking'] } as any))
    expect(report.status).toBe(201)
    const sugg = await call('GET', `/staff/children/suggestions?reportId=${report.body.id}`, { token: dinghu.token })
    expect(sugg.status).toBe(200)
    expect(sugg.body.items[0]).toMatchObject({ id: file.id, name: '关联甲' })
    expect(sugg.body.items[0].why).toContain('报告中提到了这个名字')
    // Nothing linked until someone decides.
    expect((await storedChild(file.id)).links.reports).toEqual([])
    const link = await call('POST', `/staff/children/${file.id}/reports`, { token: dinghu.token, body: { reportId: report.body.id } })
    expect(link.status).toBe(201)
    const again = await call('POST', `/staff/children/${file.id}/reports`, { token: dinghu.token, body: { reportId: report.body.id } })
    expect(again.status).toBe(200)
    expect(again.body.linked).toBe(false)
    const entries = (await timeline(dinghu.token, file.id)).filter((e) => e.kind === 'report_linked')
    expect(entries).toHaveLength(1)
    expect(entries[0].ref).toEqual({ type: 'report', id: report.body.id })
    // The neighbour cannot see suggestions for 丁湖村's report.
    expect((await call('GET', `/staff/children/suggestions?reportId=${report.body.id}`, { token: shiding.token })).status).toBe(403)
  })

  it('a director creates the file from a report: the report is linked at once', async () => {
    const resident = await residentToken('children-linker-2')
    const report = await fileReport(resident, reportBody({ situations: ['living_alone'] } as any))
    const res = await call('POST', `/staff/children/from-report/${report.body.id}`, {
      token: dinghu.token,
      body: enrolBody({ name: '报告建档', birthDate: '2015-10-10', grade: { situations: ['living_alone'], reason: '报告反映独自居住' } }),
      headers: { 'idempotency-key': 'from-report-0001' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ origin: 'report', links: { reports: [report.body.id] }, grade: { colour: 'red' } })
    expect(res.body.duties[0]).toMatchObject({ kind: 'intervention', clause: '004 §3.1' })
    expect((await call('POST', `/staff/children/from-report/${report.body.id}`, { token: shiding.token, body: enrolBody({ villageCode: '341324102201' }), headers: { 'idempotency-key': 'from-report-0002' } })).status).toBe(403)
  })
})
