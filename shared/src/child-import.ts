import * as z from 'zod'
import { contains, levelOf } from './divisions'
import { birthDateOfId, idNumberProblem } from './id-number'
import { fullYears, isRealDate } from './civil-date'
import { type RiskColour } from './risk'
import { type SituationId, situationCatalog, triage } from './situations'
import { type CaregiverRelationship, sexOfId } from './entrustment'
import type { UnableToGuardReason } from './left-behind'
import type { PolicySet } from './policy'
import { type ChildDisabilityLevel, type ChildParentSituation, EnrolChild, type SchoolStage } from './child'

/**
 * 摸排建档 from an existing ledger (issue #7): a county's children's ledger (儿童信息台账) in an
 * Excel workbook, one child per row. This module is the contract of that workbook — its
 * columns with their Chinese headers and the help text of the template's 说明 sheet, the row
 * schema that turns the strings of one row into a typed `LedgerRow`, and each problem as
 * 「第 12 行「身份证号码」：校验位不对，请核对」 — shared by the API (which reads the workbook),
 * the template generator and the mini-app (which shows the errors).
 *
 * A valid row becomes the child file's enrolment input (`EnrolChild`, shared/src/child.ts), so a
 * row the ledger accepts is one the child file accepts.
 */

/**
 * Largest workbook accepted: API Gateway base64-encodes the body into Lambda's 6 MB request
 * limit (4 MB becomes 5.33 MB; the ceiling is ≈ 4.5 MB, which would gain ≈ 3,000 rows and still
 * not hold a county). Measured with the template's layout: ≈ 6,600 rows of the sample ledger per
 * MB (158 bytes a row, 27 of 33 cells filled), ≈ 26,000 rows in 4 MB; fuller rows are larger,
 * so the officer is told 「大约 2 万行」 and to split a county's ledger by township.
 */
export const MAX_LEDGER_BYTES = 4 * 1024 * 1024
/** Rows that fit one upload, as the officer is told (see MAX_LEDGER_BYTES). */
export const LEDGER_ROWS_PER_FILE_TEXT = '大约 2 万行'
/** What to do with a ledger over the limit: the same words on the page, in the API's 400 and in the template. */
export const LEDGER_SPLIT_ADVICE = `每个表格不超过 4 MB（${LEDGER_ROWS_PER_FILE_TEXT}）。全县的台账行数多，请按乡镇分成几个表格，一个一个上传；同一个孩子在两个表格里也只建一份档案`
/** Errors kept on an import job; the rest are counted (`errorsNotShown`). */
export const MAX_IMPORT_ERRORS_KEPT = 200
/** Name of the data sheet in the template; any first sheet with the header row is read. */
export const LEDGER_SHEET_NAME = '儿童信息'
export const LEDGER_HELP_SHEET_NAME = '说明'

export const ledgerSexChoices = { 男: 'male', 女: 'female' } as const
export const ledgerHouseholdChoices = { 农村户口: 'rural', 城镇户口: 'urban' } as const
export const ledgerColourChoices = { 红色: 'red', 黄色: 'yellow', 蓝色: 'blue', 绿色: 'green' } as const satisfies Record<string, RiskColour>
export const ledgerYesNoChoices = { 是: true, 否: false } as const

/**
 * A parent's situation as county ledgers record it. The reasons a parent at home cannot guard
 * are those of 004 §2(一) (另一方无监护能力); with 外出务工 they decide whether the child counts
 * as left behind, which the child file computes (it is never typed).
 */
export const ledgerParentSituationChoices = {
  外出务工: { situation: 'working_away' },
  在家: { situation: 'at_home' },
  重度残疾: { situation: 'unable', unableReason: 'severe_disability' },
  重病: { situation: 'unable', unableReason: 'severe_illness' },
  失联: { situation: 'unable', unableReason: 'lost_contact' },
  被遣送出境: { situation: 'unable', unableReason: 'deported' },
  服刑在押: { situation: 'unable', unableReason: 'imprisoned_or_detained' },
  强制隔离戒毒: { situation: 'unable', unableReason: 'compulsory_rehabilitation' },
  其他限制人身自由: { situation: 'unable', unableReason: 'other_restriction' },
  去世: { situation: 'deceased' },
  不清楚: { situation: 'unknown' },
} as const satisfies Record<string, { situation: ChildParentSituation; unableReason?: UnableToGuardReason }>

