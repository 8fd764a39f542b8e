export default definePageConfig({ navigationBarTitleText: '处理进度', enablePullDownRefresh: true })
