export default definePageConfig({ navigationBarTitleText: '记录处置情况' })
