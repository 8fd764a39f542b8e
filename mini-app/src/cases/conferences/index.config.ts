export default definePageConfig({ navigationBarTitleText: '个案会商记录' })
