export default definePageConfig({
  navigationBarTitleText: '补贴申请',
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
