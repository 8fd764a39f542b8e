import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { call, staffToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'
import { addStaff } from './helpers'

/**
 * 摸排建档 from the county's ledger (issue #7): a county officer uploads the .xlsx, the stream
 * works through it in chunks, each row is imported whole or not at all, and a second import of
 * the same workbook changes nothing.
 */
const ctx = useApi()
useDocuments()
process.env.IMPORT_CHUNK_ROWS = '60'

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))
const SAMPLE = repo('docs/ledger/泗县-示例台账-500行.xlsx')
const TEMPLATE = repo('docs/ledger/儿童信息台账模板.xlsx')
type Json = Record<string, any>

async function upload(token: string, bytes: Uint8Array, opts: { name?: string; raw?: boolean; key?: string } = {}) {
  const { app } = await import('../../functions/src/app')
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(opts.key ? { 'idempotency-key': opts.key } : {}) }
  let body: BodyInit
  let path = '/api/staff/child-imports'
  if (opts.raw) {
    body = Buffer.from(bytes)
    headers['content-type'] = 'application/octet-stream'
    path += `?fileName=${encodeURIComponent(opts.name ?? '台账.xlsx')}`
  } else {
    const form = new FormData()
    // What wx.uploadFile sends: the file under `file`, the chosen file's name beside it.
    form.append('file', new File([Buffer.from(bytes)], 'wxfile-tmp-1a2b.xlsx', { type: 'application/octet-stream' }))
    form.append('fileName', opts.name ?? '台账.xlsx')
    body = form
  }
  const res = await app.request(path, { method: 'POST', headers, body })
  return { status: res.status, body: (await res.json()) as Json }
}

/** Follows the job as the page does, until it is no longer running. */
async function finished(token: string, id: string, timeoutMs = 240_000): Promise<Json> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const res = await call('GET', `/staff/child-imports/${id}`, { token })
    expect(res.status).toBe(200)
    if (res.body.state !== 'running') {
      // Why a job stopped, in the run's output: the assertion that follows shows only the state.
      if (res.body.state === 'failed') console.info(`import ${id} stopped: ${res.body.failureCode} ${res.body.failure}`)
      return res.body
    }
    if (Date.now() > until) throw new Error(`import ${id} still running: ${JSON.stringify(res.body).slice(0, 300)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Every child of a village as its director's list shows them (following the cursor). */
async function villageChildren(token: string): Promise<Json[]> {
  const out: Json[] = []
  let cursor: string | undefined
  do {
    const res = await call('GET', `/staff/children?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
    expect(res.status).toBe(200)
    out.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return out
}

/** Child files in 泗县, counted on the county's list index. */
async function countyChildren(): Promise<number> {
  const { query } = await import('../../functions/src/data/table')
  return (await query<Json>({ index: 'byCounty', pk: 'COUNTY#341324000000', skPrefix: 'CHILD#' })).length
}

async function sampleRows() {
  const { sampleLedgerRows } = await import('../../functions/src/local/ledger-workbooks')
  return sampleLedgerRows()
}

async function workbook(rows: Record<string, string | undefined>[]) {
  const { buildLedgerWorkbook } = await import('../../functions/src/documents/ledger-workbook')
  return buildLedgerWorkbook(rows)
}

