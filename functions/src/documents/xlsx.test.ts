import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { isFormulaLike, writeWorkbook } from './xlsx'

describe('writeWorkbook', () => {
  it('keeps formula-like and long-digit values as text cells, unchanged', async () => {
    const bytes = await writeWorkbook([
      {
        name: '名单',
        title: '测试名单',
        columns: [
          { header: '姓名', key: 'name' },
          { header: '账号', key: 'account' },
          { header: '金额', key: 'amount' },
        ],
        rows: [
          { name: '=HYPERLINK("http://x","点我")', account: '6222020200112233445', amount: 1200 },
          { name: '@SUM(A1)', account: '-1', amount: null },
        ],
      },
    ])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('名单')!
    expect(sheet.getCell(1, 1).value).toBe('测试名单')
    expect(sheet.getCell(2, 2).value).toBe('账号')
    const injected = sheet.getCell(3, 1)
    expect(injected.type).toBe(ExcelJS.ValueType.String)
    expect(injected.value).toBe('=HYPERLINK("http://x","点我")')
    expect(injected.numFmt).toBe('@')
    expect(sheet.getCell(3, 2).value).toBe('6222020200112233445')
    expect(sheet.getCell(3, 3).value).toBe(1200)
    expect(sheet.getCell(4, 1).type).toBe(ExcelJS.ValueType.String)
    expect(sheet.getCell(4, 2).numFmt).toBe('@')
  })

  it('recognises every formula lead character', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(isFormulaLike(`${lead}1`)).toBe(true)
    expect(isFormulaLike('张三')).toBe(false)
  })
})