export const ledgerSchoolStageChoices = {
  未到上学年龄: 'not_yet',
  幼儿园: 'kindergarten',
  小学: 'primary',
  初中: 'junior',
  高中: 'senior',
  中职技校: 'vocational',
  没有上学: 'out_of_school',
} as const satisfies Record<string, SchoolStage>

export const ledgerDisabilityChoices = { 无: 'none', 一级或二级残疾: 'level_1_2', 三级或四级残疾: 'level_3_4' } as const satisfies Record<string, ChildDisabilityLevel>

export const ledgerCaregiverRelationChoices = {
  祖父母: 'paternal_grandparent',
  外祖父母: 'maternal_grandparent',
  兄姐: 'adult_sibling',
  叔伯姑舅姨: 'uncle_aunt',
  其他亲属: 'other_relative',
  邻居朋友: 'neighbour_friend',
  其他: 'other',
} as const satisfies Record<string, CaregiverRelationship>

/** Single-parent children are in the director's duty (004, last paragraph); not a policy-set category. */
export const SINGLE_PARENT_LABEL = '单亲家庭儿童'

/**
 * What the 儿童类别 column accepts in an area: the official names of the difficulty categories
 * of the locality's policy set (泗县: the set it follows, see policy/wenling.ts), and 单亲家庭儿童.
 * Left-behind is computed from the parents (004 §2(一)), never typed.
 */
export function ledgerCategoryChoices(policy: Pick<PolicySet, 'categories'> | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const c of policy?.categories ?? []) out.set(c.officialName.replace(/\s/g, ''), c.id)
  out.set(SINGLE_PARENT_LABEL, 'single_parent')
  return out
}

/** The 风险情形 column accepts the situations of the catalogue reports use (004 §3), by their label. */
export const ledgerSituationChoices: ReadonlyMap<string, SituationId> = new Map(situationCatalog.map((s) => [s.label.replace(/\s/g, ''), s.id]))

export type LedgerKey =
  | 'seq'
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'idNumber'
  | 'householdRegistration'
  | 'villageCode'
  | 'townshipName'
  | 'villageName'
  | 'schoolStage'
  | 'school'
  | 'grade'
  | 'disability'
  | 'seriousIllness'
  | 'fatherSituation'
  | 'fatherName'
  | 'fatherPhone'
  | 'fatherWorkplace'
  | 'fatherAwaySince'
  | 'motherSituation'
  | 'motherName'
  | 'motherPhone'
  | 'motherWorkplace'
  | 'motherAwaySince'
  | 'caregiverName'
  | 'caregiverRelation'
  | 'caregiverPhone'
  | 'categories'
  | 'colour'
  | 'situations'
  | 'colourReason'
  | 'lastHomeVisitOn'
  | 'note'

export interface LedgerColumn {
  key: LedgerKey
  /** The header as it appears in the workbook's first row (a trailing * marks a required column in the template). */
  header: string
  required: boolean
  /** One plain sentence for the 说明 sheet. */
  help: string
  example: string
  /** Fixed choices (offered as a drop-down list in the template). */
  choices?: readonly string[]
  /** Several choices separated by 、 (listed in the 说明 sheet, no drop-down). */
  multiple?: boolean
  /** Column width in the template, in characters. */
  width: number
  /** Stored as text in the template so Excel keeps every digit (ID numbers, codes, phones). */
  text?: boolean
  /** A date column: a date cell, or text like 2015-09-01, 2015/9/1 or 20150901. */
  date?: boolean
}

const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[]
const parentColumns = (who: 'father' | 'mother', label: '父亲' | '母亲'): LedgerColumn[] => [
  {
    key: `${who}Situation`,
    header: `${label}情况`,
    required: true,
    help: '外出务工、在家，或不能照护孩子的原因（重度残疾、重病、失联、服刑在押等），或去世、不清楚。',
    example: '外出务工',
    choices: keysOf(ledgerParentSituationChoices),
    width: 12,
  },
  { key: `${who}Name`, header: `${label}姓名`, required: false, help: '可以不填。', example: who === 'father' ? '张大强' : '李小芳', width: 10 },
  { key: `${who}Phone`, header: `${label}电话`, required: false, help: '11 位手机号码，可以不填。', example: who === 'father' ? '13912345678' : '13812345678', width: 13, text: true },
  {
    key: `${who}Workplace`,
    header: `${label}务工地代码`,
    required: false,
    help: '外出务工的必须填：务工所在县（区）的 6 位或 12 位区划代码，如上海市黄浦区 310101。用来判断是否跨县务工。',
    example: '310101',
    width: 13,
    text: true,
  },
  { key: `${who}AwaySince`, header: `${label}外出时间`, required: false, help: '外出务工的必须填：这次外出的日期，如 2026-03-01。用来判断是否连续外出三个月以上。', example: '2026-03-01', width: 12, date: true },
]

