import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { drawSample } from '@shouhu/shared'
import { DINGHU_TOWN, SHIDING, call, staffToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { enrolled } from './children-fixtures'

/**
 * 档案年度抽查 (004 #8: 县级民政部门……每年开展一次抽查工作，保存抽查记录): the county draws a
 * sample of files per township, the draw is stored and reproducible, a second start returns it,
 * the checklist is recorded per file, and the result per township is exportable.
 */
useApi()
useDocuments()
type Json = Record<string, any>

describe('the yearly spot check', () => {
  let county: string, township: string, village: string
  let check: Json

  it('draws the configured number of files per township, and only the county may start it', async () => {
    ;[county, township, village] = await Promise.all(['sixian', 'dinghu-town', 'dinghu'].map(staffToken))
    for (let i = 0; i < 6; i++) await enrolled(village, { name: `抽查${i}` })
    await enrolled(await staffToken('shiding'), { name: '石丁抽查', villageCode: SHIDING })

    expect((await call('POST', '/staff/spot-checks', { token: township, body: { year: 2026 } })).status).toBe(403)
    expect((await call('POST', '/staff/spot-checks', { token: village, body: { year: 2026 } })).status).toBe(403)

    const res = await call('POST', '/staff/spot-checks', { token: county, body: { year: 2026, sampleSize: 3 } })
    expect(res.status).toBe(201)
    check = res.body
    expect(check).toMatchObject({ year: 2026, countyCode: '341324000000', clause: '004 #8', startedBy: { name: '周科长' } })
    const dinghuTown = check.townships.find((t: Json) => t.code === DINGHU_TOWN)
    expect(dinghuTown).toMatchObject({ name: '丁湖镇', sampleSize: 3, drawn: 3, checked: 0 })
    expect(dinghuTown.population).toBeGreaterThanOrEqual(7)
    expect(check.files.filter((f: Json) => f.townshipCode === DINGHU_TOWN)).toHaveLength(3)
    // Only townships with files are in the check; every drawn file is one of its township's.
    for (const f of check.files) expect(f.villageCode.slice(0, 9)).toBe(f.townshipCode.slice(0, 9))
  })

  it('is reproducible: the stored seed over the township’s files draws the same sample', async () => {
    const { townshipChildRows } = await import('../../functions/src/data/spot-checks')
    const ids: string[] = []
    for await (const page of townshipChildRows(DINGHU_TOWN)) ids.push(...page.map((r) => r.id))
    const again = drawSample(ids, 3, `${check.seed}:${DINGHU_TOWN}`)
    const stored = check.files.filter((f: Json) => f.townshipCode === DINGHU_TOWN).map((f: Json) => f.childId)
    expect([...again].sort()).toEqual([...stored].sort())
    // A different seed draws differently (with 7+ files and 3 drawn, the same draw by chance is rare but possible; try several).
    const others = ['a', 'b', 'c', 'd'].map((s) => drawSample(ids, 3, s).sort().join())
    expect(others.some((o) => o !== [...stored].sort().join())).toBe(true)
  })

  it('a second start for the same year returns the first draw unchanged', async () => {
    const again = await call('POST', '/staff/spot-checks', { token: county, body: { year: 2026, sampleSize: 10 } })
    expect(again.status).toBe(200)
    expect(again.body.seed).toBe(check.seed)
    expect(again.body.files.map((f: Json) => f.childId)).toEqual(check.files.map((f: Json) => f.childId))
  })

  it('records the checklist per file and counts the township’s results', async () => {
    const [first, second] = check.files.filter((f: Json) => f.townshipCode === DINGHU_TOWN)
    const ok = await call('POST', `/staff/spot-checks/2026/files/${first.childId}`, {
      token: county,
      body: { complete: true, visitsOnCadence: true, problemsFollowedUp: true, note: '档案齐全' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.result).toMatchObject({ complete: true, checkedBy: { name: '周科长' } })
    const wanting = await call('POST', `/staff/spot-checks/2026/files/${second.childId}`, {
      token: county,
      body: { complete: false, visitsOnCadence: true, problemsFollowedUp: false },
    })
    expect(wanting.status).toBe(200)
    const view = await call('GET', '/staff/spot-checks/2026', { token: county })
    expect(view.body.townships.find((t: Json) => t.code === DINGHU_TOWN)).toMatchObject({ checked: 2, wanting: 1 })

    const bad = await call('POST', `/staff/spot-checks/2026/files/${first.childId}`, { token: county, body: { complete: 'yes' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: Json) => f.field).sort()).toEqual(['complete', 'problemsFollowedUp', 'visitsOnCadence'])
    expect(bad.body.error.fields.find((f: Json) => f.field === 'complete').message).toContain('档案是否齐全')
    expect((await call('POST', '/staff/spot-checks/2026/files/NOTDRAWN1', { token: county, body: { complete: true, visitsOnCadence: true, problemsFollowedUp: true } })).status).toBe(404)
    expect((await call('POST', `/staff/spot-checks/2026/files/${first.childId}`, { token: township, body: { complete: true, visitsOnCadence: true, problemsFollowedUp: true } })).status).toBe(403)
  })

  it('a start that stopped between saving the check and its files: the missing file comes back from the draw, results kept', async () => {
    const drawn = check.files.filter((f: Json) => f.townshipCode === DINGHU_TOWN)
    const lost = drawn[2]
    const { deleteItem } = await import('../../functions/src/data/table')
    await deleteItem(`SPOTCHECK#341324000000#2026`, `FILE#${DINGHU_TOWN}#${lost.childId}`)
    const view = await call('GET', '/staff/spot-checks/2026', { token: county })
    expect(view.status).toBe(200)
    expect(view.body.files.map((f: Json) => f.childId).sort()).toEqual(check.files.map((f: Json) => f.childId).sort())
    expect(view.body.files.find((f: Json) => f.childId === lost.childId)).toMatchObject({ name: lost.name, villageCode: lost.villageCode, townshipCode: DINGHU_TOWN })
    // The two recorded results are untouched, and the restored file takes its own.
    expect(view.body.townships.find((t: Json) => t.code === DINGHU_TOWN)).toMatchObject({ checked: 2, wanting: 1 })
    const ok = await call('POST', `/staff/spot-checks/2026/files/${lost.childId}`, { token: county, body: { complete: true, visitsOnCadence: true, problemsFollowedUp: true } })
    expect(ok.status).toBe(200)
    expect((await call('GET', '/staff/spot-checks/2026', { token: county })).body.townships.find((t: Json) => t.code === DINGHU_TOWN)).toMatchObject({ checked: 3, wanting: 1 })
  })

  it('a township reads its own part only; a village director none; bad years are 400', async () => {
    const mine = await call('GET', '/staff/spot-checks/2026', { token: township })
    expect(mine.status).toBe(200)
    expect(mine.body.townships.map((t: Json) => t.code)).toEqual([DINGHU_TOWN])
    expect(mine.body.files.every((f: Json) => f.townshipCode === DINGHU_TOWN)).toBe(true)
    expect((await call('GET', '/staff/spot-checks/2026', { token: village })).status).toBe(403)
    expect((await call('GET', '/staff/spot-checks/1999', { token: county })).status).toBe(400)
    expect((await call('GET', '/staff/spot-checks/2031', { token: county })).status).toBe(404)
    const unknown = await call('POST', '/staff/spot-checks', { token: county, body: { year: 2027, perTownship: { '999999999000': 2 } } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.fields[0].message).toContain('乡镇')
    const tooMany = await call('POST', '/staff/spot-checks', { token: county, body: { year: 2027, sampleSize: 500 } })
    expect(tooMany.body.error.fields[0]).toMatchObject({ field: 'sampleSize', message: expect.stringContaining('每个乡镇抽查份数') })
  })

  it('the results are exportable, one row per drawn file', async () => {
    const res = await call('POST', '/staff/exports', { token: county, body: { kind: 'spot_check', filter: { year: 2026 } } })
    expect(res.status).toBe(202)
    let job: Json = res.body
    for (let i = 0; i < 600 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100))
      job = (await call('GET', `/staff/exports/${res.body.id}`, { token: county })).body
    }
    expect(job.state).toBe('done')
    expect(job.rows).toBe(check.files.length)
    const { app } = await import('../../functions/src/app')
    const file = await app.request(`/api/staff/exports/${res.body.id}/file`, { headers: { authorization: `Bearer ${county}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as any)
    const sheet = wb.worksheets[0]!
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String)
    expect(header).toEqual(expect.arrayContaining(['乡镇（街道）', '儿童姓名', '档案齐全', '按时走访', '问题已跟进', '备注']))
    const notes: string[] = []
    sheet.eachRow((row, n) => n > 2 && notes.push(String(row.getCell(header.indexOf('备注') + 1).value ?? '')))
    expect(notes).toContain('档案齐全')
    expect((await call('POST', '/staff/exports', { token: township, body: { kind: 'spot_check', filter: { year: 2026 } } })).status).toBe(403)
  })
})
