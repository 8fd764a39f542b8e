export default definePageConfig({ navigationBarTitleText: '转介办理' })
