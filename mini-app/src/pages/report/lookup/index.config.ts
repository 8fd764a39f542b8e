export default definePageConfig({
  navigationBarTitleText: '用查询码查看进展',
})
