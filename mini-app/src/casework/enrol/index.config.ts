export default definePageConfig({ navigationBarTitleText: '摸排建档' })
