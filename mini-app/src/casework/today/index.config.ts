export default definePageConfig({
  navigationBarTitleText: '今天要做的',
  // On H5 Taro's pull-to-refresh wrapper swallows taps on the page's own buttons (the page has a
  // 刷新 button, as the staff inbox does); WeChat's native pull-down has no such problem.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
