export default definePageConfig({ navigationBarTitleText: '我反映过的情况', enablePullDownRefresh: true })
