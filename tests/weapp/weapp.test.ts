import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invitationShareImage } from '../../mini-app/src/family/invite/share'

/**
 * CI builds the WeChat mini-program and checks what WeChat would refuse (issue #10): the main
 * package over 1 MB (WeChat's hard limit; uploads fail), a browser-only API that crashes on a
 * phone (WeChat has no window, document, localStorage, fetch, XMLHttpRequest or location), pages
 * that WeChat's own compilers reject, and a build pointed at a non-https API (WeChat allows only
 * https, ICP-filed request domains).
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const miniApp = join(repoRoot, 'mini-app')
const API_BASE = 'https://api.example.cn/api'
const APPID = 'wx0123456789abcdef'
const privateConfig = join(miniApp, 'project.private.config.json')

interface Run {
  code: number | null
  output: string
}

function buildWeapp(env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TARO_ENV: undefined, NODE_ENV: 'production', ...env }
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k]
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:weapp', '-w', 'mini-app'], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort()
}

/**
 * A global browser API used as such: `window.x`, `fetch(` … not preceded by `.`, `$` or a word
 * character. That leaves out, on purpose and only these:
 * - Taro's own virtual DOM, reached as a property (`s.A.document.getElementById`, `e(3544)["document"]`):
 *   Taro's weapp runtime implements `document`/`window` itself on top of WeChat's setData;
 * - webpack's global lookup `if ("object" === typeof window) return window` in runtime.js, which
 *   only runs when `globalThis` is missing and is guarded by `typeof`.
 * Anything else — our code, a library calling `fetch(` or `window.` directly — is a finding.
 * Library messages that merely mention an API in prose are removed before the scan, each listed
 * here word for word (not a pattern), so a real call next to them is still found:
 * - @antv/g-lite (under @antv/f2, the overview's charts) warns "Use document.documentElement instead."
 */
const browserOnly = /(?<![\w$.])(window\.|document\.|localStorage\b|sessionStorage\b|fetch\(|XMLHttpRequest\b|location\.href)/g
const proseInLibraries = ['"Use document.documentElement instead."']
const withoutProse = (text: string) => proseInLibraries.reduce((t, prose) => t.split(prose).join('""'), text)

function compilerBinaries(): { wcc: string; wcsc: string } {
  const pkg = createRequire(import.meta.url).resolve('miniprogram-compiler/package.json')
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'linux' ? 'linux' : 'windows'
  const ext = platform === 'windows' ? '.exe' : ''
  // The package ships the binaries without the execute bit and chmods them in place at run time;
  // node_modules may be shared (hard links), so run private copies instead.
  const bin = mkdtempSync(join(tmpdir(), 'shouhu-wxc-'))
  const copy = (name: string) => {
    const to = join(bin, name + ext)
    copyFileSync(join(dirname(pkg), 'bin', platform, name + ext), to)
    chmodSync(to, 0o755)
    return to
  }
  return { wcc: copy('wcc'), wcsc: copy('wcsc') }
}

/** wcc over every WXML page, template and WXS module, with each page's custom components declared as WeChat DevTools does. */
function compileWxml(wcc: string, root: string, files: string[]) {
  const wxml = files.filter((f) => f.endsWith('.wxml'))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  const components: string[] = []
  let count = 0
  for (const f of wxml) {
    const json = join(root, f.replace(/\.wxml$/, '.json'))
    const using = existsSync(json) ? Object.keys(JSON.parse(readFileSync(json, 'utf8')).usingComponents ?? {}) : []
    if (!using.length) continue
    components.push(f, String(using.length), ...using)
    count++
  }
  return spawnSync(wcc, ['-d', '-cc', [count, ...components].join(' '), ...wxml, ...wxs, '-gn', '$gwx'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
}

/** wcsc over every WXSS file: the app's, each page's and each subpackage's shared styles. */
function compileWxss(wcsc: string, root: string, files: string[]) {
  const wxss = files.filter((f) => f.endsWith('.wxss'))
  return spawnSync(wcsc, ['-db', '-pc', '0', ...wxss], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
}

let out: string
let files: string[]
let appJson: { pages: string[]; subPackages: { root: string; pages: string[] }[]; sitemapLocation?: string }
let savedPrivateConfig: string | undefined

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'shouhu-weapp-'))
  // The appid goes to mini-app/project.private.config.json (git-ignored): keep a developer's own.
  savedPrivateConfig = existsSync(privateConfig) ? readFileSync(privateConfig, 'utf8') : undefined
  const run = await buildWeapp({ TARO_APP_API_BASE: API_BASE, WECHAT_APPID: APPID, TARO_OUTPUT_ROOT: out })
  if (run.code !== 0) throw new Error(`weapp build failed:\n${run.output.slice(-4000)}`)
  files = filesUnder(out)
  appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))
}, 600_000)

afterAll(() => {
  if (savedPrivateConfig !== undefined) writeFileSync(privateConfig, savedPrivateConfig)
  else rmSync(privateConfig, { force: true })
  if (out) rmSync(out, { recursive: true, force: true })
})

