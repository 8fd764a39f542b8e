export default definePageConfig({ navigationBarTitleText: '儿童档案', enablePullDownRefresh: process.env.TARO_ENV !== 'h5' })