export const ledgerColumns: readonly LedgerColumn[] = [
  { key: 'seq', header: '序号', required: false, help: '方便核对，可以不填，系统不读取。', example: '1', width: 6 },
  { key: 'name', header: '姓名', required: true, help: '孩子的姓名，和户口本一致。', example: '张小明', width: 10 },
  { key: 'sex', header: '性别', required: true, help: '填「男」或「女」，要和身份证号码一致。', example: '男', choices: keysOf(ledgerSexChoices), width: 6 },
  { key: 'birthDate', header: '出生日期', required: true, help: '如 2015-09-01，要和身份证号码里的出生日期一致；已满 18 周岁的不再建档。', example: '2015-09-01', width: 12, date: true },
  {
    key: 'idNumber',
    header: '身份证号码',
    required: false,
    help: '18 位，最后一位可以是 X；还没有办理的可以不填。系统按身份证号码识别每个孩子（没有号码的按姓名、出生日期和村识别）：同一份表格导入两次，不会重复建档。',
    example: '341324201509011712',
    width: 21,
    text: true,
  },
  { key: 'householdRegistration', header: '户口类型', required: true, help: '填「农村户口」或「城镇户口」。', example: '农村户口', choices: keysOf(ledgerHouseholdChoices), width: 10 },
  {
    key: 'villageCode',
    header: '现居住村（社区）代码',
    required: true,
    help: '孩子实际居住的村（社区）的 12 位统计用区划代码，如丁湖村 341324102200。由这个村的儿童主任负责走访。',
    example: '341324102200',
    width: 15,
    text: true,
  },
  { key: 'townshipName', header: '乡镇（街道）', required: false, help: '可以不填；填了会和区划代码核对。', example: '丁湖镇', width: 10 },
  { key: 'villageName', header: '村（社区）', required: false, help: '可以不填；填了会和区划代码核对，如「丁湖村」。', example: '丁湖村', width: 10 },
  { key: 'schoolStage', header: '上学情况', required: false, help: '不填按年龄推算。', example: '小学', choices: keysOf(ledgerSchoolStageChoices), width: 10 },
  { key: 'school', header: '就读学校', required: false, help: '没有上学的不填。', example: '丁湖镇中心小学', width: 16 },
  { key: 'grade', header: '年级', required: false, help: '如「三年级」「初一」，没有上学的不填。', example: '三年级', width: 8 },
  { key: 'disability', header: '残疾情况', required: false, help: '按残疾人证填写，不填按「无」。', example: '无', choices: keysOf(ledgerDisabilityChoices), width: 14 },
  { key: 'seriousIllness', header: '患重病', required: false, help: '填「是」或「否」，不填按「否」。', example: '否', choices: keysOf(ledgerYesNoChoices), width: 8 },
  ...parentColumns('father', '父亲'),
  ...parentColumns('mother', '母亲'),
  { key: 'caregiverName', header: '照护人姓名', required: false, help: '平时照顾孩子的大人；父母在家照顾的可以不填。', example: '张桂芳', width: 10 },
  { key: 'caregiverRelation', header: '照护人关系', required: false, help: '照护人是孩子的什么人；填了照护人姓名的必须填。', example: '祖父母', choices: keysOf(ledgerCaregiverRelationChoices), width: 10 },
  { key: 'caregiverPhone', header: '照护人电话', required: false, help: '11 位手机号码，可以不填。', example: '13712345678', width: 13, text: true },
  {
    key: 'categories',
    header: '儿童类别',
    required: false,
    help: '可以填几项，用顿号「、」隔开，如「事实无人抚养儿童、单亲家庭儿童」。是否留守由父母情况自动判断，不用填。',
    example: '事实无人抚养儿童',
    multiple: true,
    width: 18,
  },
  { key: 'colour', header: '风险等级', required: true, help: '填「红色」「黄色」「蓝色」或「绿色」，按分级分色的标准评定。', example: '绿色', choices: keysOf(ledgerColourChoices), width: 8 },
  {
    key: 'situations',
    header: '风险情形',
    required: false,
    help: '红色、黄色、蓝色必须填：孩子的情形，从「可选内容」里复制，几项用顿号「、」隔开。风险等级要和最严重的情形一致。',
    example: '照看孩子的老人或大人自己生活不能自理',
    choices: situationCatalog.map((s) => s.label),
    multiple: true,
    width: 24,
  },
  { key: 'colourReason', header: '定级理由', required: false, help: '简单写为什么定这个等级；红色、黄色、蓝色必须填写。', example: '祖母年老多病，照护能力不足', width: 20 },
  {
    key: 'lastHomeVisitOn',
    header: '最近一次入户走访日期',
    required: false,
    help: '如 2026-10-15，不能晚于今天。系统从这一天起算下一次走访时间；不填从导入当天算起。',
    example: '2026-10-15',
    width: 14,
    date: true,
  },
  { key: 'note', header: '备注', required: false, help: '其他需要儿童主任知道的情况。', example: '', width: 20 },
]

