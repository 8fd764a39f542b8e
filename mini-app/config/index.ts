import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { firstRequests, Precompress, RoutePreload } from './h5-first-screen'

// The workspace package `shared/` is TypeScript source (its `main` is src/index.ts), so it has
// to go through Babel like our own code; without this webpack stops with "Module parse failed".
const sharedSource = path.resolve(__dirname, '../../shared')

// `.env.*` files set TARO_APP_API_BASE through Taro's own loader; this also lets a value from
// the shell (`TARO_APP_API_BASE=https://… npm run build:weapp`) reach the code. Empty means
// "use the same-origin /api prefix" (H5 served next to the local API).
const apiBase = JSON.stringify(process.env.TARO_APP_API_BASE ?? '')

/**
 * A WeChat build talks to the county's own API domain: WeChat allows only https request and
 * upload domains that are ICP-filed and listed in the console, so anything else is a build
 * that cannot work on a phone. Fail the build, clearly, instead of shipping it.
 */
export function checkWeappApiBase(value: string | undefined): string {
  if (!value) throw new Error('微信小程序构建需要 TARO_APP_API_BASE（例如 https://api.example.cn/api）：请在 .env.production 或命令行中设置。weapp build needs TARO_APP_API_BASE=https://…/api')
  if (!/^https:\/\/[^/\s]+(\/\S*)?$/.test(value)) throw new Error(`TARO_APP_API_BASE 必须是 https:// 开头的地址（微信只允许 https 域名），收到：${value}`)
  if (/amazonaws\.com/.test(value)) throw new Error('TARO_APP_API_BASE 不能用 AWS 默认域名：微信只接受已备案并在小程序后台登记的自有域名。')
  return value
}

/**
 * The mini-program's AppID is configuration, not source: `WECHAT_APPID=wx… npm run build:weapp`
 * writes it to project.private.config.json (git-ignored, and merged over project.config.json by
 * WeChat DevTools and miniprogram-ci), so the committed project keeps the `touristappid` placeholder.
 */
function writePrivateProjectConfig() {
  const appid = process.env.WECHAT_APPID
  if (!appid) return
  if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`WECHAT_APPID 应为 wx 加 16 位十六进制字符，收到：${appid}`)
  fs.writeFileSync(path.resolve(__dirname, '../project.private.config.json'), JSON.stringify({ appid, projectname: 'shouhu' }, null, 2) + '\n')
}

if (process.env.TARO_ENV === 'weapp') {
  checkWeappApiBase(process.env.TARO_APP_API_BASE)
  writePrivateProjectConfig()
}

// npm leaves @tarojs/plugin-framework-react inside mini-app/node_modules (a version conflict
// stops hoisting), where the hoisted @tarojs/taro-h5 cannot find its runtime: point at it.
const frameworkReact = path.dirname(require.resolve('@tarojs/plugin-framework-react/package.json', { paths: [path.resolve(__dirname, '..')] }))

// webpack-chain's Config, as Taro hands it to `webpackChain`.
type Chain = any

function webpackChain(chain: Chain) {
  chain.resolve.alias.set('@tarojs/plugin-framework-react', frameworkReact)
}

// Taro's H5 preset splits only initial chunks, so every lazily loaded page got its own copy of
// React's JSX runtime, zod and the shared schemas (≈190 KB each). Splitting async chunks too
// makes pages share them; the size floor avoids a swarm of tiny requests on a slow network.
function h5WebpackChain(chain: Chain) {
  webpackChain(chain)
  chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all', minSize: 10_000 })
  // Analysis only, opt-in: `H5_STATS=stats.json npm run build:h5` writes webpack's stats (modules
  // with their sizes and chunks) to see what the first screen's scripts carry.
  if (process.env.H5_STATS) chain.plugin('h5-stats').use(StatsFile, [process.env.H5_STATS])
  // The first screen on a rural line (h5-first-screen.ts): the page's first API reads started by
  // index.html, and brotli copies of every script and style sheet. Release builds only.
  if (chain.get('mode') === 'production') {
    chain.plugin('route-preload').use(RoutePreload, [
      {
        sourceRoot: path.resolve(__dirname, '../src'),
        firstPage: 'pages/index/index',
        publicPath: '/',
        // Page files up to this many bytes (brotli) are preloaded with the framework (the inbox needs 23 KB).
        preloadBytes: 30_000,
        preloadPages: process.env.H5_PRELOAD_PAGES === '1',
        // The same base as src/api/client.ts's apiBase.
        early: { requests: firstRequests, apiBase: process.env.TARO_APP_API_BASE || '/api' },
      },
    ])
    chain.plugin('precompress').use(Precompress)
  }
}

