export default definePageConfig({ navigationBarTitleText: '对比和合并档案' })