export const ledgerColumn = Object.fromEntries(ledgerColumns.map((c) => [c.key, c])) as Record<LedgerKey, LedgerColumn>

/** Header cells as people type them: with or without a *, spaces or half-width brackets. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[\s*＊]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
}

const headerToKey = new Map(ledgerColumns.map((c) => [normaliseHeader(c.header), c.key]))

export interface HeaderMatch {
  /** Sheet column number (1-based) of each recognised column. */
  columns: Partial<Record<LedgerKey, number>>
  /** Required headers not found in the row. */
  missing: string[]
  /** Headers that name the same column twice. */
  duplicated: string[]
}

/** Reads the header row (`cells[i]` is column i + 1). */
export function matchHeaders(cells: readonly string[]): HeaderMatch {
  const columns: Partial<Record<LedgerKey, number>> = {}
  const duplicated: string[] = []
  cells.forEach((cell, i) => {
    const key = headerToKey.get(normaliseHeader(cell ?? ''))
    if (!key) return
    if (columns[key]) duplicated.push(ledgerColumn[key].header)
    else columns[key] = i + 1
  })
  const missing = ledgerColumns.filter((c) => c.required && !columns[c.key]).map((c) => c.header)
  return { columns, missing, duplicated }
}

/** One problem with one cell (or the row), said in plain Chinese. */
export const LedgerRowError = z.object({
  /** The row number as the sheet shows it (the header is row 1). */
  row: z.number().int(),
  /** The column's header, or '' for the row as a whole. */
  column: z.string(),
  code: z.string(),
  /** 「第 12 行「身份证号码」：校验位不对，请核对」 */
  message: z.string(),
})
export type LedgerRowError = z.infer<typeof LedgerRowError>

export function rowErrorMessage(row: number, column: string, text: string): string {
  return column ? `第 ${row} 行「${column}」：${text}` : `第 ${row} 行：${text}`
}

/** What a row is checked against besides itself. */
export interface LedgerContext {
  /** Today in China, `YYYY-MM-DD`: no date may be later. */
  today: string
  /** The importing officer's division (county or township): every child must live inside it. */
  areaCode: string
  areaName: string
  /** The villages of that area from the divisions data, by code (names as people say them). */
  villages: ReadonlyMap<string, { name: string; townshipName: string }>
  /** From `ledgerCategoryChoices(policyForDivision(areaCode, today))`. */
  categories: ReadonlyMap<string, string>
}

/** A valid row: the child file's enrolment input, and how the import finds the child again. */
export interface LedgerRow {
  row: number
  /** Stable per child: the ID number when there is one, else county, name, birth date and village. */
  key: string
  hasIdNumber: boolean
  enrolment: EnrolChild
  lastHomeVisitOn?: string
}

const idProblemText = {
  format: '应为 18 位数字（最后一位可以是 X），请核对',
  province: '前两位不是有效的省份代码，请核对',
  birth_date: '中间的出生日期不是真实的日期，请核对',
  check_digit: '校验位不对，请核对',
} as const

const MAX_CELL = 200

/**
 * Turns a spreadsheet date into `YYYY-MM-DD`. Cells reach here as text: a date cell is given as
 * its ISO date by the reader; people also type 2015/9/1, 2015.9.1, 2015年9月1日 or 20150901.
 */
