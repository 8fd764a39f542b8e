export default definePageConfig({ navigationBarTitleText: '补贴申请详情' })
