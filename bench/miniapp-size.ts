import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { kb, printTable } from './stats'

/**
 * WeChat mini-program package sizes from the Taro weapp build: the main package (everything
 * outside the subpackage roots in app.json) against WeChat's 2 MB limit, each subpackage, and
 * the H5 build for comparison.
 */
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)))
const weappDir = join(repoRoot, 'mini-app/dist/weapp')
const h5Dir = join(repoRoot, 'mini-app/dist/h5')
export const WECHAT_MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
export const WECHAT_TOTAL_LIMIT = 20 * 1024 * 1024

export interface MiniappSizeResult {
  built: { ran: boolean; ms?: number; error?: string }
  weapp?: {
    mainPackageBytes: number
    mainPackageFiles: number
    mainPackageLimitBytes: number
    mainPackageShareOfLimit: number
    largestMainFiles: { file: string; bytes: number }[]
    subPackages: { root: string; bytes: number; files: number }[]
    totalBytes: number
  }
  h5?: { totalBytes: number; files: number; jsBytes: number; cssBytes: number; jsCssGzipBytes: number }
}

function walk(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else if (e.isFile()) out.push({ path: p, bytes: statSync(p).size })
  }
  return out
}

export async function runMiniappSize(): Promise<MiniappSizeResult> {
  const result: MiniappSizeResult = { built: { ran: false } }
  if (!existsSync(join(weappDir, 'app.json'))) {
    console.log('mini-app/dist/weapp is missing: npm run build:weapp -w mini-app …')
    const t0 = performance.now()
    // A WeChat build refuses to start without the API's https address (mini-app/config/index.ts);
    // the package's size does not depend on which one, so a placeholder serves when none is set.
    const env = { ...process.env, TARO_APP_API_BASE: process.env.TARO_APP_API_BASE ?? 'https://api.example.cn/api' }
    const p = spawnSync('npm', ['run', 'build:weapp', '-w', 'mini-app'], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000, env })
    result.built = { ran: true, ms: Math.round(performance.now() - t0) }
    if (p.status !== 0 || !existsSync(join(weappDir, 'app.json'))) {
      result.built.error = `build:weapp failed (${p.status}): ${(p.stderr || p.stdout).slice(-800)}`
      console.log(result.built.error)
    }
  }

  if (existsSync(join(weappDir, 'app.json'))) {
    const app = JSON.parse(readFileSync(join(weappDir, 'app.json'), 'utf8')) as {
      subPackages?: { root: string }[]
      subpackages?: { root: string }[]
    }
    const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/+$/, ''))
    const files = walk(weappDir).map((f) => ({ file: relative(weappDir, f.path).split(sep).join('/'), bytes: f.bytes }))
    const rootOf = (file: string) => roots.find((r) => file === r || file.startsWith(`${r}/`))
    const main = files.filter((f) => !rootOf(f.file))
    const mainBytes = main.reduce((s, f) => s + f.bytes, 0)
    result.weapp = {
      mainPackageBytes: mainBytes,
      mainPackageFiles: main.length,
      mainPackageLimitBytes: WECHAT_MAIN_PACKAGE_LIMIT,
      mainPackageShareOfLimit: Math.round((mainBytes / WECHAT_MAIN_PACKAGE_LIMIT) * 1000) / 10,
      largestMainFiles: [...main].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
      subPackages: roots.map((root) => {
        const own = files.filter((f) => rootOf(f.file) === root)
        return { root, bytes: own.reduce((s, f) => s + f.bytes, 0), files: own.length }
      }),
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    }
  }

  if (existsSync(h5Dir)) {
    const files = walk(h5Dir)
    const js = files.filter((f) => f.path.endsWith('.js'))
    const css = files.filter((f) => f.path.endsWith('.css'))
    result.h5 = {
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      files: files.length,
      jsBytes: js.reduce((s, f) => s + f.bytes, 0),
      cssBytes: css.reduce((s, f) => s + f.bytes, 0),
      jsCssGzipBytes: [...js, ...css].reduce((s, f) => s + gzipSync(readFileSync(f.path)).length, 0),
    }
  }
  printMiniappSize(result)
  return result
}

export function printMiniappSize(r: MiniappSizeResult) {
  if (r.built.ran) console.log(`\n(built the weapp first: ${r.built.ms} ms${r.built.error ? ', FAILED' : ''})`)
  const w = r.weapp
  if (w) {
    printTable(
      `WeChat mini-program (mini-app/dist/weapp): main package ${kb(w.mainPackageBytes)} of the ${kb(w.mainPackageLimitBytes)} limit (${w.mainPackageShareOfLimit}%)`,
      ['part', 'files', 'bytes', 'size'],
      [
        ['main package', w.mainPackageFiles, w.mainPackageBytes, kb(w.mainPackageBytes)],
        ...w.largestMainFiles.map((f) => [`  ${f.file}`, '', f.bytes, kb(f.bytes)]),
        ...w.subPackages.map((s) => [`subpackage ${s.root}/`, s.files, s.bytes, kb(s.bytes)]),
        ['whole weapp build', '', w.totalBytes, kb(w.totalBytes)],
      ],
    )
  } else console.log('\nno weapp build to measure')
  if (r.h5) {
    printTable('H5 build (mini-app/dist/h5)', ['part', 'files', 'bytes', 'size'], [
      ['all files', r.h5.files, r.h5.totalBytes, kb(r.h5.totalBytes)],
      ['JS', '', r.h5.jsBytes, kb(r.h5.jsBytes)],
      ['CSS', '', r.h5.cssBytes, kb(r.h5.cssBytes)],
      ['JS + CSS gzipped', '', r.h5.jsCssGzipBytes, kb(r.h5.jsCssGzipBytes)],
    ])
  }
}