export function ledgerDate(text: string): string | undefined {
  const t = text.trim()
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t)
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (!m) return undefined
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isRealDate(iso) ? iso : undefined
}

const squash = (text: string) => text.replace(/[\s　]/g, '')
const phonePattern = /^1[3-9]\d{9}$/

/** Where each field of the enrolment input comes from, to report a schema problem by column. */
export function ledgerColumnOfPath(path: readonly PropertyKey[]): LedgerKey | undefined {
  const [a, b, c] = path.map(String)
  if (a === 'parents') {
    const who = b === '0' ? 'father' : 'mother'
    const map: Record<string, LedgerKey> = { name: `${who}Name`, phone: `${who}Phone`, workplaceCode: `${who}Workplace`, awaySince: `${who}AwaySince` }
    return map[c ?? ''] ?? `${who}Situation`
  }
  if (a === 'schooling') return ({ stage: 'schoolStage', school: 'school', grade: 'grade' } as Record<string, LedgerKey>)[b ?? ''] ?? 'schoolStage'
  if (a === 'health') return b === 'seriousIllness' ? 'seriousIllness' : 'disability'
  if (a === 'caregiver') return ({ name: 'caregiverName', relationship: 'caregiverRelation', phone: 'caregiverPhone' } as Record<string, LedgerKey>)[b ?? ''] ?? 'caregiverName'
  if (a === 'difficultyCategories' || a === 'singleParent') return 'categories'
  if (a === 'grade') return b === 'reason' ? 'colourReason' : 'situations'
  const direct: LedgerKey[] = ['name', 'sex', 'birthDate', 'idNumber', 'householdRegistration', 'villageCode', 'note']
  return direct.find((k) => k === a)
}

function stageForAge(age: number): SchoolStage {
  if (age < 3) return 'not_yet'
  if (age < 6) return 'kindergarten'
  if (age < 12) return 'primary'
  if (age < 15) return 'junior'
  return 'senior'
}

export type LedgerCheck = { ok: true; row: LedgerRow } | { ok: false; errors: LedgerRowError[] }

/**
 * Checks one row and builds the child file's enrolment input from it. Every problem is
 * reported, not only the first, so the officer fixes a row once. A row with any problem yields
 * no input: nothing of it is imported.
 */
