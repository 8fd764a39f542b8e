import { beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled } from './children-fixtures'

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

/** The workbook download: binary, so read through the app directly. */
async function download(token: string, query = '') {
  const { app } = await import('../../functions/src/app')
  const res = await app.request(`/api/staff/cases/mass-lists/workbook${query}`, { headers: { authorization: `Bearer ${token}` } })
  return res
}

async function sheets(res: Response) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
  return wb
}

const grade = (token: string, id: string, situations: string[]) => call('POST', `/staff/children/${id}/grade`, { token, body: { situations, reason: '入户核实' } })

describe('the red, yellow and blue lists to 团委, 妇联 and 残联 (004 §4(三))', () => {
  it('the county downloads one sheet per level with only the rule\'s fields; the export is recorded with who, when and which children', async () => {
    const yellow = await enrolled(village.token, { name: '测黄黄' })
    const g = await grade(village.token, yellow.id, ['carer_incapable'])
    expect(g.status).toBeLessThan(300)
    const green = await enrolled(village.token, { name: '测绿绿' })

    const res = await download(county.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = await sheets(res)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['红色名单', '黄色名单', '蓝色名单'])
    const sheet = wb.getWorksheet('黄色名单')!
    expect(sheet.getRow(2).values).toEqual([undefined, '姓名', '性别', '年龄', '乡镇', '村（社区）', '风险等级', '类别'])
    const names = sheet.getColumn(1).values.slice(3)
    expect(names).toContain('测黄黄')
    expect(JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))).not.toMatch(/测绿绿|13912345678|测大山|341324\d{6}/)
    expect(JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))).not.toContain(yellow.birthDate)

    const list = await call('GET', '/staff/cases/mass-lists', { token: county.token })
    const record = list.body.items.find((e: any) => e.id === res.headers.get('x-export-id'))
    expect(record).toMatchObject({ byName: '周科长', reason: 'on_demand' })
    expect(record.counts.yellow).toBeGreaterThanOrEqual(1)
    const { exportChildIds } = await import('../../functions/src/data/mass-lists')
    const ids = await exportChildIds(record)
    expect(ids).toContain(yellow.id)
    expect(ids).not.toContain(green.id)
    expect(record.rows).toBe(ids.length)
    // The next half-yearly reminder is six months on.
    expect(list.body.nextDueAt.slice(0, 7)).toBe(new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 7))
  })

  it('only the county: township, village and the neighbouring village are refused; a bad reason is named', async () => {
    for (const who of [township, village, neighbour]) {
      expect((await download(who.token)).status).toBe(403)
      expect((await call('GET', '/staff/cases/mass-lists', { token: who.token })).status).toBe(403)
    }
    const bad = await download(county.token, '?reason=whenever')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.fields[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('报送原因') })
  })

  it('the county officer is reminded when the lists are due, once per run, and again a week later until they are sent', async () => {
    const { getSchedule } = await import('../../functions/src/data/mass-lists')
    await call('GET', '/staff/cases/mass-lists', { token: county.token })
    const s = (await getSchedule('341324000000'))!
    const due = new Date(Date.parse(s.nextAt) + 60_000)
    await import('../../functions/src/due/kinds')
    const { runAllDue } = await import('../../functions/src/due/registry')
    expect((await runAllDue(due, { only: ['MASS_LISTS'] })).MASS_LISTS).toBe(1)
    expect((await runAllDue(due, { only: ['MASS_LISTS'] })).MASS_LISTS ?? 0).toBe(0)
    await ctx.streamIdle()
    const inbox = (await call('GET', '/notifications?limit=100', { token: county.token })).body.items.filter((n: any) => n.kind === 'mass_lists_due')
    expect(inbox).toHaveLength(1)
    expect(inbox[0].body).toContain('团委、妇联、残联')
    expect((await call('GET', '/notifications?limit=100', { token: township.token })).body.items.filter((n: any) => n.kind === 'mass_lists_due')).toHaveLength(0)
    expect((await runAllDue(new Date(due.getTime() + 7 * 86_400_000), { only: ['MASS_LISTS'] })).MASS_LISTS).toBe(1)
  })
})
