import zlib from 'node:zlib'

/**
 * H5 only: what index.html starts before the app's scripts, and brotli copies of the scripts, for
 * the first screen on a cheap phone on a rural line (bench/first-screen.ts: 400 ms round trip,
 * 400 kbit/s, CPU 4× slower).
 *
 * RoutePreload — two inline scripts in index.html, run before the framework's <script defer>s:
 *  - early reads (`firstRequests`, always): a page's first API reads start with the document;
 *  - page files: Taro's H5 router loads each page with `import()`, so a page's own scripts are
 *    asked for only after app.js has arrived and run, one more round trip before the page shows.
 *    index.html preloads the files of the page in the address when they are small
 *    (`preloadBytes`, compressed): then they share the line with the framework and are there when
 *    it runs (bench: the resident's home, 4 KB, 3.6 → 3.2 s; the staff inbox, 23 KB, 3.7 → 3.4 s).
 *    A big page was no gain: when the inbox's files still carried zod (50 KB), they took the line
 *    from app.js, which arrived ≈ 1.2 s later. `H5_PRELOAD_PAGES=1` preloads every page's files
 *    regardless of size, to re-measure that.
 *
 * Precompress — every script and style sheet also as `<file>.br` (brotli, quality 11): about a
 * sixth smaller than gzip for these files, made once at build time instead of per request. The
 * local server sends them to browsers that accept `br` (functions/src/local/h5-static.ts).
 */

/**
 * The reads a page makes the moment it opens, by page path, for pages people open straight from
 * the address (a staff member's bookmarked inbox). index.html starts them together with the
 * document (earlyScript), while the app's scripts are still on their way; the H5 transport
 * (src/api/early.h5.ts) hands their answers to the page's own identical requests: one round trip
 * less before the list shows. Paths are what the page asks for (src/api/first-requests.test.ts
 * checks them against the client's own path builder). A path the page stops asking for costs one
 * wasted read, never a wrong answer: only a request for the very same URL, signed with the very
 * same session, takes an early answer.
 */
export const firstRequests: Record<string, { auth: 'staff' | 'resident'; paths: string[] }> = {
  // src/staff/inbox/index.tsx: the open reports and the notifications, asked for together.
  'staff/inbox/index': { auth: 'staff', paths: ['/staff/reports?status=open', '/notifications'] },
}

type Compiler = any
type Compilation = any

const PLUGIN = 'shouhu-h5-first-screen'

