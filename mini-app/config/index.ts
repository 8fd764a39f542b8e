import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// The workspace package `shared/` is TypeScript source (its `main` is src/index.ts), so it has
// to go through Babel like our own code; without this webpack stops with "Module parse failed".
const sharedSource = path.resolve(__dirname, '../../shared')

// `.env.*` files set TARO_APP_API_BASE through Taro's own loader; this also lets a value from
// the shell (`TARO_APP_API_BASE=https://… npm run build:weapp`) reach the code. Empty means
// "use the same-origin /api prefix" (H5 served next to the local API).
const apiBase = JSON.stringify(process.env.TARO_APP_API_BASE ?? '')

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
    env: { TARO_APP_API_BASE: apiBase },
    copy: { patterns: [], options: {} },
    framework: 'react',
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
