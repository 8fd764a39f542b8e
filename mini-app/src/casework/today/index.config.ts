export default definePageConfig({ navigationBarTitleText: '今天要做的', enablePullDownRefresh: true })
