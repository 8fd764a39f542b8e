export default definePageConfig({ navigationBarTitleText: '档案年度抽查' })
