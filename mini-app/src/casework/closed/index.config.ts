export default definePageConfig({ navigationBarTitleText: '已结档的档案' })
