export default definePageConfig({
  navigationBarTitleText: '申请进度',
  // As on the report pages: on H5 the pull-to-refresh wrapper swallows taps; the page has 刷新.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