/** `./pages/index/index`, `/abs/src/staff/inbox/index?x` → `pages/index/index`, `staff/inbox/index`. */
export function pageKey(request: string, sourceRoot: string): string {
  let r = request.split('?')[0]!.replace(/\\/g, '/')
  const src = sourceRoot.replace(/\\/g, '/').replace(/\/?$/, '/')
  if (r.startsWith(src)) r = r.slice(src.length)
  return r.replace(/^\.?\//, '')
}

/** The inline script: preloads the files of the page named in location.hash (or `first`). */
export function preloadScript(files: string[], pages: Record<string, number[]>, first: string, publicPath: string): string {
  const data = JSON.stringify({ f: files, p: pages })
  // Plain ES5: it runs before anything else on the oldest WebView the app supports.
  return (
    `!function(m){var k=location.hash.replace(/^#\\/?/,'').split('?')[0]||${JSON.stringify(first)},l=m.p[k]||[],i,e,f;` +
    `for(i=0;i<l.length;i++){f=m.f[l[i]];e=document.createElement('link');e.rel='preload';e.as=/\\.css$/.test(f)?'style':'script';` +
    `e.href=${JSON.stringify(publicPath)}+f;document.head.appendChild(e)}}(${data});`
  )
}

/**
 * The inline script for `firstRequests`: when the address names a page listed there
 * (with no query of its own) and its session is stored, its reads start now, signed like the
 * app's, and wait in `window.__shouhuEarly` for the transport (src/api/early.h5.ts) to take. A
 * read that fails resolves to nothing (no unhandled rejection), and the app asks the network itself.
 * Taro's H5 storage keeps `{ data }` under each key.
 */
export function earlyScript(requests: Record<string, { auth: string; paths: string[] }>, apiBase: string, first: string): string {
  return (
    `!function(r,b){var h=location.hash.replace(/^#\\/?/,''),q=r[h.split('?')[0]||${JSON.stringify(first)}],t,e,i;` +
    `if(!q||h.indexOf('?')>=0||!window.fetch)return;try{t=JSON.parse(localStorage.getItem('session.'+q.auth)).data.token}catch(x){}if(!t)return;` +
    `e=window.__shouhuEarly={token:t,at:Date.now(),gets:{}};for(i=0;i<q.paths.length;i++)!function(u){` +
    `e.gets[u]=fetch(u,{headers:{Accept:'application/json',Authorization:'Bearer '+t}}).then(function(s){return s.text().then(function(x){` +
    `var d;try{d=JSON.parse(x)}catch(y){d=x}return{statusCode:s.status,data:d}})})['catch'](function(){})}(b+q.paths[i])}(${JSON.stringify(requests)},${JSON.stringify(apiBase)});`
  )
}

export class RoutePreload {
  constructor(
    private readonly opts: {
      sourceRoot: string
      firstPage: string
      publicPath: string
      /** Preload the address's page files when they add up to at most this many bytes compressed (see the header). */
      preloadBytes: number
      /** Preload them at any size (to measure). */
      preloadPages?: boolean
      /** `firstRequests` and the API base the app calls. */
      early?: { requests: Record<string, { auth: string; paths: string[] }>; apiBase: string }
    },
  ) {}

  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap(PLUGIN, (compilation: Compilation) => {
      const html = compiler.options.plugins.find((p: any) => p?.constructor?.name === 'HtmlWebpackPlugin')
      if (!html) return
      html.constructor.getHooks(compilation).beforeEmit.tapAsync(PLUGIN, (data: { html: string }, done: (e: unknown, d: unknown) => void) => {
        try {
          data.html = this.inject(compilation, data.html)
          done(null, data)
        } catch (e) {
          done(e, data)
        }
      })
    })
  }

  private inject(compilation: Compilation, html: string): string {
    const initial = new Set<string>()
    for (const ep of compilation.entrypoints.values()) for (const f of ep.getFiles()) initial.add(f)
    const files: string[] = []
    const index = new Map<string, number>()
    const pages: Record<string, number[]> = {}
    for (const group of compilation.chunkGroups) {
      if (group.isInitial()) continue
      for (const origin of group.origins ?? []) {
        if (!origin.request) continue
        const key = pageKey(origin.request, this.opts.sourceRoot)
        if (!/(^|\/)index$/.test(key) || key.includes('node_modules')) continue
        const own = (group.getFiles() as string[]).filter((f) => /\.(js|css)$/.test(f) && !initial.has(f)).sort()
        const ids = own.map((f) => {
          if (!index.has(f)) {
            index.set(f, files.length)
            files.push(f)
          }
          return index.get(f)!
        })
        pages[key] = [...new Set([...(pages[key] ?? []), ...ids])]
      }
    }
    if (!pages[this.opts.firstPage]) throw new Error(`${PLUGIN}: no chunk group found for the first page ${this.opts.firstPage}`)
    const sizes = new Map<string, number>()
    const bytesOf = (f: string) => sizes.get(f) ?? sizes.set(f, compressedBytes(compilation, f)).get(f)!
    const kept = this.opts.preloadPages ? { files, pages } : smallPages(files, pages, bytesOf, this.opts.preloadBytes)
    const early = this.opts.early ? earlyScript(this.opts.early.requests, this.opts.early.apiBase.replace(/\/+$/, ''), this.opts.firstPage) : ''
    const preload = kept.files.length ? preloadScript(kept.files, kept.pages, this.opts.firstPage, this.opts.publicPath) : ''
    if (!early && !preload) return html
    const script = `<script>${early}${preload}</script>`
    // Before the framework's own <script defer> tags, so the page's files are asked for with them.
    const at = html.indexOf('<script defer')
    if (at < 0) throw new Error(`${PLUGIN}: no <script defer> in index.html to put the preloads before`)
    return html.slice(0, at) + script + html.slice(at)
  }
}

/**
 * The pages whose own files add up to at most `maxBytes` on the wire (see the header: only those
 * gain from a preload), with only their files kept and the indexes renumbered to match.
 */
export function smallPages(files: string[], pages: Record<string, number[]>, bytesOf: (file: string) => number, maxBytes: number) {
  const small = Object.entries(pages).filter(([, ids]) => ids.reduce((sum, i) => sum + bytesOf(files[i]!), 0) <= maxBytes)
  const kept = [...new Set(small.flatMap(([, ids]) => ids))].sort((a, b) => a - b)
  return {
    files: kept.map((i) => files[i]!),
    pages: Object.fromEntries(small.map(([key, ids]) => [key, ids.map((i) => kept.indexOf(i))])) as Record<string, number[]>,
  }
}

/** A file's size on the wire: brotli, as Precompress writes it (a faster quality: close enough for a threshold). */
function compressedBytes(compilation: Compilation, file: string): number {
  const asset = compilation.getAsset(file)
  if (!asset) return 0
  return zlib.brotliCompressSync(asset.source.buffer(), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }).length
}

export class Precompress {
  apply(compiler: Compiler) {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap(PLUGIN, (compilation: Compilation) => {
      compilation.hooks.processAssets.tap({ name: PLUGIN, stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets: Record<string, any>) => {
        for (const [name, source] of Object.entries(assets)) {
          if (!/\.(js|css)$/.test(name)) continue
          const buffer: Buffer = source.buffer()
          if (buffer.length < 1024) continue
          const br = zlib.brotliCompressSync(buffer, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
          })
          compilation.emitAsset(`${name}.br`, new sources.RawSource(br), { compressed: true, minimized: true })
        }
      })
    })
  }
}
