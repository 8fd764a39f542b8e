export default definePageConfig({ navigationBarTitleText: '导入儿童信息台账' })
