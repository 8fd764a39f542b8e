export default definePageConfig({ navigationBarTitleText: '告诉村里' })
