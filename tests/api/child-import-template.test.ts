import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { LEDGER_HELP_SHEET_NAME, LEDGER_SHEET_NAME, chinaToday, ledgerCategoryChoices, policyForDivision } from '@shouhu/shared'
import { staffToken, useApi } from '../support/api-harness'

/**
 * The ledger template is downloaded through the API (issue #7): those who may import it — the
 * county officer and a township supervisor — get the same workbook as docs/ledger/儿童信息台账模板.xlsx;
 * a village director, who enrols at the door, is refused.
 */
useApi()

const TEMPLATE = fileURLToPath(new URL('../../docs/ledger/儿童信息台账模板.xlsx', import.meta.url))

async function get(token?: string) {
  const { app } = await import('../../functions/src/app')
  return app.request('/api/staff/child-imports/template', { headers: token ? { authorization: `Bearer ${token}` } : {} })
}

async function load(bytes: ArrayBuffer | Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes as ArrayBuffer) as any)
  return wb
}

describe('GET /staff/child-imports/template', () => {
  it('answers importers with the ledger template, its 儿童类别 those of their county', async () => {
    const repoCopy = await load(readFileSync(TEMPLATE))
    for (const user of ['sixian', 'dinghu-town']) {
      const res = await get(await staffToken(user))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('spreadsheetml')
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('儿童信息台账模板.xlsx'))
      const wb = await load(await res.arrayBuffer())
      expect(wb.worksheets.map((s) => s.name)).toEqual([LEDGER_SHEET_NAME, LEDGER_HELP_SHEET_NAME])
      // The same columns, in the same order, as the template in the repository.
      expect(wb.getWorksheet(LEDGER_SHEET_NAME)!.getRow(1).values).toEqual(repoCopy.getWorksheet(LEDGER_SHEET_NAME)!.getRow(1).values)
      expect(wb.getWorksheet(LEDGER_SHEET_NAME)!.actualRowCount).toBe(1)
      const help = wb.getWorksheet(LEDGER_HELP_SHEET_NAME)!
      const repoHelp = repoCopy.getWorksheet(LEDGER_HELP_SHEET_NAME)!
      expect(help.rowCount).toBe(repoHelp.rowCount)
      // The 儿童类别 row offers what the import accepts in 泗县 today.
      const categoriesRow = [...Array(help.rowCount).keys()].map((i) => help.getRow(i + 1)).find((r) => String(r.getCell(1).value).startsWith('儿童类别'))!
      const expected = [...ledgerCategoryChoices(policyForDivision('341324000000', chinaToday())).keys()]
      expect(String(categoriesRow.getCell(4).value).split('\n')).toEqual(expected)
      expect(expected).toContain('单亲家庭儿童')
      // Every other row of 说明 is word for word the repository's.
      for (let r = 1; r <= help.rowCount; r++) {
        if (r === categoriesRow.number) continue
        expect(help.getRow(r).values, `说明 row ${r}`).toEqual(repoHelp.getRow(r).values)
      }
    }
  })

  it('refuses a village director and an anonymous caller', async () => {
    const director = await get(await staffToken('dinghu'))
    expect(director.status).toBe(403)
    expect(((await director.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN')
    expect((await get()).status).toBe(401)
  })
})