export function checkLedgerRow(rowNumber: number, cells: Partial<Record<LedgerKey, string>>, ctx: LedgerContext): LedgerCheck {
  const errors: LedgerRowError[] = []
  const failed = (key: LedgerKey) => errors.some((e) => e.column === ledgerColumn[key].header)
  const fail = (key: LedgerKey | '', code: string, text: string) => {
    if (key && failed(key)) return
    const column = key ? ledgerColumn[key].header : ''
    errors.push({ row: rowNumber, column, code, message: rowErrorMessage(rowNumber, column, text) })
  }
  const get = (key: LedgerKey): string | undefined => {
    const v = (cells[key] ?? '').trim()
    if (v.length > MAX_CELL) {
      fail(key, 'too_long', `内容太长，不超过 ${MAX_CELL} 个字`)
      return undefined
    }
    return v || undefined
  }
  const required = (key: LedgerKey, why = '没有填写，这一项必须填'): string | undefined => {
    const v = get(key)
    if (v === undefined) fail(key, 'required', why)
    return v
  }
  const pick = <T>(key: LedgerKey, choices: Record<string, T>, value: string | undefined): T | undefined => {
    if (value === undefined) return undefined
    const found = choices[squash(value)]
    if (found === undefined) fail(key, 'invalid_choice', `「${value}」不是可选的内容，请填写：${Object.keys(choices).join('、')}`)
    return found
  }
  const date = (key: LedgerKey, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined
    const d = ledgerDate(value)
    if (!d) return void fail(key, 'invalid_date', `「${value}」不是真实的日期，请按 2015-09-01 的格式填写`)
    if (d > ctx.today) return void fail(key, 'future_date', '日期不能晚于今天')
    return d
  }
  const phone = (key: LedgerKey): string | undefined => {
    const v = get(key)?.replace(/[\s-]/g, '')
    if (v !== undefined && !phonePattern.test(v)) fail(key, 'invalid_phone', '应为 11 位手机号码，请核对')
    return v
  }

  const name = required('name')
  if (name && name.length > 30) fail('name', 'too_long', '姓名不超过 30 个字')
  const sex = pick('sex', ledgerSexChoices, required('sex'))
  const birthDate = date('birthDate', required('birthDate'))
  if (birthDate && fullYears(birthDate, ctx.today) >= 18) fail('birthDate', 'adult', '已年满十八周岁，不再建立儿童档案')

  const rawId = get('idNumber')
  let idNumber: string | undefined
  if (rawId !== undefined) {
    const id = squash(rawId).toUpperCase()
    if (/^\d(\.\d+)?E\+?\d+$/.test(id)) {
      fail('idNumber', 'number_format', '被表格存成了数字，后几位已经丢失；请把这一列设为「文本」后重新填写')
    } else {
      const problem = idNumberProblem(id, new Date(`${ctx.today}T12:00:00+08:00`))
      if (problem) fail('idNumber', `id_${problem}`, idProblemText[problem])
      else {
        idNumber = id
        const idBirth = birthDateOfId(id)
        if (birthDate && idBirth !== birthDate) fail('birthDate', 'id_mismatch', `和身份证号码里的出生日期（${idBirth}）不一致`)
        const idSex = sexOfId(id)
        if (sex && idSex !== sex) fail('sex', 'id_mismatch', `和身份证号码不一致（号码显示为${idSex === 'male' ? '男' : '女'}）`)
      }
    }
  }

  const householdRegistration = pick('householdRegistration', ledgerHouseholdChoices, required('householdRegistration'))

  const rawVillage = required('villageCode')
  let villageCode: string | undefined
  if (rawVillage !== undefined) {
    const code = squash(rawVillage)
    if (!/^\d{12}$/.test(code)) fail('villageCode', 'invalid_code', '应为 12 位数字的区划代码，如 341324102200')
    else if (levelOf(code) !== 'village') fail('villageCode', 'not_village', '这是乡镇或县的代码，请填到村（社区）一级')
    else if (!contains(ctx.areaCode, code)) fail('villageCode', 'outside_area', `这个村（社区）不在${ctx.areaName}，只能导入本辖区的孩子`)
    else {
      const village = ctx.villages.get(code)
      if (!village) fail('villageCode', 'unknown_village', '没有这个村（社区），请核对区划代码')
      else {
        villageCode = code
        const townshipName = get('townshipName')
        const villageName = get('villageName')
        if (townshipName && squash(townshipName) !== village.townshipName) fail('townshipName', 'name_mismatch', `和区划代码不一致（代码是${village.townshipName}）`)
        if (villageName && squash(villageName) !== village.name) fail('villageName', 'name_mismatch', `和区划代码不一致（代码是${village.name}）`)
      }
    }
  }

  const stage = pick('schoolStage', ledgerSchoolStageChoices, get('schoolStage')) ?? (birthDate ? stageForAge(fullYears(birthDate, ctx.today)) : 'primary')
  const disability = pick('disability', ledgerDisabilityChoices, get('disability')) ?? 'none'
  const seriousIllness = pick('seriousIllness', ledgerYesNoChoices, get('seriousIllness')) ?? false

  const parent = (who: 'father' | 'mother') => {
    const found = pick(`${who}Situation`, ledgerParentSituationChoices, required(`${who}Situation`))
    const p: Record<string, unknown> = { relation: who, name: get(`${who}Name`), phone: phone(`${who}Phone`), ...(found ?? { situation: 'unknown' }) }
    const rawPlace = get(`${who}Workplace`)
    const awaySince = date(`${who}AwaySince`, get(`${who}AwaySince`))
    if (found?.situation === 'working_away') {
      if (rawPlace === undefined) fail(`${who}Workplace`, 'required', '外出务工的请填写务工所在县（区）的区划代码，如 310101')
      if (awaySince === undefined && !failed(`${who}AwaySince`)) fail(`${who}AwaySince`, 'required', '外出务工的请填写这次外出的日期')
    }
    if (rawPlace !== undefined) {
      const code = squash(rawPlace)
      const full = /^\d{6}$/.test(code) ? code.padEnd(12, '0') : code
      if (!/^\d{12}$/.test(full)) fail(`${who}Workplace`, 'invalid_code', '应为 6 位或 12 位数字的区划代码，如 310101')
      else if (['province', 'city'].includes(levelOf(full))) fail(`${who}Workplace`, 'not_county', '请填到县（区）一级，如上海市黄浦区 310101')
      else if (found?.situation === 'working_away') p.workplaceCode = full
    }
    if (found?.situation === 'working_away' && awaySince) p.awaySince = awaySince
    return p
  }
  const father = parent('father')
  const mother = parent('mother')

  const caregiverName = get('caregiverName')
  const caregiverRelation = pick('caregiverRelation', ledgerCaregiverRelationChoices, get('caregiverRelation'))
  const caregiverPhone = phone('caregiverPhone')
  if (caregiverName && !caregiverRelation && !failed('caregiverRelation')) fail('caregiverRelation', 'required', '填了照护人，请也填写照护人是孩子的什么人')
  if (!caregiverName && (caregiverRelation || caregiverPhone)) fail('caregiverName', 'required', '填了照护人的关系或电话，请也填写照护人姓名')

  const difficultyCategories: string[] = []
  let singleParent = false
  const parsedCategories = splitByLabels(get('categories') ?? '', [...ctx.categories.keys()])
  for (const part of parsedCategories.unknown) fail('categories', 'invalid_choice', `「${part}」不是可选的类别，请填写：${[...ctx.categories.keys()].join('；')}`)
  for (const label of parsedCategories.found) {
    const id = ctx.categories.get(label)!
    if (id === 'single_parent') singleParent = true
    else if (!difficultyCategories.includes(id)) difficultyCategories.push(id)
  }

  const colour = pick('colour', ledgerColourChoices, required('colour'))
  const situations: SituationId[] = []
  const parsedSituations = parseSituations(get('situations') ?? '')
  for (const id of parsedSituations.ids) if (!situations.includes(id)) situations.push(id)
  if (parsedSituations.unknown.length) fail('situations', 'invalid_choice', `「${parsedSituations.unknown[0]}」不是可选的情形，请从模板「说明」页的可选内容里复制`)
  const colourReason = get('colourReason')
  if (colour && colour !== 'green') {
    if (!situations.length && !failed('situations')) fail('situations', 'required', `${colourName[colour]}等级请写明孩子的风险情形`)
    if (!colourReason) fail('colourReason', 'required', `${colourName[colour]}等级请写明定级理由`)
  }
  if (colour && situations.length && !failed('situations')) {
    const byCatalogue = triage(situations)
    if (byCatalogue !== colour) fail('colour', 'colour_mismatch', `和风险情形不一致：按填写的情形应为${colourName[byCatalogue]}`)
  }
  if (colourReason && colourReason.length < 2) fail('colourReason', 'too_short', '请写明评定的理由')

  const lastHomeVisitOn = date('lastHomeVisitOn', get('lastHomeVisitOn'))
  if (lastHomeVisitOn && birthDate && lastHomeVisitOn < birthDate) fail('lastHomeVisitOn', 'before_birth', '走访日期不能早于出生日期')
  const note = get('note')

  if (errors.length) return { ok: false, errors }

  const input = {
    name,
    sex,
    birthDate,
    idNumber,
    householdRegistration,
    villageCode,
    schooling: { stage, school: get('school'), grade: get('grade') },
    health: { disability, seriousIllness },
    parents: [father, mother],
    singleParent,
    caregiver: caregiverName ? { name: caregiverName, relationship: caregiverRelation, phone: caregiverPhone, livesWithChild: true } : undefined,
    difficultyCategories,
    note,
    // The ledger's grade is the new file's first grade; an existing file keeps its own (applyBasics).
    ...(colourReason ? { grade: { situations, reason: colourReason, hardToJudge: false } } : {}),
  }
  // The child file's own schema has the last word: whatever it refuses is reported by column too.
  const parsed = EnrolChild.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ledgerColumnOfPath(issue.path)
      fail(key ?? '', issue.code, issue.message)
    }
    return { ok: false, errors }
  }
  return {
    ok: true,
    row: {
      row: rowNumber,
      key: idNumber ?? `${villageCode!.slice(0, 6)}:${squash(name!)}:${birthDate}:${villageCode}`,
      hasIdNumber: !!idNumber,
      enrolment: parsed.data,
      lastHomeVisitOn,
    },
  }
}

