export default definePageConfig({ navigationBarTitleText: '照护邀请' })
