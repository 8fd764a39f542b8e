export default definePageConfig({ navigationBarTitleText: '按花名册开设账号' })