class StatsFile {
  constructor(private readonly file: string) {}
  apply(compiler: any) {
    compiler.hooks.done.tap('h5-stats', (stats: any) => {
      const json = stats.toJson({ all: false, assets: true, chunks: true, chunkModules: true, modules: true, chunkGroups: true, ids: true, reasons: false })
      fs.writeFileSync(path.resolve(this.file), JSON.stringify(json))
    })
  }
}

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'shouhu',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // weapp → dist/weapp (project.config.json points there), h5 → dist/h5 (served by the local server).
    // TARO_OUTPUT_ROOT lets two builds run side by side (e.g. separate test builds).
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
    // WeChat reads aria-role / aria-label on views; Taro's templates drop them without this.
    plugins: [path.resolve(__dirname, 'a11y-plugin.js')],
    defineConstants: {},
    env: {
      TARO_APP_API_BASE: apiBase,
      // Subscription-message template ids (src/wechat/subscribe.tsx); defined even when empty, or
      // the bundle would read `process.env` at run time, which a browser does not have.
      TARO_APP_TEMPLATE_REPORT_UPDATE: JSON.stringify(process.env.TARO_APP_TEMPLATE_REPORT_UPDATE ?? ''),
      TARO_APP_TEMPLATE_REPORT_ALERT: JSON.stringify(process.env.TARO_APP_TEMPLATE_REPORT_ALERT ?? ''),
      TARO_APP_TEMPLATE_ENTRUSTMENT_UPDATE: JSON.stringify(process.env.TARO_APP_TEMPLATE_ENTRUSTMENT_UPDATE ?? ''),
      TARO_APP_TEMPLATE_APPLICATION_UPDATE: JSON.stringify(process.env.TARO_APP_TEMPLATE_APPLICATION_UPDATE ?? ''),
    },
    // sitemap.json keeps every page out of WeChat search: children's cases are not content to index.
    // The invitation share card's picture goes to a fixed path in the `family` subpackage (an
    // imported small PNG would be inlined as base64, which a share card's imageUrl cannot take).
    copy: {
      patterns:
        process.env.TARO_ENV === 'weapp'
          ? [
              { from: 'src/sitemap.json', to: `${process.env.TARO_OUTPUT_ROOT ?? 'dist/weapp'}/sitemap.json` },
              { from: 'src/assets/invite-share.png', to: `${process.env.TARO_OUTPUT_ROOT ?? 'dist/weapp'}/family/assets/invite-share.png` },
            ]
          : [],
      options: {},
    },
    // H5 renders with Preact (through preact/compat: the same components and hooks), WeChat with
    // React (@tarojs/react). The browser build is what a phone outside WeChat downloads on a
    // rural line: react-dom is 37 KB of its 108 KB first load (brotli), Preact ≈ 4 KB, and the
    // resident's first screen came ≈ 0.6 s sooner (bench/first-screen.ts, README → Measured).
    // The mini-program keeps React: it is downloaded once and kept, and its renderer is Taro's.
    framework: process.env.TARO_ENV === 'h5' ? 'preact' : 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedSource] },
      webpackChain,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      // Taro's HTML components (View is a <div>, Input an <input>) instead of its web components:
      // the Stencil runtime and its component bundle were 16 KB of the first screen's 78 KB
      // (brotli) and its hydration ran on the phone's CPU before anything could be tapped. Input
      // sits in a box with the field's id (components/field-input.tsx); Textarea and Canvas have
      // no HTML version and still load theirs, on the pages that use them.
      useHtmlComponents: true,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSource] },
      webpackChain: h5WebpackChain,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  }
  return config
})