describe('ledger import', () => {
  it('a workbook with bad rows: each error by row and column in plain Chinese, good rows imported, bad rows leave nothing', async () => {
    const county = await staffToken('sixian')
    const dinghu = await staffToken('dinghu')
    const { badLedgerRows } = await import('../../functions/src/local/ledger-workbooks')
    const rows = await sampleRows()
    // The demo seed's own children of 丁湖村 are there before any import.
    const before = (await villageChildren(dinghu)).map((c) => c.name)
    const countyBefore = await countyChildren()
    const res = await upload(county, await workbook(badLedgerRows(rows)), { name: '有错误的台账.xlsx' })
    expect(res.status).toBe(202)
    // The upload answers at once: the workbook is read afterwards, in the background.
    expect(res.body).toMatchObject({ state: 'running', phase: 'reading', total: 0, done: 0, fileName: '有错误的台账.xlsx', uploadedBy: { name: '周科长', role: 'county_officer' } })
    const job = await finished(county, res.body.id)
    expect(job).toMatchObject({ state: 'done', total: 9, done: 9, created: 2, updated: 0, unchanged: 0, failed: 7, errorsNotShown: 0 })
    const messages = job.errors.map((e: Json) => e.message)
    expect(messages).toContain('第 3 行「身份证号码」：校验位不对，请核对')
    expect(messages).toContain('第 4 行「现居住村（社区）代码」：这个村（社区）不在泗县，只能导入本辖区的孩子')
    expect(messages).toContain('第 5 行「最近一次入户走访日期」：日期不能晚于今天')
    expect(messages).toContain('第 8 行「现居住村（社区）代码」：没有这个村（社区），请核对区划代码')
    expect(messages).toContain('第 10 行「身份证号码」：和第 2 行是同一个身份证号码，同一个孩子只填一行')
    const cells = job.errors.map((e: Json) => `${e.row}|${e.column}|${e.code}`)
    expect(cells).toEqual(expect.arrayContaining(['6|风险等级|invalid_choice', '6|儿童类别|invalid_choice', '7|姓名|required', '7|出生日期|invalid_date']))
    // Only rows 2 and 9 (good) are on file; nothing of the seven bad rows was written.
    const names = (await villageChildren(dinghu)).map((c) => c.name).filter((n) => !before.includes(n))
    expect(names.sort()).toEqual([rows[0]!.name, rows[7]!.name].sort())
    expect(await countyChildren()).toBe(countyBefore + 2)
  })

  it('the 500-row sample ledger: every row imported, the files in the director’s list; the same workbook again changes nothing', async () => {
    const county = await staffToken('sixian')
    const dinghu = await staffToken('dinghu')
    const bytes = readFileSync(SAMPLE)
    const before = (await villageChildren(dinghu)).length
    const countyBefore = await countyChildren()
    const started = Date.now()
    const first = await upload(county, bytes, { name: '泗县-示例台账-500行.xlsx' })
    expect(first.status).toBe(202)
    const job = await finished(county, first.body.id)
    const firstMs = Date.now() - started
    // Children already on file (the bad workbook's good rows, when that test ran first) come back unchanged.
    expect(job).toMatchObject({ state: 'done', phase: 'importing', total: 500, done: 500, updated: 0, failed: 0, errors: [] })
    expect(job.created + job.unchanged).toBe(500)
    expect(job.created).toBeGreaterThanOrEqual(498)
    expect(await countyChildren()).toBe(countyBefore + job.created)

    const rows = await sampleRows()
    const children = await villageChildren(dinghu)
    // 8 of the 500 rows live in 丁湖村; any child already on file is one of them.
    expect(children.length).toBe(before + job.created - (500 - 8))
    const names = children.map((c) => c.name)
    for (const r of rows.slice(0, 8)) expect(names).toContain(r.name)
    expect(children.find((c) => c.name === '李小雨')!.colour).toBe('yellow')
    expect(children.find((c) => c.name === '张浩宇')!.colour).toBe('yellow')
    // The ledger's last home visit carries the cadence on: 120 days ago is overdue for a green child.
    expect(children.find((c) => c.name === '刘子涵')!.overdue).toBe(true)

    const again = await upload(county, bytes, { name: '泗县-示例台账-500行.xlsx' })
    expect(again.status).toBe(202)
    expect(again.body.id).not.toBe(first.body.id)
    const second = await finished(county, again.body.id)
    const secondMs = Date.now() - started - firstMs
    expect(second).toMatchObject({ state: 'done', done: 500, created: 0, updated: 0, unchanged: 500, failed: 0 })
    expect(await villageChildren(dinghu)).toHaveLength(children.length)
    expect(await countyChildren()).toBe(countyBefore + job.created)
    console.info(`500-row sample ledger: first import ${firstMs} ms, the same workbook again ${secondMs} ms`)

    // The import is on record: who, when, which file, how many rows imported and refused.
    const list = await call('GET', '/staff/child-imports?limit=2', { token: county })
    expect(list.status).toBe(200)
    expect(list.body.items[0]).toMatchObject({ id: again.body.id, fileName: '泗县-示例台账-500行.xlsx', uploadedBy: { name: '周科长' }, state: 'done', total: 500, unchanged: 500 })
    expect(list.body.items[0].createdAt).toEqual(expect.any(String))
    expect(list.body.items[1]).toMatchObject({ id: first.body.id, created: job.created })
    // Every import of the county, newest first, page by page: the list never stops silently.
    const ids: string[] = list.body.items.map((i: Json) => i.id)
    let cursor: string | undefined = list.body.nextCursor
    while (cursor) {
      const page = await call('GET', `/staff/child-imports?limit=2&cursor=${cursor}`, { token: county })
      expect(page.status).toBe(200)
      ids.push(...page.body.items.map((i: Json) => i.id))
      cursor = page.body.nextCursor
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(0, 2)).toEqual([again.body.id, first.body.id])
  }, 600_000)

  it('a retried upload with the same Idempotency-Key is the same job; the raw body works as multipart does', async () => {
    const county = await staffToken('sixian')
    const rows = (await sampleRows()).slice(0, 3)
    const bytes = await workbook(rows)
    const a = await upload(county, bytes, { raw: true, name: '三个孩子.xlsx', key: 'ledger-upload-0001' })
    expect(a.status).toBe(202)
    expect(a.body.fileName).toBe('三个孩子.xlsx')
    const b = await upload(county, bytes, { raw: true, name: '三个孩子.xlsx', key: 'ledger-upload-0001' })
    expect(b.status).toBe(200)
    expect(b.body.id).toBe(a.body.id)
    expect(await finished(county, a.body.id)).toMatchObject({ state: 'done', total: 3, unchanged: 3 })
  }, 120_000)

  it('a short read of the stored workbook is read again, never reported as the officer’s file being wrong', async () => {
    const county = await staffToken('sixian')
    const rows = (await sampleRows()).slice(0, 3)
    const bytes = new Uint8Array(await workbook(rows))
    const { createImportJob, getImportJob, importFileKey, putLedgerFile } = await import('../../functions/src/data/child-imports')
    const { fireImportStalled } = await import('../../functions/src/workflows/child-import')
    const { sha256 } = await import('../../functions/src/ids')
    const id = 'SHORTREAD0000000000000001'
    const fileKey = importFileKey('341324000000', id)
    // Storage hands back the first half of the upload (a cut-off read).
    await putLedgerFile(fileKey, bytes.slice(0, bytes.length >> 1))
    const at = new Date().toISOString()
    await createImportJob({
      id, fileName: '三个孩子.xlsx', divisionCode: '341324000000', countyCode: '341324000000',
      uploadedBy: { id: 'officer-sixian', name: '周科长', role: 'county_officer' },
      createdAt: at, updatedAt: at, state: 'running', phase: 'reading',
      total: 0, done: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [], errorsNotShown: 0,
      version: 0, fileKey, fileSha256: sha256(bytes),
    })
    // The stream tries the read five times (≈ 1 s) and gives up; the job is still running, not failed.
    await new Promise((r) => setTimeout(r, 2500))
    await ctx.streamIdle()
    const waiting = await call('GET', `/staff/child-imports/${id}`, { token: county })
    expect(waiting.body).toMatchObject({ state: 'running', phase: 'reading', total: 0 })
    expect(waiting.body.failure).toBeUndefined()
    // Storage is whole again; the scheduler's nudge asks for the read once more and it goes through.
    await putLedgerFile(fileKey, bytes)
    expect(await fireImportStalled({ pk: `IMPORT#${id}` }, new Date())).toBe(true)
    expect((await getImportJob(id, true))!.nudges).toBe(1)
    expect(await finished(county, id)).toMatchObject({ state: 'done', total: 3, failed: 0 })
  }, 120_000)

  it('too large, not an .xlsx, no file: a clean 400 naming the file; a zip that is no ledger, missing columns or no rows: the job stops and says why', async () => {
    const county = await staffToken('sixian')
    const big = new Uint8Array(4 * 1024 * 1024 + 1)
    big.set([0x50, 0x4b, 0x03, 0x04])
    for (const raw of [false, true]) {
      const res = await upload(county, big, { raw })
      expect(res.status).toBe(400)
      expect(res.body.error.fields[0]).toMatchObject({ field: 'file', code: 'too_large' })
      expect(res.body.error.message).toContain('4 MB')
      // Honest about what fits (≈ 26,000 sample rows measured; fuller rows are larger) and what to do.
      expect(res.body.error.message).toContain('大约 2 万行')
      expect(res.body.error.message).toContain('按乡镇分成几个表格')
    }
    const text = await upload(county, new TextEncoder().encode('姓名,性别\n张三,男'))
    expect(text.status).toBe(400)
    expect(text.body.error.fields[0]).toMatchObject({ field: 'file', code: 'not_xlsx', message: '这不是 Excel 表格（.xlsx）文件，请用台账模板填写后上传' })
    // What needs the workbook read is found in the background and stops the job with the reason.
    const failedJob = async (bytes: Uint8Array) => {
      const res = await upload(county, bytes)
      expect(res.status).toBe(202)
      const job = await finished(county, res.body.id)
      expect(job).toMatchObject({ state: 'failed', total: 0, done: 0, created: 0 })
      return job
    }
    expect(await failedJob(Buffer.from('504b0304' + '00'.repeat(60), 'hex'))).toMatchObject({ failureCode: 'not_xlsx', failure: '这不是 Excel 表格（.xlsx）文件，请用台账模板填写后上传' })
    expect(await failedJob(readFileSync(TEMPLATE))).toMatchObject({ failureCode: 'empty' })
    const nothing = await upload(county, new Uint8Array(0), { raw: true })
    expect(nothing.status).toBe(400)
    expect(nothing.body.error.fields[0]).toMatchObject({ field: 'file', code: 'required' })
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('台账').addRow(['姓名', '性别', '出生日期', '身份证号码'])
    const missing = await failedJob(Buffer.from(await wb.xlsx.writeBuffer()))
    expect(missing.failureCode).toBe('missing_columns')
    expect(missing.failure).toContain('现居住村（社区）代码')
    expect((await call('GET', '/staff/child-imports/NOSUCHJOB', { token: county })).status).toBe(404)
    expect((await call('GET', `/staff/child-imports/${'x'.repeat(5000)}`, { token: county })).status).toBe(404)
    expect((await call('GET', '/staff/child-imports?cursor=garbage', { token: county })).status).toBe(400)
  }, 180_000)

  it('jurisdiction: a village director is refused; another county’s officer neither sees the job nor imports 泗县’s children; a township supervisor imports only the township', async () => {
    const county = await staffToken('sixian')
    const rows = await sampleRows()
    // Rows 2–4 in 丁湖村 (丁湖镇), row 5 in another township of 泗县.
    const outsideTown = rows.find((r) => !r.villageCode!.startsWith('341324102'))!
    const inTown = rows.filter((r) => r.villageCode!.startsWith('341324102')).slice(0, 3)
    const bytes = await workbook([...inTown, outsideTown])

    for (const director of ['dinghu', 'shiding']) {
      const token = await staffToken(director)
      const res = await upload(token, bytes)
      expect(res.status).toBe(403)
      expect((await call('GET', '/staff/child-imports', { token })).status).toBe(403)
    }
    const own = await upload(county, bytes)
    expect(own.status).toBe(202)
    await finished(county, own.body.id)

    const other = await addStaff({ username: 'yongqiao', role: 'county_officer', displayName: '钱科长', divisionCode: '341302000000', divisionName: '埇桥区' })
    expect((await call('GET', `/staff/child-imports/${own.body.id}`, { token: other.token })).status).toBe(403)
    expect((await call('GET', '/staff/child-imports', { token: other.token })).body.items).toEqual([])
    const theirs = await upload(other.token, bytes)
    expect(theirs.status).toBe(202)
    const refused = await finished(other.token, theirs.body.id)
    expect(refused).toMatchObject({ state: 'done', created: 0, updated: 0, unchanged: 0, failed: 4 })
    expect(refused.errors.every((e: Json) => e.code === 'outside_area' && e.column === '现居住村（社区）代码')).toBe(true)
    expect((await call('GET', `/staff/child-imports/${theirs.body.id}`, { token: county })).status).toBe(403)

    const town = await staffToken('dinghu-town')
    const byTown = await upload(town, bytes)
    expect(byTown.status).toBe(202)
    const townJob = await finished(town, byTown.body.id)
    expect(townJob).toMatchObject({ unchanged: 3, failed: 1 })
    expect(townJob.errors[0]).toMatchObject({ row: 5, column: '现居住村（社区）代码', code: 'outside_area' })
    expect(townJob.errors[0].message).toBe('第 5 行「现居住村（社区）代码」：这个村（社区）不在丁湖镇，只能导入本辖区的孩子')
    // The county sees the township's import; the township does not see the county's.
    expect((await call('GET', `/staff/child-imports/${byTown.body.id}`, { token: county })).status).toBe(200)
    expect((await call('GET', `/staff/child-imports/${own.body.id}`, { token: town })).status).toBe(403)
    const townList = await call('GET', '/staff/child-imports', { token: town })
    expect(townList.body.items.map((i: Json) => i.id)).toEqual([byTown.body.id])
    void ctx
  }, 120_000)
})
