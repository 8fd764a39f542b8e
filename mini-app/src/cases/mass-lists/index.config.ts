export default definePageConfig({ navigationBarTitleText: '报送名单' })
