import { beforeAll, describe, expect, it, vi } from 'vitest'
import { call, residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { inbox, signIn } from './helpers'
import { DINGHU, STANDARD_FEN, applicationBody, childId, newApplication, rawApplication, storedApplication, storedApplicationEvents, submitApplication, uploadPhoto } from './application-helpers'

const api = useApi()
const s3 = useDocuments()

type Staff = Awaited<ReturnType<typeof signIn>>
let guardian: string
let other: string
let village: Staff
let township: Staff

beforeAll(async () => {
  guardian = await residentToken('apply-guardian')
  other = await residentToken('apply-other')
  village = await signIn('dinghu')
  township = await signIn('dinghu-town')
})

describe('the eligibility pre-check', () => {
  // Old assertion (泗县 promised Wenling's 448 元 to any 低保 child) was the bug of issue #8.
  it('a 低保 family in 泗县 is directed to 低保 by 泗县\'s own notice (001 §2(一)2): no amount promised, no other place named', async () => {
    const res = await call('POST', '/applications/pre-check', {
      token: guardian,
      body: { villageCode: DINGHU, answers: { birthDate: '2015-06-01', father: 'present', mother: 'present', familyAssistance: 'dibao' } },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ locality: 'sixian', policyName: '泗县' })
    expect(res.body.matches).toEqual([])
    expect(res.body.directions).toHaveLength(1)
    expect(res.body.directions[0]).toMatchObject({ categoryId: 'dibao_referral', scheme: '最低生活保障（低保）' })
    expect(res.body.directions[0].text).toContain('按泗县的政策')
    expect(JSON.stringify(res.body)).not.toMatch(/448|温岭|困境|留守/)
  })

  it('a de-facto unsupported child in 泗县 gets the county scattered-orphan standard, marked as a demo value', async () => {
    const res = await call('POST', '/applications/pre-check', {
      token: guardian,
      body: { villageCode: DINGHU, answers: { birthDate: '2015-06-01', father: 'imprisoned', mother: 'severely_disabled' } },
    })
    expect(res.status).toBe(200)
    expect(res.body.matches.map((m: any) => [m.categoryId, m.monthlyFen, m.demo])).toEqual([['fact_unsupported', STANDARD_FEN, true]])
    expect(res.body.matches[0].explanation).toContain('按泗县的政策')
    expect(res.body.matches[0].explanation).toContain('演示金额')
    expect(res.body.matches[0].explanation).not.toMatch(/\d{3} [§#]/)
    expect(res.body.advisory).toContain('不是审批结果')
  })

  it('a bad answer is refused naming its field', async () => {
    const bad = await call('POST', '/applications/pre-check', {
      token: guardian,
      body: { villageCode: DINGHU, answers: { birthDate: '2015-06-01', father: 'gone', mother: 'present' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: any) => f.field)).toEqual(['answers.father'])
  })

  it('staff cannot use the guardian routes', async () => {
    const res = await call('POST', '/applications/pre-check', { token: village.token, body: {} })
    expect(res.status).toBe(403)
  })
})

describe('applying with photos', () => {
  it('stores the application at 村级核查 with the photo copied under it, the bank account whole in the table and masked in the answer', async () => {
    const photo = await uploadPhoto(guardian, 'assistance_certificate')
    const body = applicationBody([photo])
    const res = await submitApplication(guardian, body)
    expect(res.status).toBe(201)
    const view = res.body
    expect(view).toMatchObject({ state: 'submitted', stateText: '已提交，等待村里上门核实', holder: { level: 'village', office: '丁湖村委会' }, targetDays: 5, daysHere: 0, overdue: false })
    expect(view.bankAccount).toBe('**** 0123')
    expect(view.childIdNumber).toBe(`${body.child.idNumber.slice(0, 3)}***********${body.child.idNumber.slice(-4)}`)
    expect(JSON.stringify(view)).not.toContain('6222021234567890123')
    expect(JSON.stringify(view)).not.toContain(body.child.idNumber)

    const stored = await storedApplication(view.id)
    expect(stored).toMatchObject({
      state: 'submitted',
      townshipCode: '341324102000',
      countyCode: '341324000000',
      locality: 'sixian',
      categoryId: 'fact_unsupported',
      estimate: { monthlyFen: STANDARD_FEN, demo: true },
      bankAccount: { accountNumber: '6222021234567890123' },
      child: { birthDate: '2015-06-01' },
      consent: { version: body.consent.version },
    })
    expect(stored.documents).toHaveLength(1)
    expect(stored.documents[0]!.key).toMatch(new RegExp(`^applications/${view.id}/`))
    // The copy is really there in the bucket.
    const got = await fetch(`${s3.endpoint}/${s3.bucket}/${stored.documents[0]!.key}`)
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))

    // Queued for the village, township and county in the stage's own queue, and listed as the guardian's.
    const raw = (await rawApplication(view.id))!
    expect(raw.villageSk).toBe(`APP#village#0#${stored.stageDueAt}#submitted#${view.id}`)
    expect(raw.townshipPk).toBe('TOWNSHIP#341324102000')
    expect((await call('GET', '/applications/mine', { token: guardian })).body.items.map((a: any) => a.id)).toContain(view.id)
  })

  it('the guardian and the village director are notified; the notification names the office, never a person', async () => {
    const view = await newApplication(guardian)
    await api.streamIdle()
    const mine = (await inbox(guardian)).items.filter((n) => n.subject.id === view.id)
    expect(mine.map((n) => n.kind)).toEqual(['application_changed'])
    expect(mine[0]!.page).toBe(`allowance/status/index?id=${view.id}`)
    const directors = (await inbox(village.token)).items.filter((n) => n.subject.id === view.id)
    expect(directors.map((n) => n.kind)).toEqual(['application_arrived'])
    expect(directors[0]!.body).toContain('王*')
    expect(directors[0]!.body).not.toContain('王小明')
    // The township is not told until the village has checked it.
    expect((await inbox(township.token)).items.filter((n) => n.subject.id === view.id)).toEqual([])
  })

  it('a retry with the same key returns the same application, never a second one; a different body with it is refused', async () => {
    const photo = await uploadPhoto(guardian)
    const body = applicationBody([photo])
    const key = 'retry-key-0001'
    const first = await submitApplication(guardian, body, key)
    const again = await submitApplication(guardian, body, key)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const changed = await submitApplication(guardian, { ...body, familyNote: '改了' }, key)
    expect(changed.status).toBe(422)
  })

  it('refuses a wrong ID number, a missing consent and no photos, naming each field; nothing is stored', async () => {
    const before = (await call('GET', '/applications/mine', { token: guardian })).body.items.length
    const id = childId()
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
    const res = await submitApplication(guardian, applicationBody([], { child: { name: '王小明', idNumber: wrongCheck }, consent: { accepted: false, version: 'x' } }))
    expect(res.status).toBe(400)
    const fields = res.body.error.fields.map((f: any) => f.field)
    expect(fields).toEqual(expect.arrayContaining(['child.idNumber', 'consent.accepted', 'documents']))
    expect(res.body.error.fields.find((f: any) => f.field === 'child.idNumber').message).toContain('孩子身份证号：')
    expect((await call('GET', '/applications/mine', { token: guardian })).body.items.length).toBe(before)
  })

  it("refuses a photo that was never uploaded and someone else's photo", async () => {
    const theirs = await uploadPhoto(other)
    const res = await submitApplication(guardian, applicationBody([{ kind: 'guardian_id', key: theirs.key }, { kind: 'household_register', key: `incoming/x/none.jpg` }]))
    expect(res.status).toBe(400)
    expect(res.body.error.fields.map((f: any) => [f.field, f.code])).toEqual([
      ['documents.0', 'upload_not_yours'],
      ['documents.1', 'upload_not_yours'],
    ])
    const mine = await uploadPhoto(guardian)
    const missing = await submitApplication(guardian, applicationBody([{ kind: 'guardian_id', key: mine.key.replace(/[^/]+$/, 'never-put.jpg') }]))
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields[0].code).toBe('upload_missing')
  })

  it('refuses a category the family cannot apply for (institution orphans are placed by the state)', async () => {
    const photo = await uploadPhoto(guardian)
    const res = await submitApplication(guardian, applicationBody([photo], { categoryId: 'institution_orphan' }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].field).toBe('categoryId')
  })

  it('a child already 18 cannot newly apply', async () => {
    const photo = await uploadPhoto(guardian)
    const res = await submitApplication(guardian, applicationBody([photo], { child: { name: '王大明', idNumber: childId('20050101') } }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].code).toBe('too_old')
  })

  it("another family cannot read it: 404, as if it did not exist", async () => {
    const view = await newApplication(guardian)
    expect((await call('GET', `/applications/${view.id}`, { token: other })).status).toBe(404)
    expect((await call('GET', `/applications/${view.id}`, { token: guardian })).status).toBe(200)
  })
})

describe('no double living support', () => {
  it('an orphan allowance for a child already on 低保 is flagged to staff with the rule, and not shown to the family as an accusation', async () => {
    const photo = await uploadPhoto(guardian, 'death_certificate')
    const res = await submitApplication(
      guardian,
      applicationBody([photo], { categoryId: 'scattered_orphan', situation: { father: 'deceased', mother: 'deceased', familyAssistance: 'dibao', currentBenefits: ['dibao'] } }),
    )
    expect(res.status).toBe(201)
    const stored = await storedApplication(res.body.id)
    expect(stored.doubleSupport).toMatchObject({ conflicting: ['dibao'], clause: '001 §2(一)2' })
    expect(stored.estimate.monthlyFen).toBe(STANDARD_FEN)

    const staff = await call('GET', `/staff/applications/${res.body.id}`, { token: village.token })
    expect(staff.status).toBe(200)
    expect(staff.body.doubleSupportFlag).toBe(true)
    expect(staff.body.doubleSupport.conflicting).toEqual([{ id: 'dibao', label: '最低生活保障金（低保）' }])
    expect(staff.body.doubleSupport.plain).toContain('只享受一种')
    // Staff read the document in words, not a seed number.
    expect(staff.body.doubleSupport.source).toBe('泗县人民政府办公室《关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知》第二部分第（一）项第2点')
    const created = (await storedApplicationEvents(res.body.id)).find((e) => e.step === 'created')!
    expect(created.staffText).toContain('只享受一种')

    const family = await call('GET', `/applications/${res.body.id}`, { token: guardian })
    expect(JSON.stringify(family.body)).not.toMatch(/只享受一种|doubleSupport/)
  })

  it('a child with no other living support is not flagged', async () => {
    const view = await newApplication(guardian)
    expect((await storedApplication(view.id)).doubleSupport).toBeUndefined()
  })

  it('a category 泗县 directs to 低保 cannot be applied for here', async () => {
    const photo = await uploadPhoto(guardian)
    const res = await submitApplication(guardian, applicationBody([photo], { categoryId: 'dibao_referral' }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields[0].field).toBe('categoryId')
  })
})

describe('masking in every view', () => {
  it('staff see the ID number, phone and bank account masked; the guardian the ID and account', async () => {
    const view = await newApplication(guardian)
    const stored = await storedApplication(view.id)
    const staff = (await call('GET', `/staff/applications/${view.id}`, { token: township.token })).body
    expect(staff.childIdNumber).toMatch(/^341\*{11}\d{3}[\dX]$/)
    expect(staff.guardian.phone).toBe('139****5678')
    expect(staff.bankAccount).toBe('**** 0123')
    const all = JSON.stringify(staff)
    for (const secret of [stored.child.idNumber, stored.guardian.phone, stored.bankAccount.accountNumber]) expect(all).not.toContain(secret)
    const list = JSON.stringify((await call('GET', '/staff/applications?stage=all', { token: township.token })).body)
    expect(list).not.toContain(stored.child.idNumber)
    expect(list).not.toContain(stored.bankAccount.accountNumber)
  })
})

describe('never logged', () => {
  it('neither the bank account nor the ID number reaches a log line, even when a request fails', async () => {
    const lines: string[] = []
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '))
    const spies = [vi.spyOn(console, 'log').mockImplementation(capture), vi.spyOn(console, 'error').mockImplementation(capture), vi.spyOn(console, 'warn').mockImplementation(capture)]
    const level = process.env.LOG_LEVEL
    process.env.LOG_LEVEL = 'info'
    try {
      const photo = await uploadPhoto(guardian)
      const body = applicationBody([photo])
      expect((await submitApplication(guardian, body)).status).toBe(201)
      // A refused one, and a look from outside the jurisdiction (which is logged as a warning).
      expect((await submitApplication(guardian, { ...body, categoryId: 'institution_orphan' })).status).toBe(400)
      const created = (await call('GET', '/applications/mine', { token: guardian })).body.items[0]
      const neighbour = await signIn('shiding')
      expect((await call('GET', `/staff/applications/${created.id}`, { token: neighbour.token })).status).toBe(403)
      await api.streamIdle()
      expect(lines.some((l) => l.includes('outside jurisdiction'))).toBe(true)
      const all = lines.join('\n')
      expect(all).not.toContain('6222021234567890123')
      expect(all).not.toContain(body.child.idNumber)
      expect(all).not.toContain('13912345678')
    } finally {
      process.env.LOG_LEVEL = level
      for (const s of spies) s.mockRestore()
    }
  })
})