describe('the weapp build', () => {
  it('the main package (everything outside the subpackage roots) is under 1 MB, and each subpackage under 2 MB', () => {
    const roots = appJson.subPackages.map((s) => s.root.replace(/\/$/, '') + '/')
    expect(roots.length).toBeGreaterThan(0)
    const size = (f: string) => statSync(join(out, f)).size
    const main = files.filter((f) => !roots.some((r) => f.startsWith(r)))
    const mainBytes = main.reduce((n, f) => n + size(f), 0)
    // Resident pages are in the main package: a villager's first tap must not wait for a subpackage.
    for (const p of appJson.pages) expect(main).toContain(`${p}.js`)
    console.info(`weapp main package: ${(mainBytes / 1024).toFixed(0)} KB in ${main.length} files`)
    expect(mainBytes).toBeLessThan(1024 * 1024)
    for (const r of roots) {
      const bytes = files.filter((f) => f.startsWith(r)).reduce((n, f) => n + size(f), 0)
      expect(bytes, r).toBeLessThan(2 * 1024 * 1024)
    }
  })

  it('no browser-only API in any JavaScript of the bundle', () => {
    const js = files.filter((f) => f.endsWith('.js'))
    expect(js.length).toBeGreaterThan(10)
    const findings = js.flatMap((f) => {
      const text = withoutProse(readFileSync(join(out, f), 'utf8'))
      return [...text.matchAll(browserOnly)].map((m) => `${f}: …${text.slice(Math.max(0, m.index - 60), m.index + 40)}…`)
    })
    expect(findings).toEqual([])
  })

  it('the browser-API scan finds real uses and passes Taro’s own DOM (a check that cannot fail is no check)', () => {
    const hits = (s: string) => [...withoutProse(s).matchAll(browserOnly)].map((m) => m[0])
    expect(hits('var t=fetch(e.path);window.open(u);localStorage.getItem("k");new XMLHttpRequest;location.href=x;document.body')).toEqual([
      'fetch(',
      'window.',
      'localStorage',
      'XMLHttpRequest',
      'location.href',
      'document.',
    ])
    expect(hits('c=s.A.document.getElementById(i);d=e(3544)["document"];if("object"===typeof window)return window;n.fetch(u);wx.request({})')).toEqual([])
    expect(hits('ql="Use document.documentElement instead.",x=document.body')).toEqual(['document.'])
  })

  it('WeChat’s own compilers (wcc, wcsc from miniprogram-compiler) accept every page, template and stylesheet, and reject a broken one', () => {
    const { wcc, wcsc } = compilerBinaries()
    const wxml = compileWxml(wcc, out, files)
    expect(wxml.error).toBeUndefined()
    expect(wxml.stderr.toString()).toBe('')
    expect(wxml.status).toBe(0)
    // Every page of app.json is in the compiled output.
    const compiled = wxml.stdout.toString()
    for (const p of [...appJson.pages, ...appJson.subPackages.flatMap((s) => s.pages.map((q) => `${s.root}/${q}`))]) expect(compiled).toContain(`'${p}.wxml'`)
    const wxss = compileWxss(wcsc, out, files)
    expect(wxss.error).toBeUndefined()
    expect(wxss.status, wxss.stderr.toString()).toBe(0)

    // The same compilers fail on a page WeChat would reject: an unclosed tag, a broken rule.
    const page = 'pages/index/index'
    writeFileSync(join(out, `${page}.wxml`), readFileSync(join(out, `${page}.wxml`), 'utf8') + '<view><text></view>')
    const broken = compileWxml(wcc, out, files)
    expect(broken.status).not.toBe(0)
    expect(broken.stderr.toString()).toContain('pages/index/index.wxml')
    // (Resident pages have no stylesheet of their own: break the first page stylesheet there is.)
    const sheet = files.find((f) => f.endsWith('/index.wxss'))!
    writeFileSync(join(out, sheet), '.a { color: red; }}')
    const brokenCss = compileWxss(wcsc, out, files)
    expect(brokenCss.status).not.toBe(0)
    expect(brokenCss.stderr.toString()).toContain(sheet)
  })

  it('the https API base and the appid from configuration are in the build; every page is kept out of WeChat search', () => {
    const app = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, f), 'utf8')).join('\n')
    expect(app).toContain(JSON.stringify(API_BASE))
    expect(app).not.toMatch(/amazonaws\.com/)
    expect(JSON.parse(readFileSync(privateConfig, 'utf8')).appid).toBe(APPID)
    expect(appJson.sitemapLocation).toBe('sitemap.json')
    expect(JSON.parse(readFileSync(join(out, 'sitemap.json'), 'utf8')).rules).toEqual([{ action: 'disallow', page: '*' }])
  })

  it('the invitation share card’s picture is in the family subpackage at the path the card names', () => {
    expect(files).toContain(invitationShareImage.replace(/^\//, ''))
  })
})

describe('the weapp build refuses an API WeChat cannot call', () => {
  it('fails clearly without an API base, with an http one, or with an AWS host', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'shouhu-weapp-bad-'))
    try {
      const [missing, http, aws] = await Promise.all([
        buildWeapp({ TARO_APP_API_BASE: undefined, TARO_OUTPUT_ROOT: bad }),
        buildWeapp({ TARO_APP_API_BASE: 'http://api.example.cn/api', TARO_OUTPUT_ROOT: bad }),
        buildWeapp({ TARO_APP_API_BASE: 'https://abc123.execute-api.cn-northwest-1.amazonaws.com.cn/api', TARO_OUTPUT_ROOT: bad }),
      ])
      expect(missing.code).not.toBe(0)
      expect(missing.output).toContain('微信小程序构建需要 TARO_APP_API_BASE')
      expect(http.code).not.toBe(0)
      expect(http.output).toContain('TARO_APP_API_BASE 必须是 https:// 开头的地址')
      expect(http.output).toContain('http://api.example.cn/api')
      expect(aws.code).not.toBe(0)
      expect(aws.output).toContain('不能用 AWS 默认域名')
      // Nothing was built to be uploaded by mistake.
      expect(existsSync(join(bad, 'app.js'))).toBe(false)
    } finally {
      rmSync(bad, { recursive: true, force: true })
    }
  }, 180_000)
})
