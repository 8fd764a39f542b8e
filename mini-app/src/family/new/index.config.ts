export default definePageConfig({ navigationBarTitleText: '登记委托照护' })
