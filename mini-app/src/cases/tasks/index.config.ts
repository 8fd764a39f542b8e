export default definePageConfig({ navigationBarTitleText: '会商任务' })
