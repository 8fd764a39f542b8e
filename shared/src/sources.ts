/**
 * The policy documents behind the rules (`shared/seeds/*.txt`), by their real title and issuer,
 * and a formatter that turns a clause reference used in the code (`003 §2(一)4`, `004 #9`) into
 * words a cadre can look up: 温岭市《关于推进困境儿童精准保障工作的实施意见》第二部分第（一）项第4点.
 * Staff screens show these; family screens show no clause at all.
 */
export interface PolicySource {
  seed: string
  /** Who issued it, as a cadre would name it before the title. */
  issuer: string
  title: string
  docNo?: string
  year: number
}

/** Read from the first lines of each seed. */
export const policySources: Record<string, PolicySource> = {
  '000': {
    seed: '000',
    issuer: '广西壮族自治区新冠肺炎疫情防控工作领导小组指挥部',
    title: '因新冠肺炎疫情影响造成监护缺失儿童救助保护实施方案',
    year: 2020,
  },
  '001': {
    seed: '001',
    issuer: '泗县人民政府办公室',
    title: '关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知',
    docNo: '泗政办秘〔2020〕9号',
    year: 2020,
  },
  '002': {
    seed: '002',
    issuer: '宁夏回族自治区人民政府',
    title: '关于加强困境儿童保障工作的实施意见',
    docNo: '宁政发〔2017〕86号',
    year: 2017,
  },
  '003': {
    seed: '003',
    // 中共温岭市委办公室、温岭市人民政府办公室 印发.
    issuer: '温岭市',
    title: '关于推进困境儿童精准保障工作的实施意见',
    docNo: '温市委办发〔2023〕24号',
    year: 2023,
  },
  '004': {
    seed: '004',
    // 广东省民政厅等 17 个部门联合印发.
    issuer: '广东省民政厅等部门',
    title: '广东省农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案',
    docNo: '粤民发〔2024〕32号',
    year: 2024,
  },
}

const numerals = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const chineseNumber = (n: number) => (n <= 10 ? numerals[n]! : n < 20 ? `十${numerals[n - 10]}` : String(n))

/**
 * One clause reference in plain words. `§2` is the document's part 二, `(一)` its item, a
 * trailing number the numbered point within the item; `#9` is the document's numbered point 9
 * (001 and 004 number their tasks through the text). Several references joined by `；` or `;`
 * are each spelled out. Anything that does not parse is returned as it is, never dropped.
 */
export function describeClause(ref: string): string {
  const many = ref.split(/\s*[;；]\s*/).filter(Boolean)
  if (many.length > 1) return many.map(describeClause).join('；')
  const m = /^(\d{3})\s*(.*)$/.exec(ref.trim())
  const source = m && policySources[m[1]!]
  if (!m || !source) return ref
  const doc = `${source.issuer}《${source.title}》`
  const rest = m[2]!.trim()
  if (!rest) return doc
  const point = /^#(\d+)$/.exec(rest)
  if (point) return `${doc}第${point[1]}点`
  const part = /^§(\d+)(?:[(（]([一二三四五六七八九十]+)[)）])?(\d+)?$/.exec(rest)
  if (!part) return `${doc}（${rest}）`
  return `${doc}第${chineseNumber(Number(part[1]))}部分${part[2] ? `第（${part[2]}）项` : ''}${part[3] ? `第${part[3]}点` : ''}`
}

/** Several references (possibly repeated) in plain words, each once. */
export function describeClauses(refs: readonly string[]): string[] {
  return [...new Set(refs.flatMap((r) => r.split(/\s*[;；]\s*/)).filter(Boolean))].map(describeClause)
}
