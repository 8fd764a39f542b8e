export default definePageConfig({ navigationBarTitleText: '等待确认的等级' })
