export default definePageConfig({ navigationBarTitleText: '守护 · 儿童关爱' })
