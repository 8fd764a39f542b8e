// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// Without @babel/preset-react installed, JSX is compiled by esbuild first (config/jsx.js) and
// the preset must not ask for the React preset: any framework name other than react does that.
const { hasReactPreset } = require('./config/jsx')

module.exports = {
  presets: [['taro', { framework: hasReactPreset ? 'react' : 'react-via-esbuild', ts: true, compiler: 'webpack5' }]],
}
