export default definePageConfig({ navigationBarTitleText: '转介到部门' })
