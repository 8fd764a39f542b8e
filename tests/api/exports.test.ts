import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { chinaMonth, maskIdNumber } from '@shouhu/shared'
import { DINGHU, DINGHU_TOWN, OTHER_TOWN_VILLAGE, SHIDING, call, fileReport, reportBody, residentToken, staffToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { advance, childId as appChildId, newApplication } from './application-helpers'
import { enrolled, recordVisit, visitBody } from './children-fixtures'
import { addStaff } from './helpers'

/**
 * 台账导出 (issue #12): each ledger is asked for, answered at once, written in the background by
 * the stream handler, fetched through the API and opened here with exceljs; every export is
 * scoped to the jurisdiction (a neighbouring village's rows never appear, its area is refused).
 */
useApi()
useDocuments()
// Progress saved after every row, so the record's version counts the progress writes.
process.env.EXPORT_PROGRESS_ROWS = '1'

type Json = Record<string, any>
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

async function requestExport(token: string, body: Json, key?: string) {
  return call('POST', '/staff/exports', { token, body, headers: key ? { 'idempotency-key': key } : {} })
}

/** Follows the export as the page does, until it is no longer queued or running. */
async function finished(token: string, id: string): Promise<Json> {
  const until = Date.now() + 120_000
  for (;;) {
    const res = await call('GET', `/staff/exports/${id}`, { token })
    expect(res.status).toBe(200)
    if (res.body.state === 'done' || res.body.state === 'failed') return res.body
    if (Date.now() > until) throw new Error(`export ${id} still ${res.body.state}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function download(token: string, id: string) {
  const { app } = await import('../../functions/src/app')
  return app.request(`/api/staff/exports/${id}/file`, { headers: { authorization: `Bearer ${token}` } })
}

/** The sheet's rows under its header (row 1 the title, row 2 the header), as header → cell. */
async function sheetRows(token: string, id: string): Promise<{ header: string[]; rows: Json[]; sheet: ExcelJS.Worksheet }> {
  const res = await download(token, id)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('spreadsheetml')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
  const sheet = wb.worksheets[0]!
  const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String)
  const rows: Json[] = []
  sheet.eachRow((row, n) => {
    if (n <= 2) return
    const values = row.values as unknown[]
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? ''])))
  })
  return { header, rows, sheet }
}

async function exported(token: string, body: Json) {
  const res = await requestExport(token, body)
  expect(res.status, JSON.stringify(res.body)).toBe(202)
  const job = await finished(token, res.body.id)
  expect(job.state, JSON.stringify(job)).toBe('done')
  return { job, ...(await sheetRows(token, res.body.id)) }
}

describe('the children’s ledger', () => {
  let county: string, village: string, neighbour: string, township: string
  const tag = randomUUID().slice(0, 4)

  it('is answered at once and written in the background; a formula-like name stays text, the ID stays masked', async () => {
    ;[county, village, neighbour, township] = await Promise.all(['sixian', 'dinghu', 'shiding', 'dinghu-town'].map(staffToken))
    await enrolled(village, { name: '=1+1' })
    await enrolled(neighbour, { name: `石丁${tag}`, villageCode: SHIDING })

    const res = await requestExport(county, { kind: 'children' })
    expect(res.status).toBe(202)
    // Recorded, not done: the request did no export work.
    expect(res.body).toMatchObject({ kind: 'children', state: 'queued', rows: 0, divisionCode: '341324000000', requestedBy: { name: '周科长' } })
    const job = await finished(county, res.body.id)
    expect(job).toMatchObject({ state: 'done', fileName: expect.stringContaining('儿童信息台账') })

    const { header, rows, sheet } = await sheetRows(county, res.body.id)
    expect(header).toEqual(expect.arrayContaining(['姓名', '性别', '出生日期', '身份证号（隐去中间位）', '儿童类别', '风险等级', '父亲情况', '照护人', '上次入户走访', '下次截止日期']))
    expect(rows.length).toBe(job.rows)
    const formula = rows.find((r) => r['姓名'] === '=1+1')
    expect(formula).toBeDefined()
    // The cell is a plain string, not a formula exceljs would read back as { formula }.
    const rowNo = rows.indexOf(formula!) + 3
    expect(sheet.getRow(rowNo).getCell(1).type).toBe(ExcelJS.ValueType.String)
    expect(String(formula!['身份证号（隐去中间位）'])).toMatch(/^\d{3}\*+\d{3}[\dX]$/)
    expect(formula!['照护人']).toContain('测奶奶')
    expect(rows.some((r) => r['姓名'] === `石丁${tag}`)).toBe(true)

    // Progress was saved as it went: claim + one save per row + done.
    const { getExport } = await import('../../functions/src/data/exports')
    expect((await getExport(res.body.id, true))!.version).toBe(job.rows + 2)
  })

  it('a village director gets their village only; the neighbouring village is refused', async () => {
    const mine = await exported(village, { kind: 'children' })
    expect(mine.rows.some((r) => r['姓名'] === '=1+1')).toBe(true)
    expect(mine.rows.some((r) => r['姓名'] === `石丁${tag}`)).toBe(false)
    expect(mine.rows.every((r) => r['村（社区）'] === '丁湖村')).toBe(true)

    const other = await requestExport(village, { kind: 'children', filter: { divisionCode: SHIDING } })
    expect(other.status).toBe(403)
    const town = await requestExport(village, { kind: 'children', filter: { divisionCode: DINGHU_TOWN } })
    expect(town.status).toBe(403)
  })

  it('a township sees its villages, and may narrow to one; another township’s village is refused', async () => {
    const all = await exported(township, { kind: 'children' })
    expect(all.rows.some((r) => r['姓名'] === '=1+1')).toBe(true)
    expect(all.rows.some((r) => r['姓名'] === `石丁${tag}`)).toBe(true)
    const one = await exported(township, { kind: 'children', filter: { divisionCode: SHIDING } })
    expect(one.rows.some((r) => r['姓名'] === `石丁${tag}`)).toBe(true)
    expect(one.rows.some((r) => r['姓名'] === '=1+1')).toBe(false)
    expect((await requestExport(township, { kind: 'children', filter: { divisionCode: OTHER_TOWN_VILLAGE } })).status).toBe(403)
  })

  it('a colour filter keeps only that colour', async () => {
    const { rows } = await exported(county, { kind: 'children', filter: { colour: 'green' } })
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => String(r['风险等级']).startsWith('绿色'))).toBe(true)
  })

  it('only the requester and staff over the area read an export; the neighbour village’s director cannot download the county’s', async () => {
    const res = await requestExport(county, { kind: 'children', filter: { divisionCode: DINGHU } })
    await finished(county, res.body.id)
    expect((await download(village, res.body.id)).status).toBe(200)
    expect((await download(neighbour, res.body.id)).status).toBe(403)
    expect((await call('GET', `/staff/exports/${res.body.id}`, { token: neighbour })).status).toBe(403)
    expect((await call('GET', '/staff/exports/not-an-id!', { token: county })).status).toBe(404)
    expect((await call('GET', `/staff/exports/${'X'.repeat(500)}`, { token: county })).status).toBe(404)
  })

  it('residents and another county’s officer have no way in', async () => {
    const res = await requestExport(county, { kind: 'children' })
    const resident = await residentToken(`r${randomUUID().slice(0, 6)}`)
    expect((await requestExport(resident, { kind: 'children' })).status).toBe(403)
    expect((await call('GET', '/staff/exports', { token: resident })).status).toBe(403)
    expect((await download(resident, res.body.id)).status).toBe(403)
    const lingbi = await addStaff({ username: `lingbi-${tag}`, role: 'county_officer', displayName: '吴科长', divisionCode: '341323000000', divisionName: '灵璧县' })
    expect((await call('GET', `/staff/exports/${res.body.id}`, { token: lingbi.token })).status).toBe(403)
    expect((await download(lingbi.token, res.body.id)).status).toBe(403)
    expect((await requestExport(lingbi.token, { kind: 'children', filter: { divisionCode: DINGHU } })).status).toBe(403)
    const theirs = await call('GET', '/staff/exports?scope=county&limit=100', { token: lingbi.token })
    expect(theirs.body.items.some((e: Json) => e.id === res.body.id)).toBe(false)
  })

  it('a retried request with the same Idempotency-Key returns the same export', async () => {
    const key = randomUUID()
    const first = await requestExport(county, { kind: 'directors' }, key)
    const again = await requestExport(county, { kind: 'directors' }, key)
    expect(first.status).toBe(202)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
  })

  it('lists my exports newest first, a page at a time; the county may list the whole county', async () => {
    const page = await call('GET', '/staff/exports?limit=1', { token: county })
    expect(page.status).toBe(200)
    expect(page.body.items).toHaveLength(1)
    expect(page.body.nextCursor).toBeTruthy()
    const next = await call('GET', `/staff/exports?limit=1&cursor=${page.body.nextCursor}`, { token: county })
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id)
    expect((await call('GET', '/staff/exports?cursor=garbage', { token: county })).status).toBe(400)
    const villageOwn = await call('GET', '/staff/exports?limit=100', { token: village })
    expect(villageOwn.body.items.every((e: Json) => e.requestedBy.name === '李主任')).toBe(true)
    const whole = await call('GET', '/staff/exports?scope=county&limit=100', { token: county })
    expect(whole.body.items.some((e: Json) => e.requestedBy.name === '李主任')).toBe(true)
    expect((await call('GET', '/staff/exports?scope=county', { token: village })).status).toBe(403)
  })
})

describe('bad filters are answered field by field in Chinese', () => {
  it('names each bad field', async () => {
    const county = await staffToken('sixian')
    const reversed = await requestExport(county, { kind: 'visits', filter: { from: '2026-05-01', to: '2026-04-01' } })
    expect(reversed.status).toBe(400)
    expect(reversed.body.error.fields).toEqual([expect.objectContaining({ field: 'filter.to', message: '结束日期不能早于开始日期' })])
    const unreal = await requestExport(county, { kind: 'reports', filter: { from: '2026-02-30', to: '2026-03-01' } })
    expect(unreal.body.error.fields[0]).toMatchObject({ field: 'filter.from', message: expect.stringContaining('开始日期') })
    const month = await requestExport(county, { kind: 'payments', filter: { month: '2026-13' } })
    expect(month.status).toBe(400)
    expect(month.body.error.fields[0]).toMatchObject({ field: 'filter.month', message: '发放月份：请选择年月' })
    const kind = await requestExport(county, { kind: 'everything' })
    expect(kind.status).toBe(400)
    expect(kind.body.error.fields[0].message).toContain('台账')
    const code = await requestExport(county, { kind: 'children', filter: { divisionCode: '12' } })
    expect(code.status).toBe(400)
    expect(code.body.error.fields[0].field).toBe('filter.divisionCode')
    const year = await requestExport(county, { kind: 'spot_check', filter: { year: 'abc' } })
    expect(year.body.error.fields[0]).toMatchObject({ field: 'filter.year', message: expect.stringContaining('抽查年度') })
  })
})

describe('visits, reports and directors', () => {
  it('the visit ledger holds the period’s visits of the area only', async () => {
    const [village, neighbour, county] = await Promise.all(['dinghu', 'shiding', 'sixian'].map(staffToken))
    const here = await enrolled(village, { name: '走访娃' })
    const there = await enrolled(neighbour, { name: '石丁走访', villageCode: SHIDING })
    expect((await recordVisit(village, here.id, visitBody({ note: '孩子状况良好' }))).status).toBe(201)
    expect((await recordVisit(neighbour, there.id, visitBody())).status).toBe(201)
    const filter = { from: today(), to: today() }
    const mine = await exported(village, { kind: 'visits', filter })
    expect(mine.rows.map((r) => r['儿童姓名'])).toContain('走访娃')
    expect(mine.rows.map((r) => r['儿童姓名'])).not.toContain('石丁走访')
    expect(mine.rows.find((r) => r['儿童姓名'] === '走访娃')!['走访日期']).toBe(today())
    const all = await exported(county, { kind: 'visits', filter })
    expect(all.rows.map((r) => r['儿童姓名'])).toEqual(expect.arrayContaining(['走访娃', '石丁走访']))
    const before = await exported(county, { kind: 'visits', filter: { from: '2025-01-01', to: '2025-01-31' } })
    expect(before.rows.map((r) => r['儿童姓名'])).not.toContain('走访娃')
  })

  it('the report ledger lists the period’s reports without the reporter or the description', async () => {
    const resident = await residentToken()
    const a = await fileReport(resident, reportBody({ villageCode: DINGHU, description: '秘密描述一' }))
    const b = await fileReport(resident, reportBody({ villageCode: SHIDING, description: '秘密描述二' }))
    expect(a.status).toBe(201)
    const village = await staffToken('dinghu')
    const { rows, header } = await exported(village, { kind: 'reports', filter: { from: today(), to: today() } })
    const codes = rows.map((r) => r['查询码'])
    expect(codes).toContain(a.body.trackingCode)
    expect(codes).not.toContain(b.body.trackingCode)
    expect(header.join()).not.toMatch(/报告人|描述/)
    expect(JSON.stringify(rows)).not.toContain('秘密描述')
  })

  it('the director roster lists each village’s child director, in the area only', async () => {
    const township = await staffToken('dinghu-town')
    const { rows } = await exported(township, { kind: 'directors' })
    const names = rows.map((r) => `${r['村（社区）']}:${r['姓名']}`)
    expect(names).toEqual(expect.arrayContaining(['丁湖村:李主任', '石丁村:赵主任']))
    expect(rows.every((r) => r['乡镇（街道）'] === '丁湖镇')).toBe(true)
    expect((await requestExport(await staffToken('dinghu'), { kind: 'directors' })).status).toBe(403)
  })
})

describe('allowances and the bank list', () => {
  it('the bank list carries the whole account number as text; the allowance ledger the recipients; both scoped', async () => {
    const [village, neighbour, township, county] = await Promise.all(['dinghu', 'shiding', 'dinghu-town', 'sixian'].map(staffToken))
    const guardian = await residentToken(`g${randomUUID().slice(0, 6)}`)
    const qianId = appChildId()
    const app = await newApplication(guardian, { child: { name: '钱小宝', idNumber: qianId } })
    await advance(app.id, { village, township, county }, 'paying')
    const guardian2 = await residentToken(`h${randomUUID().slice(0, 6)}`)
    const app2 = await newApplication(guardian2, {
      villageCode: SHIDING,
      child: { name: '石丁宝', idNumber: appChildId() },
      bankAccount: { bankName: '泗县农商银行', accountName: '石大姐', accountNumber: '6222 0299 9999 8888 777' },
    })
    await advance(app2.id, { village: neighbour, township, county }, 'paying')

    const month = chinaMonth()
    const bank = await exported(county, { kind: 'payments', filter: { month } })
    const row = bank.rows.find((r) => r['儿童姓名'] === '钱小宝')!
    expect(row).toMatchObject({ '收款人（户名）': '王大姐', '银行卡号': '6222021234567890123', '金额（元）': '1000.00', '发放月份': month })
    // A 19-digit number survives only as text: a number cell would keep 15 significant digits.
    const rowNo = bank.rows.indexOf(row) + 3
    expect(bank.sheet.getRow(rowNo).getCell(3).type).toBe(ExcelJS.ValueType.String)
    expect(bank.rows.map((r) => r['儿童姓名'])).toContain('石丁宝')
    // Nothing before payment started.
    const earlier = await exported(county, { kind: 'payments', filter: { month: '2020-01' } })
    expect(earlier.rows.map((r) => r['儿童姓名'])).not.toContain('钱小宝')
    // Narrowed to one village: the neighbour's recipient is not on it.
    const one = await exported(county, { kind: 'payments', filter: { month, divisionCode: DINGHU } })
    expect(one.rows.map((r) => r['儿童姓名'])).toContain('钱小宝')
    expect(one.rows.map((r) => r['儿童姓名'])).not.toContain('石丁宝')
    // Only the county sends the bank list.
    expect((await requestExport(township, { kind: 'payments', filter: { month } })).status).toBe(403)
    expect((await requestExport(village, { kind: 'payments', filter: { month } })).status).toBe(403)

    const ledger = await exported(township, { kind: 'allowances', filter: { divisionCode: DINGHU } })
    const rec = ledger.rows.find((r) => r['儿童姓名'] === '钱小宝')!
    expect(rec).toMatchObject({ '每月金额（元）': '1000.00', '开始发放月份': month })
    expect(String(rec['身份证号（隐去中间位）'])).toBe(maskIdNumber(qianId))
    expect(String(rec['身份证号（隐去中间位）'])).not.toBe(qianId)
    expect(ledger.rows.map((r) => r['儿童姓名'])).not.toContain('石丁宝')
    expect((await requestExport(village, { kind: 'allowances' })).status).toBe(403)
    // Two applications walked through every step to payment: slow on a shared machine.
  }, 180_000)
})
