export default definePageConfig({ navigationBarTitleText: '儿童关爱补贴 · 自查' })
