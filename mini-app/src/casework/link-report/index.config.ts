export default definePageConfig({ navigationBarTitleText: '关联儿童档案' })
