export default definePageConfig({
  navigationBarTitleText: '处理进度',
  // On H5 Taro's pull-to-refresh wrapper intermittently swallows taps on the page's own buttons
  // (each page has a 刷新 button); WeChat's native pull-down has no such problem.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
