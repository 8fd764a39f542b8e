export default definePageConfig({ navigationBarTitleText: '申请儿童关爱补贴' })
