// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
//
// H5 is compiled for the browsers it is opened in: WeChat's built-in browser (XWeb, Chromium
// 86+ on Android; WKWebView on iOS) and the phone's own browser, all with ES2017 (async/await,
// classes, spread) since Chrome 61 / iOS 11. Down-compiled to ES5 for Android 4.4, the staff
// inbox's first screen carried the regenerator runtime and helpers: 78.8 KB on the wire, now
// 73.5 KB (bench `screen`). The WeChat build keeps package.json's browserslist.
const h5Targets = 'chrome >= 61, safari >= 11, ios_saf >= 11, samsung >= 8, and_chr >= 61'

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', ...(process.env.TARO_ENV === 'h5' ? { targets: h5Targets } : {}) }]],
}