const situationLabels = [...ledgerSituationChoices.keys()].sort((a, b) => b.length - a.length)

/**
 * The situations in a 风险情形 cell. Labels themselves hold 、 and ，(「照护明显不足（常吃不饱、穿不暖、
 * 无人过问）」), so the cell is read label by label, longest first, rather than split.
 */
export function parseSituations(text: string): { ids: SituationId[]; unknown: string[] } {
  const { found, unknown } = splitByLabels(text, situationLabels)
  return { ids: found.map((label) => ledgerSituationChoices.get(label)!), unknown }
}

/**
 * Splits a cell into the known labels it lists. Labels may themselves hold a 顿号 (「照护明显不足
 * （常吃不饱、穿不暖、无人过问）」, 泗县's 「重残、重病和贫困家庭儿童」), so the longest label that
 * starts the text wins before any separator is treated as one.
 */
function splitByLabels(text: string, labels: readonly string[]): { found: string[]; unknown: string[] } {
  const longestFirst = [...labels].sort((a, b) => b.length - a.length)
  const found: string[] = []
  const unknown: string[] = []
  let rest = squash(text)
  const separators = /^[、,，;；。\n]+/
  while ((rest = rest.replace(separators, ''))) {
    const label = longestFirst.find((l) => rest.startsWith(l))
    if (label) {
      found.push(label)
      rest = rest.slice(label.length)
    } else {
      const m = /^[^、,，;；。\n]+/.exec(rest)!
      unknown.push(m[0])
      rest = rest.slice(m[0].length)
    }
  }
  return { found, unknown }
}

