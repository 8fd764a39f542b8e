import { colourLabel, type ChildListItem, type Duty, type RiskColour } from '@shouhu/shared'
import { colourWord } from '../components/colour-words'

/**
 * The policy documents by their plain names. Rules in `shared/` cite seeds as 「004 §3.2」; a
 * village director needs to know which document says so, not a file number or a clause mark.
 */
const documents: Record<string, string> = {
  '000': '广西壮族自治区《因新冠肺炎疫情影响造成监护缺失儿童救助保护实施方案》',
  '001': '泗县人民政府办公室《关于进一步做好困境儿童保障和农村留守儿童关爱保护工作的通知》',
  '002': '宁夏回族自治区《关于加强困境儿童保障工作的实施意见》',
  '003': '温岭市《关于推进困境儿童精准保障工作的实施意见》',
  '004': '广东省《农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》',
}

/** 「004 §2(一)」 → 广东省《…》; anything already plain is kept, codes are never shown. */
export function plainSource(source: string | undefined): string {
  if (!source) return ''
  const seed = /^\s*(\d{3})\b/.exec(source)?.[1]
  if (seed) return documents[seed] ?? '相关政策文件'
  // Clause marks without a document (「§3.2」) say nothing to a villager.
  return source.replace(/§\s*[\d.()（）一二三四五六七八九十]+/g, '').trim() || '相关政策文件'
}

/** Removes clause marks and seed numbers from a rule text: 「黄色：至少每月入户走访一次（004 §3.2）」 → 「黄色：至少每月入户走访一次」. */
export function withoutClause(text: string): string {
  return text
    .replace(/[（(]\s*\d{3}\s*[^）)]*[）)]/g, '')
    .replace(/\d{3}\s*§\s*[\d.()（）一二三四五六七八九十#]+/g, '')
    .replace(/\d{3}\s*#\s*\d+/g, '')
    .replace(/§\s*[\d.()（）一二三四五六七八九十]+/g, '')
    .trim()
}

/** What is due and why, the way a director says it: 「每月上门走访（黄色）」. */
export function dueText(next: NonNullable<ChildListItem['next']>, colour: RiskColour): string {
  const what = withoutClause(next.what)
  const why = withoutClause(next.why)
  // Rules read 「黄色：至少每月入户走访一次」: put the duty first and who it is for after it.
  const split = /^([^：:]{1,12})[：:](.+)$/.exec(why)
  if (split) return `${split[2]!.trim()}（${split[1]!.trim()}）`
  return `${what}（${why || colourWord[colour]}）`
}

export function dutyLine(d: Duty): string {
  return withoutClause(d.rule)
}

export function colourText(c: RiskColour): string {
  return colourLabel[c]
}

/** `2026-11-28` → 「11月28日」; with the year when it is not this year. */
export function shortDate(day: string | undefined, today?: string): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}/.test(day)) return day ?? ''
  const [y, m, d] = day.slice(0, 10).split('-')
  const md = `${Number(m)}月${Number(d)}日`
  return today && today.slice(0, 4) === y ? md : `${y}年${md}`
}

/** How late or how soon, in days: 「已逾期 3 天」 / 「今天到期」 / 「还有 2 天」. */
export function whenText(dueOn: string, today: string, overdue = false): string {
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
  if (days < 0) return `已逾期 ${-days} 天`
  // A deadline at a time of day (a red child's 24 hours) can pass before its day ends.
  if (overdue) return '已逾期'
  if (days === 0) return '今天到期'
  return `还有 ${days} 天（${shortDate(dueOn, today)}）`
}
