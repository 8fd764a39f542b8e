/**
 * babel-preset-taro compiles JSX with @babel/preset-react, which it lists only as an optional
 * peer dependency. When that package is not installed, JSX in our .tsx files is compiled by
 * esbuild-loader (already present as a dependency of @tarojs/webpack5-runner) in a pre-loader,
 * and Babel then sees plain JavaScript. esbuild emits `jsx()`/`jsxs()` calls from
 * react/jsx-runtime, the same shape Taro's component scanner looks for.
 * Installing @babel/preset-react makes this fallback switch itself off.
 */
const path = require('node:path')

function resolvable(name) {
  try {
    require.resolve(name, { paths: [__dirname] })
    return true
  } catch {
    return false
  }
}

const hasReactPreset = resolvable('@babel/preset-react')

/** @param {import('webpack-chain')} chain */
function compileJsxWithEsbuild(chain) {
  if (hasReactPreset) return
  chain.module
    .rule('jsx-esbuild')
    .test(/\.tsx$/)
    .include.add(path.resolve(__dirname, '../src'))
    .end()
    .enforce('pre')
    .use('esbuild')
    .loader(require.resolve('esbuild-loader'))
    .options({ loader: 'tsx', jsx: 'automatic', target: 'esnext' })
}

module.exports = { hasReactPreset, compileJsxWithEsbuild }