const colourName: Record<RiskColour, string> = { red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' }

/** Two rows for one child: the later one is refused, the first one stands. */
export function duplicateRowError(row: number, firstRow: number, byId: boolean): LedgerRowError {
  const column = byId ? ledgerColumn.idNumber.header : ledgerColumn.name.header
  const text = byId ? `和第 ${firstRow} 行是同一个身份证号码，同一个孩子只填一行` : `和第 ${firstRow} 行的姓名、出生日期和村都相同，同一个孩子只填一行`
  return { row, column, code: 'duplicate', message: rowErrorMessage(row, column, text) }
}

/** 导入任务 an import job: one uploaded workbook, worked through in the background. */
export const LedgerImportState = z.enum(['running', 'done', 'failed'])
export type LedgerImportState = z.infer<typeof LedgerImportState>
export const ledgerImportStateLabel: Record<LedgerImportState, string> = { running: '正在导入', done: '导入完成', failed: '导入中断' }

export const LedgerImportJob = z.object({
  id: z.string(),
  fileName: z.string(),
  /** Where the officer works (county or township): every row must lie inside it. */
  divisionCode: z.string(),
  countyCode: z.string(),
  uploadedBy: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  state: LedgerImportState,
  /** Data rows in the workbook (blank rows not counted). */
  total: z.number().int(),
  /** Rows checked so far, imported or not. */
  done: z.number().int(),
  /** New child files. */
  created: z.number().int(),
  /** Existing files the row changed. */
  updated: z.number().int(),
  /** Rows whose child file already said exactly this (a second import of the same workbook). */
  unchanged: z.number().int(),
  /** Rows refused for errors: nothing of them was written. */
  failed: z.number().int(),
  errors: z.array(LedgerRowError),
  /** Errors beyond the first MAX_IMPORT_ERRORS_KEPT, counted only. */
  errorsNotShown: z.number().int(),
  /** Why the job stopped, when `state` is failed. */
  failure: z.string().optional(),
  /** A stable code for `failure` (e.g. `not_xlsx`, `missing_columns`, `empty`). */
  failureCode: z.string().optional(),
  /**
   * `reading`: the workbook is being read once (its rows counted, repeats found) before any
   * child is written; `total` is 0 until then. `importing`: rows go in chunk by chunk.
   */
  phase: z.enum(['reading', 'importing']).optional(),
})
export type LedgerImportJob = z.infer<typeof LedgerImportJob>

export const LedgerImportJobSummary = LedgerImportJob.pick({
  id: true,
  fileName: true,
  divisionCode: true,
  uploadedBy: true,
  createdAt: true,
  finishedAt: true,
  state: true,
  total: true,
  done: true,
  created: true,
  updated: true,
  unchanged: true,
  failed: true,
  phase: true,
})
export type LedgerImportJobSummary = z.infer<typeof LedgerImportJobSummary>

export const LedgerImportJobPage = z.object({ items: z.array(LedgerImportJobSummary), nextCursor: z.string().optional() })
export type LedgerImportJobPage = z.infer<typeof LedgerImportJobPage>
